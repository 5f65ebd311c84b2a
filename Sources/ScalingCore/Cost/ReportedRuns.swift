/// A published pre-training run: what it trained, on what, and the accelerator-hours, MFU,
/// energy and CO2 its authors reported (data/reported-runs.json, field for field).
///
/// data/reported-runs.json is `{"comment": String, "runs": [row, ...]}`; a row:
/// `{"id", "model", "organization", "modelId": String?, "parameters", "activeParameters": Double?,
///   "tokens", "flops": Double?, "accelerator" (a hardware id), "acceleratorCount": Int?,
///   "precision" (a Precision raw value), "reportedHours", "hoursBasis",
///   "reportedMfu": {"low", "high"}?, "mfuDefinition": {"flops", "words"}?, "sequenceLength": Int?,
///   "architecture": a data/models.json architecture?, "goodput": {"low", "high", "basis"}?,
///   "hoursNotComparable": String?, "energyKwh": Double?, "co2Tonnes": Double?,
///   "sources": [Citation], "notes": [String]}`.
public struct ReportedRun: Sendable, Equatable {
    public var id: String
    public var model: String
    public var organization: String
    /// The data/models.json id of the same model, when it has one.
    public var modelId: String?
    public var parameters: Double
    /// Parameters active per token for a mixture of experts; nil for a dense model.
    public var activeParameters: Double?
    public var tokens: Double
    /// FLOPs the source states, for reference; estimates count 6·N·D from parameters and tokens.
    public var flops: Double?
    public var accelerator: String
    public var acceleratorCount: Int?
    public var precision: Precision
    /// Accelerator-hours (GPU- or chip-hours) as published or derived as `hoursBasis` says.
    public var reportedHours: Double
    public var hoursBasis: String
    public var reportedMfu: FractionRange?
    /// The FLOP count the reported MFU divides by, with the source's words; required with `reportedMfu`.
    public var mfuDefinition: MFUDefinition?
    /// Training sequence length, for attention FLOPs.
    public var sequenceLength: Int?
    /// The model's shape as published, where an MFU definition counts attention.
    public var architecture: ModelArchitecture?
    /// Share of the reported hours spent on training steps, where the source states it (or its own figures
    /// imply it); nil: the default range `Utilization.goodput`.
    public var goodput: ReportedGoodput?
    /// Why the reported hours cannot be checked against the reported MFU (hours that include downtime the
    /// source does not quantify); nil: they can.
    public var hoursNotComparable: String?
    public var energyKwh: Double?
    public var co2Tonnes: Double?
    public var sources: [Citation]
    public var notes: [String]

    public init(id: String, model: String, organization: String, modelId: String? = nil, parameters: Double,
                activeParameters: Double? = nil, tokens: Double, flops: Double? = nil, accelerator: String,
                acceleratorCount: Int? = nil, precision: Precision, reportedHours: Double, hoursBasis: String,
                reportedMfu: FractionRange? = nil, mfuDefinition: MFUDefinition? = nil, sequenceLength: Int? = nil,
                architecture: ModelArchitecture? = nil, goodput: ReportedGoodput? = nil, hoursNotComparable: String? = nil,
                energyKwh: Double? = nil, co2Tonnes: Double? = nil, sources: [Citation], notes: [String] = []) {
        self.id = id
        self.model = model
        self.organization = organization
        self.modelId = modelId
        self.parameters = parameters
        self.activeParameters = activeParameters
        self.tokens = tokens
        self.flops = flops
        self.accelerator = accelerator
        self.acceleratorCount = acceleratorCount
        self.precision = precision
        self.reportedHours = reportedHours
        self.hoursBasis = hoursBasis
        self.reportedMfu = reportedMfu
        self.mfuDefinition = mfuDefinition
        self.sequenceLength = sequenceLength
        self.architecture = architecture
        self.goodput = goodput
        self.hoursNotComparable = hoursNotComparable
        self.energyKwh = energyKwh
        self.co2Tonnes = co2Tonnes
        self.sources = sources
        self.notes = notes
    }

