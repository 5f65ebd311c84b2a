import Foundation

/// What a training run costs: `cost/training`.
public struct TrainingCostRequest: Sendable, Equatable {
    /// Parameters N and tokens D (FLOPs = 6·N·D), or `flops` directly, or `architecture` + `tokens`.
    public var params: Double?
    public var tokens: Double?
    public var flops: Double?
    /// When given (with `tokens`), FLOPs are counted matmul by matmul, attention included.
    public var architecture: TransformerArchitecture?
    public var recomputeActivations: Bool
    public var hardware: Accelerator
    public var gpus: Int
    /// Model FLOPs utilisation in (0, 1], taken over the whole wall clock (goodput 1 unless
    /// `goodput` is given). Nil with `mfuRange` nil: the range from `Utilization`.
    public var mfu: Double?
    /// A user range for MFU instead of one number (same goodput rule as `mfu`).
    public var mfuRange: FractionRange?
    /// Parameters active per token (mixture-of-experts) for the utilisation scale class and
    /// 6·N·D; nil = `params` (dense).
    public var activeParams: Double?
    public var precision: Precision
    /// Share of wall-clock time spent training; default `Utilization.goodput` with the default
    /// MFU range, 1 when the user gives MFU.
    public var goodput: FractionRange?
    /// US dollars per accelerator-hour; default the hardware row's price range.
    public var pricePerHour: FractionRange?
    /// Discount plan applied to the price (given or from the row); default on-demand.
    public var pricing: PricingPlan
    /// Extra cost on top of compute as a fraction range (0.25–0.40 infrastructure); default none.
    public var overhead: FractionRange?
    /// Power usage effectiveness ≥ 1; default the range `EnergyDefaults.pue`.
    public var pue: Double?
    /// Grid carbon intensity in g CO2e per kWh; default `EnergyDefaults.carbonIntensity`.
    public var carbonIntensity: Double?
    /// What the request's reading adds to the assumptions (a reference model counted on 6·N·D).
    public var notes: [String] = []

    public init(params: Double? = nil, tokens: Double? = nil, flops: Double? = nil,
                architecture: TransformerArchitecture? = nil, recomputeActivations: Bool = false,
                hardware: Accelerator, gpus: Int, mfu: Double? = nil, mfuRange: FractionRange? = nil,
                activeParams: Double? = nil, precision: Precision = .bf16, goodput: FractionRange? = nil,
                pricePerHour: FractionRange? = nil, pricing: PricingPlan = .onDemand, overhead: FractionRange? = nil,
                pue: Double? = nil, carbonIntensity: Double? = nil) {
        self.params = params
        self.tokens = tokens
        self.flops = flops
        self.architecture = architecture
        self.recomputeActivations = recomputeActivations
        self.hardware = hardware
        self.gpus = gpus
        self.mfu = mfu
        self.mfuRange = mfuRange
        self.activeParams = activeParams
        self.precision = precision
        self.goodput = goodput
        self.pricePerHour = pricePerHour
        self.pricing = pricing
        self.overhead = overhead
        self.pue = pue
        self.carbonIntensity = carbonIntensity
    }
}

/// Point fields (`gpuHours`, `wallClockDays`, `mfu`, `energyKwh`, `pue`) are the mids of the
/// ranges beside them.
public struct TrainingCostResult: Sendable, Equatable {
    public var flops: Double
    /// "6ND", "8ND (activation recomputation)", "architecture" or "given".
    public var flopsMethod: String
    /// Per-component FLOPs when counted from the architecture.
    public var flopBreakdown: FlopBreakdown?
    public var gpuHours: Double
    public var wallClockDays: Double
    public var mfu: Double
    public var peakFlopsPerSecond: Double
    /// Nil when neither the request nor the hardware row has a price.
    public var usd: CostRange?
    /// Accelerator energy at TDP × PUE; nil when the row publishes no power figure.
    public var energyKwh: Double?
    public var pue: Double
    /// GPU-hours {low, mid, high}: low with the high MFU and goodput, high with the low ones.
    public var gpuHoursRange: CostRange
    public var wallClockDaysRange: CostRange
    public var mfuRange: CostRange
    public var goodput: CostRange
    /// "table" (Utilization's band), "given" (mfu or mfuRange in the request).
    public var mfuBasis: String
    /// The generation whose band was used; nil when MFU was given.
    public var utilizationBand: String?
    public var pueRange: CostRange
    public var energyKwhRange: CostRange?
    /// kg CO2e = kWh × carbonIntensity / 1000; nil with energy.
    public var co2Kg: CostRange?
    /// g CO2e per kWh used.
    public var carbonIntensity: Double
    public var pricing: PricingPlan
    public var assumptions: [String]
    public var sources: [Citation]
}

