import Foundation

/// The syntax a document's `key: value` pairs are written in.
public enum ConfigSyntax: String, Sendable {
    /// `"key": value` pairs anywhere on a line (pretty-printed or minified JSON).
    case json
    /// `key: value` (YAML; nested keys are read by their last path component).
    case yaml
    /// `key = value`, `a.b.key = value`, `[section]` headers ignored (TOML).
    case toml
    /// `name = literal`, `name: int = literal`, `self.name = literal` (Python).
    case python
    /// `key: value` or `key = value`, whichever a line has.
    case generic

    /// From the LSP languageId, else the URI's extension.
    public static func detect(languageId: String?, uri: String) -> ConfigSyntax {
        switch languageId?.lowercased() {
        case "json", "jsonc", "json5": return .json
        case "yaml", "yml": return .yaml
        case "toml": return .toml
        case "python": return .python
        default: break
        }
        let lower = uri.lowercased()
        if lower.hasSuffix(".json") || lower.hasSuffix(".jsonc") { return .json }
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        if lower.hasSuffix(".toml") { return .toml }
        if lower.hasSuffix(".py") { return .python }
        return .generic
    }
}

/// A scalar found after a key. Non-finite numbers (`1e999`, `NaN`, `inf`) are never produced.
public enum ConfigValue: Sendable, Equatable {
    case number(Double)
    case bool(Bool)
    case string(String)
    case null
}

/// One `key: value` pair: where it is (0-based line; UTF-16 column of the line's end, where
/// an inlay hint goes) and what it says.
public struct ConfigEntry: Sendable, Equatable {
    public var key: String
    public var value: ConfigValue
    public var line: Int
    public var lineEndUTF16: Int
}

/// A tolerant line-based reader of `key: value` pairs. It never fails: a half-typed line,
/// a binary blob or an unknown syntax simply yields fewer entries. Only keys in `wanted`
/// are kept, so a 2,000-line document costs one pass over its bytes and a few small strings.
/// Pure: no I/O.
public enum ConfigScanner {
    public static func scan(_ bytes: [UInt8], syntax: ConfigSyntax, wanted: Set<String>) -> [ConfigEntry] {
        var out: [ConfigEntry] = []
        bytes.withUnsafeBufferPointer { buf in
            let n = buf.count
            var lineStart = 0
            var line = 0
            // A wanted YAML key with nothing after the colon, whose `- item` lines follow.
            var openList: (key: String, line: Int, end: Int, items: [String])? = nil
            func closeList() {
                if let l = openList, !l.items.isEmpty {
                    out.append(ConfigEntry(key: l.key, value: .string(l.items.joined(separator: ",")), line: l.line, lineEndUTF16: l.end))
                }
                openList = nil
            }
            while lineStart <= n {
                var lineEnd = lineStart
                while lineEnd < n && buf[lineEnd] != 0x0A { lineEnd += 1 }
                var contentEnd = lineEnd
                if contentEnd > lineStart && buf[contentEnd - 1] == 0x0D { contentEnd -= 1 }
                if openList != nil, syntax == .yaml || syntax == .generic {
                    if let item = yamlListItem(buf, lineStart, contentEnd) {
                        openList!.items.append(item)
                        if lineEnd >= n { break }
                        lineStart = lineEnd + 1
                        line += 1
                        continue
                    }
                    if !isBlankOrComment(buf, lineStart, contentEnd) { closeList() }
                }
                let before = out.count
                if syntax == .json {
                    scanJSONLine(buf, lineStart, contentEnd, wanted, line, &out)
                } else if let key = scanKeyValueLine(buf, lineStart, contentEnd, syntax, wanted, line, &out),
                          syntax == .yaml || syntax == .generic {
                    openList = (key, line, utf16Count(buf, lineStart, contentEnd), [])
                }
                if out.count > before {
                    let end = utf16Count(buf, lineStart, contentEnd)
                    for i in before..<out.count { out[i].lineEndUTF16 = end }
                }
                if lineEnd >= n { break }
                lineStart = lineEnd + 1
                line += 1
            }
            closeList()
        }
        return out
    }

