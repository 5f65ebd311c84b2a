import JSON

/// MCP `tools/list`: every tool method of the table, with a flat input schema.
enum ToolsListMethod: FastMethod {
    static let name = "tools/list"
    static let summary = "MCP: the tools (one per Scalewise method) with their input schemas."
    static let isTool = false
    static let fields: [FieldSpec] = [
        FieldSpec("cursor", .string, "Pagination cursor (all tools fit one page)"),
        FieldSpec("_meta", .object, "MCP request metadata"),
    ]

    static func decode(_ params: Fields, _ server: Server) throws -> Bool { MCP.isStateless(params) }

    static func answer(_ stateless: Bool, _ server: Server) throws -> JSON {
        let result = JSON.object()
        // The list is the same for every call: built once, shared by reference.
        result.set("tools", MCP.toolList)
        if stateless { MCP.markStateless(result, cacheable: true) }
        return result
    }
}
