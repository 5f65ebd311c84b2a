import Foundation

/// An input that may have pushed a result out of range, with an ordinary value for it.
struct Suspect {
    let field: String
    let value: Double
    let ordinary: Double

    /// Orders of magnitude between the value and an ordinary one (a zero counts as very far).
    var distance: Double {
        guard value > 0, ordinary > 0 else { return value == 0 ? 400 : 0 }
        let d = abs(log10(value) - log10(ordinary))
        return d.isFinite ? d : 700
    }
}

/// Turns results that leave the finite range into errors that name the input responsible:
/// the suspect furthest, in orders of magnitude, from an ordinary value.
enum NonFiniteInput {
    static func culprit(_ suspects: [Suspect]) -> Suspect? {
        suspects.max { $0.distance < $1.distance }
    }

    static func check(_ x: Double, _ what: String, suspects: [Suspect]) throws(DomainError) {
        guard !x.isFinite else { return }
        guard let c = culprit(suspects) else { throw .numerical("\(what) is not finite") }
        throw .invalidInput(field: c.field, reason: "\(c.value) makes the \(what) leave the range of finite numbers")
    }

    /// A non-negative Double as an Int (through `wholeCount`, the one checked conversion),
    /// throwing and naming the suspect instead of trapping when it is not finite or exceeds `limit`.
    static func int(_ x: Double, _ what: String, limit: Double, suspects: [Suspect]) throws(DomainError) -> Int {
        guard x <= limit, let n = wholeCount(max(0, x)) else {
            guard let c = culprit(suspects) else { throw .numerical("\(what) is not finite") }
            throw .invalidInput(field: c.field, reason: "\(c.value) makes the \(what) exceed \(Format.sig(limit))")
        }
        return n
    }
}
