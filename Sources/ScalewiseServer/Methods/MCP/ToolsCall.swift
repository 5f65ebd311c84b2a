import JSON
import RPC
import ScalingCore

/// MCP `tools/call`: runs the tool's method in-process. Bad arguments and domain failures are
/// tool results the model can read (`isError: true`), not protocol errors.
enum ToolsCallMethod: FastMethod {
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

    static func answer(_ p: Params, _ server: Server) throws -> JSON {
        let result: JSON
        if let bad = p.badArguments {
            result = MCP.toolError(bad)
        } else {
            do {
                let value = try server.dispatcher.invoke(p.method.name, params: p.arguments)
                result = MCP.toolResult(value)
            } catch {
                result = MCP.toolError(server.dispatcher.rpcError(error))
            }
        }
        if p.stateless { MCP.markStateless(result, cacheable: false) }
        return result
    }
}
