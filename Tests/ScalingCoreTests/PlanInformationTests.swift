import Foundation
import Testing
@testable import ScalingCore

/// The linearised view used to optimise designs, against finite differences and simulation.
@Suite struct PlanInformationTests {
    let prior = PlanNoise.epochLaw

    static func theta(_ p: ChinchillaForm) -> [Double] { [log(p.A), log(p.B), log(p.E), p.alpha, p.beta] }
    static func law(_ t: [Double]) -> ChinchillaForm { ChinchillaForm(E: exp(t[2]), A: exp(t[0]), B: exp(t[1]), alpha: t[3], beta: t[4]) }

    static func numericGradient(_ f: ([Double]) -> Double, at t: [Double]) -> [Double] {
        (0..<t.count).map { k in
            var up = t, down = t
            let h = 1e-6
            up[k] += h; down[k] -= h
            return (f(up) - f(down)) / (2 * h)
        }
    }

    @Test func gradientOfLogNStarMatchesFiniteDifferences() {
        let t = Self.theta(prior)
        let numeric = Self.numericGradient({ log(PlanMath.optimalParams(Self.law($0), flops: 1e24)) }, at: t)
        let analytic = PlanInformation.gradientLogNStar(prior, flops: 1e24)
        for k in 0..<5 { #expect(abs(numeric[k] - analytic[k]) < 1e-5 * max(1, abs(analytic[k]))) }
    }

    @Test func jacobianMatchesFiniteDifferences() {
        let t = Self.theta(prior)
        let run = PlannedRun(params: 4e8, tokens: 9e9)
        let numeric = Self.numericGradient({ log(Self.law($0).loss(params: run.params, tokens: run.tokens)) }, at: t)
        let analytic = PlanInformation.jacobianRow(prior, run)
        for k in 0..<5 { #expect(abs(numeric[k] - analytic[k]) < 1e-6 * max(1, abs(analytic[k]))) }
    }

    /// Fewer than 5 distinct runs cannot pin 5 constants: infinite variance.
    @Test func tooFewRunsHaveNoFiniteVariance() {
        let runs = [PlannedRun(params: 1e8, tokens: 2e9), PlannedRun(params: 1e9, tokens: 2e10)]
        #expect(PlanInformation.sdLogNStar(prior, runs, noise: 0.01, targetFlops: 1e24) == .infinity)
    }

    /// With small noise the fit is close to linear: the simulated spread of ln N̂* (10th–90th
    /// percentile / 2.563, the width of a normal's central 80 %) matches the linearised SD within 25 %.
    @Test func linearisedSpreadMatchesSimulatedFits() throws {
        let design = try #require(PlanDesigns.scaled(PlanDesigns.defaultGeometric(maxRuns: nil), budget: 1e22, constraints: PlanConstraints()))
        let noise = 0.002
        let sd = PlanInformation.sdLogNStar(prior, design.runs, noise: noise, targetFlops: 1e24)
        let sims = try PlanSimulation.run([SimulationJob(runs: design.runs, repeats: 80, stream: 7)], prior: prior, noise: noise,
                                          targetFlops: 1e24, options: PlanOptions(bootstrap: 0, seed: 3), cancel: CancelFlag { false },
                                          progress: {})[0].compactMap { $0 }
        #expect(sims.count == 80)
        let logs = sims.map { log($0.nStar) }.sorted()
        let simulated = (Percentile.value(sorted: logs, 90) - Percentile.value(sorted: logs, 10)) / 2.5631
        #expect(abs(simulated / sd - 1) < 0.25, "simulated \(simulated) vs linearised \(sd)")
    }

    /// The exchange step never makes a design worse than its start, and stays within budget.
    @Test func optimisedDesignBeatsTheGridsOnItsCriterion() throws {
        let budget = 1e22, c = PlanConstraints()
        let opt = try #require(PlanOptimizer.design(prior: prior, targetFlops: 1e24, budget: budget, constraints: c, noise: 0.0076))
        #expect(opt.flops <= budget * (1 + 1e-12))
        let sdOpt = PlanInformation.sdLogNStar(prior, opt.runs, noise: 0.0076, targetFlops: 1e24)
        for shape in [PlanDesigns.defaultIsoflop(prior: prior, maxRuns: nil), PlanDesigns.defaultGeometric(maxRuns: nil)] {
            let d = try #require(PlanDesigns.scaled(shape, budget: budget, constraints: c))
            #expect(sdOpt < PlanInformation.sdLogNStar(prior, d.runs, noise: 0.0076, targetFlops: 1e24))
        }
    }
}

@Suite struct PlanLinearizedIntervalTests {
    @Test func quickIntervalIsNStarTimesTheNormalQuantiles() throws {
        let runs = try #require(PlanDesigns.scaled(PlanDesigns.defaultGeometric(maxRuns: nil), budget: 1e22, constraints: PlanConstraints())).runs
        let q = try #require(ExperimentPlanner.linearizedInterval(runs: runs, targetFlops: 1e24))
        let sd = PlanInformation.sdLogNStar(PlanNoise.epochLaw, runs, noise: 0.007556, targetFlops: 1e24)
        // N*(1e24) = 9.58607e10 (PlanDesignTests); the 90th percentile of a normal is 1.28155 SD.
        #expect(close(q.mid, 9.58607e10, rel: 1e-5))
        #expect(close(q.high, 9.58607e10 * exp(1.28155 * sd), rel: 1e-5))
        #expect(close(q.low * q.high, q.mid * q.mid, rel: 1e-12))
        #expect(ExperimentPlanner.linearizedInterval(runs: Array(runs.prefix(3)), targetFlops: 1e24) == nil)
    }
}
