import JSON

/// MCP 2026-07-28 `server/discover`: what a stateless client needs instead of a handshake.
enum DiscoverMethod: FastMethod {
    static let name = "server/discover"
    static let summary = "MCP stateless discovery: supported revisions, capabilities, server info and instructions."
    static let isTool = false
    static let fields: [FieldSpec] = [FieldSpec("_meta", .object, "MCP request metadata")]

    static func decode(_ params: Fields, _ server: Server) throws -> NoParams { NoParams() }

    static func answer(_ params: NoParams, _ server: Server) throws -> JSON {
        let result = JSON.object()
        result.set("supportedVersions", strings: MCP.handshakeVersions + MCP.statelessVersions)
        result.set("capabilities", MCP.capabilities())
        result.set("serverInfo", Server.serverInfo())
        result.set("instructions", MCP.instructions)
        let meta = JSON.object()
        meta.set("io.modelcontextprotocol/serverInfo", Server.serverInfo())
        result.set("_meta", meta)
        MCP.markStateless(result, cacheable: true)
        return result
    }
}
