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

    /// The same work with its outcome turned into another result (MCP's tools/call wraps a
    /// method's result or error as tool content). Cancellation stays -32800 unless
    /// `transform` decides otherwise.
    public func map(_ transform: @escaping @Sendable (Result<JSON, any Error>) throws -> JSON) -> LongWork {
        let run = self.run
        return LongWork { context in
            let outcome: Result<JSON, any Error>
            do { outcome = .success(try run(context)) } catch { outcome = .failure(error) }
            return try transform(outcome)
        }
    }
}

/// What a routed method decided on the reader loop: an answer now, or long work to start.
public enum Prepared {
    case result(JSON)
    case long(LongWork)
}

/// Decodes params on the reader loop and either answers or hands back long work (a method
/// that calls another method by name, such as MCP's tools/call).
public typealias RoutedHandler = (Fields) throws -> Prepared

/// How progress is reported: LSP's `$/progress` for a `workDoneToken`, MCP's
/// `notifications/progress` for `_meta.progressToken`.
public enum ProgressStyle: Sendable {
    case lsp
    case mcp
}

/// What long work sees: a cancellation flag (readable from any thread, also from
/// worker threads of a parallel loop) and a progress reporter.
public final class WorkContext: Sendable {
    private let cancelled: CancellationFlag
    private let output: Output?
    private let token: RequestID?
    private let style: ProgressStyle
    private let lastReport = Mutex<ContinuousClock.Instant?>(nil)

    init(cancelled: CancellationFlag, output: Output?, token: RequestID?, style: ProgressStyle = .lsp) {
        self.cancelled = cancelled
        self.output = output
        self.token = token
        self.style = style
    }

    /// For work run in process to completion (the CLI): never cancelled, no progress.
    public static func inProcess() -> WorkContext {
        WorkContext(cancelled: CancellationFlag(), output: nil, token: nil)
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
        switch style {
        case .lsp: output.send(WorkContext.progressMessage(token: token, kind: "report", fraction: fraction, message: message))
        case .mcp: output.send(WorkContext.mcpProgress(token: token, fraction: fraction, message: message))
        }
    }

    func begin(title: String) {
        guard let output, let token else { return }
        switch style {
        case .lsp: output.send(WorkContext.progressMessage(token: token, kind: "begin", fraction: 0, message: nil, title: title))
        case .mcp: output.send(WorkContext.mcpProgress(token: token, fraction: 0, message: title))
        }
    }

    func end(_ message: String) {
        guard let output, let token, style == .lsp else { return }
        output.send(WorkContext.progressMessage(token: token, kind: "end", fraction: nil, message: message))
    }

    /// MCP progress: `progress` rises from 0 to `total` (100, a percentage).
    static func mcpProgress(token: RequestID, fraction: Double, message: String?) -> JSON {
        let params = JSON.object()
        params.set("progressToken", token.json())
        params.set("progress", Int((min(max(fraction.isFinite ? fraction : 0, 0), 1) * 100).rounded()))
        params.set("total", 100)
        params.set("message", message)
        return Reply.notification("notifications/progress", params)
    }

    static func progressMessage(token: RequestID, kind: String, fraction: Double?, message: String?, title: String? = nil) -> JSON {
        let value = JSON.object()
        value.set("kind", kind)
        value.set("title", title)
        value.set("message", message)
        if let fraction, kind != "end" { value.set("percentage", Int((min(max(fraction.isFinite ? fraction : 0, 0), 1) * 100).rounded())) }
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
        case routed(RoutedHandler)
    }

    var entries: [String: Entry] = [:]
    var notificationHandlers: [String: (Fields) -> Void] = [:]
    public var mapError: @Sendable (any Error) -> RPCError? = { _ in nil }
    /// Longest string a request's params may carry in a field read through `Fields`
    /// (ids, names); document text is bounded by the document limits instead.
    public var maxStringBytes = Fields.defaultMaxStringBytes

    public init() {}

