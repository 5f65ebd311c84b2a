import Foundation
import JSON
import ScalingCore

/// `scaling/optimal` with a dollar budget: `{usd, hardware, mfu?, precision?, pricePerHour?}`
/// instead of `flops`. FLOPs = usd / ($/accelerator-hour) × peak × MFU × goodput × 3600; the mid
/// price and utilisation give the budget the allocation is computed for, the high price with the low
/// utilisation the low budget and the low price with the high one the high budget. Without `mfu`
/// the utilisation is cost/training's range (`Utilization`: MFU band × goodput); a given `mfu`
/// is taken over the whole wall clock.
public struct BudgetFlops: Sendable {
    public internal(set) var usd: Double
    public internal(set) var hardware: Accelerator
    /// The mid utilisation used (MFU × goodput without `mfu`).
    public internal(set) var mfu: Double
    public internal(set) var mfuGiven: Bool
    /// The utilisation table's estimate when no `mfu` was given.
    public internal(set) var band: Utilization.Estimate?
    public internal(set) var precision: Precision
    /// Dense peak FLOP/s of `hardware` at `precision`.
    public internal(set) var peak: Double
    /// US dollars per accelerator-hour.
    public internal(set) var price: CostRange
    public internal(set) var priceDate: String?
    public internal(set) var priceSource: Citation?
    /// What the budget buys: the high price at the low utilisation gives low, the low price at the high one high.
    public internal(set) var flops: CostRange

    public var gpuHours: CostRange { CostRange(low: usd / price.high, mid: usd / price.mid, high: usd / price.low) }

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
        // Scale unknown before the allocation: the band without a scale class.
        let band = mfu == nil ? Utilization.estimate(accelerator: hw, precision: precision, activeParams: nil) : nil
        let utilisation = mfu.map { FractionRange(low: $0, high: $0) }
            ?? band.map { FractionRange(low: $0.mfu.low * $0.goodput.low, high: $0.mfu.high * $0.goodput.high) }!
        let m = mfu ?? band.map { $0.mfu.mid * $0.goodput.mid }!
        // FLOPs per dollar = peak · utilisation · 3600 / price; the dearest price at the lowest utilisation buys the fewest.
        let flops = CostRange(low: usd / price.high * peak * utilisation.low * 3600, mid: usd / price.mid * peak * m * 3600,
                              high: usd / price.low * peak * utilisation.high * 3600)
        guard flops.isFinite else {
            throw FieldError(field: params.fieldPath("usd"), reason: "buys more than 1.8e308 FLOPs on \(hw.id): not a budget this model can answer")
        }
        // The budget's own fields are named, not the flops the client never sent.
        guard flops.mid >= ComputeOptimal.minimumFlops else {
            throw FieldError(field: params.fieldPath(mfu != nil && m < 1e-6 ? "mfu" : "usd"),
                             reason: "buys \(Format.sig(flops.mid)) FLOPs on \(hw.id) (MFU \(Format.sig(m)), $\(Format.sig(price.mid))/hour): below \(Format.sig(ComputeOptimal.minimumFlops)), one parameter on one token")
        }
        return BudgetFlops(usd: usd, hardware: hw, mfu: m, mfuGiven: mfu != nil, band: band, precision: precision, peak: peak,
                           price: price, priceDate: date, priceSource: source, flops: flops)
    }


    /// Adds `budget` to an allocation result and its assumptions and sources.
    func annotate(_ result: JSON) throws(JSONEncodingError) {
        let b = JSON.object()
        try b.set("usd", usd)
        b.set("flops", try DomainJSON.range(flops))
        b.set("gpuHours", try DomainJSON.range(gpuHours))
        b.set("hardware", CostJSON.hardwareRef(hardware))
        try b.set("mfu", mfu)
        b.set("precision", precision.rawValue)
        try b.set("peakFlopsPerSecond", peak)
        let p = try DomainJSON.range(price)
        p.set("date", priceDate)
        if let priceSource { p.set("source", DomainJSON.citation(priceSource)) }
        b.set("pricePerHour", p)
        result.set("budget", b)

        let assumptions = result["assumptions"] ?? JSON.array()
        for n in notes { assumptions.append(n) }
        result.set("assumptions", assumptions)
        let sources = result["sources"]?.copy() ?? JSON.array()  // a new array: the shared sources stay as they are
        for c in citations { sources.append(DomainJSON.citation(c)) }
        result.set("sources", sources)
    }

    /// What the answer assumes about the budget, after the allocation's own assumptions.
    public var notes: [String] {
        [
            "budget: $\(Format.sig(usd, 6)) / \(Format.sig(price.mid, 6)) $/accelerator-hour (mid of \(Format.sig(price.low, 6))–\(Format.sig(price.high, 6))\(priceDate.map { ", \($0)" } ?? ", given")) × \(hardware.id) \(precision.rawValue) dense peak \(Format.sig(peak, 6)) FLOP/s × utilisation \(Format.sig(mfu, 6)) × 3600 s = \(Format.sig(flops.mid, 6)) FLOPs; the allocation is for this mid budget (low \(Format.sig(flops.low, 6)) FLOPs at the high price and low utilisation, high \(Format.sig(flops.high, 6)) at the low price and high utilisation)",
        ] + (band.map { b in
            ["utilisation: the utilisation table's MFU \(Format.sig(b.mfu.low, 4))–\(Format.sig(b.mfu.high, 4)) (\(b.bandGeneration) band, as cost/training; no scale class: the model size is what is being chosen) × goodput \(Format.general(b.goodput.low))–\(Format.general(b.goodput.high)); the mid \(Format.sig(mfu, 4)) sets the allocation; pass mfu to set it"]
        } ?? ["MFU \(Format.sig(mfu, 6)) (given, over the whole wall clock)"])
    }

    /// The budget's sources: the price, the hardware's peak and the utilisation table's rows (when `mfu` was not given).
    public var citations: [Citation] {
        var out: [Citation] = []
        if let priceSource { out.append(priceSource) }
        if let c = hardware.sources["peakFlopsPerSecond.\(precision.rawValue)"] { out.append(c) }
        out += band?.sources ?? []
        return out
    }
}
