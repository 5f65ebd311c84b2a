import Foundation

/// `scaling/planExperiments`: which small runs to train, on a budget, so that a fitted
/// Chinchilla law can be trusted at `targetFlops`. Each design is simulated: losses drawn
/// from the prior plus noise, fitted with `ScalingFit.fit` (bootstrap included), repeated.
public enum ExperimentPlanner {
    public static let identificationRule = String(format: "α and β are identified in a fit when the bootstrap 95 %% interval of each lies within a factor %.1f of its fitted value (low ≥ x/%.1f, high ≤ %.1f·x); a fit that cannot tell the parameter term from the data term trades one exponent for the other and stretches both intervals past that band", PlanSimulation.identificationFactor, PlanSimulation.identificationFactor, PlanSimulation.identificationFactor)

    /// Plans `request`. Throws `DomainError` for bad input and `CancellationError` soon after
    /// `shouldCancel` turns true; `progress` gets the fraction done, 0...1.
    public static func plan(_ request: PlanRequest,
                            shouldCancel: @escaping @Sendable () -> Bool = { false },
                            progress: @escaping @Sendable (Double) -> Void = { _ in }) throws -> PlanResult {
        let clock = ContinuousClock()
        let started = clock.now
        try PlanValidation.check(request)
        var request = request
        let defaultFloor = request.constraints.minParams == nil && (request.constraints.maxParams ?? .infinity) >= PlanNoise.defaultMinParams
        if defaultFloor { request.constraints.minParams = PlanNoise.defaultMinParams }
        let prior = request.prior
        let noise = request.noise ?? PlanNoise.epochResidualSD
        let budget = request.budget.flops
        let options = request.options
        let cancel = CancelFlag(shouldCancel)

        let built = request.designs.map { build($0, request: request, budget: budget, noise: noise) }
        let feasible = built.indices.filter { built[$0].design != nil }
        guard !feasible.isEmpty else {
            throw DomainError.unanswerable("no design fits the budget and constraints: " + built.compactMap(\.reason).joined(separator: "; "))
        }

        // Work units: the designs' fits, then the curve's, then the rules'.
        let ruleVariants = options.ruleRepeats > 0 ? 4 : 0
        let curveMultiples = options.curveBudgets.filter { $0 != 1 }
        let units = feasible.count * options.repeats + curveMultiples.count * options.curveRepeats + ruleVariants * options.ruleRepeats
        let counter = ProgressCounter(total: units, offset: 0, grandTotal: units, report: progress)
        progress(0)

        let jobs = feasible.map { SimulationJob(runs: built[$0].design!.runs, repeats: options.repeats, stream: UInt64($0)) }
        let outcomes = try PlanSimulation.run(jobs, prior: prior, noise: noise, targetFlops: request.targetFlops,
                                              options: options, cancel: cancel, progress: counter.tick)
        var designs: [DesignPlan] = []
        for (i, spec) in request.designs.enumerated() {
            let b = built[i]
            guard let design = b.design else {
                designs.append(empty(spec.kind, reason: b.reason ?? "no runs"))
                continue
            }
            let sims = outcomes[feasible.firstIndex(of: i)!]
            designs.append(summarize(spec.kind, design, sims, request: request, budget: budget, noise: noise))
        }
        for i in designs.indices where designs[i].nStar != nil {
            designs[i].curve = curve(request.designs[i], designs[i], request: request, budget: budget, noise: noise)
        }
        let best = recommend(designs)

        if options.curveRepeats > 0, !curveMultiples.isEmpty {
            let spec = request.designs[best]
            let base = build(spec, request: request, budget: budget, noise: noise).design
            let scaled = curveMultiples.map { curveRuns(spec, base: base, request: request, budget: budget * $0, noise: noise) }
            let curveJobs = scaled.enumerated().compactMap { k, d in
                d.map { SimulationJob(runs: $0, repeats: options.curveRepeats, stream: 0x100 + UInt64(k)) }
            }
            let sims = try PlanSimulation.run(curveJobs, prior: prior, noise: noise, targetFlops: request.targetFlops,
                                              options: options, cancel: cancel, progress: counter.tick)
            var next = 0
            for (k, m) in curveMultiples.enumerated() where scaled[k] != nil {
                let width = spread(sims[next].compactMap { $0?.nStar }, truth: 1)?.widthFactor
                next += 1
                if let p = designs[best].curve.firstIndex(where: { $0.budgetMultiple == m }) { designs[best].curve[p].simulatedWidthFactor = width }
            }
        }
        if let p = designs[best].curve.firstIndex(where: { $0.budgetMultiple == 1 }) {
            designs[best].curve[p].simulatedWidthFactor = designs[best].nStar?.widthFactor
        }

        var rules: [PlanRuleCheck] = []
        if options.ruleRepeats > 0 {
            rules = try PlanRules.check(request: request, budget: budget, noise: noise, recommended: designs[best],
                                        recommendedSpec: request.designs[best],
                                        cancel: cancel, progress: counter.tick)
        }
        progress(1)
        let elapsed = clock.now - started
        return PlanResult(
            targetFlops: request.targetFlops, budgetFlops: budget, usdPerFlop: request.budget.usdPerFlop, prior: prior,
            noise: noise, noiseSource: request.noise == nil ? PlanNoise.description : "given in the request",
            designs: designs, recommended: best, why: why(designs, best), rules: rules,
            repeats: options.repeats, bootstrap: options.bootstrap, seed: options.seed,
            identificationRule: identificationRule,
            method: "each design: \(options.repeats) draws of log-normal noise (SD \(noise)) on the prior's losses at the design's runs, each fitted with scaling/fit (Huber δ 1e-3, L-BFGS from \(options.grid.map { FitGrid.count($0) } ?? 32) starts \(options.grid == nil ? "bracketing the prior" : "of options.grid"), \(options.bootstrap) bootstrap refits); N*, D* and the loss at targetFlops read off each fitted law; intervals are the 10th–90th percentiles over the fits\(defaultFloor ? "; runs of at least 7e7 parameters (Hoffmann et al. 2022's smallest model; set constraints.minParams to change)" : "")",
            elapsed: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }

    /// A design spec at a budget: its runs, or why it has none.
    static func build(_ spec: PlanDesignSpec, request: PlanRequest, budget: Double, noise: Double) -> (design: ScaledDesign?, reason: String?) {
        let c = request.constraints
        let design: ScaledDesign?
        switch spec.kind {
        case .isoflop: design = PlanDesigns.scaled(PlanDesigns.defaultIsoflop(prior: request.prior, maxRuns: c.maxRuns), budget: budget, constraints: c)
        case .geometric: design = PlanDesigns.scaled(PlanDesigns.defaultGeometric(maxRuns: c.maxRuns), budget: budget, constraints: c)
        case .optimized: design = PlanOptimizer.design(prior: request.prior, targetFlops: request.targetFlops, budget: budget, constraints: c, noise: noise)
        case .custom: design = ScaledDesign(runs: spec.runs, label: "\(spec.runs.count) runs as given")
        }
        guard let design else { return (nil, "\(spec.kind.rawValue): even its smallest runs overspend the budget of \(budget) FLOPs under the constraints") }
        guard design.runs.count >= 5 else { return (nil, "\(spec.kind.rawValue): only \(design.runs.count) runs fit the budget and constraints; the Chinchilla form needs at least 5") }
        guard Set(design.runs.map(\.params)).count > 1, Set(design.runs.map(\.tokens)).count > 1 else {
            return (nil, "\(spec.kind.rawValue): all runs share one size or one token count; the law's terms cannot be told apart")
        }
        return (design, nil)
    }

    static func spread(_ values: [Double], truth: Double) -> PlanSpread? {
        guard !values.isEmpty else { return nil }
        let s = values.sorted()
        return PlanSpread(truth: truth, low: Percentile.value(sorted: s, 10), mid: Percentile.value(sorted: s, 50),
                          high: Percentile.value(sorted: s, 90))
    }

    static func costs(_ runs: [PlannedRun], usdPerFlop: Double?) -> [PlanRunCost] {
        runs.map { r in PlanRunCost(params: r.params, tokens: r.tokens, flops: r.flops, usd: usdPerFlop.map { $0 * r.flops }) }
    }

    static func empty(_ kind: PlanDesignKind, reason: String) -> DesignPlan {
        DesignPlan(kind: kind, label: "", runs: [], flops: 0, usd: nil, budgetShare: 0, distinctSizes: 0, sizeSpan: 0,
                   repeats: 0, failedFits: 0, linearizedSDLogNStar: .infinity, curve: [], infeasible: reason)
    }

    static func summarize(_ kind: PlanDesignKind, _ design: ScaledDesign, _ sims: [ReplicateOutcome?],
                          request: PlanRequest, budget: Double, noise: Double) -> DesignPlan {
        let prior = request.prior, c = request.targetFlops
        let ok = sims.compactMap { $0 }
        let nTrue = PlanMath.optimalParams(prior, flops: c), dTrue = PlanMath.optimalTokens(prior, flops: c)
        let lTrue = PlanMath.optimalLoss(prior, flops: c)
        let usdPerFlop = request.budget.usdPerFlop
        let sizes = Set(design.runs.map(\.params))
        var plan = DesignPlan(
            kind: kind, label: design.label, runs: costs(design.runs, usdPerFlop: usdPerFlop), flops: design.flops,
            usd: usdPerFlop.map { $0 * design.flops }, budgetShare: design.flops / budget, distinctSizes: sizes.count,
            sizeSpan: sizes.max()! / sizes.min()!, repeats: sims.count, failedFits: sims.count - ok.count,
            linearizedSDLogNStar: PlanInformation.sdLogNStar(prior, design.runs, noise: noise, targetFlops: c),
            curve: [], infeasible: nil)
        guard !ok.isEmpty else {
            plan.infeasible = "none of \(sims.count) simulated fits gave a usable law"
            return plan
        }
        plan.nStar = spread(ok.map(\.nStar), truth: nTrue)
        plan.dStar = spread(ok.map(\.dStar), truth: dTrue)
        plan.lossAtTarget = spread(ok.map(\.loss), truth: lTrue)
        if let r = spread(ok.map { $0.nStar / nTrue }, truth: 1) { plan.nStarErrorFactor80 = Interval(low: r.low, high: r.high) }
        let boots = ok.compactMap(\.bootNStar80)
        if !boots.isEmpty {
            plan.bootstrapCoverage80 = Double(boots.filter { $0.low <= nTrue && nTrue <= $0.high }.count) / Double(boots.count)
        }
        let n = Double(ok.count)
        let judged = ok.compactMap(\.identified)
        if !judged.isEmpty { plan.identifiedProbability = Double(judged.filter { $0 }.count) / Double(judged.count) }
        plan.lossWithin4Percent = Double(ok.filter { abs($0.loss / lTrue - 1) <= 0.04 }.count) / n
        plan.lossWithin20Percent = Double(ok.filter { abs($0.loss / lTrue - 1) <= 0.20 }.count) / n
        return plan
    }

    /// The design's linearised SD at each budget multiple, and the simulated width scaled by it.
    /// Grids grow by adding steps on top of their bottom one (`PlanDesigns.grown`); the
    /// optimised design is optimised again at each budget.
    static func curve(_ spec: PlanDesignSpec, _ plan: DesignPlan, request: PlanRequest, budget: Double, noise: Double) -> [PlanCurvePoint] {
        guard spec.kind != .custom, let width = plan.nStar?.widthFactor, plan.linearizedSDLogNStar.isFinite,
              plan.linearizedSDLogNStar > 0 else { return [] }
        let base = build(spec, request: request, budget: budget, noise: noise).design
        return request.options.curveBudgets.sorted().compactMap { m in
            guard let runs = curveRuns(spec, base: base, request: request, budget: budget * m, noise: noise) else { return nil }
            let sd = m == 1 ? plan.linearizedSDLogNStar : PlanInformation.sdLogNStar(request.prior, runs, noise: noise, targetFlops: request.targetFlops)
            guard sd.isFinite else { return nil }
            return PlanCurvePoint(budgetMultiple: m, budgetFlops: budget * m, linearizedSDLogNStar: sd,
                                  predictedWidthFactor: exp(log(width) * sd / plan.linearizedSDLogNStar))
        }
    }

    static func curveRuns(_ spec: PlanDesignSpec, base: ScaledDesign?, request: PlanRequest, budget: Double, noise: Double) -> [PlannedRun]? {
        switch spec.kind {
        case .custom: return nil
        case .optimized: return build(spec, request: request, budget: budget, noise: noise).design?.runs
        case .isoflop, .geometric:
            guard let base else { return nil }
            return PlanDesigns.grown(base, budget: budget, constraints: request.constraints)
        }
    }

    /// The design with the narrowest simulated 80 % interval of N*; among designs within 5 % of
    /// it, the one whose fits identify α and β most often.
    static func recommend(_ designs: [DesignPlan]) -> Int {
        let scored = designs.indices.filter { designs[$0].nStar != nil }
        let narrowest = scored.map { designs[$0].nStar!.widthFactor }.min()!
        let close = scored.filter { log(designs[$0].nStar!.widthFactor) <= log(narrowest) * 1.05 }
        return close.max { (designs[$0].identifiedProbability ?? 0) < (designs[$1].identifiedProbability ?? 0) }!
    }

    static func why(_ designs: [DesignPlan], _ best: Int) -> String {
        let b = designs[best]
        var parts = [String(format: "%@: with %d runs (%.0f %% of the budget) the fitted N* falls within ×%.2f (80 %% of simulated fits between %.3g and %.3g, truth %.3g)",
                            b.kind.rawValue, b.runs.count, 100 * b.budgetShare, b.nStar!.widthFactor, b.nStar!.low, b.nStar!.high, b.nStar!.truth)]
        for (i, d) in designs.enumerated() where i != best {
            if let s = d.nStar {
                parts.append(String(format: "%@ gives ×%.2f", d.kind.rawValue, s.widthFactor))
            } else {
                parts.append("\(d.kind.rawValue) was not simulated (\(d.infeasible ?? "infeasible"))")
            }
        }
        if let p = b.identifiedProbability { parts.append(String(format: "α and β identified in %.0f %% of its fits", 100 * p)) }
        return parts.joined(separator: "; ")
    }
}

extension ExperimentPlanner {
    /// z of a normal's 90th percentile: an 80 % interval is ±1.2816 SD.
    static let z80 = 1.2815515655446004

    /// The quick answer for a list of runs (an editor hover on a sweep config): the linearised
    /// 80 % interval of N* at `targetFlops`, N*·exp(±1.2816·SD) with SD the delta-method SD of
    /// ln N̂* (no simulation, microseconds). nil when the runs cannot pin the law's 5 constants.
    /// `ExperimentPlanner.plan` with a custom design gives the simulated interval.
    public static func linearizedInterval(runs: [PlannedRun], targetFlops: Double, prior: ChinchillaForm = PlanNoise.epochLaw,
                                          noise: Double = PlanNoise.epochResidualSD) -> PlanSpread? {
        let sd = PlanInformation.sdLogNStar(prior, runs, noise: noise, targetFlops: targetFlops)
        guard sd.isFinite else { return nil }
        let n = PlanMath.optimalParams(prior, flops: targetFlops)
        return PlanSpread(truth: n, low: n * exp(-z80 * sd), mid: n, high: n * exp(z80 * sd))
    }
}
