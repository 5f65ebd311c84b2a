import JSON
import RPC

/// LSP `textDocument/hover`: the explanation behind the hint on a line.
enum HoverMethod: FastMethod {
    static let name = "textDocument/hover"
    static let summary = "LSP hover: how the hint on this line was computed (law, assumptions, sources), as Markdown."
    static let isTool = false
    static let allowsUnknownFields = true
    static let fields: [FieldSpec] = [
        FieldSpec("textDocument", .object, required: true, "{uri}"),
        FieldSpec("position", .object, required: true, "{line, character}"),
    ]

    static func decode(_ params: Fields, _ server: Server) throws -> (uri: String, line: Int) {
        (try params.object("textDocument").string("uri"),
         try params.object("position").optionalInteger("line", in: 0...Int(Int32.max)) ?? 0)
    }

    static func answer(_ p: (uri: String, line: Int), _ server: Server) throws -> JSON {
        guard let h = (server.editor.hints[p.uri] ?? []).first(where: { $0.hoverLines.contains(p.line) }) else { return JSON.null() }
        let contents = JSON.object()
        contents.set("kind", "markdown")
        contents.set("value", h.hover)
        let result = JSON.object()
        result.set("contents", contents)
        return result
    }
}
