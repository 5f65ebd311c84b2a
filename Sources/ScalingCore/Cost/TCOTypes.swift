/// Inputs and outputs of `cost/tco`: total cost of ownership month by month, per deployment option.
public struct TCORequest: Sendable, Equatable {
    public var months: Int
    /// One-time training cost in month 1, either an amount or a training estimate.
    public var training: TrainingInput?
    /// Input + output tokens served in month 1, and monthly growth as a fraction (0.05 = 5 %).
    public var tokensPerMonth: Double
    public var growthPerMonth: Double
    /// Tokens per request (input, output): sets the blend for API prices and self-hosted sizing.
    public var contextTokens: Double
    public var outputTokens: Double
    public var options: [DeploymentOption]
    /// On top of self-hosted compute; defaults 25–40 % and 20–35 % (Troughia's survey, rules of thumb).
    public var infrastructureOverhead: FractionRange?
    public var operationsOverhead: FractionRange?
    /// Yearly decline of per-token and per-hour prices (0.3 = 30 %/year); default 0.
    public var priceDeclinePerYear: Double

    public init(months: Int, training: TrainingInput? = nil, tokensPerMonth: Double, growthPerMonth: Double = 0,
                contextTokens: Double, outputTokens: Double, options: [DeploymentOption],
                infrastructureOverhead: FractionRange? = nil, operationsOverhead: FractionRange? = nil,
                priceDeclinePerYear: Double = 0) {
        self.months = months
        self.training = training
        self.tokensPerMonth = tokensPerMonth
        self.growthPerMonth = growthPerMonth
        self.contextTokens = contextTokens
        self.outputTokens = outputTokens
        self.options = options
        self.infrastructureOverhead = infrastructureOverhead
        self.operationsOverhead = operationsOverhead
        self.priceDeclinePerYear = priceDeclinePerYear
    }
}

public enum TrainingInput: Sendable, Equatable {
    /// US dollars, low–high.
    case amount(FractionRange)
    case estimate(TrainingCostRequest)
}

public enum DeploymentKind: String, Sendable, CaseIterable {
    case api, managed, selfHosted
}

public struct DeploymentOption: Sendable, Equatable {
    public var name: String
    public var kind: DeploymentKind
    /// api / managed: blended US dollars per million tokens, low–high.
    public var usdPerMillionTokens: FractionRange?
    /// api: take the price from an API row instead (blended with the request's token mix).
    public var apiPrice: ApiPrice?
    /// selfHosted: the serving setup (tokensPerMonth inside is ignored; the TCO traffic is used).
    public var inference: InferenceCostRequest?
    /// selfHosted: owned hardware instead of rented by the hour.
    public var ownership: Ownership?
    public var people: [Staffing]
    /// Whether the one-time training cost belongs to this option; default false for api, true otherwise.
    public var includesTraining: Bool?

    public init(name: String, kind: DeploymentKind, usdPerMillionTokens: FractionRange? = nil, apiPrice: ApiPrice? = nil,
                inference: InferenceCostRequest? = nil, ownership: Ownership? = nil, people: [Staffing] = [],
                includesTraining: Bool? = nil) {
        self.name = name
        self.kind = kind
        self.usdPerMillionTokens = usdPerMillionTokens
        self.apiPrice = apiPrice
        self.inference = inference
        self.ownership = ownership
        self.people = people
        self.includesTraining = includesTraining
    }
}

/// Owned accelerators: bought when first needed, depreciated linearly at a yearly rate.
public struct Ownership: Sendable, Equatable {
    public var purchaseUsdPerAccelerator: FractionRange
    /// Default 40–60 %/year (Troughia's survey, a rule of thumb).
    public var depreciationPerYear: FractionRange?

    public init(purchaseUsdPerAccelerator: FractionRange, depreciationPerYear: FractionRange? = nil) {
        self.purchaseUsdPerAccelerator = purchaseUsdPerAccelerator
        self.depreciationPerYear = depreciationPerYear
    }
}

/// People on an option: a role, full-time equivalents, and an hourly rate (default by role).
public struct Staffing: Sendable, Equatable {
    /// "seniorMLEngineer", "aiInfrastructure", "devOpsAI", "dataScientist", or any name with a rate.
    public var role: String
    public var fte: Double
    public var usdPerHour: FractionRange?

    public init(role: String, fte: Double, usdPerHour: FractionRange? = nil) {
        self.role = role
        self.fte = fte
        self.usdPerHour = usdPerHour
    }
}

/// One month of one option; every component is a low/mid/high range in US dollars.
public struct TCOMonth: Sendable, Equatable {
    public var month: Int
    public var tokens: Double
    public var accelerators: Int?
    public var training: CostRange
    public var inference: CostRange
    public var infrastructure: CostRange
    public var operations: CostRange
    public var people: CostRange
    public var total: CostRange
    public var cumulative: CostRange
}

public struct TCOOption: Sendable, Equatable {
    public var name: String
    public var kind: DeploymentKind
    public var months: [TCOMonth]
    public var totals: TCOTotals
}

public struct TCOTotals: Sendable, Equatable {
    public var training: CostRange
    public var inference: CostRange
    public var infrastructure: CostRange
    public var operations: CostRange
    public var people: CostRange
    public var total: CostRange
}

/// The first month whose cumulative mid cost puts `cheaper` at or below `other`, after
/// `other` was cheaper in month 1. Nil month: no crossing within the horizon.
public struct BreakEven: Sendable, Equatable {
    public var cheaper: String
    public var other: String
    public var month: Int?
}

/// Monthly token volume at which a self-hosted option's monthly cost (compute, overheads,
/// people; no training) drops to or below an API option's, at month-1 prices.
public struct VolumeCrossover: Sendable, Equatable {
    public var selfHosted: String
    public var api: String
    /// Tokens per month, computed with all-low, all-mid and all-high prices; nil = never.
    public var low: Double?
    public var mid: Double?
    public var high: Double?
}

public struct TCOResult: Sendable, Equatable {
    public var options: [TCOOption]
    public var breakEven: [BreakEven]
    public var selfHostingOvertakesApi: [VolumeCrossover]
    public var assumptions: [String]
    public var sources: [Citation]
}