    /// `  - word` (a YAML block-list item that is a plain or quoted scalar), else nil.
    private static func yamlListItem(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String? {
        var i = skipSpaces(b, start, end)
        guard i + 1 < end, b[i] == 0x2D, b[i + 1] == 0x20 else { return nil }
        i = skipSpaces(b, i + 2, end)
        let (value, next) = readValue(b, i, end, syntax: .yaml)
        guard case .string(let s)? = value, !s.contains(",") else { return nil }
        let k = skipSpaces(b, next, end)
        guard k >= end || b[k] == 0x23 else { return nil }
        return s
    }

    private static func isBlankOrComment(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let i = skipSpaces(b, start, end)
        return i >= end || b[i] == 0x23
    }

    /// UTF-16 code units in bytes[from..<to]: one per scalar, two for 4-byte sequences.
    static func utf16Count(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Int {
        var count = 0
        for i in from..<to {
            let c = b[i]
            if c & 0xC0 != 0x80 { count += 1 }
            if c >= 0xF0 { count += 1 }
        }
        return count
    }

    // MARK: JSON: every `"key": value` on the line

    private static func scanJSONLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ wanted: Set<String>,
                                     _ line: Int, _ out: inout [ConfigEntry]) {
        var i = start
        while i < end {
            guard b[i] == 0x22 else { i += 1; continue }  // "
            let keyStart = i + 1
            var j = keyStart
            while j < end && b[j] != 0x22 {
                if b[j] == 0x5C { j += 1 }  // backslash escape
                j += 1
            }
            guard j < end else { return }
            let keyEnd = j
            var k = skipSpaces(b, j + 1, end)
            guard k < end, b[k] == 0x3A else { i = j + 1; continue }  // not followed by ':' → a string value
            k = skipSpaces(b, k + 1, end)
            if let key = wantedKey(b, keyStart, keyEnd, wanted, lastComponent: false) {
                let (value, next) = readValue(b, k, end, syntax: .json)
                if let value { out.append(ConfigEntry(key: key, value: value, line: line, lineEndUTF16: 0)) }
                i = max(next, k)
            } else {
                i = k
            }
        }
    }

    // MARK: YAML, TOML, Python, generic: one `key sep value` per line

    /// Returns the key when it is wanted and nothing follows its separator (a YAML block list may follow).
    @discardableResult
    private static func scanKeyValueLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ syntax: ConfigSyntax,
                                         _ wanted: Set<String>, _ line: Int, _ out: inout [ConfigEntry]) -> String? {
        var i = skipSpaces(b, start, end)
        guard i < end else { return nil }
        if b[i] == 0x23 || b[i] == 0x5B { return nil }  // # comment, [section]
        if b[i] == 0x2F && i + 1 < end && b[i + 1] == 0x2F { return nil }  // // comment
        if syntax == .yaml || syntax == .generic, b[i] == 0x2D, i + 1 < end, b[i + 1] == 0x20 {  // "- key: v"
            i = skipSpaces(b, i + 2, end)
        }
        // The key: quoted, or identifier characters with dots (a.b.key, self.key).
        var keyStart = i, keyEnd = i
        if b[i] == 0x22 || b[i] == 0x27 {
            let quote = b[i]
            keyStart = i + 1
            var j = keyStart
            while j < end && b[j] != quote { j += 1 }
            guard j < end else { return nil }
            keyEnd = j
            i = j + 1
        } else {
            while i < end && isKeyByte(b[i]) { i += 1 }
            keyEnd = i
        }
        guard keyEnd > keyStart else { return nil }
        i = skipSpaces(b, i, end)
        guard i < end else { return nil }
        let sep = b[i]
        switch (syntax, sep) {
        case (.yaml, 0x3A), (.generic, 0x3A), (.generic, 0x3D), (.toml, 0x3D), (.python, 0x3D):
            i += 1
        case (.python, 0x3A):
            // `name: int = 7e9` — skip the annotation up to '='.
            var j = i + 1
            while j < end && b[j] != 0x3D && b[j] != 0x23 { j += 1 }
            guard j < end, b[j] == 0x3D else { return nil }
            i = j + 1
        default:
            return nil
        }
        if syntax == .python || syntax == .toml || syntax == .generic, i < end, b[i] == 0x3D { return nil }  // `==`
        i = skipSpaces(b, i, end)
        guard let key = wantedKey(b, keyStart, keyEnd, wanted, lastComponent: true) else { return nil }
        if i >= end || b[i] == 0x23 { return key }
        let (value, next) = readValue(b, i, end, syntax: syntax)
        guard let value else { return nil }
        // Anything but a comment or a trailing comma after the value: an expression, not a literal.
        var k = skipSpaces(b, next, end)
        if k < end && b[k] == 0x2C { k = skipSpaces(b, k + 1, end) }
        guard k >= end || b[k] == 0x23 else { return nil }
        out.append(ConfigEntry(key: key, value: value, line: line, lineEndUTF16: 0))
        return nil
    }

    // MARK: values

