import JSON
import Synchronization

/// Answers a fast method inline on the reader loop.
public typealias InlineHandler = (Fields) throws -> JSON

/// Decodes params on the reader loop (errors answer at once) and returns work to run on a
/// thread of its own, which can be cancelled and can report progress.
public typealias LongHandler = (Fields) throws -> LongWork

public struct LongWork: Sendable {
    public let run: @Sendable (WorkContext) throws -> JSON

    public init(_ run: @escaping @Sendable (WorkContext) throws -> JSON) {
        self.run = run
    }
}

/// What long work sees: a cancellation flag (readable from any thread, also from
/// worker threads of a parallel loop) and a progress reporter.
public final class WorkContext: Sendable {
    private let cancelled: CancellationFlag
    private let output: Output?
    private let token: RequestID?
    private let lastReport = Mutex<ContinuousClock.Instant?>(nil)

    init(cancelled: CancellationFlag, output: Output?, token: RequestID?) {
        self.cancelled = cancelled
        self.output = output
        self.token = token
    }

    public var isCancelled: Bool { cancelled.isSet }

    public func checkCancellation() throws {
        if cancelled.isSet { throw RPCError.cancelled }
    }

    /// Sends `$/progress` (LSP work-done progress) when the request carried a
    /// `workDoneToken`; at most every 50 ms so a fast loop cannot flood the client.
    public func progress(_ fraction: Double, _ message: String? = nil) {
        guard let output, let token else { return }
        let now = ContinuousClock.now
        let due = lastReport.withLock { last -> Bool in
            if let l = last, now - l < .milliseconds(50), fraction < 1 { return false }
            last = now
            return true
        }
        guard due else { return }
        output.send(WorkContext.progressMessage(token: token, kind: "report", fraction: fraction, message: message))
    }

    func begin(title: String) {
        guard let output, let token else { return }
        output.send(WorkContext.progressMessage(token: token, kind: "begin", fraction: 0, message: nil, title: title))
    }

    func end(_ message: String) {
        guard let output, let token else { return }
        output.send(WorkContext.progressMessage(token: token, kind: "end", fraction: nil, message: message))
    }

    static func progressMessage(token: RequestID, kind: String, fraction: Double?, message: String?, title: String? = nil) -> JSON {
        let value = JSON.object()
        value.set("kind", kind)
        value.set("title", title)
        value.set("message", message)
        if let fraction, kind != "end" { value.set("percentage", Int((min(max(fraction, 0), 1) * 100).rounded())) }
        let params = JSON.object()
        params.set("token", token.json())
        params.set("value", value)
        return Reply.notification("$/progress", params)
    }
}

public final class CancellationFlag: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public var isSet: Bool { flag.load(ordering: .relaxed) }
    public func set() { flag.store(true, ordering: .relaxed) }
}

/// The method table. Domain errors are mapped by `mapError`, which the server installs
/// (RPC does not know the domain's error types).
public final class Dispatcher {
    enum Entry {
        case inline(InlineHandler)
        case long(LongHandler)
    }

    var entries: [String: Entry] = [:]
    var notificationHandlers: [String: (Fields) -> Void] = [:]
    public var mapError: @Sendable (any Error) -> RPCError? = { _ in nil }

    public init() {}

    /// Members any request's params may carry besides the method's own: LSP's work-done
    /// progress token, which long methods use for `$/progress`, and `provenance` (full or
    /// brief answers), which the server applies to every result.
    public static let protocolParams: Set<String> = ["workDoneToken", "provenance"]

    public func register(_ method: String, _ handler: @escaping InlineHandler) {
        entries[method] = .inline(handler)
    }

    public func registerLong(_ method: String, _ handler: @escaping LongHandler) {
        entries[method] = .long(handler)
    }

    public func onNotification(_ method: String, _ handler: @escaping (Fields) -> Void) {
        notificationHandlers[method] = handler
    }

    /// Calls a registered method in-process and returns its result (MCP's tools/call).
    /// Long work runs on the caller's thread, without progress or cancellation.
    public func invoke(_ method: String, params: JSON?) throws -> JSON {
        let fields = Fields(params, path: "params", alsoAllowed: Dispatcher.protocolParams)
        switch entries[method] {
        case nil: throw RPCError.methodNotFound(method)
        case .inline(let handler): return try handler(fields)
        case .long(let handler):
            let work = try handler(fields)
            return try work.run(WorkContext(cancelled: CancellationFlag(), output: nil, token: nil))
        }
    }

    /// Registered request methods, sorted.
    public var methods: [String] { entries.keys.sorted() }

    /// Turns any thrown error into a JSON-RPC error.
    public func rpcError(_ error: any Error) -> RPCError {
        Dispatcher.rpcError(error, mapError)
    }

    static func rpcError(_ error: any Error, _ mapError: (any Error) -> RPCError?) -> RPCError {
        switch error {
        case let e as RPCError: return e
        case let e as FieldError: return .invalidParams(e)
        case let e as JSONEncodingError: return .internalError("result \(e.description)")
        default: return mapError(error) ?? .internalError(String(describing: error))
        }
    }
}
