import Foundation

/// The linearised (Fisher-information) view of a design: with normal noise of SD σ on log L,
/// a least-squares fit of θ = (log A, log B, log E, α, β) has covariance σ²·(JᵀJ)⁻¹, J the
/// Jacobian of log L at the prior, and log N*(C) has variance ∇gᵀ·cov·∇g (delta method).
/// Used to optimise a design and to draw the interval-vs-budget curve; the intervals a plan
/// reports come from simulated fits, not from this.
enum PlanInformation {
    /// ∂ log L / ∂θ at one run, θ in the fitter's internal order (a, b, e, α, β).
    static func jacobianRow(_ law: ChinchillaForm, _ run: PlannedRun) -> [Double] {
        let nTerm = law.A / pow(run.params, law.alpha), dTerm = law.B / pow(run.tokens, law.beta)
        let l = law.E + nTerm + dTerm
        return [nTerm / l, dTerm / l, law.E / l, -nTerm * log(run.params) / l, -dTerm * log(run.tokens) / l]
    }

    /// ∇θ log N*(C): log N* = (a − b + log α − log β + β·log(C/6)) / (α + β).
    static func gradientLogNStar(_ law: ChinchillaForm, flops: Double) -> [Double] {
        let s = law.alpha + law.beta
        let g = log(PlanMath.optimalParams(law, flops: flops))
        return [1 / s, -1 / s, 0, (1 / law.alpha - g) / s, (-1 / law.beta + log(flops / 6) - g) / s]
    }

    /// Σ J_iᵀJ_i, 5×5 row-major.
    static func information(_ law: ChinchillaForm, _ runs: [PlannedRun]) -> [Double] {
        var m = [Double](repeating: 0, count: 25)
        for r in runs { add(&m, jacobianRow(law, r), sign: 1) }
        return m
    }

    static func add(_ m: inout [Double], _ j: [Double], sign: Double) {
        for p in 0..<5 { for q in 0..<5 { m[5 * p + q] += sign * j[p] * j[q] } }
    }

