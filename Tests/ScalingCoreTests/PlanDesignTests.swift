import Foundation
import Testing
@testable import ScalingCore

/// The designs a plan compares, against hand calculations under the chinchilla-epoch prior
/// (E 1.82, A 482.01, B 2085.43, α 0.3478, β 0.3658; Besiroglu et al. 2024):
/// G = (αA/(βB))^(1/(α+β)) = (167.643/762.850)^(1/0.7136) = 0.119630, a = β/(α+β) = 0.512612,
/// so N*(C) = 0.119630·(C/6)^0.512612; at C = 1e24: N* = 9.58607e10, D* = 1.73863e12.
@Suite struct PlanDesignTests {
    let prior = PlanNoise.epochLaw

    @Test func optimumAtTheTargetMatchesTheHandCalculation() {
        #expect(close(prior.allocationScale, 0.11962985, rel: 1e-7))
        #expect(close(PlanMath.optimalParams(prior, flops: 1e24), 9.58607e10, rel: 1e-5))
        #expect(close(PlanMath.optimalTokens(prior, flops: 1e24), 1.73863e12, rel: 1e-5))
    }

    /// 5 levels √10 apart, 5 sizes each: spend = 5·C_top·(1 + 10^-0.5 + 10^-1 + 10^-1.5 + 10^-2)
    /// = 5·1.4578505·C_top, so a 1e22 budget puts the top level at 1.371883e21 FLOPs; its middle
    /// size is N*(1.371883e21) = 0.119630·(2.28647e20)^0.512612 = 3.26734e9.
    @Test func isoflopGridSpendsTheBudgetOnFiveLevels() throws {
        let d = try #require(PlanDesigns.scaled(PlanDesigns.defaultIsoflop(prior: prior, maxRuns: nil), budget: 1e22,
                                                constraints: PlanConstraints()))
        #expect(d.runs.count == 25)
        #expect(close(d.flops, 1e22, rel: 1e-9))
        let top = d.runs.map(\.flops).max()!
        #expect(close(top, 1.371883e21, rel: 1e-6))
        let atTop = d.runs.filter { close($0.flops, top, rel: 1e-9) }.map(\.params).sorted()
        #expect(atTop.count == 5)
        #expect(close(atTop[2], 3.26734e9, rel: 1e-5))
        // Sizes from N*/4 to 4N*: N*/4, N*/2, N*, 2N*, 4N*.
        #expect(close(atTop[0] * 16, atTop[4], rel: 1e-9))
        #expect(close(atTop[1] * 2, atTop[2], rel: 1e-9))
    }

    /// 6 sizes over 100× at 5, 20, 80 tokens per parameter: spend = 6·N·D summed
    /// = 6·105·N_top²·Σ_{i<6} 10^(-0.8i) = 630·1.1883202·N_top², so N_top = √(1e22/748.642) = 3.654795e9.
    @Test func geometricGridSpendsTheBudgetOnSixSizes() throws {
        let d = try #require(PlanDesigns.scaled(PlanDesigns.defaultGeometric(maxRuns: nil), budget: 1e22,
                                                constraints: PlanConstraints()))
        #expect(d.runs.count == 18)
        #expect(close(d.flops, 1e22, rel: 1e-9))
        let sizes = Set(d.runs.map(\.params)).sorted()
        #expect(sizes.count == 6)
        #expect(close(sizes.last!, 3.654795e9, rel: 1e-6))
        #expect(close(sizes.last! / sizes.first!, 100, rel: 1e-9))
        #expect(Set(d.runs.map { ($0.tokens / $0.params * 1000).rounded() / 1000 }) == [5, 20, 80])
    }

    @Test func constraintsMoveOrDropRuns() {
        let c = PlanConstraints(minParams: 1e8, maxParams: 1e9, maxTokens: 5e10, minRunFlops: 1e18, maxTokensPerParam: 100)
        // Params capped at 1e9; tokens 1e12 capped by 100 tokens/param (1e11), then by maxTokens (5e10).
        #expect(PlanDesigns.constrain(PlannedRun(params: 3e9, tokens: 1e12), c) == PlannedRun(params: 1e9, tokens: 5e10))
        // Raised to 1e8 params: 6·1e8·1e9 = 6e17 < 1e18 FLOPs, dropped.
        #expect(PlanDesigns.constrain(PlannedRun(params: 5e7, tokens: 1e9), c) == nil)
        #expect(PlanDesigns.constrain(PlannedRun(params: 5e8, tokens: 1e10), c) == PlannedRun(params: 5e8, tokens: 1e10))
    }

    @Test func maxRunsShrinksTheGrids() throws {
        let c = PlanConstraints(maxRuns: 12)
        let iso = try #require(PlanDesigns.scaled(PlanDesigns.defaultIsoflop(prior: prior, maxRuns: 12), budget: 1e21, constraints: c))
        let geo = try #require(PlanDesigns.scaled(PlanDesigns.defaultGeometric(maxRuns: 12), budget: 1e21, constraints: c))
        // isoFLOP 5×5 = 25: levels down to 3 (15), then sizes down to 4 (12 ≤ 12).
        // Geometric 6 sizes × 3 ratios = 18: sizes down to 5 (15), then ratios 10 and 40 (10 ≤ 12).
        #expect(iso.runs.count == 12)
        #expect(Set(iso.runs.map { ($0.flops / 1e15).rounded() }).count == 3)
        #expect(geo.runs.count == 10)
        #expect(Set(geo.runs.map(\.params)).count == 5)
        #expect(iso.flops <= 1e21 && geo.flops <= 1e21)
    }

    /// Growing keeps the bottom level and spacing: at 1× the 5 levels of the scaled grid; one
    /// more level is 5 runs at √10 × the top level, 5·4.338275e21 = 2.169137e22 FLOPs, so a
    /// budget of 3.2e22 buys it and 3.1e22 does not.
    @Test func growingAddsLevelsOnTop() throws {
        let d = try #require(PlanDesigns.scaled(PlanDesigns.defaultIsoflop(prior: prior, maxRuns: nil), budget: 1e22,
                                                constraints: PlanConstraints()))
        let same = try #require(PlanDesigns.grown(d, budget: 1e22 * (1 + 1e-9), constraints: PlanConstraints()))
        #expect(same.count == 25)
        #expect(try #require(PlanDesigns.grown(d, budget: 3.1e22, constraints: PlanConstraints())).count == 25)
        let more = try #require(PlanDesigns.grown(d, budget: 3.2e22, constraints: PlanConstraints()))
        #expect(more.count == 30)
        #expect(close(more.map(\.flops).max()!, 1.371883e21 * pow(10, 0.5), rel: 1e-6))
        // Three levels are the fewest a curve point keeps. The bottom level is 1.371883e21/100, and
        // three levels cost 5·1.371883e19·(1 + 10^0.5 + 10) = 9.7145e20 FLOPs.
        #expect(PlanDesigns.grown(d, budget: 9.70e20, constraints: PlanConstraints()) == nil)
        #expect(try #require(PlanDesigns.grown(d, budget: 9.72e20, constraints: PlanConstraints())).count == 15)
    }

    @Test func usdBudgetBuysFlopsAtTheGivenRate() {
        // $1e6 at $2/h on a 989 TFLOP/s chip at 40 % MFU: 1e6/2 · 3600 · 989e12 · 0.4 = 7.1208e23 FLOPs.
        let b = PlanBudget.usd(1e6, pricePerHour: 2, peakFlopsPerSecond: 989e12, mfu: 0.4)
        #expect(close(b.flops, 7.1208e23, rel: 1e-12))
        #expect(close(b.usdPerFlop!, 2 / (3600 * 989e12 * 0.4), rel: 1e-12))
    }
}
