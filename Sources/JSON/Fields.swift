/// A field that is missing or of the wrong kind, named by its full path
/// (`params.flops: expected a positive number, got "abc"`).
public struct FieldError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// Typed reading of an object's members with errors that say what was expected where.
/// `null` counts as absent, as LSP clients send it for unset options.
public struct Fields {
    public let object: JSON?
    /// Path of the object itself ("params", "params.constraints").
    public let path: String
    /// Members accepted besides the ones a caller names (protocol-level members of params,
    /// such as LSP's `workDoneToken`); not inherited by nested objects.
    public let alsoAllowed: Set<String>
    /// Longest string (in UTF-8 bytes) `string`/`optionalString` accept; nested objects
    /// inherit it. Keys in `longTextKeys` (document text) are bounded by the document and
    /// frame limits instead.
    public let maxStringBytes: Int

    /// Ids, names, titles, URIs: long enough for any real one, short enough that a lookup
    /// or a "did you mean" over them stays fast.
    public static let defaultMaxStringBytes = 4096
    /// Members that carry a document's text (LSP didOpen/didChange `text`).
    public static let longTextKeys: Set<String> = ["text"]

    public init(_ object: JSON?, path: String, alsoAllowed: Set<String> = [], maxStringBytes: Int = Fields.defaultMaxStringBytes) {
        self.object = object
        self.path = path
        self.alsoAllowed = alsoAllowed
        self.maxStringBytes = maxStringBytes
    }

    /// A nested object's fields, with this one's string limit.
    public func nested(_ value: JSON?, path: String) -> Fields {
        Fields(value, path: path, maxStringBytes: maxStringBytes)
    }

    public func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value at `key`, or nil when absent or null.
    public func value(_ key: String) -> JSON? {
        guard let v = object?[key], !v.isNull else { return nil }
        return v
    }

    public func has(_ key: String) -> Bool { value(key) != nil }

    public func require(_ key: String, expected: String) throws(FieldError) -> JSON {
        guard let v = value(key) else {
            throw FieldError(field: fieldPath(key), reason: "is required: expected \(expected)")
        }
        return v
    }

    // MARK: numbers

    public func number(_ key: String) throws(FieldError) -> Double {
        try numberValue(require(key, expected: "a number"), key, expected: "a number")
    }

    public func optionalNumber(_ key: String) throws(FieldError) -> Double? {
        guard let v = value(key) else { return nil }
        return try numberValue(v, key, expected: "a number")
    }

    public func positiveNumber(_ key: String) throws(FieldError) -> Double {
        let v = try require(key, expected: "a positive number")
        return try positive(numberValue(v, key, expected: "a positive number"), v, key)
    }

    public func optionalPositiveNumber(_ key: String) throws(FieldError) -> Double? {
        guard let v = value(key) else { return nil }
        return try positive(numberValue(v, key, expected: "a positive number"), v, key)
    }