    /// Positive figures, active ≤ total, MFU in (0, 1], at least one source; fields named under `prefix`.
    public func validate(prefix: String = "") throws(DomainError) {
        func f(_ n: String) -> String { prefix.isEmpty ? n : "\(prefix).\(n)" }
        try Check.positive(parameters, field: f("parameters"), what: "number of parameters")
        if let a = activeParameters {
            try Check.positive(a, field: f("activeParameters"), what: "number of parameters")
            guard a <= parameters else {
                throw .invalidInput(field: f("activeParameters"), reason: "exceeds parameters (\(parameters))")
            }
        }
        try Check.positive(tokens, field: f("tokens"), what: "number of tokens")
        if let x = flops { try Check.positive(x, field: f("flops"), what: "number of FLOPs") }
        if let n = acceleratorCount { try Check.positive(n, field: f("acceleratorCount"), what: "number of accelerators") }
        try Check.positive(reportedHours, field: f("reportedHours"), what: "number of accelerator-hours")
        if let m = reportedMfu {
            try Check.unitFraction(m.low, field: f("reportedMfu.low"))
            try Check.unitFraction(m.high, field: f("reportedMfu.high"))
            guard m.low <= m.high else { throw .invalidInput(field: f("reportedMfu.low"), reason: "low must not exceed high") }
            guard let d = mfuDefinition else {
                throw .invalidInput(field: f("mfuDefinition"), reason: "a reported MFU needs the FLOP count it was defined on")
            }
            if d.flops.countsAttention {
                guard architecture != nil else {
                    throw .invalidInput(field: f("architecture"), reason: "MFU defined as \(d.flops.rawValue) counts attention: give the architecture")
                }
                guard sequenceLength != nil else {
                    throw .invalidInput(field: f("sequenceLength"), reason: "MFU defined as \(d.flops.rawValue) counts attention: give the training sequence length")
                }
            }
        }
        if let n = sequenceLength { try Check.positive(n, field: f("sequenceLength"), what: "number of tokens") }
        if let a = architecture { try a.validate(prefix: f("architecture") + ".") }
        if let g = goodput {
            try Check.unitFraction(g.range.low, field: f("goodput.low"))
            try Check.unitFraction(g.range.high, field: f("goodput.high"))
            guard g.range.low <= g.range.high else { throw .invalidInput(field: f("goodput.low"), reason: "low must not exceed high") }
        }
        if let e = energyKwh { try Check.positive(e, field: f("energyKwh"), what: "energy in kWh") }
        if let c = co2Tonnes { try Check.positive(c, field: f("co2Tonnes"), what: "mass in tonnes") }
        guard !sources.isEmpty else { throw .invalidInput(field: f("sources"), reason: "a reported run needs its source") }
    }
}

/// The FLOP count a published MFU (or achieved FLOP/s) divides by.
public enum MFUFlops: String, Sendable, Equatable, Hashable, CaseIterable {
    /// 6·N·D: weights only, attention left out (N active parameters for a mixture of experts).
    case sixND = "6ND"
    /// 6·N + 12·L·H·Q·T per token: attention over the whole sequence, every query (PaLM, Appendix B;
    /// Llama 3 cites it). Counted from the architecture with `AttentionFlopCount.full`.
    case sixNPlusAttention = "6N+12LHQT"
    /// Megatron-LM's throughput formula with activation checkpointing (Narayanan et al. 2021, eq. 3,
    /// factor 4): 96·l·h²·(1 + s/(6h) + V/(16·l·h)) per token, a hardware FLOP count: the architecture
    /// count with recomputation and full attention.
    case megatronRecompute = "megatron-recompute"

    public var countsAttention: Bool { self != .sixND }
}

public struct MFUDefinition: Sendable, Equatable {
    public var flops: MFUFlops
    /// The source's words for how it counts.
    public var words: String

    public init(flops: MFUFlops, words: String) {
        self.flops = flops
        self.words = words
    }
}

/// A goodput a source states or its own figures imply, with how.
public struct ReportedGoodput: Sendable, Equatable {
    public var range: FractionRange
    public var basis: String

    public init(range: FractionRange, basis: String) {
        self.range = range
        self.basis = basis
    }
}

/// A reported run beside what `cost/training` answers for it.
public struct ReportedRunComparison: Sendable, Equatable {
    public var run: ReportedRun
    /// The default answer: no MFU given, the utilisation table's range.
    public var estimate: TrainingCostResult
    /// reported hours / estimate mid.
    public var ratio: Double
    /// low ≤ reported ≤ high.
    public var inside: Bool
    /// The answer given the run's reported MFU (with the default goodput: papers measure MFU
    /// on training steps); nil when the run reports none.
    public var withReportedMfu: TrainingCostResult?
    public var ratioWithReportedMfu: Double?
}