    /// Members any request's params may carry besides the method's own: LSP's work-done
    /// progress token, which long methods use for `$/progress`; `provenance` (full or brief
    /// answers), which the server applies to every result; and MCP's `_meta`
    /// (`progressToken`).
    public static let protocolParams: Set<String> = ["workDoneToken", "provenance", "_meta"]

    /// The params of a request as handlers read them.
    public func fields(_ params: JSON?, path: String = "params") -> Fields {
        Fields(params, path: path, alsoAllowed: Dispatcher.protocolParams, maxStringBytes: maxStringBytes)
    }

    public func register(_ method: String, _ handler: @escaping InlineHandler) {
        entries[method] = .inline(handler)
    }

    public func registerLong(_ method: String, _ handler: @escaping LongHandler) {
        entries[method] = .long(handler)
    }

    /// A method that decides per request whether it answers now or runs long work.
    public func registerRouted(_ method: String, _ handler: @escaping RoutedHandler) {
        entries[method] = .routed(handler)
    }

    public func onNotification(_ method: String, _ handler: @escaping (Fields) -> Void) {
        notificationHandlers[method] = handler
    }

    /// Calls a registered method in-process and returns its result (MCP's tools/call).
    /// Long work runs on the caller's thread, without progress or cancellation.
    public func invoke(_ method: String, params: JSON?) throws -> JSON {
        switch try prepare(method, params: params) {
        case .result(let result): return result
        case .long(let work):
            return try work.run(.inProcess())
        }
    }

    /// Decodes a call to a registered method without running its long work: a routed method
    /// (MCP's tools/call) returns `.long(work)` so the connection runs it off the reader
    /// thread, under the job limit, cancellable and with progress. `path` names the params
    /// in errors ("params.arguments" for a tool's arguments).
    public func prepare(_ method: String, params: JSON?, path: String = "params") throws -> Prepared {
        if let params, !params.isNull, params.kind != .object {
            throw FieldError(field: path, reason: "expected an object of named params, got \(Fields.describe(params))")
        }
        let fields = self.fields(params.flatMap { $0.isNull ? nil : $0 }, path: path)
        switch entries[method] {
        case nil: throw RPCError.methodNotFound(method)
        case .inline(let handler): return .result(try handler(fields))
        case .long(let handler): return .long(try handler(fields))
        case .routed(let handler): return try handler(fields)
        }
    }

    /// Registered request methods, sorted.
    public var methods: [String] { entries.keys.sorted() }

    /// Turns any thrown error into a JSON-RPC error.
    /// `rpcError` for work on other threads (a routed call wrapping another method's outcome).
    public var errorMapper: @Sendable (any Error) -> RPCError {
        let m = mapError
        return { Dispatcher.rpcError($0, m, culprit: nil) }
    }

    public func rpcError(_ error: any Error, params: JSON? = nil) -> RPCError {
        Dispatcher.rpcError(error, mapError, params: params)
    }

    static func rpcError(_ error: any Error, _ mapError: (any Error) -> RPCError?, params: JSON?) -> RPCError {
        rpcError(error, mapError, culprit: params.flatMap { RPCError.extremeNumber(in: $0, path: "params") })
    }

    /// `culprit`: the input to name when a result is not finite (found before long work starts,
    /// as the params do not travel to its thread).
    static func rpcError(_ error: any Error, _ mapError: (any Error) -> RPCError?, culprit: (path: String, text: String)?) -> RPCError {
        switch error {
        case let e as RPCError: return e
        case let e as FieldError: return .invalidParams(e)
        case let e as JSONEncodingError: return .nonFinite(e, culprit: culprit)
        default:
            guard var mapped = mapError(error) else { return .internalError(String(describing: error)) }
            // A numerical failure the domain could not pin on one field: name the most extreme input.
            if mapped.code == RPCError.numericalErrorCode, mapped.field == nil, let culprit {
                mapped.field = culprit.path
                mapped.reason = "the most extreme input: \(culprit.path) = \(culprit.text)"
                mapped.message += " (the most extreme input: \(culprit.path) = \(culprit.text))"
            }
            return mapped
        }
    }
}
