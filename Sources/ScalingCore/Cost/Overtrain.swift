/// Should a smaller model be trained longer because inference dominates? `cost/overtrain`.
public struct ModelRun: Sendable, Equatable {
    public var params: Double
    public var tokens: Double

    public init(params: Double, tokens: Double) {
        self.params = params
        self.tokens = tokens
    }
}

public struct OvertrainRequest: Sendable, Equatable {
    public var large: ModelRun
    public var small: ModelRun
    public var requestsPerDay: Double
    /// Tokens processed per request (input + output), each costing 2·N FLOPs.
    public var tokensPerRequest: Double
    public var hardware: Accelerator
    /// Training MFU; default the mid of the utilisation band (`Utilization`, at the small model's scale)
    /// times the mid goodput. Inference utilisation defaults to the same.
    public var mfu: Double?
    public var inferenceMfu: Double?
    public var precision: Precision
    public var pricePerHour: FractionRange?

    public init(large: ModelRun, small: ModelRun, requestsPerDay: Double, tokensPerRequest: Double,
                hardware: Accelerator, mfu: Double? = nil, inferenceMfu: Double? = nil, precision: Precision = .bf16,
                pricePerHour: FractionRange? = nil) {
        self.large = large
        self.small = small
        self.requestsPerDay = requestsPerDay
        self.tokensPerRequest = tokensPerRequest
        self.hardware = hardware
        self.mfu = mfu
        self.inferenceMfu = inferenceMfu
        self.precision = precision
        self.pricePerHour = pricePerHour
    }
}

public struct OvertrainResult: Sendable, Equatable {
    /// 6·N_small·D_small − 6·N_large·D_large (negative: the small run is cheaper outright).
    public var extraTrainingFlops: Double
    public var extraTrainingUsd: CostRange
    /// 2·(N_large − N_small)·tokensPerRequest·requestsPerDay.
    public var inferenceFlopsSavedPerDay: Double
    public var inferenceSavingUsdPerDay: CostRange
    /// extra training / saving per day; 0 when the small run costs no more; nil when nothing is saved.
    public var breakEvenDays: CostRange?
    public var assumptions: [String]
    public var sources: [Citation]
}

public enum Overtrain {
    public static func estimate(_ r: OvertrainRequest) throws(DomainError) -> OvertrainResult {
        for (name, run) in [("large", r.large), ("small", r.small)] {
            try Check.positive(run.params, field: "\(name).params", what: "number of parameters")
            try Check.positive(run.tokens, field: "\(name).tokens", what: "number of tokens")
        }
        guard r.small.params < r.large.params else {
            throw .invalidInput(field: "small.params", reason: "the small model (\(r.small.params)) must have fewer parameters than the large one (\(r.large.params))")
        }
        try Check.positive(r.requestsPerDay, field: "requestsPerDay", what: "number of requests")
        try Check.positive(r.tokensPerRequest, field: "tokensPerRequest", what: "number of tokens")
        // A point is needed here: the band's mid MFU times the mid goodput, the mid cost/training uses.
        let band = r.mfu == nil ? Utilization.estimate(accelerator: r.hardware, precision: r.precision, activeParams: r.small.params) : nil
        let mfu = r.mfu ?? band.map { $0.mfu.mid * $0.goodput.mid }!
        try Check.unitFraction(mfu, field: "mfu")
        let imfu = r.inferenceMfu ?? mfu
        try Check.unitFraction(imfu, field: "inferenceMfu")
        let peak = try r.hardware.peak(for: r.precision)
        var sources = [CostDefaults.sixNDCitation]
        let price: CostRange
        if let p = r.pricePerHour {
            try p.validate(field: "pricePerHour", max: 1e6, unit: "US dollars per hour")
            price = p.range
        } else if let p = r.hardware.price {
            price = p.range
            sources.append(p.source)
        } else {
            throw .invalidInput(field: "pricePerHour", reason: "no published price for \(r.hardware.id); give pricePerHour")
        }
        let extraFlops = 6 * r.small.params * r.small.tokens - 6 * r.large.params * r.large.tokens
        let savedFlops = 2 * (r.large.params - r.small.params) * r.tokensPerRequest * r.requestsPerDay
        // Dollars per FLOP = price per hour / (peak · utilisation · 3600).
        let extraUsd = price * (extraFlops / (peak * mfu * 3600))
        let savingUsd = price * (savedFlops / (peak * imfu * 3600))
        let days = extraFlops <= 0 ? CostRange.zero
            : CostRange(low: extraUsd.low / savingUsd.low, mid: extraUsd.mid / savingUsd.mid, high: extraUsd.high / savingUsd.high)
        if let band { sources += band.sources }
        return OvertrainResult(
            extraTrainingFlops: extraFlops, extraTrainingUsd: extraUsd, inferenceFlopsSavedPerDay: savedFlops,
            inferenceSavingUsdPerDay: savingUsd, breakEvenDays: days.isFinite ? days : nil,
            assumptions: (band.map { b in
                ["training utilisation \(Format.general((mfu * 1000).rounded() / 10)) % of wall clock: the mid of the utilisation table's MFU \(fmtPercent(b.mfu.low))–\(fmtPercent(b.mfu.high)) (\(b.bandGeneration) band; cost/training answers the range) × the mid goodput \(Format.general(b.goodput.mid)); pass mfu to set it"]
            } ?? []) + [
                "training FLOPs 6·N·D; inference 2·N FLOPs per token, attention and KV cache not counted",
                "training at MFU \(Format.general(mfu * 100)) %, inference at \(Format.general(imfu * 100)) % of the \(r.hardware.id) \(r.precision.rawValue) peak \(Format.sig(peak)) FLOP/s; memory-bound decode runs lower, which makes the real saving per day larger",
                "both models' quality is taken as equal; say which law shows it (scaling/optimal)",
            ],
            sources: sources)
    }

    /// The course module's rule of thumb: extra training dollars / (saving per request × requests per day).
    /// ($5M, $0.001 saved per request, 1e7 requests/day → 500 days.)
    public static func breakEvenDays(extraTrainingUsd: Double, savingPerRequest: Double,
                                     requestsPerDay: Double) throws(DomainError) -> Double {
        try Check.nonNegative(extraTrainingUsd, field: "extraTrainingUsd", what: "amount in US dollars")
        try Check.positive(savingPerRequest, field: "savingPerRequest", what: "amount in US dollars")
        try Check.positive(requestsPerDay, field: "requestsPerDay", what: "number of requests")
        return extraTrainingUsd / (savingPerRequest * requestsPerDay)
    }
}
