import Foundation

/// Self-consistency (majority vote over n samples) gain curve fitted to the rule of thumb of the course
/// module "Scaling Laws: The Science of Model Scaling" (docs/REFERENCES.md, "Test-time compute"):
/// gains grow ≈ √samples until saturation; 10 samples ≈ +30 %, 100 ≈ +50 %:
///
///     gain(n) = G · (1 − exp(−c · (√n − 1)))
///
/// gain(1) = 0, grows like G·c·(√n − 1) for small n and saturates at G. The two constants are solved
/// exactly through the module's two points (bisection on c, then G); they come out near c ≈ 0.407,
/// G ≈ 0.513. A pure √n law cannot pass through both points (it would give +95 % at 100 if +30 % at 10).
public struct SelfConsistencyCurve: Sendable, Equatable {
    public var saturation: Double
    public var rate: Double
    public static let formula = "gain(n) = G·(1 − exp(−c·(√n − 1)))"

    /// Through the course module's points (10, +30 %) and (100, +50 %).
    public static let ruleOfThumb = fit(n1: 10, gain1: 0.30, n2: 100, gain2: 0.50)!

    public init(saturation: Double, rate: Double) {
        self.saturation = saturation
        self.rate = rate
    }

    public func gain(samples n: Double) -> Double {
        saturation * (1 - exp(-rate * (n.squareRoot() - 1)))
    }

    /// Smallest integer n with gain(n) ≥ target; nil when target ≥ G (beyond saturation).
    public func samplesNeeded(for target: Double) -> Int? {
        if target <= 0 { return 1 }
        guard target < saturation else { return nil }
        let root = -log(1 - target / saturation) / rate + 1
        var n = max(1, Int((root * root).rounded(.up)))
        while n > 1 && gain(samples: Double(n - 1)) >= target { n -= 1 }
        while gain(samples: Double(n)) < target { n += 1 }
        return n
    }

    /// Fits G and c through two points with n1 < n2 and 0 < gain1 < gain2; nil if no such curve exists.
    public static func fit(n1: Double, gain1: Double, n2: Double, gain2: Double) -> SelfConsistencyCurve? {
        let x1 = n1.squareRoot() - 1, x2 = n2.squareRoot() - 1
        let target = gain2 / gain1
        guard x1 > 0, x2 > x1, gain1 > 0, target > 1, target < x2 / x1 else { return nil }
        func ratio(_ c: Double) -> Double { (1 - exp(-c * x2)) / (1 - exp(-c * x1)) }   // decreasing in c
        var lo = 1e-9, hi = 100.0
        for _ in 0..<200 {
            let mid = (lo + hi) / 2
            if ratio(mid) > target { lo = mid } else { hi = mid }
        }
        let c = (lo + hi) / 2
        return SelfConsistencyCurve(saturation: gain1 / (1 - exp(-c * x1)), rate: c)
    }
}

/// A model in the comparison: priced per request directly, by API price, or by parameters on a device.
public struct TestTimeModel: Sendable, Equatable {
    public var name: String
    public var params: Double?
    public var costPerRequestUsd: Double?
    /// API price, $ per million tokens (input and output at one blended price).
    public var usdPerMillionTokens: Double?

    public init(name: String, params: Double? = nil, costPerRequestUsd: Double? = nil, usdPerMillionTokens: Double? = nil) {
        self.name = name
        self.params = params
        self.costPerRequestUsd = costPerRequestUsd
        self.usdPerMillionTokens = usdPerMillionTokens
    }
}

/// Self-hosted serving prices for models given by parameters.
public struct ServingDevice: Sendable, Equatable {
    public var pricePerHourLow: Double
    public var pricePerHourHigh: Double
    public var peakFlopsBF16: Double
    /// Default 0.30 (Epoch AI's assumption when unknown); decode at small batch is usually far lower.
    public var mfu: Double

    public init(pricePerHourLow: Double, pricePerHourHigh: Double? = nil, peakFlopsBF16: Double, mfu: Double = 0.30) {
        self.pricePerHourLow = pricePerHourLow
        self.pricePerHourHigh = pricePerHourHigh ?? pricePerHourLow
        self.peakFlopsBF16 = peakFlopsBF16
        self.mfu = mfu
    }
}

public struct TestTimeComputeRequest: Sendable, Equatable {
    public var small: TestTimeModel
    public var large: TestTimeModel
    /// Samples of the small model per request; or give budgetPerRequestUsd instead.
    public var samples: Int?
    public var budgetPerRequestUsd: Double?
    public var tokensPerRequest: Double
    public var device: ServingDevice?
    /// Relative improvement of the large model (one sample) over the small one (one sample), e.g. 0.3.
    public var largeImprovement: Double?
    /// Improvement wanted over the small model with one sample, e.g. 0.3 for +30 %.
    public var targetImprovement: Double?

    public init(small: TestTimeModel, large: TestTimeModel, samples: Int? = nil, budgetPerRequestUsd: Double? = nil,
                tokensPerRequest: Double, device: ServingDevice? = nil, largeImprovement: Double? = nil,
                targetImprovement: Double? = nil) {
        self.small = small
        self.large = large
        self.samples = samples
        self.budgetPerRequestUsd = budgetPerRequestUsd
        self.tokensPerRequest = tokensPerRequest
        self.device = device
        self.largeImprovement = largeImprovement
        self.targetImprovement = targetImprovement
    }
}

public struct TestTimeComputeResult: Sendable, Equatable {
    public var smallCostPerRequest: Estimate
    public var largeCostPerRequest: Estimate
    public var samples: Int
    /// samples × small cost per request.
    public var sampledCostPerRequest: Estimate
    /// gain(samples) over the small model's single sample.
    public var expectedImprovement: Double
    public var curve: SelfConsistencyCurve
    /// For targetImprovement: samples needed (nil beyond saturation) and their cost.
    public var samplesForTarget: Int?
    public var sampledCostForTarget: Estimate?
    /// "small" (sampled), "large", or nil when the comparison cannot be made.
    public var cheaperForTarget: String?
    public var reasons: [String]
    public var assumptions: [String]
    public var sources: [Citation]
}
