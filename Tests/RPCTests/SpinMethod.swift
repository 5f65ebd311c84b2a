import Foundation
import JSON
@testable import RPC

extension Dispatcher {
    /// Long work for the tests: `steps` milliseconds (default a minute), reporting progress and
    /// stopping when cancelled.
    func registerSpin() {
        registerLong("spin") { params in
            let steps = try params.optionalInteger("steps", in: 1...1_000_000) ?? 60_000
            return LongWork { ctx in
                for i in 0..<steps {
                    try ctx.checkCancellation()
                    ctx.progress(Double(i) / Double(steps))
                    usleep(1000)
                }
                let r = JSON.object()
                r.set("steps", steps)
                return r
            }
        }
    }
}
