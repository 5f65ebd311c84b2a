/// The practical guides' rules for fitting runs (docs/REFERENCES.md: fit at least ~5 model
/// sizes spread over the range; drop checkpoints before ~10B tokens; ~4 % error is about the
/// best reachable, ~20 % still useful), each checked by simulating a design that follows it
/// beside one that breaks it, at the request's budget.
enum PlanRules {
    static func check(request: PlanRequest, budget: Double, noise: Double, recommended: DesignPlan,
                      recommendedSpec: PlanDesignSpec,
                      cancel: CancelFlag, progress: @escaping @Sendable () -> Void) throws -> [PlanRuleCheck] {
        let c = request.constraints
        let repeats = request.options.ruleRepeats
        let ratios = [5.0, 20, 80]
        let twoDecades = PlanDesigns.scaled(.geometric(sizes: 5, span: 100, ratios: ratios), budget: budget, constraints: c)
        let oneDecade = PlanDesigns.scaled(.geometric(sizes: 5, span: 10, ratios: ratios), budget: budget, constraints: c)
        let threeSizes = PlanDesigns.scaled(.geometric(sizes: 3, span: 100, ratios: ratios), budget: budget, constraints: c)
        let planned = recommended.runs.map { PlannedRun(params: $0.params, tokens: $0.tokens) }
        let late = planned.filter { $0.tokens >= 1e10 }.count

        var jobs: [SimulationJob] = []
        func add(_ d: ScaledDesign?, stream: UInt64, minTokens: Double? = nil) -> Int? {
            guard let d, d.runs.count >= 5 else { return nil }
            jobs.append(SimulationJob(runs: d.runs, repeats: repeats, stream: stream, minTokens: minTokens))
            return jobs.count - 1
        }
        let jTwo = add(twoDecades, stream: 0x200), jOne = add(oneDecade, stream: 0x201), jThree = add(threeSizes, stream: 0x202)
        let recommendedDesign = ScaledDesign(runs: planned, label: recommended.label)
        // Same stream for both: the same noise draws, fitted with and without the early runs.
        var jDrop: Int?, jKeep: Int?
        if late >= 5 {
            jDrop = add(recommendedDesign, stream: 0x203, minTokens: 1e10)
            jKeep = add(recommendedDesign, stream: 0x203)
        }
        let sims = try PlanSimulation.run(jobs, prior: request.prior, noise: noise, targetFlops: request.targetFlops,
                                          options: request.options, cancel: cancel, progress: progress)
        func width(_ j: Int?) -> Double? {
            guard let j else { return nil }
            return ExperimentPlanner.spread(sims[j].compactMap { $0?.nStar }, truth: 1)?.widthFactor
        }
        func compare(_ rule: String, following: String, breaking: String, _ f: Double?, _ b: Double?, because: String) -> PlanRuleCheck {
            guard let f, let b else {
                return PlanRuleCheck(rule: rule, following: following, breaking: breaking, followingWidth: f, breakingWidth: b,
                                     holds: nil, verdict: "not testable at this budget: \(because)")
            }
            let holds = f < b
            let verdict = String(format: "%@ at this budget: N* within ×%.2f following it, ×%.2f breaking it", holds ? "right" : "wrong", f, b)
            return PlanRuleCheck(rule: rule, following: following, breaking: breaking, followingWidth: f, breakingWidth: b,
                                 holds: holds, verdict: verdict)
        }
        var out: [PlanRuleCheck] = []
        out.append(compare("spread at least 5 model sizes over two decades rather than one",
                           following: twoDecades?.label ?? "5 sizes over 100×", breaking: oneDecade?.label ?? "5 sizes over 10×",
                           width(jTwo), width(jOne), because: "a variant has fewer than 5 runs within budget and constraints"))
        out.append(compare("fit at least 5 model sizes",
                           following: twoDecades?.label ?? "5 sizes over 100×", breaking: threeSizes?.label ?? "3 sizes over 100×",
                           width(jTwo), width(jThree), because: "a variant has fewer than 5 runs within budget and constraints"))
        var drop = compare("drop runs before ~10B tokens",
                           following: "the recommended design fitted without its runs under 1e10 tokens",
                           breaking: "the recommended design fitted with all its runs",
                           width(jDrop), width(jKeep), because: "only \(late) of the recommended design's runs reach 1e10 tokens; a fit needs 5")
        // The rules again at every curve budget, by linearised SD: cheap enough to scan budgets.
        func sd(_ runs: [PlannedRun]?) -> Double? {
            guard let runs, runs.count >= 5 else { return nil }
            let v = PlanInformation.sdLogNStar(request.prior, runs, noise: noise, targetFlops: request.targetFlops)
            return v.isFinite ? v : nil
        }
        func point(_ m: Double, _ f: [PlannedRun]?, _ b: [PlannedRun]?) -> PlanRuleBudgetPoint {
            let (x, y) = (sd(f), sd(b))
            return PlanRuleBudgetPoint(budgetMultiple: m, followingSD: x, breakingSD: y, holds: x.flatMap { x in y.map { x < $0 } })
        }
        for m in request.options.curveBudgets.sorted() {
            let b = budget * m
            let two = PlanDesigns.scaled(.geometric(sizes: 5, span: 100, ratios: ratios), budget: b, constraints: c)?.runs
            let one = PlanDesigns.scaled(.geometric(sizes: 5, span: 10, ratios: ratios), budget: b, constraints: c)?.runs
            let three = PlanDesigns.scaled(.geometric(sizes: 3, span: 100, ratios: ratios), budget: b, constraints: c)?.runs
            out[0].byBudget.append(point(m, two, one))
            out[1].byBudget.append(point(m, two, three))
            let rec = m == 1 ? planned : ExperimentPlanner.build(recommendedSpec, request: request, budget: b, noise: noise).design?.runs
            drop.byBudget.append(point(m, rec?.filter { $0.tokens >= 1e10 }, rec))
        }
        for i in 0..<2 { out[i].verdict += flips(out[i].byBudget) }
        drop.verdict += flips(drop.byBudget)
        drop.verdict += "; the simulated noise is the same for every run, so this checks only what dropping costs in information, not the extra noise of early checkpoints the rule guards against"
        out.append(drop)
        if let w4 = recommended.lossWithin4Percent, let w20 = recommended.lossWithin20Percent {
            out.append(PlanRuleCheck(
                rule: "~4 % error is about the best reachable; ~20 % is still useful", following: recommended.label, breaking: "",
                followingWidth: nil, breakingWidth: nil, holds: nil,
                verdict: String(format: "with the recommended design %.0f %% of fits predict the loss at the target within 4 %% and %.0f %% within 20 %%, under noise of SD %.4g on log loss", 100 * w4, 100 * w20, noise)))
        }
        return out
    }

    /// "; by linearised SD it holds at 0.25–8× the budget, not at …" from the per-budget points.
    static func flips(_ points: [PlanRuleBudgetPoint]) -> String {
        func list(_ ps: [PlanRuleBudgetPoint]) -> String { ps.map { String(format: "%g×", $0.budgetMultiple) }.joined(separator: ", ") }
        let right = points.filter { $0.holds == true }, wrong = points.filter { $0.holds == false }
        guard !points.isEmpty else { return "" }
        var parts: [String] = []
        if !right.isEmpty { parts.append("right at \(list(right)) the budget") }
        if !wrong.isEmpty { parts.append("wrong at \(list(wrong))") }
        if parts.isEmpty { return "; by linearised SD not testable at any curve budget" }
        return "; by linearised SD of ln N*: " + parts.joined(separator: ", ")
    }
}
