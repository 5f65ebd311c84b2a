import JSON
import ScalingCore

/// `scaling/optimal`: the compute-optimal size and tokens for a FLOP or dollar budget, or the
/// least compute that reaches a target loss; one law or several side by side.
enum ScalingOptimalMethod: TypedFastMethod {
    static let name = "scaling/optimal"
    static let summary = "Compute-optimal parameters and tokens for a budget: flops, or usd with hardware, or the least compute reaching targetLoss. Example: {\"flops\": 1e24}."
    static let fields: [FieldSpec] = [
        Shapes.lawField,
        FieldSpec("laws", .array, "Law ids or inline laws to compare (instead of law)"),
        FieldSpec("flops", .number, "Training budget in FLOPs (or usd, or targetLoss)"),
        FieldSpec("targetLoss", .number, "The loss to reach with the least compute"),
        Shapes.constraintsField,
        FieldSpec("usd", .number, "A dollar budget (with hardware) instead of flops"),
        Shapes.hardwareField, Shapes.mfuField, Shapes.precisionField, Shapes.pricePerHourField,
    ]

    struct Params {
        var laws: [(ScalingLaw, field: String)]
        var compare: Bool
        var flops: Double?
        var target: Double?
        var constraints: AllocationConstraints
        var budget: BudgetFlops?
    }

    static func decode(_ params: Fields, _ server: Server) throws -> Params {
        let budget = try BudgetFlops.resolve(params, catalog: server.hardware)  // usd → FLOPs; nil without usd
        let hasFlops = params.has("flops") || budget != nil, hasTarget = params.has("targetLoss")
        guard hasFlops != hasTarget else {
            throw FieldError(field: "params.flops", reason: hasFlops
                ? "give either flops or targetLoss, not both"
                : "is required: expected a positive number of FLOPs (or usd and hardware, or targetLoss)")
        }
        let flops = hasFlops ? try budget?.flops.mid ?? params.positiveNumber("flops") : nil
        let target = hasTarget ? try params.positiveNumber("targetLoss") : nil
        let constraints = try AllocationDecoding.constraints(params)
        let catalog = server.laws
        guard let list = try params.optionalArray("laws", maxCount: 100) else {
            return Params(laws: [(try LawDecoding.resolve(params, catalog: catalog), "params.law")], compare: false,
                          flops: flops, target: target, constraints: constraints, budget: budget)
        }
        if params.has("law") { throw FieldError(field: "params.law", reason: "give either law or laws, not both") }
        guard !list.isEmpty else { throw FieldError(field: "params.laws", reason: "expected at least one law id or inline law") }
        var laws: [(ScalingLaw, field: String)] = []
        for (i, value) in list.enumerated() {
            laws.append((try LawDecoding.resolve(value: value, field: "params.laws[\(i)]", catalog: catalog), "laws[\(i)]"))
        }
        return Params(laws: laws, compare: true, flops: flops, target: target, constraints: constraints, budget: budget)
    }

    static func compute(_ p: Params, _ server: Server) throws -> OptimalAnswer {
        guard p.compare else {
            return OptimalAnswer(allocations: [try allocate(p.laws[0].0, p)], isComparison: false, flops: p.flops, targetLoss: p.target)
        }
        var allocations: [OptimalAnswer.LawAllocation] = []
        for (law, field) in p.laws {
            do {
                allocations.append(try allocate(law, p))
            } catch let e as DomainError {
                // Name the law of the comparison that has no answer.
                switch e {
                case .invalidInput: throw e
                case .unanswerable(let m): throw DomainError.unanswerable("\(field) ('\(law.id)'): \(m)")
                case .numerical(let m): throw DomainError.numerical("\(field) ('\(law.id)'): \(m)")
                }
            }
        }
        return OptimalAnswer(allocations: allocations, isComparison: true, flops: p.flops, targetLoss: p.target)
    }

