import Foundation

/// Numbers for people to read: CLI tables, editor hints and hovers, assumption strings.
/// The wire carries plain numbers; these are only for text.
public enum Format {
    /// 3 significant figures with K/M/B/T suffixes: `6.7B`, `134B`, `1.4T`; beyond 1e15, `sci`.
    public static func short(_ x: Double) -> String {
        let a = abs(x)
        guard x.isFinite else { return "\(x)" }
        if a >= 1e15 { return sci(x) }
        let (value, suffix): (Double, String) =
            a >= 1e12 ? (x / 1e12, "T") : a >= 1e9 ? (x / 1e9, "B") :
            a >= 1e6 ? (x / 1e6, "M") : a >= 1e3 ? (x / 1e3, "K") : (x, "")
        return sig3(value) + suffix
    }

    /// Two significant figures in scientific notation: `5.4e21`; 1 to 9999 as `sig3`.
    public static func sci(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return "\(x)" }
        if abs(x) < 1e4 && abs(x) >= 1 { return sig3(x) }
        let exponent = Int(floor(log10(abs(x))))
        var mantissa = x / pow(10, Double(exponent))
        mantissa = (mantissa * 10).rounded() / 10
        var e = exponent
        if abs(mantissa) >= 10 { mantissa /= 10; e += 1 }
        let m = mantissa == mantissa.rounded() ? String(Int(mantissa)) : String(format: "%.1f", mantissa)
        return "\(m)e\(e)"
    }

    /// 3 significant figures without exponent: 6.73, 20.1, 134.
    public static func sig3(_ x: Double) -> String {
        let a = abs(x)
        if a >= 100 { return String(format: "%.0f", x) }
        if a >= 10 { return String(format: "%.1f", x) }
        if a >= 1 { return String(format: "%.2f", x) }
        return String(format: "%.3g", x)
    }

    /// Whole numbers as they are (below 1e15), others to `digits` significant figures: exact
    /// enough for assumption strings a user recomputes by hand.
    public static func general(_ x: Double, digits: Int = 4) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        return sig(x, digits)
    }

    /// `%g` to `digits` significant figures, exponents without `+`: `5.76e23`, `0.3478`.
    public static func sig(_ x: Double, _ digits: Int = 4) -> String {
        String(format: "%.\(max(1, min(digits, 17)))g", x).replacingOccurrences(of: "e+", with: "e")
    }

    /// A fixed number of decimals: `fixed(18.42, 1)` is `18.4`.
    public static func fixed(_ x: Double, _ digits: Int) -> String {
        String(format: "%.\(max(0, min(digits, 12)))f", x)
    }

    /// An integer with thousands separators: 14,336. Beyond 1e18, `sci`.
    public static func int(_ x: Double) -> String {
        guard x.isFinite, abs(x) < 1e18 else { return sci(x) }
        let n = Int64(x.rounded())
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// US dollars with separators: `$542,201`; cents below $100: `$2.49`.
    public static func usd(_ x: Double) -> String {
        guard x.isFinite else { return "$\(x)" }
        if abs(x) < 100 { return (x < 0 ? "-$" : "$") + String(format: "%.2f", abs(x)) }
        return (x < 0 ? "-$" : "$") + int(abs(x))
    }

    /// A range as people read it: `1.2–2.0M` (one suffix when both ends share it), or one value
    /// when low and high agree to the digits shown.
    public static func range(_ low: Double, _ high: Double) -> String {
        let a = short(low), b = short(high)
        if a == b { return a }
        let suffixes: Set<Character> = ["K", "M", "B", "T"]
        if let sa = a.last, let sb = b.last, sa == sb, suffixes.contains(sa) {
            return "\(a.dropLast())–\(b)"
        }
        return "\(a)–\(b)"
    }

    /// A dollar range: `$1.2–2.0M`, `$540–620`.
    public static func usdRange(_ low: Double, _ high: Double) -> String {
        if max(abs(low), abs(high)) < 1e4 {
            let a = usd(low), b = usd(high)
            return a == b ? a : "\(a)–\(b.dropFirst())"
        }
        return "$" + range(low, high)
    }
}
