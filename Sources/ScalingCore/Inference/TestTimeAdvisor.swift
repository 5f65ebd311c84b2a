import Foundation

public enum TestTimeAdvisor {
    public static let sources: [Citation] = [
        Citation(title: "Scaling Laws: The Science of Model Scaling (LLM Fundamentals course module)",
                 detail: "rule of thumb, test-time compute: self-consistency gains grow ≈ √samples until saturation: 10 samples ≈ +30 %, 100 ≈ +50 %; a 13B model with 10 samples can beat a 70B with one"),
        Citation(title: "Kaplan et al. 2020, Scaling Laws for Neural Language Models",
                 detail: "inference ≈ 2·N FLOPs per token", url: "https://arxiv.org/abs/2001.08361"),
    ]

    /// Cost per request of one model, `{low, mid, high}` over the device's price range.
    public static func costPerRequest(_ m: TestTimeModel, field: String, tokens: Double,
                                      device: ServingDevice?) throws(DomainError) -> Estimate {
        if let c = m.costPerRequestUsd {
            guard c.isFinite, c >= 0 else { throw .invalidInput(field: field + ".costPerRequestUsd", reason: "must be a non-negative number of dollars") }
            return Estimate(low: c, mid: c, high: c)
        }
        if let p = m.usdPerMillionTokens {
            guard p.isFinite, p >= 0 else { throw .invalidInput(field: field + ".usdPerMillionTokens", reason: "must be a non-negative $ per million tokens") }
            let c = tokens * p / 1e6
            return Estimate(low: c, mid: c, high: c)
        }
        guard let n = m.params else {
            throw .invalidInput(field: field, reason: "give costPerRequestUsd, usdPerMillionTokens, or params with a device")
        }
        guard n.isFinite, n > 0 else { throw .invalidInput(field: field + ".params", reason: "must be a positive number of parameters") }
        guard let d = device else { throw .invalidInput(field: "device", reason: "needed to price \(field) by parameters") }
        // 2·N FLOPs per token at mfu of peak; $/hour → $/second.
        let seconds = 2 * n * tokens / (d.peakFlopsBF16 * d.mfu)
        return Estimate(low: seconds * d.pricePerHourLow / 3600,
                        mid: seconds * (d.pricePerHourLow + d.pricePerHourHigh) / 7200,
                        high: seconds * d.pricePerHourHigh / 3600)
    }

    public static func compare(_ r: TestTimeComputeRequest) throws(DomainError) -> TestTimeComputeResult {
        guard r.tokensPerRequest.isFinite, r.tokensPerRequest > 0 else {
            throw .invalidInput(field: "tokensPerRequest", reason: "must be a positive number of tokens")
        }
        if let d = r.device {
            guard d.peakFlopsBF16.isFinite, d.peakFlopsBF16 > 0 else { throw .invalidInput(field: "device.peakFlopsBF16", reason: "must be positive") }
            guard d.mfu > 0, d.mfu <= 1 else { throw .invalidInput(field: "device.mfu", reason: "must be in (0, 1]") }
            guard d.pricePerHourLow >= 0, d.pricePerHourHigh >= d.pricePerHourLow else {
                throw .invalidInput(field: "device.pricePerHourHigh", reason: "must be at least pricePerHourLow, both non-negative")
            }
        }
        let small = try costPerRequest(r.small, field: "small", tokens: r.tokensPerRequest, device: r.device)
        let large = try costPerRequest(r.large, field: "large", tokens: r.tokensPerRequest, device: r.device)
        let curve = SelfConsistencyCurve.ruleOfThumb
        var reasons: [String] = []

        let samples: Int
        if let s = r.samples {
            guard s > 0 else { throw .invalidInput(field: "samples", reason: "must be a positive integer, got \(s)") }
            samples = s
        } else if let budget = r.budgetPerRequestUsd {
            guard budget.isFinite, budget > 0 else { throw .invalidInput(field: "budgetPerRequestUsd", reason: "must be a positive number of dollars") }
            guard small.mid > 0 else { throw .invalidInput(field: "small", reason: "costs nothing per request: a budget does not bound the samples") }
            let n = Int((budget / small.mid).rounded(.down))
            guard n >= 1 else {
                throw .unanswerable("budgetPerRequestUsd \(budget) is below one sample of the small model (\(String(format: "%.4g", small.mid)) $ at the mid price)")
            }
            samples = n
            reasons.append("budget \(budget) $ per request buys \(n) samples of \(r.small.name) at the mid price")
        } else {
            throw .invalidInput(field: "samples", reason: "give samples or budgetPerRequestUsd")
        }
        func times(_ e: Estimate, _ k: Int) -> Estimate { Estimate(low: e.low * Double(k), mid: e.mid * Double(k), high: e.high * Double(k)) }
        let gain = curve.gain(samples: Double(samples))

        var needed: Int?
        var neededCost: Estimate?
        var cheaper: String?
        if let t = r.targetImprovement {
            guard t.isFinite, t >= 0 else { throw .invalidInput(field: "targetImprovement", reason: "must be a non-negative fraction, e.g. 0.3") }
            needed = curve.samplesNeeded(for: t)
            neededCost = needed.map { times(small, $0) }
            if let n = needed, let c = neededCost {
                reasons.append("\(r.small.name) needs \(n) samples for +\(Int((t * 100).rounded())) %: \(String(format: "%.4g", c.mid)) $ per request (mid)")
            } else {
                reasons.append("+\(Int((t * 100).rounded())) % is beyond the self-consistency saturation of +\(Int((curve.saturation * 100).rounded())) %")
            }
            if let li = r.largeImprovement {
                guard li.isFinite, li >= 0 else { throw .invalidInput(field: "largeImprovement", reason: "must be a non-negative fraction") }
                let largeMeets = li >= t
                reasons.append("\(r.large.name) (one sample) is +\(Int((li * 100).rounded())) %: \(largeMeets ? "meets" : "misses") the target at \(String(format: "%.4g", large.mid)) $ per request (mid)")
                switch (neededCost, largeMeets) {
                case (let c?, true): cheaper = c.mid <= large.mid ? "small" : "large"
                case (_?, false): cheaper = "small"
                case (nil, true): cheaper = "large"
                case (nil, false): cheaper = nil
                }
            } else {
                reasons.append("largeImprovement not given: the large model's quality cannot be compared with the target")
            }
        }
        return TestTimeComputeResult(
            smallCostPerRequest: small, largeCostPerRequest: large, samples: samples,
            sampledCostPerRequest: times(small, samples), expectedImprovement: gain, curve: curve,
            samplesForTarget: needed, sampledCostForTarget: neededCost, cheaperForTarget: cheaper, reasons: reasons,
            assumptions: [
                "self-consistency curve \(SelfConsistencyCurve.formula) through the course module's rule-of-thumb points (10, +30 %) and (100, +50 %): G = \(curve.saturation), c = \(curve.rate)",
                "improvements are relative to the small model with one sample; every sample costs one full request (no shared prompt cache)",
                "self-hosted cost: 2·N FLOPs per token at the device's MFU; API cost: tokens · $/1M tokens",
            ],
            sources: sources)
    }
}
