import JSON
import RPC

/// LSP `textDocument/inlayHint`: the hint-severity findings of an open config, as inlay hints.
enum InlayHintMethod: FastMethod {
    static let name = "textDocument/inlayHint"
    static let summary = "LSP inlay hints for an open document (model size, tokens, compute) within an optional line range."
    static let isTool = false
    static let allowsUnknownFields = true
    static let fields: [FieldSpec] = [
        FieldSpec("textDocument", .object, required: true, "{uri}"),
        FieldSpec("range", .object, "{start: {line, character}, end: {line, character}}"),
    ]

    struct Params {
        var uri: String
        var firstLine: Int
        var lastLine: Int
    }

    static func decode(_ params: Fields, _ server: Server) throws -> Params {
        var p = Params(uri: try params.object("textDocument").string("uri"), firstLine: 0, lastLine: Int.max)
        if let range = try params.optionalObject("range") {
            p.firstLine = try range.object("start").optionalInteger("line", in: 0...Int(Int32.max)) ?? 0
            p.lastLine = try range.object("end").optionalInteger("line", in: 0...Int(Int32.max)) ?? Int.max
        }
        return p
    }

    static func answer(_ p: Params, _ server: Server) throws -> JSON {
        let list = JSON.array()
        for h in server.editor.hints[p.uri] ?? [] where h.severity == .hint && h.line >= p.firstLine && h.line <= p.lastLine {
            let hint = JSON.object()
            hint.set("position", Server.position(h.line, h.character))
            hint.set("label", h.label)
            hint.set("paddingLeft", true)
            list.append(hint)
        }
        return list
    }
}
