import Foundation

/// A design's shape at a scale, before constraints and budget: the runs for one `scale`
/// (the top compute level for isoFLOP grids, the largest size for geometric grids).
struct PlanShape: Sendable {
    var kind: PlanDesignKind
    /// What the shape is, in words ("5 isoFLOP levels 3.16× apart, 5 sizes from N*/4 to 4N*").
    var label: String
    var runs: @Sendable (Double) -> [PlannedRun]
    /// Range of `scale` to search for the budget.
    var scaleRange: ClosedRange<Double>
    /// For the interval-vs-budget curve: the runs of step k (a compute level or a model size)
    /// counting up from the bottom step of the shape at `scale`, same spacing.
    var step: (@Sendable (_ scale: Double, _ k: Int) -> [PlannedRun])? = nil

    /// Hoffmann et al. 2022 Approach 2: `levels` compute levels `levelRatio` apart, each with
    /// `sizes` models spread geometrically from N*(C)/`sizeSpan` to N*(C)·`sizeSpan` around the prior's optimum.
    static func isoflop(prior: ChinchillaForm, levels: Int, levelRatio: Double, sizes: Int, sizeSpan: Double) -> PlanShape {
        let label = String(format: "%d isoFLOP levels %.3g× apart, %d sizes per level from N*/%.3g to %.3g·N*",
                           levels, levelRatio, sizes, sizeSpan, sizeSpan)
        return PlanShape(kind: .isoflop, label: label, runs: { top in
            var out: [PlannedRun] = []
            for k in 0..<levels {
                let c = top / pow(levelRatio, Double(k))
                let nOpt = PlanMath.optimalParams(prior, flops: c)
                for j in 0..<sizes {
                    let u = sizes == 1 ? 0 : 2 * Double(j) / Double(sizes - 1) - 1
                    let n = nOpt * pow(sizeSpan, u)
                    out.append(PlannedRun(params: n, tokens: c / (6 * n)))
                }
            }
            return out
        }, scaleRange: 6e6...1e40, step: { top, k in
            let c = top / pow(levelRatio, Double(levels - 1 - k))
            let nOpt = PlanMath.optimalParams(prior, flops: c)
            return (0..<sizes).map { j in
                let u = sizes == 1 ? 0 : 2 * Double(j) / Double(sizes - 1) - 1
                let n = nOpt * pow(sizeSpan, u)
                return PlannedRun(params: n, tokens: c / (6 * n))
            }
        })
    }

    /// `sizes` model sizes spread geometrically over `span` (largest/smallest), each trained at
    /// every tokens-per-parameter ratio in `ratios`.
    static func geometric(sizes: Int, span: Double, ratios: [Double]) -> PlanShape {
        let label = String(format: "%d sizes over %.3g× (largest/smallest), each at %@ tokens per parameter",
                           sizes, span, ratios.map { String(format: "%g", $0) }.joined(separator: ", "))
        return PlanShape(kind: .geometric, label: label, runs: { top in
            var out: [PlannedRun] = []
            for i in 0..<sizes {
                let n = sizes == 1 ? top : top / pow(span, Double(i) / Double(sizes - 1))
                for r in ratios { out.append(PlannedRun(params: n, tokens: r * n)) }
            }
            return out
        }, scaleRange: 1...1e20, step: { top, k in
            let n = sizes == 1 ? top * pow(span, Double(k)) : top / pow(span, Double(sizes - 1 - k) / Double(sizes - 1))
            return ratios.map { PlannedRun(params: n, tokens: $0 * n) }
        })
    }
}

/// A design fitted to the budget and the constraints.
struct ScaledDesign: Sendable {
    var runs: [PlannedRun]
    var label: String
    var shape: PlanShape? = nil
    var scale: Double = 0
    var flops: Double { runs.reduce(0) { $0 + $1.flops } }
}

enum PlanDesigns {
    /// Moves a run inside the constraints (params, then tokens per parameter, then tokens) and
    /// drops it when it cannot be placed or is smaller than `minRunFlops`.
    static func constrain(_ run: PlannedRun, _ c: PlanConstraints) -> PlannedRun? {
        var n = run.params, d = run.tokens
        if let lo = c.minParams { n = max(n, lo) }
        if let hi = c.maxParams { n = min(n, hi) }
        if let lo = c.minTokensPerParam { d = max(d, lo * n) }
        if let hi = c.maxTokensPerParam { d = min(d, hi * n) }
        if let lo = c.minTokens { d = max(d, lo) }
        if let hi = c.maxTokens { d = min(d, hi) }
        let r = d / n
        if let lo = c.minTokensPerParam, r < lo * (1 - 1e-9) { return nil }
        if let hi = c.maxTokensPerParam, r > hi * (1 + 1e-9) { return nil }
        let out = PlannedRun(params: n, tokens: d)
        if let f = c.minRunFlops, out.flops < f { return nil }
        return out
    }

