import CJansson

/// Raised when a value cannot be represented in JSON (NaN and infinities).
public struct JSONEncodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var value: Double
    public var description: String { "\(field): \(value) cannot be represented in JSON" }
}

extension JSON {
    public static func object() -> JSON { JSON(owning: json_object()) }
    public static func array() -> JSON { JSON(owning: json_array()) }
    public static func null() -> JSON { JSON(owning: json_null()) }

    public convenience init(_ value: String) {
        self.init(owning: JSON.newString(value))
    }

    public convenience init(_ value: Int) {
        self.init(owning: json_integer(json_int_t(value)))
    }

    public convenience init(_ value: Bool) {
        self.init(owning: value ? json_true() : json_false())
    }

    /// NaN and infinities are refused: they are errors, never output.
    public static func number(_ value: Double, field: String = "value") throws(JSONEncodingError) -> JSON {
        guard value.isFinite else { throw JSONEncodingError(field: field, value: value) }
        return JSON(owning: json_real(value))
    }

    /// A deep copy, for moving a tree's content into another owner.
    public func copy() -> JSON { JSON(owning: json_deep_copy(raw)) }

    // MARK: objects

    public func set(_ key: String, _ value: JSON) {
        JSON.withKey(key) { json_object_setn_new_nocheck(raw, $0, $1, json_incref(value.raw)) }
    }

    public func set(_ key: String, _ value: Double) throws(JSONEncodingError) {
        guard value.isFinite else { throw JSONEncodingError(field: key, value: value) }
        JSON.withKey(key) { json_object_setn_new_nocheck(raw, $0, $1, json_real(value)) }
    }

    public func set(_ key: String, _ value: Double?) throws(JSONEncodingError) {
        if let value { try set(key, value) }
    }

    public func set(_ key: String, _ value: Int) {
        JSON.withKey(key) { json_object_setn_new_nocheck(raw, $0, $1, json_integer(json_int_t(value))) }
    }

    public func set(_ key: String, _ value: String) {
        JSON.withKey(key) { json_object_setn_new_nocheck(raw, $0, $1, JSON.newString(value)) }
    }

    public func set(_ key: String, _ value: String?) {
        if let value { set(key, value) }
    }

    public func set(_ key: String, _ value: Bool) {
        JSON.withKey(key) { json_object_setn_new_nocheck(raw, $0, $1, value ? json_true() : json_false()) }
    }

    public func set(_ key: String, strings: [String]) {
        let array = json_array()!
        for s in strings { json_array_append_new(array, JSON.newString(s)) }
        JSON.withKey(key) { json_object_setn_new_nocheck(raw, $0, $1, array) }
    }

    public func set(_ key: String, numbers: [Double]) throws(JSONEncodingError) {
        let array = json_array()!
        for (i, d) in numbers.enumerated() {
            guard d.isFinite else {
                json_decref(array)
                throw JSONEncodingError(field: "\(key)[\(i)]", value: d)
            }
            json_array_append_new(array, json_real(d))
        }
        JSON.withKey(key) { json_object_setn_new_nocheck(raw, $0, $1, array) }
    }

    public func remove(_ key: String) {
        JSON.withKey(key) { json_object_deln(raw, $0, $1) }
    }

    // MARK: arrays

    public func append(_ value: JSON) {
        json_array_append(raw, value.raw)
    }

    public func append(_ value: Double) throws(JSONEncodingError) {
        guard value.isFinite else { throw JSONEncodingError(field: "[\(count)]", value: value) }
        json_array_append_new(raw, json_real(value))
    }

    public func append(_ value: String) {
        json_array_append_new(raw, JSON.newString(value))
    }

    /// A member name as bytes and length, without copying it (Swift's implicit String-to-C
    /// conversion allocates a NUL-terminated copy per call) and exact when it holds NUL.
    /// Swift strings are valid UTF-8, so jansson's unchecked setters are safe with it.
    @inline(__always) @discardableResult
    static func withKey<R>(_ key: String, _ body: (UnsafePointer<CChar>, Int) -> R) -> R {
        var key = key
        return key.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { body($0.baseAddress ?? emptyKey, $0.count) }
        }
    }

    /// An empty buffer may have no address; jansson wants one.
    private static var emptyKey: UnsafePointer<CChar> {
        UnsafeRawPointer(("" as StaticString).utf8Start).assumingMemoryBound(to: CChar.self)
    }

    /// jansson copies the bytes; Swift strings are valid UTF-8, so the unchecked variant is safe.
    static func newString(_ s: String) -> UnsafeMutablePointer<json_t> {
        var s = s
        return s.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { json_stringn_nocheck($0.baseAddress, $0.count) }
        }
    }
}