public enum ReportedRuns {
    /// The request `cost/training` gets for `run`: its parameters (and active parameters),
    /// tokens, accelerator, count and precision. With `useReportedMfu`: its reported MFU range applied to
    /// the FLOP count that MFU was defined on (6·N·D, or the architecture with attention over the whole
    /// sequence, with recomputation for Megatron's formula), and the goodput the source states (the default
    /// range where it states none).
    public static func request(for run: ReportedRun, catalog: HardwareCatalog, useReportedMfu: Bool = false)
        throws(DomainError) -> TrainingCostRequest {
        let hw = try catalog.accelerator(id: run.accelerator, field: "accelerator")
        var r = TrainingCostRequest(params: run.parameters, tokens: run.tokens, hardware: hw,
                                    gpus: run.acceleratorCount ?? 1, activeParams: run.activeParameters,
                                    precision: run.precision)
        if useReportedMfu, let m = run.reportedMfu {
            r.mfuRange = m
            r.goodput = run.goodput?.range ?? Utilization.goodput
            if let d = run.mfuDefinition, d.flops.countsAttention, let a = run.architecture, let s = run.sequenceLength {
                r.architecture = TransformerArchitecture(a, sequenceLength: s, attention: .full)
                r.recomputeActivations = d.flops == .megatronRecompute
            }
        }
        return r
    }

    /// `run` beside the estimate; the same `TrainingCost.estimate` that `cost/training` calls.
    public static func compare(_ run: ReportedRun, catalog: HardwareCatalog) throws(DomainError) -> ReportedRunComparison {
        let e = try TrainingCost.estimate(request(for: run, catalog: catalog))
        let h = e.gpuHoursRange
        var withMfu: TrainingCostResult?
        if run.reportedMfu != nil {
            withMfu = try TrainingCost.estimate(request(for: run, catalog: catalog, useReportedMfu: true))
        }
        return ReportedRunComparison(run: run, estimate: e, ratio: run.reportedHours / h.mid,
                                     inside: h.low <= run.reportedHours && run.reportedHours <= h.high,
                                     withReportedMfu: withMfu,
                                     ratioWithReportedMfu: withMfu.map { run.reportedHours / $0.gpuHoursRange.mid })
    }

    /// The runs of a data/models.json model, for `models/get` to show beside its estimate.
    public static func runs(forModel id: String, in runs: [ReportedRun]) -> [ReportedRun] {
        runs.filter { $0.modelId == id }
    }

    /// How well the default answers cover a set of comparisons.
    public struct Coverage: Sendable, Equatable {
        public var rows: Int
        /// Rows whose reported hours fall inside {low, high}.
        public var inside: Int
        /// Rows whose reported hours are within 25 % of mid (0.75 ≤ reported / mid ≤ 1.25).
        public var midWithin25: Int
        /// The widest high / low over the rows.
        public var widest: Double
        /// Rows with a reported MFU; of those, the ones whose hours can be compared (`hoursNotComparable`
        /// nil) and those within 5 % of mid when the MFU is given.
        public var withMfu: Int
        public var withMfuComparable: Int
        public var withMfuWithin5: Int
        public var organizations: Int
        public var generations: Int
    }

    public static func coverage(_ c: [ReportedRunComparison]) -> Coverage {
        let mfu = c.filter { $0.run.hoursNotComparable == nil }.compactMap(\.ratioWithReportedMfu)
        return Coverage(rows: c.count, inside: c.filter(\.inside).count,
                        midWithin25: c.filter { $0.ratio >= 0.75 && $0.ratio <= 1.25 }.count,
                        widest: c.map { $0.estimate.gpuHoursRange.high / $0.estimate.gpuHoursRange.low }.max() ?? 0,
                        withMfu: c.filter { $0.ratioWithReportedMfu != nil }.count, withMfuComparable: mfu.count, withMfuWithin5: mfu.filter { abs($0 - 1) <= 0.05 }.count,
                        organizations: Set(c.map(\.run.organization)).count,
                        generations: Set(c.compactMap { Utilization.generationOfAccelerator[$0.run.accelerator] }).count)
    }
}
