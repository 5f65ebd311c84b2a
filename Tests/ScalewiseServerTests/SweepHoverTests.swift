import Foundation
import Testing
@testable import ScalewiseServer
import ScalingCore

/// A sweep config's hover: the linearised 80 % interval of N* the listed runs would give.
@Suite struct SweepHoverTests {
    static let sweep = """
    target_flops: 1e24
    runs:
      - params: 1e8
        tokens: 2e9
      - params: 3e8
        tokens: 6e9
      - params: 1e9
        tokens: 2e10
      - params: 3e9
        tokens: 6e10
      - params: 1e10
        tokens: 2e11
      - params: 1e9
        tokens: 1e11
    """

    static let law = ScalingLaw(id: "chinchilla-epoch", title: "Chinchilla refit", form: .chinchilla(PlanNoise.epochLaw), sources: [])

    @Test func sweepRunsArePairedInOrder() {
        let f = facts(Self.sweep, .yaml)
        #expect(f.sweepRuns.count == 6)
        #expect(f.sweepRuns[5].params.value == 1e9 && f.sweepRuns[5].tokens.value == 1e11)
        #expect(f.sweepRuns[0].params.line == 2 && f.sweepRuns[0].tokens.line == 3)
        #expect(f.targetFlops?.value == 1e24)
    }

    /// The label is the same interval the planner's linearised answer gives (N* = 9.58607e10 at 1e24).
    @Test func hoverStatesTheInterval() throws {
        let hints = HintEngine.hints(facts: facts(Self.sweep, .yaml), law: Self.law, compute: nil)
        let h = try #require(hints.first { $0.label.hasPrefix("6 runs") })
        let runs = [(1e8, 2e9), (3e8, 6e9), (1e9, 2e10), (3e9, 6e10), (1e10, 2e11), (1e9, 1e11)].map { PlannedRun(params: $0.0, tokens: $0.1) }
        let q = try #require(ExperimentPlanner.linearizedInterval(runs: runs, targetFlops: 1e24))
        #expect(h.label.contains("×\(Format.sig3(q.high / q.low))"))
        #expect(h.hover.contains("95.9B") || h.hover.contains("95.86B"))
        #expect(h.line == 2 && h.hoverLines.contains(13))
    }

    /// Every run at 20 tokens per parameter over a narrow size range (D ∝ N): the parameter and
    /// data terms are told apart only by α ≠ β, and the information matrix is numerically
    /// singular, so the hover warns; alternating 20 and 100 tokens per parameter pins N*.
    @Test func proportionalRunsAreFlagged() throws {
        let text = (1...6).map { "- params: \($0)e8\n  tokens: \($0 * 20)e8" }.joined(separator: "\n") + "\ntarget_flops: 1e24"
        let hints = HintEngine.hints(facts: facts(text, .yaml), law: Self.law, compute: nil)
        let h = try #require(hints.first { $0.label.hasPrefix("6 runs") })
        #expect(h.severity == .warning && h.label.contains("too few distinct"))
        let proportional = (1...6).map { PlannedRun(params: Double($0) * 1e8, tokens: Double($0) * 20e8) }
        let mixed = proportional.enumerated().map { i, r in PlannedRun(params: r.params, tokens: r.tokens * (i % 2 == 0 ? 1 : 5)) }
        #expect(ExperimentPlanner.linearizedInterval(runs: proportional, targetFlops: 1e24) == nil)
        #expect(ExperimentPlanner.linearizedInterval(runs: mixed, targetFlops: 1e24) != nil)
    }
}