public enum TrainingCost {
    public static func estimate(_ r: TrainingCostRequest) throws(DomainError) -> TrainingCostResult {
        var assumptions: [String] = []
        var sources: [Citation] = []
        try Check.positive(r.gpus, field: "gpus", what: "number of accelerators")
        let peak = try r.hardware.peak(for: r.precision)
        if let a = r.activeParams { try Check.positive(a, field: "activeParams", what: "number of parameters") }
        let (flops, method, breakdown) = try countFlops(r, assumptions: &assumptions, sources: &sources)
        assumptions += r.notes
        // The scale the utilisation table needs: active parameters, or the matmul weights the
        // architecture's per-token count implies (forward + backward = 6 FLOPs per weight).
        let scale = r.activeParams ?? r.params
            ?? breakdown.map { ($0.qkv + $0.outputProjection + $0.ffn) / (r.recomputeActivations ? 8 : 6) }

        // MFU and goodput: given, or the utilisation table's band.
        var mfu: FractionRange
        var goodput: FractionRange
        var basis = "given"
        var band: String?
        if r.mfu != nil, r.mfuRange != nil {
            throw .invalidInput(field: "mfu", reason: "give mfu as a number or as a range {low, high}, not both")
        }
        if let m = r.mfu {
            try Check.unitFraction(m, field: "mfu")
            mfu = FractionRange(low: m, high: m)
            assumptions.append("MFU \(Format.general(m * 100)) % (given)")
        } else if let m = r.mfuRange {
            try Check.unitFraction(m.low, field: "mfu.low")
            try Check.unitFraction(m.high, field: "mfu.high")
            guard m.low <= m.high else {
                throw .invalidInput(field: "mfu.low", reason: "low (\(m.low)) must not exceed high (\(m.high))")
            }
            mfu = m
            assumptions.append("MFU \(Format.general(m.low * 100))–\(Format.general(m.high * 100)) % (given)")
        } else {
            let e = Utilization.estimate(accelerator: r.hardware, precision: r.precision, activeParams: scale)
            mfu = e.mfu
            basis = "table"
            band = e.bandGeneration
            assumptions.append("MFU \(fmtPercent(e.mfu.low))–\(fmtPercent(e.mfu.high)) (mid \(fmtPercent(e.mfu.mid))) from the utilisation table")
            assumptions += e.assumptions
            sources += e.sources
        }
        if let g = r.goodput {
            try Check.unitFraction(g.low, field: "goodput.low")
            try Check.unitFraction(g.high, field: "goodput.high")
            guard g.low <= g.high else {
                throw .invalidInput(field: "goodput.low", reason: "low (\(g.low)) must not exceed high (\(g.high))")
            }
            goodput = g
            assumptions.append("goodput \(Format.general(g.low * 100))–\(Format.general(g.high * 100)) % (given)")
        } else if basis == "given" {
            goodput = FractionRange(low: 1, high: 1)
            assumptions.append("goodput 100 %: a given MFU is taken over the whole wall clock; pass goodput (Llama 3 reports >90 %) if it was measured on training steps only")
        } else {
            goodput = Utilization.goodput
        }

        // GPU-hours = FLOPs / (peak · MFU · goodput · 3600); the low end uses the high utilisation.
        let perHour = peak * 3600
        let hours = CostRange(low: flops / (perHour * mfu.high * goodput.high),
                              mid: flops / (perHour * mfu.mid * goodput.mid),
                              high: flops / (perHour * mfu.low * goodput.low))
        let days = hours * (1 / (Double(r.gpus) * 24))
        assumptions.append("GPU-hours = FLOPs / (peak · MFU · goodput · 3600) with \(r.hardware.id) \(r.precision.rawValue) dense peak \(Format.sig(peak)) FLOP/s; wall clock assumes the \(r.gpus) accelerators scale linearly (the MFU absorbs communication)")
        if let c = r.hardware.sources["peakFlopsPerSecond.\(r.precision.rawValue)"] { sources.append(c) }

        var usd: CostRange?
        if let p = r.pricePerHour {
            try p.validate(field: "pricePerHour", max: 1e6, unit: "US dollars per hour")
            usd = r.pricing.apply(to: p.range) * hours
            assumptions.append("price \(Format.general(p.low))–\(Format.general(p.high)) $/accelerator-hour (given); mid = midpoint")
        } else if let p = r.hardware.price {
            usd = r.pricing.apply(to: p.range) * hours
            assumptions.append("price \(Format.general(p.low))–\(Format.general(p.high)) $/accelerator-hour from the \(r.hardware.id) row (\(p.date)); mid = midpoint")
            sources.append(p.source)
        } else {
            assumptions.append("no published price for \(r.hardware.id): usd omitted; pass pricePerHour")
        }
        if usd != nil {
            assumptions.append(r.pricing.statement)
            sources += r.pricing.sources
        }
        if let o = r.overhead {
            try o.validate(field: "overhead")
            usd = usd.map { $0 * o.range.map { 1 + $0 } }
            assumptions.append("overhead +\(Format.general(o.low * 100))–\(Format.general(o.high * 100)) % on compute (given)")
        } else if usd != nil {
            assumptions.append("compute only: no infrastructure (25–40 %) or networking (15–25 %) overhead added; pass overhead to include it")
        }

        let pue: FractionRange
        if let given = r.pue {
            guard given.isFinite, given >= 1, given <= 5 else {
                throw .invalidInput(field: "pue", reason: "expected a power usage effectiveness in [1, 5], got \(given)")
            }
            pue = FractionRange(low: given, high: given)
        } else {
            pue = EnergyDefaults.pue
        }
        let intensity = r.carbonIntensity ?? EnergyDefaults.carbonIntensity
        guard intensity.isFinite, intensity >= 0, intensity <= 2000 else {
            throw .invalidInput(field: "carbonIntensity", reason: "expected grams CO2e per kWh in [0, 2000], got \(intensity)")
        }
        var energy: CostRange?
        var co2: CostRange?
        if let w = r.hardware.powerWatts {
            let kwh = hours * (w / 1000) * pue.range
            energy = kwh
            co2 = kwh * (intensity / 1000)
            if r.pue == nil {
                assumptions.append("energy = GPU-hours × \(Format.general(w)) W TDP × PUE \(Format.general(pue.low))–\(Format.general(pue.high)) (hyperscale fleet to industry average; mid \(Format.general(pue.mid))); accelerators only, at TDP (an upper bound for them; hosts and network not included)")
                sources += EnergyDefaults.pueCitations
            } else {
                assumptions.append("energy = GPU-hours × \(Format.general(w)) W TDP × PUE \(Format.general(pue.low)) (given); accelerators only, at TDP (an upper bound for them; hosts and network not included)")
            }
            if let c = r.hardware.sources["powerWatts"] { sources.append(c) }
            if r.carbonIntensity == nil {
                assumptions.append("CO2e = kWh × \(Format.general(intensity)) g/kWh (2023 world average); pass carbonIntensity for the grid the run uses")
                sources.append(EnergyDefaults.carbonCitation)
            } else {
                assumptions.append("CO2e = kWh × \(Format.general(intensity)) g/kWh (given)")
            }
        } else {
            assumptions.append("\(r.hardware.id) publishes no power figure: energyKwh and co2Kg omitted")
        }
        guard hours.isFinite, usd?.isFinite ?? true else {
            throw .numerical("training cost is not finite for \(Format.sig(flops)) FLOPs")
        }
        return TrainingCostResult(flops: flops, flopsMethod: method, flopBreakdown: breakdown, gpuHours: hours.mid,
                                  wallClockDays: days.mid, mfu: mfu.mid, peakFlopsPerSecond: peak, usd: usd,
                                  energyKwh: energy?.mid, pue: pue.mid, gpuHoursRange: hours, wallClockDaysRange: days,
                                  mfuRange: mfu.range, goodput: goodput.range, mfuBasis: basis, utilizationBand: band,
                                  pueRange: pue.range, energyKwhRange: energy, co2Kg: co2, carbonIntensity: intensity,
                                  pricing: r.pricing, assumptions: assumptions, sources: sources)
    }

