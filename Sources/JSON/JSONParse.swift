import CJansson

/// A parse failure with jansson's own text and where it happened.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var line: Int
    public var column: Int
    /// Byte offset into the input.
    public var position: Int

    public var description: String { "\(message) at line \(line), column \(column) (byte \(position))" }
}

extension JSON {
    /// Parses one JSON value (any kind) from bytes without copying them.
    /// Duplicate object keys are refused: which one would win is otherwise unspecified.
    /// `\u0000` inside strings is accepted (an editor may open a binary file and send it);
    /// strings are read with their length, never as C strings.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSON {
        var error = json_error_t()
        let flags = JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL
        guard let base = bytes.baseAddress, bytes.count > 0 else {
            throw JSONParseError(message: "empty input: expected a JSON value", line: 1, column: 0, position: 0)
        }
        guard let raw = json_loadb(base.assumingMemoryBound(to: CChar.self), bytes.count, Int(flags), &error) else {
            throw JSONParseError(error)
        }
        return JSON(owning: raw)
    }

    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSON {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(JSONParseError) in try parse(buffer) } }
        return try result.get()
    }

    public static func parse(_ text: String) throws(JSONParseError) -> JSON {
        try parse(Array(text.utf8))
    }
}

extension JSONParseError {
    init(_ e: json_error_t) {
        var e = e
        let text = withUnsafeBytes(of: &e.text) { raw in
            String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
        }
        self.init(message: text, line: Int(e.line), column: Int(e.column), position: Int(e.position))
    }
}
