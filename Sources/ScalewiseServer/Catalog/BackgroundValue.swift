import Foundation

/// A value computed on a thread of its own and awaited once: start-up parses a data file
/// beside the others. Only Sendable values cross (never a JSON tree).
final class BackgroundValue<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    /// Written once by the thread before `done` is signalled, read after waiting on it.
    private var result: Result<T, any Error>?

    init(_ work: @escaping @Sendable () throws -> T) {
        Thread { [self] in
            result = Result { try work() }
            done.signal()
        }.start()
    }

    func value() throws -> T {
        done.wait()
        done.signal()   // a second call returns at once
        return try result!.get()
    }
}