    /// A number in a closed or half-open range, e.g. MFU in (0, 1].
    public func optionalNumber(_ key: String, in range: ClosedRange<Double>, excludingLower: Bool = false) throws(FieldError) -> Double? {
        guard let v = value(key) else { return nil }
        let interval = "\(excludingLower ? "(" : "[")\(range.lowerBound), \(range.upperBound)]"
        let d = try numberValue(v, key, expected: "a number in \(interval)")
        guard range.contains(d), !(excludingLower && d == range.lowerBound) else {
            throw FieldError(field: fieldPath(key), reason: "expected a number in \(interval), got \(Fields.describe(v))")
        }
        return d
    }

    public func optionalNonNegativeNumber(_ key: String) throws(FieldError) -> Double? {
        guard let v = value(key) else { return nil }
        let d = try numberValue(v, key, expected: "a number ≥ 0")
        guard d >= 0 else { throw FieldError(field: fieldPath(key), reason: "expected a number ≥ 0, got \(Fields.describe(v))") }
        return d
    }

    /// A whole number in `range` (1.0 is accepted as 1; 1.5 is not).
    public func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(FieldError) -> Int? {
        guard let v = value(key) else { return nil }
        let expected = "an integer in [\(range.lowerBound), \(range.upperBound)]"
        let d = try numberValue(v, key, expected: expected)
        guard let i = Fields.checkedInt(d), range.contains(i) else {
            throw FieldError(field: fieldPath(key), reason: "expected \(expected), got \(Fields.describe(v))")
        }
        return i
    }

    /// The one conversion from a wire (or derived) number to an Int: nil unless `d` is a whole
    /// number that an Int holds exactly. `Int(d)` traps on 1e19 and truncates 1.5.
    public static func checkedInt(_ d: Double) -> Int? {
        Int(exactly: d) // nil for fractions, non-finite values and anything outside Int's range
    }

    /// `checkedInt` that names the field: for handlers that derive a count from a number
    /// (tokens / tokens per example), so the error points at what the client sent.
    public static func checkedInt(_ d: Double, field: String, in range: ClosedRange<Int> = Int.min...Int.max) throws(FieldError) -> Int {
        guard let i = checkedInt(d), range.contains(i) else {
            let shown = d.isFinite ? "\(d)" : "not finite"
            throw FieldError(field: field, reason: "expected a whole number in [\(range.lowerBound), \(range.upperBound)] (here derived as \(shown))")
        }
        return i
    }

    // MARK: strings, booleans, nesting

    public func string(_ key: String) throws(FieldError) -> String {
        let v = try require(key, expected: "a string")
        guard let s = v.string else { throw mismatch(key, "a string", v) }
        return try bounded(s, key)
    }

    public func optionalString(_ key: String) throws(FieldError) -> String? {
        guard let v = value(key) else { return nil }
        guard let s = v.string else { throw mismatch(key, "a string", v) }
        return try bounded(s, key)
    }

    /// A string with an explicit limit (document text: the document size limit).
    public func string(_ key: String, maxBytes: Int) throws(FieldError) -> String {
        let v = try require(key, expected: "a string")
        guard let s = v.string else { throw mismatch(key, "a string", v) }
        guard s.utf8.count <= maxBytes else { throw tooLong(key, s, maxBytes) }
        return s
    }

    private func bounded(_ s: String, _ key: String) throws(FieldError) -> String {
        guard s.utf8.count <= maxStringBytes || Fields.longTextKeys.contains(key) else { throw tooLong(key, s, maxStringBytes) }
        return s
    }

    private func tooLong(_ key: String, _ s: String, _ limit: Int) -> FieldError {
        FieldError(field: fieldPath(key), reason: "is \(s.utf8.count) bytes long; the limit is \(limit) bytes")
    }

    public func optionalBool(_ key: String) throws(FieldError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard let b = v.bool else { throw mismatch(key, "true or false", v) }
        return b
    }

    public func optionalObject(_ key: String) throws(FieldError) -> Fields? {
        guard let v = value(key) else { return nil }
        guard v.kind == .object else { throw mismatch(key, "an object", v) }
        return nested(v, path: fieldPath(key))
    }

    public func object(_ key: String) throws(FieldError) -> Fields {
        let v = try require(key, expected: "an object")
        guard v.kind == .object else { throw mismatch(key, "an object", v) }
        return nested(v, path: fieldPath(key))
    }

    public func optionalArray(_ key: String, maxCount: Int) throws(FieldError) -> [JSON]? {
        guard let v = value(key) else { return nil }
        guard v.kind == .array else { throw mismatch(key, "an array", v) }
        guard v.count <= maxCount else {
            throw FieldError(field: fieldPath(key), reason: "has \(v.count) elements; the limit is \(maxCount)")
        }
        return v.elements
    }

    /// Members not in `known`, for refusing typos such as `flop` for `flops`.
    public func unknownKeys(_ known: Set<String>) -> [String] {
        (object?.keys ?? []).filter { !known.contains($0) && !alsoAllowed.contains($0) }
    }

    public func rejectUnknown(_ known: Set<String>) throws(FieldError) {
        if let key = unknownKeys(known).first {
            throw FieldError(field: fieldPath(key), reason: "is not a known field; expected one of: \(known.sorted().joined(separator: ", "))")
        }
    }

    // MARK: helpers

    private func numberValue(_ v: JSON, _ key: String, expected: String) throws(FieldError) -> Double {
        guard let d = v.double else { throw mismatch(key, expected, v) }
        // jansson refuses NaN and 1e400 at parse time; this guards values built in-process.
        guard d.isFinite else { throw FieldError(field: fieldPath(key), reason: "expected a finite number") }
        return d
    }

    private func positive(_ d: Double, _ v: JSON, _ key: String) throws(FieldError) -> Double {
        guard d > 0 else { throw mismatch(key, "a positive number", v) }
        return d
    }

    private func mismatch(_ key: String, _ expected: String, _ v: JSON) -> FieldError {
        FieldError(field: fieldPath(key), reason: "expected \(expected), got \(Fields.describe(v))")
    }

    /// A short rendering of what was received: `"abc"`, `-5`, `null`, `an object`.
    public static func describe(_ v: JSON) -> String {
        switch v.kind {
        case .object: return "an object"
        case .array: return "an array"
        case .null: return "null"
        default:
            let text = v.dumped()
            return text.count > 60 ? String(text.prefix(57)) + "..." : text
        }
    }
}
