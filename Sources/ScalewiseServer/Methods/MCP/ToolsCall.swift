import JSON
import RPC
import ScalingCore

/// MCP `tools/call`: runs the tool's method. Bad arguments and domain failures are tool
/// results the model can read (`isError: true`), not protocol errors. A long method (fit,
/// sweep) runs off the reader like a direct call: under the job limit, cancelled by
/// `notifications/cancelled`, reporting `notifications/progress` for `_meta.progressToken`.
enum ToolsCallMethod: RoutedMethod {
    static let name = "tools/call"
    static let summary = "MCP: calls a tool with its arguments."
    static let isTool = false
    static let fields: [FieldSpec] = [
        FieldSpec("name", .string, required: true, "Tool name from tools/list"),
        FieldSpec("arguments", .object, "The tool's input"),
        FieldSpec("_meta", .object, "MCP request metadata (progressToken)"),
    ]

    struct Params {
        var method: any Method.Type
        var arguments: JSON?
        var badArguments: RPCError?
        var stateless: Bool
    }

    static func decode(_ params: Fields, _ server: Server) throws -> Params {
        let name = try params.string("name")
        guard let method = MCP.tools.first(where: { $0.name == name })?.method else {
            let close = CloseMatches.find(name, in: MCP.tools.map(\.name), limit: 3)
            throw RPCError.invalidParams(field: "params.name", reason: "unknown tool \"\(name)\""
                + (close.isEmpty ? "; tools/list names the tools" : "; did you mean: \(close.joined(separator: ", "))"))
        }
        var p = Params(method: method, arguments: nil, badArguments: nil, stateless: MCP.isStateless(params))
        if let a = params.value("arguments") {
            if a.kind == .object {
                p.arguments = a
            } else {
                p.badArguments = .invalidParams(field: "params.arguments", reason: "expected an object, got \(Fields.describe(a))")
            }
        }
        return p
    }

    static func route(_ p: Params, _ server: Server) throws -> Prepared {
        let stateless = p.stateless
        @Sendable func finish(_ result: JSON) -> JSON {
            if stateless { MCP.markStateless(result, cacheable: false) }
            return result
        }
        if let bad = p.badArguments { return .result(finish(MCP.toolError(bad))) }
        let prepared: Prepared
        do {
            prepared = try server.dispatcher.prepare(p.method.name, params: p.arguments)
        } catch {
            return .result(finish(MCP.toolError(server.dispatcher.rpcError(error, params: p.arguments))))
        }
        switch prepared {
        case .result(let value):
            return .result(finish(MCP.toolResult(value)))
        case .long(let work):
            let toRPCError = server.dispatcher.errorMapper
            return .long(work.map { outcome in
                switch outcome {
                case .success(let value):
                    return finish(MCP.toolResult(value))
                case .failure(let error):
                    let e = toRPCError(error)
                    // A cancelled call answers -32800 like any cancelled request.
                    if e.code == RPCError.requestCancelledCode { throw e }
                    return finish(MCP.toolError(e))
                }
            })
        }
    }
}
