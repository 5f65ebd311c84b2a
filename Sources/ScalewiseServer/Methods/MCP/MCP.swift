import Foundation
import JSON
import RPC

/// MCP (Model Context Protocol) on the same binary: every method of the table marked as a tool
/// is listed as area_verb in snake case (`scaling/inferenceOptimal` → `scaling_inference_optimal`),
/// its inputSchema built from the method's declared fields: a flat object, no `$ref` and no
/// top-level combinators, as hosted model APIs require.
enum MCP {
    /// initialize-handshake revisions, oldest to newest; the last is offered when the client's is unknown.
    static let handshakeVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]
    /// The stateless revision: no handshake, `server/discover`, `_meta` on each request.
    static let statelessVersions = ["2026-07-28"]
    static let instructions = "Scalewise answers LLM scaling-law and training-cost questions. Every result names the law, its constants, assumptions and sources. Quantities are plain numbers in base units (parameters, tokens, FLOPs)."

    /// An MCP client's initialize carries a date-shaped protocolVersion (LSP's has none;
    /// ours is "1.0" on the plain wire).
    static func isMCPInitialize(_ params: Fields) -> Bool {
        guard let v = params.value("protocolVersion")?.string else { return false }
        let b = Array(v.utf8)
        guard b.count == 10, b[4] == 0x2D, b[7] == 0x2D else { return false }
        return b.enumerated().allSatisfy { i, c in i == 4 || i == 7 || (c >= 0x30 && c <= 0x39) }
    }

    /// A 2026-07-28 request names its revision in `_meta`; its results then carry
    /// `resultType` (and, where cacheable, `ttlMs`/`cacheScope`), which older clients do not expect.
    static func isStateless(_ params: Fields) -> Bool {
        guard let v = params.value("_meta")?["io.modelcontextprotocol/protocolVersion"]?.string else { return false }
        return statelessVersions.contains(v)
    }

    static func markStateless(_ result: JSON, cacheable: Bool) {
        result.set("resultType", "complete")
        if cacheable {
            result.set("ttlMs", 0)
            result.set("cacheScope", "private")
        }
    }

    static func toolName(_ method: String) -> String {
        var name = ""
        for c in method {
            if c == "/" {
                name.append("_")
            } else if c.isUppercase {
                name.append("_")
                name.append(contentsOf: c.lowercased())
            } else {
                name.append(c)
            }
        }
        return name
    }

    static let tools: [(name: String, method: any Method.Type)] =
        Methods.all.filter { $0.isTool }.map { (toolName($0.name), $0) }.sorted { $0.name < $1.name }

    /// `{type: object, properties, required?}` from the method's declared fields.
    static func inputSchema(_ method: any Method.Type) -> JSON {
        let properties = JSON.object()
        for field in method.fields { properties.set(field.name, field.schema()) }
        let schema = JSON.object()
        schema.set("type", "object")
        schema.set("properties", properties)
        let required = method.fields.filter(\.required).map(\.name)
        if !required.isEmpty { schema.set("required", strings: required) }
        // No additionalProperties: the server refuses unknown members itself, naming them.
        return schema
    }

    /// The tools array of `tools/list`, built once.
    nonisolated(unsafe) static let toolList: JSON = {
        let list = JSON.array()
        for (name, method) in tools {
            let tool = JSON.object()
            tool.set("name", name)
            tool.set("description", method.summary)
            tool.set("inputSchema", inputSchema(method))
            list.append(tool)
        }
        return list
    }()

    static func capabilities() -> JSON {
        let tools = JSON.object()
        tools.set("listChanged", false)
        let caps = JSON.object()
        caps.set("tools", tools)
        return caps
    }

    /// A method's result as a tool result: the JSON as text and as structured content.
    static func toolResult(_ value: JSON) -> JSON {
        let result = JSON.object()
        result.set("content", textContent(value.dumped()))
        result.set("structuredContent", value)
        result.set("isError", false)
        return result
    }

    /// An error as a tool result: the JSON-RPC error object (one encoding, `RPCError.json()`)
    /// under `structuredContent.error`, and `field: reason` as text.
    static func toolError(_ e: RPCError) -> JSON {
        let wrapped = JSON.object()
        wrapped.set("error", e.json())
        let result = JSON.object()
        result.set("content", textContent(e.field.map { "\($0): \(e.reason ?? e.message)" } ?? e.message))
        result.set("structuredContent", wrapped)
        result.set("isError", true)
        return result
    }

    private static func textContent(_ text: String) -> JSON {
        let content = JSON.object()
        content.set("type", "text")
        content.set("text", text)
        let list = JSON.array()
        list.append(content)
        return list
    }
}

extension Server {
    static func serverInfo() -> JSON {
        let info = JSON.object()
        info.set("name", "scalewise")
        info.set("version", Server.version)
        return info
    }

    /// MCP's initialize result: the client's revision when we speak it, else our newest.
    func mcpInitialize(_ params: Fields) -> JSON {
        let requested = params.value("protocolVersion")?.string ?? ""
        let result = JSON.object()
        result.set("protocolVersion", MCP.handshakeVersions.contains(requested) ? requested : MCP.handshakeVersions.last!)
        result.set("capabilities", MCP.capabilities())
        result.set("serverInfo", Server.serverInfo())
        result.set("instructions", MCP.instructions)
        return result
    }

    /// MCP notifications: nothing to do for `initialized`; `cancelled` is handled by RPC's cancellation.
    func registerMCPNotifications() {
        dispatcher.onNotification("notifications/initialized") { _ in }
        dispatcher.onNotification("notifications/cancelled") { _ in }
    }
}
