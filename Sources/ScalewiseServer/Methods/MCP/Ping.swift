import JSON

/// MCP `ping`: an empty result, to check the server is alive.
enum PingMethod: FastMethod {
    static let name = "ping"
    static let summary = "Answers an empty object."
    static let isTool = false
    static let fields: [FieldSpec] = [FieldSpec("_meta", .object, "MCP request metadata")]

    static func decode(_ params: Fields, _ server: Server) throws -> NoParams { NoParams() }
    static func answer(_ params: NoParams, _ server: Server) throws -> JSON { JSON.object() }
}
