import JSON
import RPC
import ScalingCore

/// `scaling/planExperiments`: which small runs to train on a budget so a fitted law can be
/// trusted at `targetFlops`. Params are decoded on the reader (bad input answers at once); the
/// simulated fits run on a worker thread, with progress and cancellation.
enum ScalingPlanExperimentsMethod: TypedLongMethod {
    static let name = "scaling/planExperiments"
    static let summary = "Which small runs to train on a budget: simulated N* intervals per design, one recommended. Example: {\"targetFlops\": 1e24, \"flops\": 1e22, \"designs\": [\"isoflop\"], \"options\": {\"repeats\": 10, \"bootstrap\": 0, \"ruleRepeats\": 0}}."
    static let fields: [FieldSpec] = [
        FieldSpec("targetFlops", .number, required: true, "Target compute, FLOPs; the run the law is for (C = 6ND)"),
        FieldSpec("flops", .number, "Budget, FLOPs; or usd with hardware"),
        FieldSpec("usd", .number, "Dollar budget; needs hardware"),
        Shapes.hardwareField, Shapes.mfuField, Shapes.precisionField, Shapes.pricePerHourField,
        FieldSpec("prior", [.string, .object], "Chinchilla law id or inline law; default chinchilla-epoch"),
        FieldSpec("noise", .number, "SD of log-loss noise; default 0.007556, the Epoch runs' spread around chinchilla-epoch"),
        FieldSpec("constraints", .object, "{minParams?, maxParams?, minTokens?, maxTokens?, maxRuns?, minRunFlops?, …}; also minTokensPerParam?, maxTokensPerParam?"),
        FieldSpec("designs", .array, "\"isoflop\", \"geometric\", \"optimized\" or {kind: \"custom\", runs}; default all three"),
        FieldSpec("options", .object, "{repeats? (200), bootstrap? (50), seed? (0), …}; also curveBudgets? ([0.25, 0.5, 1, 2, 4, 8]), curveRepeats? (0), ruleRepeats? (100)"),
    ]

    static func decode(_ params: Fields, _ server: Server) throws -> PlanRequest {
        try PlanDecoding.request(params, server)
    }

    static func compute(_ request: PlanRequest, _ server: Server, _ ctx: WorkContext) throws -> PlanResult {
        let result: PlanResult
        do {
            result = try ExperimentPlanner.plan(request, shouldCancel: { ctx.isCancelled }, progress: { ctx.progress($0) })
        } catch DomainError.invalidInput(let field, let reason) where field.hasPrefix("budget") {
            // The domain's budget is one value; on the wire it is flops, or usd with its hardware members.
            let wire = field == "budget" ? (request.budget.usdPerFlop == nil ? "flops" : "usd") : String(field.dropFirst("budget.".count))
            throw DomainError.invalidInput(field: wire, reason: reason)
        }
        try ctx.checkCancellation()
        return result
    }

    static func encode(_ r: PlanResult, _ server: Server) throws -> JSON {
        try PlanEncoding.result(r)
    }
}

extension Typed {
    public static let scalingPlanExperiments = TypedCall(ScalingPlanExperimentsMethod.self)
}

extension PlanResult {
    /// What every plan rests on: the two ways of fitting, and the prior and noise it simulates.
    public static let sources = [
        Citation(title: "Hoffmann et al. 2022, Training Compute-Optimal Large Language Models", detail: "isoFLOP profiles (Approach 2) and the parametric fit (Approach 3)", url: "https://arxiv.org/abs/2203.15556"),
        Citation(title: "Besiroglu et al. 2024, Chinchilla Scaling: A replication attempt", detail: "the chinchilla-epoch prior, the 240 runs whose spread is the default noise, and the bootstrap over runs", url: "https://arxiv.org/abs/2404.10102"),
    ]
}

/// Wire params of `scaling/planExperiments` → `PlanRequest`, with field-path errors.
enum PlanDecoding {
    static let constraintKeys: Set<String> = ["minParams", "maxParams", "minTokens", "maxTokens", "maxRuns", "minRunFlops",
                                              "minTokensPerParam", "maxTokensPerParam"]
    static let optionKeys: Set<String> = ["repeats", "bootstrap", "seed", "curveBudgets", "curveRepeats", "ruleRepeats"]

