import Dispatch
import Foundation

/// What one simulated fit found at the target.
struct ReplicateOutcome: Sendable {
    var nStar: Double
    var dStar: Double
    var loss: Double
    /// 10th and 90th percentiles of N* over the fit's bootstrap refits.
    var bootNStar80: Interval?
    /// nil without bootstrap intervals to judge by.
    var identified: Bool?
    var alpha: Double
    var beta: Double
}

/// One design's simulated fits to run: its runs, how many, and its stream of random numbers.
struct SimulationJob: Sendable {
    var runs: [PlannedRun]
    var repeats: Int
    var stream: UInt64
    /// Runs with fewer tokens are dropped by the fit (the "drop early checkpoints" rule).
    var minTokens: Double? = nil
}

enum PlanSimulation {
    /// 2⁵ = 32 starts bracketing the prior: log A and log B ± 1.5, log E − 0.3 and + 0.2,
    /// α and β × 0.6 and × 1.5. The simulated fits start from what the planner believes, as a
    /// user's fit would; `PlanOptions.grid` overrides it.
    static func grid(around p: ChinchillaForm) -> [GridAxis] {
        let a = log(p.A), b = log(p.B), e = log(p.E)
        return [GridAxis(name: "a", values: [a - 1.5, a + 1.5]), GridAxis(name: "b", values: [b - 1.5, b + 1.5]),
                GridAxis(name: "e", values: [e - 0.3, e + 0.2]),
                GridAxis(name: "alpha", values: [0.6 * p.alpha, 1.5 * p.alpha]),
                GridAxis(name: "beta", values: [0.6 * p.beta, 1.5 * p.beta])]
    }

    /// α and β count as identified in a fit when each one's bootstrap 95 % interval lies within
    /// a factor 1.5 of its fitted value. When the runs cannot tell the parameter term from the
    /// data term, the bootstrap slides along the ridge where one exponent trades for the other
    /// and both intervals stretch past that band.
    static let identificationFactor = 1.5

    /// Normal deviate by Box–Muller from two uniforms of the stream.
    static func normal(_ rng: inout SplitMix64) -> Double {
        let u1 = (Double(rng.next() >> 11) + 0.5) / 9_007_199_254_740_992
        let u2 = Double(rng.next() >> 11) / 9_007_199_254_740_992
        return sqrt(-2 * log(u1)) * cos(2 * Double.pi * u2)
    }

    /// Runs every job's simulated fits, spread over the cores (one fit per worker at a time).
    /// Result `[j][r]` is replicate r of job j, nil where the fit failed or gave no usable law.
    static func run(_ jobs: [SimulationJob], prior: ChinchillaForm, noise: Double, targetFlops: Double,
                    options: PlanOptions, cancel: CancelFlag, progress: @escaping @Sendable () -> Void) throws -> [[ReplicateOutcome?]] {
        let offsets = jobs.reduce(into: [0]) { $0.append($0.last! + $1.repeats) }
        let total = offsets.last!
        let slots = WorkerSlots<ReplicateOutcome?>(count: max(total, 1), initial: nil)
        let grid = options.grid ?? grid(around: prior)
        let workers = ParallelWork.workers(for: total)
        DispatchQueue.concurrentPerform(iterations: workers) { w in
            for k in stride(from: w, to: total, by: workers) {
                if cancel.poll() { return }
                let j = offsets.lastIndex { $0 <= k }!
                let job = jobs[j]
                slots[k] = replicate(job, index: k - offsets[j], prior: prior, noise: noise, targetFlops: targetFlops,
                                     grid: grid, options: options, cancel: cancel)
                progress()
            }
        }
        if cancel.isSet { throw CancellationError() }
        return jobs.indices.map { j in (0..<jobs[j].repeats).map { slots[offsets[j] + $0] } }
    }

    /// Draws losses from the prior with log-normal noise, fits them with `ScalingFit.fit`
    /// (bootstrap included) and reads N*, D* and the loss at the target off the fitted law.
    static func replicate(_ job: SimulationJob, index: Int, prior: ChinchillaForm, noise: Double, targetFlops: Double,
                          grid: [GridAxis], options: PlanOptions, cancel: CancelFlag) -> ReplicateOutcome? {
        var rng = SplitMix64(seed: options.seed, stream: job.stream << 20 | UInt64(index))
        let runs = job.runs.map { r in
            TrainingRun(params: r.params, tokens: r.tokens, loss: prior.loss(params: r.params, tokens: r.tokens) * exp(noise * normal(&rng)))
        }
        return fitOutcome(runs, targetFlops: targetFlops, grid: grid, bootstrap: options.bootstrap,
                          seed: rng.next(), minTokens: job.minTokens, cancel: cancel)
    }

    /// Fits `runs` and reads the allocation at `targetFlops`; nil when the fit fails or its law is unusable.
    static func fitOutcome(_ runs: [TrainingRun], targetFlops: Double, grid: [GridAxis], bootstrap: Int, seed: UInt64,
                           minTokens: Double?, cancel: CancelFlag) -> ReplicateOutcome? {
        let request = FitRequest(runs: runs, form: .chinchilla,
                                 options: FitOptions(grid: grid, bootstrap: bootstrap, minTokens: minTokens, seed: seed))
        guard let fit = try? ScalingFit.fit(request, shouldCancel: cancel.check),
              case .chinchilla(let law) = fit.lawForm, (try? law.validate(prefix: "")) != nil else { return nil }
        let n = PlanMath.optimalParams(law, flops: targetFlops)
        let d = targetFlops / (6 * n)
        let loss = law.loss(params: n, tokens: d)
        guard n.isFinite, n > 0, loss.isFinite else { return nil }
        var boot: Interval?
        let samples = fit.record.bootstrapSamples.compactMap { s -> Double? in
            let f = ChinchillaForm(E: s[0], A: s[1], B: s[2], alpha: s[3], beta: s[4])
            guard f.alpha > 0, f.beta > 0 else { return nil }
            let v = PlanMath.optimalParams(f, flops: targetFlops)
            return v.isFinite ? v : nil
        }.sorted()
        if samples.count >= 10 {
            boot = Interval(low: Percentile.value(sorted: samples, 10), high: Percentile.value(sorted: samples, 90))
        }
        let k = identificationFactor
        let exponents = [fit.parameters[3], fit.parameters[4]]
        let identified: Bool? = exponents.contains { $0.ci95 == nil } ? nil : exponents.allSatisfy { p in
            p.ci95!.low >= p.value / k && p.ci95!.high <= p.value * k
        }
        return ReplicateOutcome(nStar: n, dStar: d, loss: loss, bootNStar80: boot, identified: identified,
                                alpha: law.alpha, beta: law.beta)
    }
}