    /// gᵀ M⁻¹ g by Cholesky; ∞ when M is not positive definite (the design cannot pin θ).
    static func quadraticInverse(_ m: [Double], _ g: [Double]) -> Double {
        var l = [Double](repeating: 0, count: 25)
        let scale = (0..<5).map { m[6 * $0] }.max() ?? 0
        guard scale > 0 else { return .infinity }
        for i in 0..<5 {
            for j in 0...i {
                var s = m[5 * i + j]
                for k in 0..<j { s -= l[5 * i + k] * l[5 * j + k] }
                if i == j {
                    guard s > scale * 1e-13 else { return .infinity }
                    l[5 * i + i] = sqrt(s)
                } else {
                    l[5 * i + j] = s / l[5 * j + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: 5)
        for i in 0..<5 {
            var s = g[i]
            for k in 0..<i { s -= l[5 * i + k] * y[k] }
            y[i] = s / l[5 * i + i]
        }
        return y.reduce(0) { $0 + $1 * $1 }
    }

    /// Linearised SD of log N*(targetFlops) for `runs` with log-loss noise `noise`.
    static func sdLogNStar(_ law: ChinchillaForm, _ runs: [PlannedRun], noise: Double, targetFlops: Double) -> Double {
        noise * sqrt(quadraticInverse(information(law, runs), gradientLogNStar(law, flops: targetFlops)))
    }
}

/// The target-optimised design: the best of a family of isoFLOP and geometric shapes by
/// linearised variance of log N*, then improved run by run with Fedorov's exchange algorithm
/// over a grid of candidate runs, keeping within budget and constraints.
enum PlanOptimizer {
    static func design(prior: ChinchillaForm, targetFlops: Double, budget: Double, constraints: PlanConstraints,
                       noise: Double) -> ScaledDesign? {
        var best: (design: ScaledDesign, sd: Double)?
        for shape in family(prior: prior, maxRuns: constraints.maxRuns) {
            guard let d = PlanDesigns.scaled(shape, budget: budget, constraints: constraints), d.runs.count >= 5 else { continue }
            let sd = PlanInformation.sdLogNStar(prior, d.runs, noise: noise, targetFlops: targetFlops)
            if sd.isFinite, sd < best?.sd ?? .infinity { best = (d, sd) }
        }
        guard let start = best else { return nil }
        let improved = exchange(start.design.runs, prior: prior, targetFlops: targetFlops, budget: budget, constraints: constraints)
        let sd = PlanInformation.sdLogNStar(prior, improved, noise: noise, targetFlops: targetFlops)
        let label = String(format: "exchange-optimised from %@ (linearised SD of ln N* %.3g → %.3g)",
                           start.design.label, start.sd, sd)
        return ScaledDesign(runs: improved.sorted { ($0.params, $0.tokens) < ($1.params, $1.tokens) }, label: label)
    }

    /// Shapes searched for a start: isoFLOP grids of 3–6 levels and geometric grids of 4–10 sizes.
    static func family(prior: ChinchillaForm, maxRuns: Int?) -> [PlanShape] {
        var shapes: [PlanShape] = []
        for levels in [3, 4, 5, 6] {
            for ratio in [pow(10, 0.25), pow(10, 0.5), 10] {
                for sizes in [3, 5, 7] {
                    for span in [2.0, 4, 8] where levels * sizes <= (maxRuns ?? .max) {
                        shapes.append(.isoflop(prior: prior, levels: levels, levelRatio: ratio, sizes: sizes, sizeSpan: span))
                    }
                }
            }
        }
        for sizes in [4, 5, 6, 8, 10] {
            for span in [10.0, 30, 100, 300, 1000] {
                for ratios in [[20.0], [10, 40], [5, 20, 80], [2, 10, 50, 250]] where sizes * ratios.count <= (maxRuns ?? .max) {
                    shapes.append(.geometric(sizes: sizes, span: span, ratios: ratios))
                }
            }
        }
        return shapes
    }

    /// Candidate runs: 24 sizes over the design's size range widened 4× each way, times 12
    /// tokens-per-parameter ratios over the allowed range (default 2–400), all constrained.
    static func candidates(around runs: [PlannedRun], constraints: PlanConstraints) -> [PlannedRun] {
        let nLo = runs.map(\.params).min()! / 4, nHi = runs.map(\.params).max()! * 4
        let rLo = constraints.minTokensPerParam ?? 2, rHi = constraints.maxTokensPerParam ?? 400
        var out: [PlannedRun] = []
        for i in 0..<24 {
            let n = nLo * pow(nHi / nLo, Double(i) / 23)
            for j in 0..<12 {
                let r = rLo * pow(rHi / rLo, Double(j) / 11)
                if let c = PlanDesigns.constrain(PlannedRun(params: n, tokens: r * n), constraints) { out.append(c) }
            }
        }
        return out
    }

    /// Replaces runs by candidates while that lowers gᵀM⁻¹g and stays in budget; adds
    /// a candidate when the budget and `maxRuns` leave room.
    static func exchange(_ start: [PlannedRun], prior: ChinchillaForm, targetFlops: Double, budget: Double,
                         constraints: PlanConstraints) -> [PlannedRun] {
        let g = PlanInformation.gradientLogNStar(prior, flops: targetFlops)
        let pool = candidates(around: start, constraints: constraints)
        let rows = pool.map { PlanInformation.jacobianRow(prior, $0) }
        var design = start
        var m = PlanInformation.information(prior, design)
        var value = PlanInformation.quadraticInverse(m, g)
        var spent = design.reduce(0) { $0 + $1.flops }
        let maxRuns = constraints.maxRuns ?? max(start.count, 40)
        for _ in 0..<30 {
            var improved = false
            if design.count < maxRuns {
                var bestAdd: (Int, Double)?
                for (c, cand) in pool.enumerated() where spent + cand.flops <= budget && !design.contains(cand) {
                    var trial = m
                    PlanInformation.add(&trial, rows[c], sign: 1)
                    let v = PlanInformation.quadraticInverse(trial, g)
                    if v < value * (1 - 1e-9), v < bestAdd?.1 ?? .infinity { bestAdd = (c, v) }
                }
                if let (c, v) = bestAdd {
                    design.append(pool[c]); PlanInformation.add(&m, rows[c], sign: 1)
                    spent += pool[c].flops; value = v; improved = true
                }
            }
            for i in design.indices {
                let old = PlanInformation.jacobianRow(prior, design[i])
                var without = m
                PlanInformation.add(&without, old, sign: -1)
                var bestSwap: (Int, Double)?
                for (c, cand) in pool.enumerated() where spent - design[i].flops + cand.flops <= budget && !design.contains(cand) {
                    var trial = without
                    PlanInformation.add(&trial, rows[c], sign: 1)
                    let v = PlanInformation.quadraticInverse(trial, g)
                    if v < value * (1 - 1e-9), v < bestSwap?.1 ?? .infinity { bestSwap = (c, v) }
                }
                if let (c, v) = bestSwap {
                    spent += pool[c].flops - design[i].flops
                    design[i] = pool[c]; m = without; PlanInformation.add(&m, rows[c], sign: 1)
                    value = v; improved = true
                }
            }
            if !improved { break }
        }
        return design
    }
}