    /// Reads a scalar at `i`; returns nil for anything else (objects, arrays, expressions,
    /// non-finite numbers, an unterminated string).
    static func readValue(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int, syntax: ConfigSyntax) -> (ConfigValue?, Int) {
        guard i < end else { return (nil, i) }
        let c = b[i]
        if c == 0x22 || c == 0x27 {  // quoted string: a number inside ("7e9") counts as that number
            var j = i + 1
            while j < end && b[j] != c {
                if b[j] == 0x5C { j += 1 }
                j += 1
            }
            guard j < end else { return (nil, end) }
            let text = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<j]), as: UTF8.self)
            if syntax != .json, let d = parseNumber(Array(text.utf8)) { return (.number(d), j + 1) }
            return (.string(text), j + 1)
        }
        if c == 0x5B, let (items, next) = inlineList(b, i, end) {  // [a, 'b', "c"]: names, joined by commas
            return (.string(items.joined(separator: ",")), next)
        }
        var j = i
        while j < end {
            let d = b[j]
            if d == 0x2C || d == 0x7D || d == 0x5D || d == 0x20 || d == 0x09 || d == 0x23 { break }
            j += 1
        }
        guard j > i else { return (nil, i) }
        let token = Array(UnsafeBufferPointer(rebasing: b[i..<j]))
        switch token {
        case Array("true".utf8), Array("True".utf8), Array("yes".utf8): return (.bool(true), j)
        case Array("false".utf8), Array("False".utf8), Array("no".utf8): return (.bool(false), j)
        case Array("null".utf8), Array("None".utf8), Array("~".utf8): return (.null, j)
        default: break
        }
        if let d = parseNumber(token) { return (.number(d), j) }
        if c == 0x7B || c == 0x5B { return (nil, j) }  // { or [
        // A bare word (YAML `hidden_act: silu`, `base_model: org/name`).
        guard syntax == .yaml || syntax == .generic, token.allSatisfy({ isKeyByte($0) || $0 == 0x2D || $0 == 0x2F }) else { return (nil, j) }
        return (.string(String(decoding: token, as: UTF8.self)), j)
    }

    /// A one-line list of names (`['q_proj', v_proj]`), as PEFT, torchtune and axolotl write module
    /// lists. Nil for anything else: nested lists, objects, numbers, an unterminated list.
    static func inlineList(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> ([String], Int)? {
        var items: [String] = []
        var i = skipSpaces(b, start + 1, end)
        if i < end && b[i] == 0x5D { return (items, i + 1) }
        while i < end {
            var itemStart = i, itemEnd = i
            if b[i] == 0x22 || b[i] == 0x27 {
                let quote = b[i]
                itemStart = i + 1
                var j = itemStart
                while j < end && b[j] != quote { j += 1 }
                guard j < end else { return nil }
                itemEnd = j
                i = j + 1
            } else {
                while i < end && (isKeyByte(b[i]) || b[i] == 0x2F) { i += 1 }
                itemEnd = i
            }
            guard itemEnd > itemStart, itemEnd - itemStart <= 128 else { return nil }
            let item = Array(UnsafeBufferPointer(rebasing: b[itemStart..<itemEnd]))
            // Names, not numbers: at least one letter.
            guard item.allSatisfy({ isKeyByte($0) || $0 == 0x2F }),
                  item.contains(where: { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }) else { return nil }
            items.append(String(decoding: item, as: UTF8.self))
            i = skipSpaces(b, i, end)
            guard i < end else { return nil }
            if b[i] == 0x5D { return (items, i + 1) }
            guard b[i] == 0x2C else { return nil }
            i = skipSpaces(b, i + 1, end)
        }
        return nil
    }

    /// Numeric literals: `7e9`, `7_000_000_000` (Python, TOML), `-1.5E-3`, `+2`.
    /// NaN, infinities and overflow (`1e999`) are refused.
    static func parseNumber(_ token: [UInt8]) -> Double? {
        guard !token.isEmpty, token.count < 64 else { return nil }
        var clean: [UInt8] = []
        clean.reserveCapacity(token.count + 1)
        var sawDigit = false
        for (idx, c) in token.enumerated() {
            switch c {
            case 0x30...0x39: clean.append(c); sawDigit = true
            case 0x5F:  // '_' only between digits
                guard idx > 0, idx + 1 < token.count,
                      (0x30...0x39).contains(token[idx - 1]), (0x30...0x39).contains(token[idx + 1]) else { return nil }
            case 0x2E, 0x65, 0x45: clean.append(c)  // . e E
            case 0x2B, 0x2D:  // sign: first or after an exponent
                guard idx == 0 || token[idx - 1] == 0x65 || token[idx - 1] == 0x45 else { return nil }
                clean.append(c)
            default: return nil
            }
        }
        guard sawDigit else { return nil }
        clean.append(0)
        var endPtr: UnsafeMutablePointer<CChar>? = nil
        let value: Double = clean.withUnsafeBufferPointer { p in
            p.withMemoryRebound(to: CChar.self) { c in
                let base = c.baseAddress!
                let v = strtod(base, &endPtr)
                guard let e = endPtr, UnsafePointer(e) - base == clean.count - 1 else { return .nan }
                return v
            }
        }
        return value.isFinite ? value : nil
    }

    // MARK: helpers

    private static func wantedKey(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ wanted: Set<String>,
                                  lastComponent: Bool) -> String? {
        var s = start
        if lastComponent {
            var j = end - 1
            while j >= start { if b[j] == 0x2E { s = j + 1; break }; j -= 1 }
        }
        guard end > s, end - s <= 64 else { return nil }
        let key = String(decoding: UnsafeBufferPointer(rebasing: b[s..<end]), as: UTF8.self)
        return wanted.contains(key) ? key : nil
    }

    @inline(__always) private static func isKeyByte(_ c: UInt8) -> Bool {
        (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A) || (c >= 0x30 && c <= 0x39) || c == 0x5F || c == 0x2E || c == 0x2D
    }

    @inline(__always) private static func skipSpaces(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
        var i = i
        while i < end && (b[i] == 0x20 || b[i] == 0x09) { i += 1 }
        return i
    }
}
