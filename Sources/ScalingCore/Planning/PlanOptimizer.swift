import Foundation

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
