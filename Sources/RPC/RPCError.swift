import Foundation
import JSON

/// A JSON-RPC error object. `data` carries `{field, reason}` for invalid params, so a
/// client can point at the offending field.
public struct RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    public var message: String
    public var field: String?
    public var reason: String?
    /// Extra members for `data` (string values only; keeps the type Sendable).
    public var extra: [String: String]

    public init(code: Int, message: String, field: String? = nil, reason: String? = nil, extra: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.field = field
        self.reason = reason
        self.extra = extra
    }

    public var description: String { "\(code) \(message)" }

    // JSON-RPC 2.0 and LSP codes.
    public static let parseErrorCode = -32700
    public static let invalidRequestCode = -32600
    public static let methodNotFoundCode = -32601
    public static let invalidParamsCode = -32602
    public static let internalErrorCode = -32603
    public static let requestCancelledCode = -32800
    /// Application range: the input was valid but the domain has no answer (a loss below
    /// the law's floor, a fit that did not converge).
    public static let domainErrorCode = -32001
    public static let numericalErrorCode = -32002

    public static func parseError(_ detail: String) -> RPCError {
        RPCError(code: parseErrorCode, message: "Parse error: \(detail)")
    }

    public static func invalidRequest(_ detail: String) -> RPCError {
        RPCError(code: invalidRequestCode, message: "Invalid request: \(detail)")
    }

    public static func methodNotFound(_ method: String) -> RPCError {
        RPCError(code: methodNotFoundCode, message: "Method not found: \(method)", extra: ["method": method])
    }

    public static func invalidParams(field: String, reason: String) -> RPCError {
        RPCError(code: invalidParamsCode, message: "Invalid params: \(field): \(reason)", field: field, reason: reason)
    }

    public static func invalidParams(_ e: FieldError) -> RPCError {
        invalidParams(field: e.field, reason: e.reason)
    }

    public static func internalError(_ detail: String) -> RPCError {
        RPCError(code: internalErrorCode, message: "Internal error: \(detail)")
    }

    /// A derived quantity that is not finite (an overflow to inf, 0 × inf): -32002, naming the
    /// input most likely to blame, the numeric field of the params farthest from 1 in orders
    /// of magnitude (1e300 or 1e-300 rather than 0.5). `data.result` names the quantity.
    public static func nonFinite(_ e: JSONEncodingError, params: JSON?) -> RPCError {
        nonFinite(e, culprit: params.flatMap { extremeNumber(in: $0, path: "params") })
    }

    public static func nonFinite(_ e: JSONEncodingError, culprit: (path: String, text: String)?) -> RPCError {
        var message = "Numerical error: the result's \(e.field) would be \(e.value), which is not a finite number"
        var extra = ["result": e.field]
        if let culprit {
            message += "; the input \(culprit.path) = \(culprit.text) is outside the range where this computation is finite"
            extra["value"] = culprit.text
        }
        return RPCError(code: numericalErrorCode, message: message, field: culprit?.path,
                        reason: culprit.map { _ in "too large or too small for this computation (a result is not finite)" }, extra: extra)
    }

    /// The numeric leaf of `value` with the largest |log10 |x||, ignoring zeros and protocol members.
    static func extremeNumber(in value: JSON, path: String) -> (path: String, text: String)? {
        var best: (path: String, text: String, score: Double)? = nil
        func visit(_ v: JSON, _ p: String, depth: Int) {
            guard depth < 32 else { return }
            switch v.kind {
            case .object:
                for key in v.keys where key != "workDoneToken" && key != "_meta" {
                    if let child = v[key] { visit(child, "\(p).\(key)", depth: depth + 1) }
                }
            case .array:
                for (i, child) in v.elements.prefix(10_000).enumerated() { visit(child, "\(p)[\(i)]", depth: depth + 1) }
            case .integer, .real:
                guard let d = v.double, d != 0, d.isFinite else { return }
                let score = abs(log10(abs(d)))
                if best == nil || score > best!.score { best = (p, v.dumped(), score) }
            default:
                return
            }
        }
        visit(value, path, depth: 0)
        return best.map { ($0.path, $0.text) }
    }

    public static let cancelled = RPCError(code: requestCancelledCode, message: "Request cancelled")

    public func json() -> JSON {
        let o = JSON.object()
        o.set("code", code)
        o.set("message", message)
        if field != nil || reason != nil || !extra.isEmpty {
            let data = JSON.object()
            data.set("field", field)
            data.set("reason", reason)
            for (k, v) in extra.sorted(by: { $0.key < $1.key }) { data.set(k, v) }
            o.set("data", data)
        }
        return o
    }
}
