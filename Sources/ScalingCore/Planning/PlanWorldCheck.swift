import Dispatch
import Foundation

/// How a plan's stated 80 % interval fared against measured runs.
public struct PlanWorldCheckResult: Sendable, Equatable {
    public var repeats: Int
    /// Repeats whose fit gave a usable law.
    public var fitted: Int
    /// Share of fitted repeats whose stated interval [N̂*/high, N̂*/low] contains `referenceNStar`.
    public var coverage: Double
    /// Share whose own bootstrap 80 % interval contains it.
    public var bootstrapCoverage: Double?
    public var referenceNStar: Double
    /// 10th, 50th, 90th percentiles of the fitted N* (truth = reference).
    public var nStar: PlanSpread?
    /// Median distance, in ln units of (N, D), from a planned run to the measured run used for it.
    public var medianMatchDistance: Double
}

/// Validation on measured runs: treat a set of real runs as the world, draw a plan's runs from
/// it (each planned run, jittered, replaced by the nearest measured run not yet taken, distance
/// in (ln N, ln D)), fit them as the plan's simulation does, and count how often the plan's
/// stated 80 % interval contains the N* of a fit to the whole world.
public enum PlanWorldCheck {
    public static func run(world: [TrainingRun], design: [PlannedRun], errorFactor80: Interval, targetFlops: Double,
                           referenceNStar: Double, prior: ChinchillaForm, repeats: Int, bootstrap: Int, seed: UInt64,
                           jitter: Double = 0.1, shouldCancel: @escaping @Sendable () -> Bool = { false }) throws -> PlanWorldCheckResult {
        guard world.count >= design.count else {
            throw DomainError.invalidInput(field: "world", reason: "has \(world.count) runs, fewer than the design's \(design.count)")
        }
        let cancel = CancelFlag(shouldCancel)
        let grid = PlanSimulation.grid(around: prior)
        let logWorld = world.map { (log($0.params), log($0.tokens)) }
        let slots = WorkerSlots<(ReplicateOutcome?, Double)>(count: repeats, initial: (nil, 0))
        let workers = ParallelWork.workers(for: repeats)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for k in stride(from: w, to: repeats, by: workers) {
                if cancel.poll() { return }
                var rng = SplitMix64(seed: seed, stream: 0x3000_0000 | UInt64(k))
                var taken = Set<Int>()
                var runs: [TrainingRun] = []
                var distances: [Double] = []
                for p in design {
                    let ln = log(p.params) + jitter * PlanSimulation.normal(&rng)
                    let ld = log(p.tokens) + jitter * PlanSimulation.normal(&rng)
                    var best = -1, bestD = Double.infinity
                    for (i, q) in logWorld.enumerated() where !taken.contains(i) {
                        let d = (q.0 - ln) * (q.0 - ln) + (q.1 - ld) * (q.1 - ld)
                        if d < bestD { best = i; bestD = d }
                    }
                    taken.insert(best)
                    runs.append(world[best])
                    distances.append(sqrt(bestD))
                }
                let outcome = PlanSimulation.fitOutcome(runs, targetFlops: targetFlops, grid: grid, bootstrap: bootstrap,
                                                        seed: rng.next(), minTokens: nil, cancel: cancel)
                slots[k] = (outcome, distances.sorted()[distances.count / 2])
            }
        }
        if cancel.isSet { throw CancellationError() }
        let all = slots.array
        let ok = all.compactMap(\.0)
        let covered = ok.filter { $0.nStar / errorFactor80.high <= referenceNStar && referenceNStar <= $0.nStar / errorFactor80.low }
        let boots = ok.compactMap(\.bootNStar80)
        return PlanWorldCheckResult(
            repeats: repeats, fitted: ok.count, coverage: ok.isEmpty ? 0 : Double(covered.count) / Double(ok.count),
            bootstrapCoverage: boots.isEmpty ? nil : Double(boots.filter { $0.low <= referenceNStar && referenceNStar <= $0.high }.count) / Double(boots.count),
            referenceNStar: referenceNStar, nStar: ExperimentPlanner.spread(ok.map(\.nStar), truth: referenceNStar),
            medianMatchDistance: all.map(\.1).sorted()[repeats / 2])
    }
}
