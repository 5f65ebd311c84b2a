import JSON
import RPC

/// A method whose answer is a value of its own type before it is JSON. The wire gets
/// `encode`'s JSON; in-process callers (the CLI) read the value through `TypedCall`, so a
/// renamed result member is a compile error there instead of a silent 0.
protocol TypedMethod: Method {
    associatedtype Result
    static func encode(_ result: Result, _ server: Server) throws -> JSON
    /// The answer in the provenance asked for: by default the full encoding, shaped.
    static func encode(_ result: Result, _ server: Server, _ provenance: Provenance) throws -> JSON
}

extension TypedMethod {
    static func encode(_ result: Result, _ server: Server, _ provenance: Provenance) throws -> JSON {
        provenance.shape(try encode(result, server))
    }
}

/// A typed method answered on the reader loop.
protocol TypedFastMethod: FastMethod, TypedMethod {
    static func compute(_ params: Params, _ server: Server) throws -> Result
}

extension TypedFastMethod {
    static func answer(_ params: Params, _ server: Server) throws -> JSON {
        try encode(compute(params, server), server)
    }

    static func answer(_ params: Params, _ server: Server, _ provenance: Provenance) throws -> JSON {
        try encode(compute(params, server), server, provenance)
    }
}

/// A typed method run off the reader loop, cancellable and with progress.
protocol TypedLongMethod: LongMethod, TypedMethod where Params: Sendable {
    static func compute(_ params: Params, _ server: Server, _ context: WorkContext) throws -> Result
}

extension TypedLongMethod {
    static func work(_ params: Params, _ server: Server) -> LongWork {
        let box = UncheckedServer(server)
        return LongWork { context in try encode(compute(params, box.server, context), box.server) }
    }
}

/// The server outlives every job it starts (the connection drains jobs before it returns).
private struct UncheckedServer: @unchecked Sendable {
    let server: Server
    init(_ server: Server) { self.server = server }
}

/// A typed method's entry for in-process callers: params are decoded and checked as on the
/// wire (errors name the same fields), and the answer is the value, not its JSON.
public struct TypedCall<Result>: Sendable {
    /// The method's name on the wire.
    public let method: String
    let run: @Sendable (Fields, Server) throws -> Result
    let encode: @Sendable (Result, Server) throws -> JSON

    init<M: TypedFastMethod>(_ method: M.Type) where M.Result == Result {
        self.method = M.name
        run = { try M.compute(M.checkedDecode($0, $1), $1) }
        encode = { try M.encode($0, $1) }
    }

    init<M: TypedLongMethod>(_ method: M.Type) where M.Result == Result {
        self.method = M.name
        encode = { try M.encode($0, $1) }
        run = { fields, server in
            try M.compute(M.checkedDecode(fields, server), server, .inProcess())
        }
    }
}

/// The typed entries, one per method the CLI calls (each method's file adds its own).
public enum Typed {}

extension Server {
    /// Calls a typed method in process; errors are the JSON-RPC errors the wire would answer.
    public func call<R>(_ typed: TypedCall<R>, _ params: JSON) throws(RPCError) -> R {
        do {
            return try typed.run(dispatcher.fields(params.isNull ? nil : params), self)
        } catch {
            throw dispatcher.rpcError(error)
        }
    }

    /// The JSON the wire answers for `result` (with its full provenance).
    public func json<R>(_ typed: TypedCall<R>, _ result: R) throws(RPCError) -> JSON {
        do {
            return try typed.encode(result, self)
        } catch {
            throw dispatcher.rpcError(error)
        }
    }
}
