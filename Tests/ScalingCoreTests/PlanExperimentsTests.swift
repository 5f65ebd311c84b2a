import Foundation
import Synchronization
import Testing
@testable import ScalingCore

/// `ExperimentPlanner.plan` end to end, with reduced repeat counts (the full 200 run in bench/plan/).
/// Truth at 1e24 FLOPs under the chinchilla-epoch prior (hand calculation in PlanDesignTests):
/// N* = 9.58607e10, D* = 1.73863e12, L* = E + A/N*^α + B/D*^β = 1.962512.
@Suite struct PlanExperimentsTests {
    static func request(seed: UInt64 = 1, noise: Double? = nil, repeats: Int = 10, ruleRepeats: Int = 0,
                        designs: [PlanDesignSpec] = PlanDesignSpec.defaults) -> PlanRequest {
        PlanRequest(targetFlops: 1e24, budget: .flops(1e22), noise: noise, designs: designs,
                    options: PlanOptions(repeats: repeats, bootstrap: 20, seed: seed, ruleRepeats: ruleRepeats))
    }

    static func withoutTime(_ r: PlanResult) -> PlanResult {
        var r = r
        r.elapsed = 0
        return r
    }

    @Test func sameSeedSameAnswer() throws {
        let a = try ExperimentPlanner.plan(Self.request(seed: 5))
        let b = try ExperimentPlanner.plan(Self.request(seed: 5))
        #expect(Self.withoutTime(a) == Self.withoutTime(b))
        let c = try ExperimentPlanner.plan(Self.request(seed: 6))
        #expect(a.designs[0].nStar != c.designs[0].nStar)
        #expect(a.repeats == 10 && a.bootstrap == 20 && a.seed == 5)
    }

    @Test func defaultNoiseIsStated() throws {
        let r = try ExperimentPlanner.plan(Self.request(designs: [PlanDesignSpec(kind: .isoflop)]))
        #expect(r.noise == 0.007556)
        #expect(r.noiseSource.contains("Epoch"))
        #expect(r.identificationRule.contains("factor 1.5"))
    }

    /// With almost no noise every design's fits land on the prior's optimum.
    @Test func tinyNoiseRecoversTheTruth() throws {
        let r = try ExperimentPlanner.plan(Self.request(noise: 1e-6))
        for d in r.designs {
            let n = try #require(d.nStar), l = try #require(d.lossAtTarget), dd = try #require(d.dStar)
            #expect(close(n.truth, 9.58607e10, rel: 1e-5))
            #expect(close(dd.truth, 1.73863e12, rel: 1e-5))
            #expect(close(l.truth, 1.962512, rel: 1e-6))
            #expect(n.low > 0.99 * n.truth && n.high < 1.01 * n.truth, "\(d.kind): \(n)")
            #expect(l.low > 0.999 * l.truth && l.high < 1.001 * l.truth)
            #expect(d.failedFits == 0)
            #expect(abs(d.budgetShare - 1) < 0.05)
        }
    }

    /// Each design states the runs, their cost and share; the recommendation is the narrowest.
    @Test func recommendsTheNarrowestDesign() throws {
        let r = try ExperimentPlanner.plan(Self.request())
        #expect(r.designs.map(\.kind) == [.isoflop, .geometric, .optimized])
        let widths = r.designs.map { $0.nStar!.widthFactor }
        #expect(log(widths[r.recommended]) <= log(widths.min()!) * 1.05)
        #expect(r.why.hasPrefix(r.designs[r.recommended].kind.rawValue))
        for d in r.designs {
            #expect(close(d.runs.reduce(0) { $0 + $1.flops }, d.flops, rel: 1e-12))
            #expect(d.flops <= 1e22 * (1 + 1e-9))
            #expect(d.runs.allSatisfy { close($0.flops, 6 * $0.params * $0.tokens, rel: 1e-12) && $0.usd == nil })
            #expect(!d.curve.isEmpty)
        }
    }

    @Test func dollarBudgetPricesEachRun() throws {
        // $2e6 at $2/h, 989e12 FLOP/s, MFU 0.4 buys 1.42416e24 FLOPs: too much for a 1e24 target.
        var req = Self.request(designs: [PlanDesignSpec(kind: .geometric)])
        req.budget = .usd(2e6, pricePerHour: 2, peakFlopsPerSecond: 989e12, mfu: 0.4)
        #expect(throws: DomainError.self) { try ExperimentPlanner.plan(req) }
        // $10,000 buys 1e4/2 · 3600 · 989e12 · 0.4 = 7.1208e21 FLOPs; each run costs flops · 2/(3600·989e12·0.4) dollars.
        req.budget = .usd(1e4, pricePerHour: 2, peakFlopsPerSecond: 989e12, mfu: 0.4)
        let r = try ExperimentPlanner.plan(req)
        #expect(close(r.budgetFlops, 7.1208e21, rel: 1e-12))
        let d = r.designs[0]
        for run in d.runs { #expect(close(run.usd!, run.flops * 2 / (3600 * 989e12 * 0.4), rel: 1e-12)) }
        #expect(close(d.usd!, 1e4 * d.budgetShare, rel: 1e-9))
    }

    @Test func progressEndsAtOneAndCancelStops() throws {
        let seen = Mutex<[Double]>([])
        _ = try ExperimentPlanner.plan(Self.request(designs: [PlanDesignSpec(kind: .isoflop)]), progress: { p in seen.withLock { $0.append(p) } })
        let values = seen.withLock { $0 }
        #expect(values.first == 0 && values.last == 1)
        #expect(values.allSatisfy { (0...1).contains($0) })

        let fired = Atomic<Bool>(false)
        #expect(throws: CancellationError.self) {
            try ExperimentPlanner.plan(Self.request(repeats: 200), shouldCancel: { fired.load(ordering: .relaxed) },
                                       progress: { p in if p > 0.05 { fired.store(true, ordering: .relaxed) } })
        }
    }

