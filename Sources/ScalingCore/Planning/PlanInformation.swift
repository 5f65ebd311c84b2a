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