    /// The constrained runs of `shape` at `scale`, duplicates (within 0.1 %) removed.
    static func runs(_ shape: PlanShape, scale: Double, constraints: PlanConstraints) -> [PlannedRun] {
        var out: [PlannedRun] = []
        for raw in shape.runs(scale) {
            guard let r = constrain(raw, constraints) else { continue }
            if out.contains(where: { abs($0.params / r.params - 1) < 1e-3 && abs($0.tokens / r.tokens - 1) < 1e-3 }) { continue }
            out.append(r)
        }
        if let m = constraints.maxRuns, out.count > m {
            // Keep the largest runs: they carry the most information about the target.
            out = Array(out.sorted { $0.flops > $1.flops }.prefix(m))
        }
        return out
    }

    /// The largest scale whose runs fit the budget (bisection on log scale), or nil when even
    /// the smallest scale overspends.
    static func scaled(_ shape: PlanShape, budget: Double, constraints: PlanConstraints) -> ScaledDesign? {
        func total(_ logS: Double) -> Double {
            runs(shape, scale: exp(logS), constraints: constraints).reduce(0) { $0 + $1.flops }
        }
        var lo = log(shape.scaleRange.lowerBound), hi = log(shape.scaleRange.upperBound)
        guard total(lo) <= budget else { return nil }
        if total(hi) <= budget {
            return ScaledDesign(runs: runs(shape, scale: exp(hi), constraints: constraints), label: shape.label, shape: shape, scale: exp(hi))
        }
        for _ in 0..<80 {
            let mid = 0.5 * (lo + hi)
            if total(mid) <= budget { lo = mid } else { hi = mid }
        }
        return ScaledDesign(runs: runs(shape, scale: exp(lo), constraints: constraints), label: shape.label, shape: shape, scale: exp(lo))
    }

    /// The design grown (or shrunk) to `budget` as runs are added in practice: keep its bottom step
    /// (lowest compute level or smallest size) and spacing, and add steps on top while the
    /// budget lasts. nil when fewer than 3 steps fit.
    static func grown(_ design: ScaledDesign, budget: Double, constraints: PlanConstraints) -> [PlannedRun]? {
        guard let step = design.shape?.step else { return nil }
        var out: [PlannedRun] = [], spent = 0.0, steps = 0
        for k in 0..<200 {
            let add = step(design.scale, k).compactMap { constrain($0, constraints) }
                .filter { r in !out.contains { abs($0.params / r.params - 1) < 1e-3 && abs($0.tokens / r.tokens - 1) < 1e-3 } }
            let cost = add.reduce(0) { $0 + $1.flops }
            if add.isEmpty { continue }
            guard spent + cost <= budget, out.count + add.count <= constraints.maxRuns ?? .max else { break }
            out += add
            spent += cost
            steps += 1
        }
        return steps >= 3 && out.count >= 5 ? out : nil
    }

    /// The isoFLOP design compared by default: 5 levels 10^0.5 apart (two decades of compute),
    /// 5 sizes from N*/4 to 4N* on each, as Hoffmann et al.'s Figure 3 spreads sizes around each valley.
    static func defaultIsoflop(prior: ChinchillaForm, maxRuns: Int?) -> PlanShape {
        var levels = 5, sizes = 5
        if let m = maxRuns {
            while levels * sizes > m && levels > 3 { levels -= 1 }
            while levels * sizes > m && sizes > 3 { sizes -= 1 }
        }
        return .isoflop(prior: prior, levels: levels, levelRatio: pow(10, 0.5), sizes: sizes, sizeSpan: 4)
    }

    /// The geometric design compared by default: 6 sizes over two decades, each at 5, 20 and 80
    /// tokens per parameter (a quarter of, at, and four times Hoffmann et al.'s ~20).
    static func defaultGeometric(maxRuns: Int?) -> PlanShape {
        var sizes = 6, ratios = [5.0, 20, 80]
        if let m = maxRuns {
            while sizes * ratios.count > m && sizes > 5 { sizes -= 1 }
            if sizes * ratios.count > m { ratios = [10, 40] }
            while sizes * ratios.count > m && sizes > 3 { sizes -= 1 }
        }
        return .geometric(sizes: sizes, span: 100, ratios: ratios)
    }
}

enum PlanMath {
    /// N* at compute C under C = 6ND: G·(C/6)^(β/(α+β)).
    static func optimalParams(_ law: ChinchillaForm, flops: Double) -> Double {
        law.allocationScale * pow(flops / 6, law.paramsExponent)
    }

    static func optimalTokens(_ law: ChinchillaForm, flops: Double) -> Double {
        flops / (6 * optimalParams(law, flops: flops))
    }

    static func optimalLoss(_ law: ChinchillaForm, flops: Double) -> Double {
        let n = optimalParams(law, flops: flops)
        return law.loss(params: n, tokens: flops / (6 * n))
    }
}
