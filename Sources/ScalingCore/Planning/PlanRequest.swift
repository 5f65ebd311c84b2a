/// What the small runs may cost: FLOPs, or dollars on one accelerator at a utilisation.
public enum PlanBudget: Sendable, Equatable {
    case flops(Double)
    /// `usd` spent at `pricePerHour` per accelerator-hour on a chip of `peakFlopsPerSecond`
    /// (dense, at the training precision) running at model-FLOPs utilisation `mfu`.
    case usd(Double, pricePerHour: Double, peakFlopsPerSecond: Double, mfu: Double)

    /// Dollars per training FLOP, nil for a FLOP budget.
    public var usdPerFlop: Double? {
        switch self {
        case .flops: nil
        case .usd(_, let price, let peak, let mfu): price / (peak * mfu * 3600)
        }
    }

    /// The budget in training FLOPs.
    public var flops: Double {
        switch self {
        case .flops(let f): f
        case .usd(let usd, _, _, _): usd / usdPerFlop!
        }
    }
}

/// Limits every planned run obeys; nil means "not limited".
public struct PlanConstraints: Sendable, Equatable {
    public var minParams: Double?
    public var maxParams: Double?
    public var minTokens: Double?
    public var maxTokens: Double?
    /// Most runs one design may have.
    public var maxRuns: Int?
    /// Smallest run worth training, in FLOPs (runs below it are dropped).
    public var minRunFlops: Double?
    public var minTokensPerParam: Double?
    public var maxTokensPerParam: Double?

    public init(minParams: Double? = nil, maxParams: Double? = nil, minTokens: Double? = nil, maxTokens: Double? = nil,
                maxRuns: Int? = nil, minRunFlops: Double? = nil,
                minTokensPerParam: Double? = nil, maxTokensPerParam: Double? = nil) {
        self.minParams = minParams
        self.maxParams = maxParams
        self.minTokens = minTokens
        self.maxTokens = maxTokens
        self.maxRuns = maxRuns
        self.minRunFlops = minRunFlops
        self.minTokensPerParam = minTokensPerParam
        self.maxTokensPerParam = maxTokensPerParam
    }
}

/// One run to train.
public struct PlannedRun: Sendable, Equatable, Hashable {
    public var params: Double
    public var tokens: Double

    public init(params: Double, tokens: Double) {
        self.params = params
        self.tokens = tokens
    }

    public var flops: Double { 6 * params * tokens }
}

/// A family of designs to compare. `rawValue` is its wire name.
public enum PlanDesignKind: String, Sendable, Equatable, CaseIterable {
    /// Hoffmann et al. 2022 Approach 2: a few compute levels, several sizes on each.
    case isoflop
    /// Sizes spaced geometrically, each trained at several tokens-per-parameter ratios.
    case geometric
    /// Runs chosen (exchange algorithm) to minimise the linearised variance of log N* at the target.
    case optimized
    /// The caller's own runs (a sweep config), simulated as given.
    case custom
}

/// A design to simulate: a kind, and for `custom` the runs.
public struct PlanDesignSpec: Sendable, Equatable {
    public var kind: PlanDesignKind
    public var runs: [PlannedRun]

    public init(kind: PlanDesignKind, runs: [PlannedRun] = []) {
        self.kind = kind
        self.runs = runs
    }

    public static let defaults = [PlanDesignSpec(kind: .isoflop), PlanDesignSpec(kind: .geometric),
                                  PlanDesignSpec(kind: .optimized)]
}

/// How hard to simulate.
public struct PlanOptions: Sendable, Equatable {
    /// Simulated fits per design.
    public var repeats: Int = 200
    /// Bootstrap samples per simulated fit.
    public var bootstrap: Int = 50
    public var seed: UInt64 = 0
    /// Budget multiples for the interval-vs-budget curve (1 is the request's budget).
    public var curveBudgets: [Double] = [0.25, 0.5, 1, 2, 4, 8]
    /// Simulated fits per point of the recommended design's curve (0: linearised curve only).
    public var curveRepeats: Int = 0
    /// Simulated fits per variant when checking the guides' rules (0: skip the rules).
    public var ruleRepeats: Int = 100
    /// Start grid for every simulated fit; nil: 32 starts bracketing the prior (`PlanGrid.around`).
    public var grid: [GridAxis]? = nil

    public init(repeats: Int = 200, bootstrap: Int = 50, seed: UInt64 = 0, curveBudgets: [Double] = [0.25, 0.5, 1, 2, 4, 8],
                curveRepeats: Int = 0, ruleRepeats: Int = 100, grid: [GridAxis]? = nil) {
        self.repeats = repeats
        self.bootstrap = bootstrap
        self.seed = seed
        self.curveBudgets = curveBudgets
        self.curveRepeats = curveRepeats
        self.ruleRepeats = ruleRepeats
        self.grid = grid
    }
}

/// The params of `scaling/planExperiments`, as domain values.
public struct PlanRequest: Sendable, Equatable {
    /// The compute of the run the law is for (FLOPs, C = 6ND).
    public var targetFlops: Double
    public var budget: PlanBudget
    /// The law losses are drawn from (Chinchilla form).
    public var prior: ChinchillaForm
    /// Standard deviation of log-loss noise per run; nil: `PlanNoise.epochResidualSD`.
    public var noise: Double?
    public var constraints: PlanConstraints
    public var designs: [PlanDesignSpec]
    public var options: PlanOptions

    public init(targetFlops: Double, budget: PlanBudget, prior: ChinchillaForm = PlanNoise.epochLaw,
                noise: Double? = nil, constraints: PlanConstraints = PlanConstraints(),
                designs: [PlanDesignSpec] = PlanDesignSpec.defaults, options: PlanOptions = PlanOptions()) {
        self.targetFlops = targetFlops
        self.budget = budget
        self.prior = prior
        self.noise = noise
        self.constraints = constraints
        self.designs = designs
        self.options = options
    }
}
