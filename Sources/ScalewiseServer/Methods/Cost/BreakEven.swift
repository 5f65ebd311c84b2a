import Foundation
import JSON
import ScalingCore

/// The one-division forms of `cost/tco` and `cost/overtrain`: inputs exact, so no range.
enum BreakEven {
    static let citation = Citation(
        title: "Scaling Laws: The Science of Model Scaling (LLM Fundamentals course module)",
        detail: "rules of thumb with the module's economics examples: days = training $ / ($ per request × requests per day): $10M, $0.01, 1e9/day → 1 day; overtraining: extra training $ / (saving per request × requests per day): $5M, $0.001, 1e7/day → 500 days")

    /// A required number (sign checked by the domain, which names the same field).
    static func required(_ f: Fields, _ key: String, _ expected: String) throws(FieldError) -> Double {
        guard f.has(key) else { throw FieldError(field: f.fieldPath(key), reason: "is required: expected \(expected)") }
        return try f.number(key)
    }
}
