import Foundation

/// Hoffmann et al. 2022 parametric loss: L(N, D) = E + A/N^α + B/D^β (loss in nats).
public struct ChinchillaForm: Sendable, Equatable, Hashable {
    public var E: Double
    public var A: Double
    public var B: Double
    public var alpha: Double
    public var beta: Double

    public init(E: Double, A: Double, B: Double, alpha: Double, beta: Double) {
        self.E = E
        self.A = A
        self.B = B
        self.alpha = alpha
        self.beta = beta
    }

    /// The loss's three terms, so a user sees whether model size or data limits it.
    public struct Terms: Sendable {
        /// E: what no model size or data removes.
        public let irreducible: Double
        /// A/N^α.
        public let params: Double
        /// B/D^β.
        public let tokens: Double

        public var loss: Double { irreducible + params + tokens }
    }

    public func terms(params N: Double, tokens D: Double) -> Terms {
        Terms(irreducible: E, params: A / pow(N, alpha), tokens: B / pow(D, beta))
    }

    public func loss(params N: Double, tokens D: Double) -> Double {
        terms(params: N, tokens: D).loss
    }

    /// G = (αA / βB)^(1/(α+β)); under C = 6ND, N_opt = G·(C/6)^a, D_opt = (C/6)^b / G.
    public var allocationScale: Double {
        pow(alpha * A / (beta * B), 1 / (alpha + beta))
    }

    /// Exponent a of N_opt ∝ C^a (b = 1 − a for D_opt).
    public var paramsExponent: Double { beta / (alpha + beta) }
    public var tokensExponent: Double { alpha / (alpha + beta) }

    /// Checks the constants a law needs to be usable; `prefix` names the field in errors.
    public func validate(prefix: String) throws(DomainError) {
        for (name, value) in [("E", E), ("A", A), ("B", B), ("alpha", alpha), ("beta", beta)] {
            guard value.isFinite else {
                throw .invalidInput(field: prefix + name, reason: "must be a finite number")
            }
        }
        guard E >= 0 else { throw .invalidInput(field: prefix + "E", reason: "must be ≥ 0, got \(E)") }
        for (name, value) in [("A", A), ("B", B), ("alpha", alpha), ("beta", beta)] where value <= 0 {
            throw .invalidInput(field: prefix + name, reason: "must be > 0, got \(value)")
        }
    }
}
