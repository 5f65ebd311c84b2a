import CJansson

/// The one owner of a jansson `json_t*`. Holds one reference and drops it in `deinit`;
/// the raw pointer never outlives its owner. A tree lives in one task: jansson does no
/// locking, so pass bytes or Swift values between threads, never a `JSON`.
public final class JSON {
    @usableFromInline let raw: UnsafeMutablePointer<json_t>

    /// Takes over a new reference (from `json_loadb`, a constructor, …).
    @usableFromInline init(owning raw: UnsafeMutablePointer<json_t>) {
        self.raw = raw
    }

    /// Shares a borrowed reference (from `*_get`): adds one of our own.
    @usableFromInline init(borrowing raw: UnsafeMutablePointer<json_t>) {
        self.raw = json_incref(raw)
    }

    deinit { json_decref(raw) }

    public enum Kind: Sendable, Equatable {
        case object, array, string, integer, real, bool, null
    }

    public var kind: Kind {
        switch raw.pointee.type {
        case JSON_OBJECT: .object
        case JSON_ARRAY: .array
        case JSON_STRING: .string
        case JSON_INTEGER: .integer
        case JSON_REAL: .real
        case JSON_TRUE, JSON_FALSE: .bool
        default: .null
        }
    }

    // MARK: typed access (nil when the value is of another kind)

    /// Integers and reals alike, as JSON has one number type.
    public var double: Double? {
        switch raw.pointee.type {
        case JSON_REAL: json_real_value(raw)
        case JSON_INTEGER: Double(json_integer_value(raw))
        default: nil
        }
    }

    public var int64: Int64? {
        raw.pointee.type == JSON_INTEGER ? Int64(json_integer_value(raw)) : nil
    }

    public var string: String? {
        guard raw.pointee.type == JSON_STRING, let chars = json_string_value(raw) else { return nil }
        return JSON.text(chars, json_string_length(raw))
    }

    public var bool: Bool? {
        switch raw.pointee.type {
        case JSON_TRUE: true
        case JSON_FALSE: false
        default: nil
        }
    }

    public var isNull: Bool { raw.pointee.type == JSON_NULL }

    /// Members of an object or elements of an array; 0 for scalars.
    public var count: Int {
        switch raw.pointee.type {
        case JSON_OBJECT: json_object_size(raw)
        case JSON_ARRAY: json_array_size(raw)
        default: 0
        }
    }

    public subscript(key: String) -> JSON? {
        guard raw.pointee.type == JSON_OBJECT, let child = JSON.withKey(key, { json_object_getn(raw, $0, $1) }) else { return nil }
        return JSON(borrowing: child)
    }

    public subscript(index: Int) -> JSON? {
        guard raw.pointee.type == JSON_ARRAY, index >= 0, let child = json_array_get(raw, index) else { return nil }
        return JSON(borrowing: child)
    }

    public var elements: [JSON] {
        guard raw.pointee.type == JSON_ARRAY else { return [] }
        let n = json_array_size(raw)
        var out: [JSON] = []
        out.reserveCapacity(n)
        for i in 0..<n { out.append(JSON(borrowing: json_array_get(raw, i))) }
        return out
    }

    /// Object members in insertion order.
    public var members: [(key: String, value: JSON)] {
        guard raw.pointee.type == JSON_OBJECT else { return [] }
        var out: [(String, JSON)] = []
        var iter = json_object_iter(raw)
        while let it = iter {
            let name = JSON.text(json_object_iter_key(it)!, json_object_iter_key_len(it))
            out.append((name, JSON(borrowing: json_object_iter_value(it))))
            iter = json_object_iter_next(raw, it)
        }
        return out
    }

    /// The first member name for which `test` holds on its UTF-8 bytes, as a string; names are
    /// not copied until one matches (the unknown-member check on every request).
    public func firstKey(where test: (UnsafeRawBufferPointer) -> Bool) -> String? {
        guard raw.pointee.type == JSON_OBJECT else { return nil }
        var iter = json_object_iter(raw)
        while let it = iter {
            let key = json_object_iter_key(it)!, length = json_object_iter_key_len(it)
            if test(UnsafeRawBufferPointer(start: key, count: length)) { return JSON.text(key, length) }
            iter = json_object_iter_next(raw, it)
        }
        return nil
    }

    /// Member names without wrapping the values (cheaper than `members` on the hot path).
    public var keys: [String] {
        guard raw.pointee.type == JSON_OBJECT else { return [] }
        var out: [String] = []
        var iter = json_object_iter(raw)
        while let it = iter {
            out.append(JSON.text(json_object_iter_key(it)!, json_object_iter_key_len(it)))
            iter = json_object_iter_next(raw, it)
        }
        return out
    }

    /// A jansson string (UTF-8 with its length; may hold NUL) as a Swift string.
    @inline(__always) static func text(_ chars: UnsafePointer<CChar>, _ length: Int) -> String {
        chars.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