    static func request(_ params: Fields, _ server: Server) throws -> PlanRequest {
        let target = try params.positiveNumber("targetFlops")
        let budget: PlanBudget
        if let b = try BudgetFlops.resolve(params, catalog: server.hardware) {
            // The mid of the price range: the plan's runs are priced at one rate.
            budget = .usd(b.usd, pricePerHour: b.price.mid, peakFlopsPerSecond: b.peak, mfu: b.mfu)
        } else {
            guard params.has("flops") else {
                throw FieldError(field: params.fieldPath("flops"), reason: "is required: expected a positive number of FLOPs (or usd and hardware)")
            }
            budget = .flops(try params.positiveNumber("flops"))
        }
        var prior = PlanNoise.epochLaw
        if params.has("prior") {
            let law = try LawDecoding.resolve(params, key: "prior", catalog: server.laws)
            guard case .chinchilla(let f) = law.form else {
                throw FieldError(field: params.fieldPath("prior"), reason: "the planner simulates the Chinchilla form; \"\(law.id)\" is \(law.form.name)")
            }
            prior = f
        }
        var request = PlanRequest(targetFlops: target, budget: budget, prior: prior,
                                  noise: try params.optionalPositiveNumber("noise"))
        if let c = try params.optionalObject("constraints") {
            try c.rejectUnknown(constraintKeys)
            request.constraints = PlanConstraints(
                minParams: try c.optionalPositiveNumber("minParams"), maxParams: try c.optionalPositiveNumber("maxParams"),
                minTokens: try c.optionalPositiveNumber("minTokens"), maxTokens: try c.optionalPositiveNumber("maxTokens"),
                maxRuns: try c.optionalInteger("maxRuns", in: 5...10_000), minRunFlops: try c.optionalPositiveNumber("minRunFlops"),
                minTokensPerParam: try c.optionalPositiveNumber("minTokensPerParam"),
                maxTokensPerParam: try c.optionalPositiveNumber("maxTokensPerParam"))
        }
        if let list = try params.optionalArray("designs", maxCount: 20) {
            request.designs = try list.enumerated().map { i, v throws(FieldError) in try design(v, field: params.fieldPath("designs") + "[\(i)]", server: server) }
        }
        if let o = try params.optionalObject("options") {
            try o.rejectUnknown(optionKeys)
            var options = PlanOptions()
            if let n = try o.optionalInteger("repeats", in: 10...100_000) { options.repeats = n }
            if let n = try o.optionalInteger("bootstrap", in: 0...min(10_000, server.limits.maxBootstrap)) { options.bootstrap = n }
            if let n = try o.optionalInteger("seed", in: 0...Int(Int64.max)) { options.seed = UInt64(n) }
            if let n = try o.optionalInteger("curveRepeats", in: 0...100_000) { options.curveRepeats = n }
            if let n = try o.optionalInteger("ruleRepeats", in: 0...100_000) { options.ruleRepeats = n }
            if let list = try o.optionalArray("curveBudgets", maxCount: 50) {
                options.curveBudgets = try list.enumerated().map { i, v throws(FieldError) in
                    guard let d = v.double, d.isFinite, d > 0 else {
                        throw FieldError(field: o.fieldPath("curveBudgets") + "[\(i)]", reason: "expected a positive budget multiple, got \(Fields.describe(v))")
                    }
                    return d
                }
            }
            request.options = options
        }
        return request
    }

    static func design(_ v: JSON, field: String, server: Server) throws(FieldError) -> PlanDesignSpec {
        if let name = v.string {
            guard let kind = PlanDesignKind(rawValue: name), kind != .custom else {
                throw FieldError(field: field, reason: "expected \"isoflop\", \"geometric\", \"optimized\" or {kind: \"custom\", runs}, got \"\(name)\"")
            }
            return PlanDesignSpec(kind: kind)
        }
        guard v.kind == .object else {
            throw FieldError(field: field, reason: "expected a design name or {kind: \"custom\", runs}, got \(Fields.describe(v))")
        }
        let f = Fields(v, path: field)
        try f.rejectUnknown(["kind", "runs"])
        guard try f.string("kind") == "custom" else {
            throw FieldError(field: f.fieldPath("kind"), reason: "an object design is {kind: \"custom\", runs}; name the others as strings")
        }
        guard let runs = try f.optionalArray("runs", maxCount: server.limits.maxFitRuns) else {
            throw FieldError(field: f.fieldPath("runs"), reason: "is required: expected [{params, tokens}, …]")
        }
        let planned = try runs.enumerated().map { i, r throws(FieldError) -> PlannedRun in
            let rf = Fields(r, path: f.fieldPath("runs") + "[\(i)]")
            guard r.kind == .object else { throw FieldError(field: rf.path, reason: "expected {params, tokens}, got \(Fields.describe(r))") }
            try rf.rejectUnknown(["params", "tokens"])
            return PlannedRun(params: try rf.positiveNumber("params"), tokens: try rf.positiveNumber("tokens"))
        }
        return PlanDesignSpec(kind: .custom, runs: planned)
    }
}
