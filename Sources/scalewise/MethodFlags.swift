import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

/// Flags for any method, derived from its declared fields: `targetLoss` is `--target-loss`,
/// numbers take suffixes (`7B`, `1.4T`), objects and arrays take JSON text, booleans take
/// `true`/`false` or stand alone. Errors name the flag, never the protocol field.
enum MethodFlags {
    static func flag(_ field: String) -> String {
        var out = "--"
        for c in field {
            if c.isUppercase { out.append("-"); out.append(contentsOf: c.lowercased()) } else { out.append(c) }
        }
        return out
    }

    static func method(named name: String) throws -> MethodDescription {
        if let m = Server.methodDescriptions.first(where: { $0.name == name }) { return m }
        let close = CloseMatches.find(name, in: Server.methodDescriptions.map(\.name), limit: 3)
        throw ValidationError("unknown method \(name)" + (close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"))
    }

    /// `--flops 1e24 --law chinchilla` → `{"flops": 1e24, "law": "chinchilla"}`.
    static func params(_ args: [String], for method: MethodDescription) throws -> JSON {
        let byFlag = Dictionary(uniqueKeysWithValues: method.fields.map { (flag($0.name), $0) })
        let params = JSON.object()
        var i = 0
        while i < args.count {
            let arg = args[i]
            var name = arg, inline: String?
            if let eq = arg.firstIndex(of: "=") { name = String(arg[..<eq]); inline = String(arg[arg.index(after: eq)...]) }
            guard let field = byFlag[name] else {
                let close = CloseMatches.find(name, in: byFlag.keys.sorted(), limit: 2)
                throw ValidationError("unknown option \(name) for \(method.name)"
                    + (close.isEmpty ? "; options: \(byFlag.keys.sorted().joined(separator: " "))" : "; did you mean \(close.joined(separator: " or "))?"))
            }
            var value = inline
            if value == nil, !(field.kinds == ["boolean"] && (i + 1 >= args.count || args[i + 1].hasPrefix("--"))) {
                guard i + 1 < args.count else { throw ValidationError("\(name) needs a value") }
                value = args[i + 1]
                i += 1
            }
            params.set(field.name, try parse(value ?? "true", field: field, flag: name))
            i += 1
        }
        return params
    }

    static func parse(_ text: String, field: MethodDescription.Field, flag: String) throws -> JSON {
        let kinds = Set(field.kinds)
        if kinds.contains("number") || kinds.contains("integer"), let q = Quantity(argument: text) {
            if kinds.contains("integer"), q.value == q.value.rounded(), abs(q.value) < 9.0e15 { return JSON(Int(q.value)) }
            if kinds.contains("number") { return try JSON.number(q.value, field: flag) }
        }
        if kinds.contains("boolean"), let b = Bool(text) { return JSON(b) }
        if kinds.contains("object") || kinds.contains("array"), let first = text.first, first == "{" || first == "[" {
            do { return try JSON.parse(text) } catch { throw ValidationError("\(flag): \(error.description)") }
        }
        if kinds.contains("string") { return JSON(text) }
        throw ValidationError("\(flag): expected \(field.kinds.joined(separator: " or ")), got \"\(text)\"")
    }
}
