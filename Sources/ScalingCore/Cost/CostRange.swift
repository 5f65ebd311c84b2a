/// A quantity known as a range: `{low, mid, high}` on the wire.
/// Sums and scalings apply to each bound separately (low with low, high with high).
public struct CostRange: Sendable, Equatable {
    public var low: Double
    public var mid: Double
    public var high: Double

    public init(low: Double, mid: Double, high: Double) {
        self.low = low
        self.mid = mid
        self.high = high
    }

    /// A range whose bounds coincide.
    public init(exactly value: Double) {
        self.init(low: value, mid: value, high: value)
    }

    /// A range from low and high with mid = (low + high) / 2.
    public static func between(_ low: Double, _ high: Double) -> CostRange {
        CostRange(low: low, mid: (low + high) / 2, high: high)
    }

    public static let zero = CostRange(exactly: 0)

    public static func + (a: CostRange, b: CostRange) -> CostRange {
        CostRange(low: a.low + b.low, mid: a.mid + b.mid, high: a.high + b.high)
    }

    public static func * (a: CostRange, k: Double) -> CostRange {
        CostRange(low: a.low * k, mid: a.mid * k, high: a.high * k)
    }

    /// Bound-by-bound product (price range × quantity range).
    public static func * (a: CostRange, b: CostRange) -> CostRange {
        CostRange(low: a.low * b.low, mid: a.mid * b.mid, high: a.high * b.high)
    }

    public func map(_ f: (Double) -> Double) -> CostRange {
        CostRange(low: f(low), mid: f(mid), high: f(high))
    }

    public var isFinite: Bool { low.isFinite && mid.isFinite && high.isFinite }
}

/// A fraction known as a range (overheads, growth): `{low, high}` on the wire, mid = midpoint.
public struct FractionRange: Sendable, Equatable {
    public var low: Double
    public var high: Double

    public init(low: Double, high: Double) {
        self.low = low
        self.high = high
    }

    public var mid: Double { (low + high) / 2 }
    public var range: CostRange { CostRange(low: low, mid: mid, high: high) }

    /// Checks 0 ≤ low ≤ high ≤ `max`, naming "\(field).low" / "\(field).high". `unit` says
    /// what the numbers are (a fraction by default; dollars for prices).
    public func validate(field: String, max: Double = 10, unit: String = "a fraction (0.25 means 25 %)") throws(DomainError) {
        try Check.nonNegative(low, field: "\(field).low")
        try Check.nonNegative(high, field: "\(field).high")
        guard low <= high else {
            throw .invalidInput(field: "\(field).low", reason: "low (\(low)) must not exceed high (\(high))")
        }
        guard high <= max else {
            throw .invalidInput(field: "\(field).high", reason: "expected \(unit) of at most \(Format.general(max)), got \(Format.general(high))")
        }
    }
}

/// Input checks that name the offending field (relative to the request params).
enum Check {
    static func positive(_ x: Double, field: String, what: String = "number") throws(DomainError) {
        guard x.isFinite, x > 0 else {
            throw .invalidInput(field: field, reason: "expected a positive finite \(what), got \(x)")
        }
    }

    static func nonNegative(_ x: Double, field: String, what: String = "number") throws(DomainError) {
        guard x.isFinite, x >= 0 else {
            throw .invalidInput(field: field, reason: "expected a finite \(what) ≥ 0, got \(x)")
        }
    }

    static func positive(_ n: Int, field: String, what: String = "integer") throws(DomainError) {
        guard n > 0 else {
            throw .invalidInput(field: field, reason: "expected a positive \(what), got \(n)")
        }
    }

    /// MFU and similar utilisations: in (0, 1].
    static func unitFraction(_ x: Double, field: String) throws(DomainError) {
        guard x.isFinite, x > 0, x <= 1 else {
            throw .invalidInput(field: field, reason: "expected a fraction in (0, 1] (0.4 means 40 %), got \(x)")
        }
    }

    static func finite(_ r: CostRange, _ what: String) throws(DomainError) {
        guard r.isFinite else { throw .numerical("\(what) is not finite") }
    }
}
