import Foundation

/// Kaplan et al. 2020 joint law (their eq. 1.5): L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D.
/// N counts non-embedding parameters; loss in nats on their WebText2 tokenization.
public struct KaplanForm: Sendable, Equatable, Hashable {
    public var Nc: Double
    public var Dc: Double
    public var alphaN: Double
    public var alphaD: Double

    public init(Nc: Double, Dc: Double, alphaN: Double, alphaD: Double) {
        self.Nc = Nc
        self.Dc = Dc
        self.alphaN = alphaN
        self.alphaD = alphaD
    }

    public func loss(params N: Double, tokens D: Double) -> Double {
        pow(pow(Nc / N, alphaN / alphaD) + Dc / D, alphaD)
    }

    public func validate(prefix: String) throws(DomainError) {
        for (name, value) in [("Nc", Nc), ("Dc", Dc), ("alphaN", alphaN), ("alphaD", alphaD)] {
            guard value.isFinite, value > 0 else {
                throw .invalidInput(field: prefix + name, reason: "must be a finite number > 0, got \(value)")
            }
        }
    }
}

/// Kaplan et al. 2020 Table 5: the compute-efficient frontier from their L(N, S) analysis
/// (early stopping, critical batch size). Not the minimum of the joint law under C = 6ND.
public enum KaplanTable5 {
    /// 1 PF-day = 10^15 FLOP/s × 86,400 s.
    public static let flopsPerPFDay = 8.64e19

    public static func params(flops: Double) -> Double {
        1.3e9 * pow(flops / flopsPerPFDay, 0.73)
    }

    public static func tokens(flops: Double) -> Double {
        2e10 * pow(flops / flopsPerPFDay, 0.27)
    }
}
