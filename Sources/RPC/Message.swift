import JSON

/// A request id as JSON-RPC allows: a string or a number (null only in error replies).
public enum RequestID: Sendable, Hashable, CustomStringConvertible {
    case int(Int64)
    case string(String)
    case real(Double)

    init?(_ j: JSON) {
        switch j.kind {
        case .integer: self = .int(j.int64!)
        case .real: self = .real(j.double!)
        case .string: self = .string(j.string!)
        default: return nil
        }
    }

    public func json() -> JSON {
        switch self {
        case .int(let i): JSON(Int(i))
        case .string(let s): JSON(s)
        case .real(let d): (try? JSON.number(d)) ?? JSON.null()
        }
    }

    public var description: String {
        switch self {
        case .int(let i): "\(i)"
        case .string(let s): "\"\(s)\""
        case .real(let d): "\(d)"
        }
    }
}

/// A validated incoming call: a request (with `id`) or a notification (without).
public struct Incoming {
    public var method: String
    /// The id exactly as sent, echoed back in the reply; nil for notifications.
    public var idJSON: JSON?
    public var id: RequestID?
    /// The params object; nil when absent.
    public var params: JSON?

    public var isNotification: Bool { idJSON == nil }

    /// Longest string id accepted: ids are echoed in replies and kept while work is in flight.
    public static let maxIDBytes = 1024

    /// Validates the envelope. On failure returns the error and the id to answer with
    /// (null when the id itself is unusable).
    public static func validate(_ message: JSON) -> Validated {
        guard message.kind == .object else {
            return .invalid(.invalidRequest("expected an object, got \(Fields.describe(message))"), id: nil)
        }
        let rawID = message["id"]
        var idJSON: JSON? = nil
        var id: RequestID? = nil
        if let rawID {
            guard rawID.isNull || RequestID(rawID) != nil else {
                return .invalid(.invalidRequest("id must be a string, a number or null, got \(Fields.describe(rawID))"), id: nil)
            }
            if let text = rawID.string, text.utf8.count > Incoming.maxIDBytes {
                return .invalid(.invalidRequest("id is \(text.utf8.count) bytes long; the limit is \(Incoming.maxIDBytes) bytes"), id: nil)
            }
            idJSON = rawID
            id = RequestID(rawID)
        }
        guard let version = message["jsonrpc"], version.string == "2.0" else {
            return .invalid(.invalidRequest("jsonrpc must be \"2.0\""), id: idJSON)
        }
        guard let methodJSON = message["method"], let method = methodJSON.string else {
            return .invalid(.invalidRequest("method must be a string"), id: idJSON)
        }
        guard method.utf8.count <= Incoming.maxIDBytes else {
            return .invalid(.invalidRequest("method is \(method.utf8.count) bytes long; the limit is \(Incoming.maxIDBytes) bytes"), id: idJSON)
        }
        var params: JSON? = nil
        if let p = message["params"], !p.isNull {
            guard p.kind == .object else {
                // Every method here takes named params.
                return .invalid(.invalidParams(field: "params", reason: "expected an object of named params, got \(Fields.describe(p))"), id: idJSON)
            }
            params = p
        }
        return .call(Incoming(method: method, idJSON: idJSON, id: id, params: params))
    }
}

public enum Validated {
    case call(Incoming)
    case invalid(RPCError, id: JSON?)
}

/// Builds reply envelopes.
public enum Reply {
    public static func result(id: JSON, _ result: JSON) -> JSON {
        let o = JSON.object()
        o.set("jsonrpc", "2.0")
        o.set("id", id)
        o.set("result", result)
        return o
    }

    public static func error(id: JSON?, _ error: RPCError) -> JSON {
        let o = JSON.object()
        o.set("jsonrpc", "2.0")
        o.set("id", id ?? JSON.null())
        o.set("error", error.json())
        return o
    }

    public static func notification(_ method: String, _ params: JSON) -> JSON {
        let o = JSON.object()
        o.set("jsonrpc", "2.0")
        o.set("method", method)
        o.set("params", params)
        return o
    }
}