    private static func allocate(_ law: ScalingLaw, _ p: Params) throws -> OptimalAnswer.LawAllocation {
        let a: Allocation
        if let flops = p.flops {
            a = p.constraints.isEmpty ? try ComputeOptimal.allocate(law: law, flops: flops)
                : try ComputeOptimal.allocate(law: law, flops: flops, constraints: p.constraints)
        } else {
            a = try ComputeOptimal.leastCompute(law: law, targetLoss: p.target!, constraints: p.constraints)
        }
        return OptimalAnswer.LawAllocation(law: law, allocation: a, constraints: p.constraints, targetLoss: p.target,
                                           budget: p.budget, warning: PrintedChinchilla.warning(law: law, flops: a.flops))
    }

    static func encode(_ r: OptimalAnswer, _ server: Server) throws -> JSON {
        guard r.isComparison else { return try encode(r.allocations[0]) }
        let comparison = JSON.array()
        for a in r.allocations { comparison.append(try encode(a)) }
        let result = JSON.object()
        result.set("comparison", comparison)
        try result.set("flops", r.flops)
        try result.set("targetLoss", r.targetLoss)
        return result
    }

    private static func encode(_ a: OptimalAnswer.LawAllocation) throws -> JSON {
        let o = try AllocationEncoding.allocation(a.allocation, law: a.law, constraints: a.constraints)
        try o.set("targetLoss", a.targetLoss)
        try a.budget?.annotate(o)
        DomainJSON.caveat(o, law: a.law, flops: a.allocation.flops)
        return o
    }
}

extension Typed {
    public static let scalingOptimal = TypedCall(ScalingOptimalMethod.self)
}

/// `scaling/optimal`'s answer: one allocation, or one per law compared (`laws`).
public struct OptimalAnswer: Sendable {
    /// The allocation one law gives, with what the request added to it.
    public struct LawAllocation: Sendable {
        public let law: ScalingLaw
        public let allocation: Allocation
        public let constraints: AllocationConstraints
        public let targetLoss: Double?
        /// Set for a dollar budget: what it buys (the allocation is for its mid FLOPs).
        public let budget: BudgetFlops?
        /// Set when the law is the printed Chinchilla fit (see `PrintedChinchilla`).
        public let warning: String?

        public var assumptions: [String] { allocation.assumptions + (budget?.notes ?? []) }

        public var sources: [Citation] {
            // As the encoding cites them: the law's, C = 6ND, data-constrained (maxTokens), budget, printed-fit caveat.
            let extra: ConstantJSON.Extra = constraints.maxTokens == nil ? .computeCost : .computeCostDataConstrained
            return law.sources + extra.citations + (budget?.citations ?? []) + (warning == nil ? [] : [PrintedChinchilla.citation])
        }

        /// Kaplan et al. 2020 Table 5's frontier at the same compute, for a Kaplan-form law.
        public var kaplanTable5: (params: Double, tokens: Double)? {
            guard case .kaplan = law.form else { return nil }
            return (KaplanTable5.params(flops: allocation.flops), KaplanTable5.tokens(flops: allocation.flops))
        }
    }

    /// One entry unless several laws were compared.
    public let allocations: [LawAllocation]
    public let isComparison: Bool
    public let flops: Double?
    public let targetLoss: Double?
}

enum AllocationDecoding {
    /// `constraints: {maxTokens?, maxParams?, tokensPerParam?}`; the domain checks the values.
    static func constraints(_ params: Fields) throws(FieldError) -> AllocationConstraints {
        guard let c = try params.optionalObject("constraints") else { return AllocationConstraints() }
        try c.rejectUnknown(Set(AllocationConstraint.allCases.map(\.rawValue)))
        return AllocationConstraints(maxTokens: try c.optionalPositiveNumber("maxTokens"),
                                     maxParams: try c.optionalPositiveNumber("maxParams"),
                                     tokensPerParam: try c.optionalPositiveNumber("tokensPerParam"))
    }
}