    /// Without constraints.minParams no run is smaller than Hoffmann et al. 2022's smallest
    /// model (70M); a custom design is taken as given.
    @Test func smallestModelDefaultsTo70M() throws {
        let r = try ExperimentPlanner.plan(Self.request())
        for d in r.designs { #expect(d.runs.allSatisfy { $0.params >= 7e7 }, "\(d.kind)") }
        #expect(r.method.contains("7e7"))
        var req = Self.request(designs: [PlanDesignSpec(kind: .geometric)])
        req.constraints.minParams = 1e7
        let low = try ExperimentPlanner.plan(req)
        #expect(low.designs[0].runs.contains { $0.params < 7e7 })
        #expect(!low.method.contains("7e7"))
    }

    /// Without bootstrap there are no intervals to judge α and β by: no probability, not 0.
    @Test func identificationNeedsTheBootstrap() throws {
        var req = Self.request(designs: [PlanDesignSpec(kind: .isoflop)])
        req.options.bootstrap = 0
        #expect(try ExperimentPlanner.plan(req).designs[0].identifiedProbability == nil)
        req.options.bootstrap = 20
        #expect(try ExperimentPlanner.plan(req).designs[0].identifiedProbability != nil)
    }

    @Test func customRunsAreSimulatedAsGiven() throws {
        let runs = [(1e8, 2e9), (2e8, 4e9), (4e8, 8e9), (8e8, 1.6e10), (1.6e9, 3.2e10), (1e8, 1e10), (8e8, 4e9)]
            .map { PlannedRun(params: $0.0, tokens: $0.1) }
        let r = try ExperimentPlanner.plan(Self.request(designs: [PlanDesignSpec(kind: .custom, runs: runs)]))
        let d = r.designs[0]
        #expect(d.runs.map { PlannedRun(params: $0.params, tokens: $0.tokens) } == runs)
        #expect(d.nStar != nil && d.curve.isEmpty)
        #expect(d.distinctSizes == 5 && close(d.sizeSpan, 16))
    }

    /// At 1e22 FLOPs the guides' size rules hold by a wide margin (one decade leaves the
    /// extrapolation to 1e24 unpinned); dropping sub-10B-token runs is testable.
    @Test func guidesRulesAreChecked() throws {
        let r = try ExperimentPlanner.plan(Self.request(repeats: 10, ruleRepeats: 20))
        let decades = try #require(r.rules.first { $0.rule.contains("two decades") })
        #expect(decades.holds == true, "\(decades.verdict)")
        #expect(decades.followingWidth! < decades.breakingWidth!)
        // The same comparison at every curve budget, by linearised SD; at 1× it agrees with the simulation.
        #expect(decades.byBudget.map(\.budgetMultiple) == [0.25, 0.5, 1, 2, 4, 8])
        #expect(decades.byBudget.first { $0.budgetMultiple == 1 }?.holds == true)
        #expect(decades.verdict.contains("by linearised SD"))
        let drop = try #require(r.rules.first { $0.rule.contains("10B") })
        #expect(drop.holds != nil)
        #expect(r.rules.contains { $0.rule.contains("4 %") })
    }

    @Test func badInputNamesTheField() {
        var req = Self.request()
        req.budget = .flops(1e25)
        #expect(throws: DomainError.self) { try ExperimentPlanner.plan(req) }
        let cases: [(PlanRequest, String)] = [
            ({ var r = Self.request(); r.targetFlops = -1; return r }(), "targetFlops"),
            ({ var r = Self.request(); r.constraints.maxRuns = 3; return r }(), "constraints.maxRuns"),
            ({ var r = Self.request(); r.constraints = PlanConstraints(minParams: 1e9, maxParams: 1e8); return r }(), "constraints.maxParams"),
            ({ var r = Self.request(); r.designs = [PlanDesignSpec(kind: .custom, runs: [PlannedRun(params: 1e8, tokens: 1e9)])]; return r }(), "designs[0].runs"),
            ({ var r = Self.request(); r.options.repeats = 2; return r }(), "options.repeats"),
            ({ var r = Self.request(); r.noise = 0; return r }(), "noise"),
            ({ var r = Self.request(); r.budget = .usd(1e4, pricePerHour: 2, peakFlopsPerSecond: 1e15, mfu: 1.5); return r }(), "budget.mfu"),
        ]
        for (r, f) in cases {
            do {
                _ = try ExperimentPlanner.plan(r)
                Issue.record("expected an error at \(f)")
            } catch {
                #expect(field(of: error) == f)
            }
        }
    }
}