    static func countFlops(_ r: TrainingCostRequest, assumptions: inout [String], sources: inout [Citation])
        throws(DomainError) -> (Double, String, FlopBreakdown?) {
        if let f = r.flops {
            guard r.params == nil, r.tokens == nil, r.architecture == nil else {
                throw .invalidInput(field: "flops", reason: "give either flops or params/tokens/architecture, not both")
            }
            try Check.positive(f, field: "flops", what: "number of FLOPs")
            assumptions.append("FLOPs given: \(Format.sig(f))")
            return (f, "given", nil)
        }
        guard let d = r.tokens else {
            throw .invalidInput(field: "tokens", reason: "needed with params or architecture (or give flops)")
        }
        try Check.positive(d, field: "tokens", what: "number of tokens")
        if let a = r.architecture {
            try a.validate()
            let b = a.trainingFlopsPerToken(recomputeActivations: r.recomputeActivations)
            let keys = a.attention == .causal ? "causal, (s + 1) / 2 keys per query on average" : "every query over the whole sequence, 12·L·H·Q·T per token as PaLM's MFU counts it"
            let window = a.slidingWindow.map { "; \($0.windowedLayers(of: a.layers)) of \(a.layers) layers attend to at most \($0.size) keys" } ?? ""
            let experts = a.moe.map { "; mixture of experts: the \($0.expertsPerToken) routed and \($0.sharedExperts) shared experts a token uses and the router (active parameters), not all \($0.routedExperts)" } ?? ""
            let latent = a.mla.map { "; latent attention: MLA's projections, scores over \($0.qkNopeHeadDim) + \($0.qkRopeHeadDim) dims per head, values of \($0.vHeadDim)" } ?? ""
            assumptions.append("FLOPs counted from the architecture per EleutherAI's cookbook: \(Format.sig(b.total)) per token × \(Format.sig(d)) tokens = 2 FLOPs per active weight and token × \(r.recomputeActivations ? "4 (forward, recomputed forward, backward)" : "3 (forward + backward)") plus attention scores and context at sequence length \(a.sequenceLength) (\(keys))\(window)\(experts)\(latent); attention adds \(Format.general(((b.attentionScores + b.attentionOverValues) / max(b.total - b.attentionScores - b.attentionOverValues, 1) * 1000).rounded() / 10)) % to the weights' FLOPs")
            sources.append(CostDefaults.cookbookCitation)
            return (b.total * d, "architecture", b)
        }
        guard let n = r.params else {
            throw .invalidInput(field: "params", reason: "needed with tokens (or give flops or architecture)")
        }
        try Check.positive(n, field: "params", what: "number of parameters")
        let k = r.recomputeActivations ? 8.0 : 6.0
        if let a = r.activeParams {
            guard a <= n else {
                throw .invalidInput(field: "activeParams", reason: "active parameters (\(Format.sig(a))) cannot exceed params (\(Format.sig(n)))")
            }
            assumptions.append("FLOPs = \(Int(k))·N_active·D = \(Int(k)) × \(Format.sig(a)) × \(Format.sig(d)) (mixture of experts: \(Format.sig(a)) of \(Format.sig(n)) parameters active per token; attention and routing not counted)")
            sources.append(CostDefaults.sixNDCitation)
            return (k * a * d, r.recomputeActivations ? "8ND" : "6ND", nil)
        }
        assumptions.append("FLOPs = \(Int(k))·N·D = \(Int(k)) × \(Format.sig(n)) × \(Format.sig(d)) (dense transformer, attention not counted)")
        sources.append(CostDefaults.sixNDCitation)
        return (k * n * d, r.recomputeActivations ? "8ND" : "6ND", nil)
    }
}

