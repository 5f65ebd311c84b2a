/// A quantity at the target over the simulated fits: the prior's value (`truth`) and the
/// 10th, 50th and 90th percentiles of the fitted values (an 80 % interval).
public struct PlanSpread: Sendable, Equatable {
    public var truth: Double
    public var low: Double
    public var mid: Double
    public var high: Double

    /// high / low: how many-fold the 80 % interval spans.
    public var widthFactor: Double { high / low }
}

/// One run of a design with what it costs.
public struct PlanRunCost: Sendable, Equatable {
    public var params: Double
    public var tokens: Double
    public var flops: Double
    /// Dollars, when the budget was given in dollars.
    public var usd: Double?
}

/// One point of the interval-vs-budget curve.
public struct PlanCurvePoint: Sendable, Equatable {
    /// Budget as a multiple of the request's.
    public var budgetMultiple: Double
    public var budgetFlops: Double
    /// Linearised SD of ln N* for the design rescaled to this budget.
    public var linearizedSDLogNStar: Double
    /// Predicted 80 % width factor of N* (high/low): the simulated width at the request's budget
    /// scaled by the ratio of linearised SDs, exp(ln W₁ · SD/SD₁).
    public var predictedWidthFactor: Double
    /// Width factor from simulated fits at this budget, when `curveRepeats` > 0 (recommended design only).
    public var simulatedWidthFactor: Double?
}

/// One design with its runs and what simulated fits of them found.
public struct DesignPlan: Sendable, Equatable {
    public var kind: PlanDesignKind
    /// The shape, in words.
    public var label: String
    public var runs: [PlanRunCost]
    public var flops: Double
    public var usd: Double?
    /// flops / budget.
    public var budgetShare: Double
    public var distinctSizes: Int
    /// Largest / smallest model size.
    public var sizeSpan: Double
    /// nil when the design could not be simulated; `infeasible` then says why.
    public var nStar: PlanSpread?
    public var dStar: PlanSpread?
    public var lossAtTarget: PlanSpread?
    /// 10th and 90th percentiles of N̂*/N*: a fit's N̂* is within these factors of the truth 80 % of the
    /// time, so the plan states [N̂*/high, N̂*/low] as the 80 % interval for the truth.
    public var nStarErrorFactor80: Interval?
    /// Share of fits whose own bootstrap 80 % interval of N* contains the prior's N*.
    public var bootstrapCoverage80: Double?
    /// Share of fits in which α and β are identified (see `PlanResult.identificationRule`).
    public var identifiedProbability: Double?
    /// Share of fits whose predicted loss at the target is within 4 % and 20 % of the prior's (the guides' two thresholds).
    public var lossWithin4Percent: Double?
    public var lossWithin20Percent: Double?
    public var repeats: Int
    public var failedFits: Int
    public var linearizedSDLogNStar: Double
    public var curve: [PlanCurvePoint]
    public var infeasible: String?
}

/// A practical guide's rule checked by simulation at this budget.
public struct PlanRuleCheck: Sendable, Equatable {
    public var rule: String
    /// The design following the rule and the one breaking it.
    public var following: String
    public var breaking: String
    /// 80 % width factors of N* (nil where a variant could not be fitted).
    public var followingWidth: Double?
    public var breakingWidth: Double?
    /// true: following the rule narrows the interval at this budget; false: it widens it; nil: not testable here.
    public var holds: Bool?
    public var verdict: String
    /// The same comparison at each curve budget by linearised SD of ln N* (no simulation):
    /// where the budget makes the rule right or wrong.
    public var byBudget: [PlanRuleBudgetPoint] = []
}

/// A rule's two variants at one budget multiple, by linearised SD of ln N* (nil: cannot be fitted).
public struct PlanRuleBudgetPoint: Sendable, Equatable {
    public var budgetMultiple: Double
    public var followingSD: Double?
    public var breakingSD: Double?
    public var holds: Bool?
}

/// The domain answer to `scaling/planExperiments`.
public struct PlanResult: Sendable, Equatable {
    public var targetFlops: Double
    public var budgetFlops: Double
    public var usdPerFlop: Double?
    public var prior: ChinchillaForm
    public var noise: Double
    public var noiseSource: String
    public var designs: [DesignPlan]
    /// Index into `designs`.
    public var recommended: Int
    public var why: String
    public var rules: [PlanRuleCheck]
    public var repeats: Int
    public var bootstrap: Int
    public var seed: UInt64
    public var identificationRule: String
    public var method: String
    public var elapsed: Double
}
