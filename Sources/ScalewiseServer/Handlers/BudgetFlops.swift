import Foundation
import JSON
import ScalingCore

/// `scaling/optimal` with a dollar budget: `{usd, hardware, mfu?, precision?, pricePerHour?}`
/// instead of `flops`. FLOPs = usd / ($/accelerator-hour) × peak × MFU × 3600; the mid price
/// gives the budget the allocation is computed for, the high price the low budget and the low
/// price the high one.
struct BudgetFlops {
    static let keys: Set<String> = ["usd", "hardware", "mfu", "precision", "pricePerHour"]

    var usd: Double
    var hardware: Accelerator
    var mfu: Double
    var mfuGiven: Bool
    var precision: Precision
    var peak: Double
    var price: CostRange
    var priceDate: String?
    var priceSource: Citation?
    var flops: CostRange

    /// Nil when the request has no `usd` (a FLOP or target-loss question).
    static func resolve(_ params: Fields, catalog: HardwareCatalog) throws -> BudgetFlops? {
        guard params.has("usd") else {
            if let key = ["hardware", "mfu", "precision", "pricePerHour"].first(where: params.has) {
                throw FieldError(field: params.fieldPath(key), reason: "only applies to a dollar budget: give usd as well (or drop \(key))")
            }
            return nil
        }
        guard !params.has("flops"), !params.has("targetLoss") else {
            throw FieldError(field: params.fieldPath("usd"), reason: "give one of flops, usd or targetLoss")
        }
        let usd = try params.positiveNumber("usd")
        let hw = try CostDecoding.hardware(params, catalog)
        let mfu = try CostDecoding.unitFraction(params, "mfu")
        let precision = try CostDecoding.precision(params)
        let peak = try hw.peak(for: precision, field: params.fieldPath("precision"))
        var price: CostRange, date: String?, source: Citation?
        if let p = try CostDecoding.fractionRange(params, "pricePerHour") {
            guard p.low > 0 else { throw FieldError(field: params.fieldPath("pricePerHour.low"), reason: "a dollar budget needs a price above 0") }
            price = p.range
        } else if let p = hw.price {
            guard p.low > 0 else { throw FieldError(field: params.fieldPath("pricePerHour"), reason: "\(hw.id)'s price range starts at 0; give pricePerHour") }
            price = p.range; date = p.date; source = p.source
        } else {
            throw FieldError(field: params.fieldPath("pricePerHour"), reason: "\(hw.id) has no published price; give pricePerHour {low, high}")
        }
        let m = mfu ?? CostDefaults.mfu
        // FLOPs per dollar = peak · MFU · 3600 / price; the dearest price buys the fewest FLOPs.
        let perHour = peak * m * 3600
        let flops = CostRange(low: usd / price.high * perHour, mid: usd / price.mid * perHour, high: usd / price.low * perHour)
        guard flops.isFinite else {
            throw FieldError(field: params.fieldPath("usd"), reason: "buys more than 1.8e308 FLOPs on \(hw.id): not a budget this model can answer")
        }
        // The budget's own fields are named, not the flops the client never sent.
        guard flops.mid >= ComputeOptimal.minimumFlops else {
            throw FieldError(field: params.fieldPath(mfu != nil && m < 1e-6 ? "mfu" : "usd"),
                             reason: "buys \(Format.sig(flops.mid)) FLOPs on \(hw.id) (MFU \(Format.sig(m)), $\(Format.sig(price.mid))/hour): below \(Format.sig(ComputeOptimal.minimumFlops)), one parameter on one token")
        }
        return BudgetFlops(usd: usd, hardware: hw, mfu: m, mfuGiven: mfu != nil, precision: precision, peak: peak,
                           price: price, priceDate: date, priceSource: source, flops: flops)
    }


    /// Adds `budget` to an allocation result and its assumptions and sources.
    func annotate(_ result: JSON) throws(JSONEncodingError) {
        let b = JSON.object()
        try b.set("usd", usd)
        b.set("flops", try DomainJSON.range(flops))
        b.set("gpuHours", try DomainJSON.range(CostRange(low: usd / price.high, mid: usd / price.mid, high: usd / price.low)))
        b.set("hardware", CostJSON.hardwareRef(hardware))
        try b.set("mfu", mfu)
        b.set("precision", precision.rawValue)
        try b.set("peakFlopsPerSecond", peak)
        let p = try DomainJSON.range(price)
        p.set("date", priceDate)
        if let priceSource { p.set("source", DomainJSON.citation(priceSource)) }
        b.set("pricePerHour", p)
        result.set("budget", b)

        let notes = [
            "budget: $\(Format.sig(usd, 6)) / \(Format.sig(price.mid, 6)) $/accelerator-hour (mid of \(Format.sig(price.low, 6))–\(Format.sig(price.high, 6))\(priceDate.map { ", \($0)" } ?? ", given")) × \(hardware.id) \(precision.rawValue) dense peak \(Format.sig(peak, 6)) FLOP/s × MFU \(Format.sig(mfu, 6)) × 3600 s = \(Format.sig(flops.mid, 6)) FLOPs; the allocation is for this mid budget (low \(Format.sig(flops.low, 6)) FLOPs at the high price, high \(Format.sig(flops.high, 6)) at the low price)",
            mfuGiven ? "MFU \(Format.sig(mfu, 6)) (given)" : "MFU 30 % (default: Epoch AI's assumption when unknown; tuned large runs report 38–56 %)",
        ]
        let assumptions = result["assumptions"] ?? JSON.array()
        for n in notes { assumptions.append(n) }
        result.set("assumptions", assumptions)
        let sources = result["sources"]?.copy() ?? JSON.array()  // a new array: the shared sources stay as they are
        if let priceSource { sources.append(DomainJSON.citation(priceSource)) }
        if let c = hardware.sources["peakFlopsPerSecond.\(precision.rawValue)"] { sources.append(DomainJSON.citation(c)) }
        if !mfuGiven { sources.append(DomainJSON.citation(CostDefaults.mfuCitation)) }
        result.set("sources", sources)
    }
}
