/// Counts derived from doubles (accelerators, replicas, batch, samples). `Int(x)` traps on
/// NaN and past Int.max, so a finite but absurd input (1e300 tokens) ended the process; here
/// the count is refused past 2^53 (beyond it a double no longer holds whole numbers exactly,
/// and products of two such counts could overflow Int) as a numerical error that names the
/// input.
extension DomainError {
    public static let maxCount = Double(1 << 53)

    public static func count(_ x: Double, _ what: String, input: String) throws(DomainError) -> Int {
        guard let n = wholeCount(x) else {
            throw .numerical("\(what) would be \(x.isFinite ? "\(x)" : "not finite"): \(input) is outside the range this estimate can count")
        }
        return n
    }
}

/// `x` as an Int when it is finite and at most 2^53 in magnitude (rounded towards zero), else nil.
public func wholeCount(_ x: Double) -> Int? {
    guard x.isFinite, abs(x) <= DomainError.maxCount else { return nil }
    return Int(x)
}
