/// The functional form of a law and its constants.
public enum LawForm: Sendable, Equatable, Hashable {
    case chinchilla(ChinchillaForm)
    case kaplan(KaplanForm)

    public var name: String {
        switch self {
        case .chinchilla: "chinchilla"
        case .kaplan: "kaplan"
        }
    }

    public func loss(params: Double, tokens: Double) -> Double {
        switch self {
        case .chinchilla(let f): f.loss(params: params, tokens: tokens)
        case .kaplan(let f): f.loss(params: params, tokens: tokens)
        }
    }

    /// The loss no amount of N and D gets below (E for Chinchilla; 0 for Kaplan's power law).
    public var irreducibleLoss: Double {
        switch self {
        case .chinchilla(let f): f.E
        case .kaplan: 0
        }
    }

    public func validate(prefix: String) throws(DomainError) {
        switch self {
        case .chinchilla(let f): try f.validate(prefix: prefix)
        case .kaplan(let f): try f.validate(prefix: prefix)
        }
    }
}

/// A scaling law as a value: form, constants, provenance. Built-ins come from data/laws.json;
/// fitted laws are added at run time.
public struct ScalingLaw: Sendable, Equatable, Hashable {
    public var id: String
    public var title: String
    public var form: LawForm
    public var sources: [Citation]
    public var notes: [String]

    public init(id: String, title: String, form: LawForm, sources: [Citation], notes: [String] = []) {
        self.id = id
        self.title = title
        self.form = form
        self.sources = sources
        self.notes = notes
    }

    public func loss(params: Double, tokens: Double) -> Double {
        form.loss(params: params, tokens: tokens)
    }
}

extension LawForm {
    /// Published exponents lie between 0.07 and 0.5 (Kaplan et al. 2020, Hoffmann et al. 2022,
    /// Besiroglu et al. 2024). A law given in a request with an exponent far above that has a
    /// term below any double's precision, and its optimum lands on the edge of the search range:
    /// refused, not answered. (A fit may still report such an exponent, with its warnings.)
    public static let maxGivenExponent = 5.0

    public func checkGivenExponents(prefix: String) throws(DomainError) {
        let exponents: [(String, Double)]
        switch self {
        case .chinchilla(let f): exponents = [("alpha", f.alpha), ("beta", f.beta)]
        case .kaplan(let f): exponents = [("alphaN", f.alphaN), ("alphaD", f.alphaD)]
        }
        for (name, value) in exponents where value > Self.maxGivenExponent {
            throw .invalidInput(field: prefix + name, reason: "must be at most \(Format.general(Self.maxGivenExponent)), got \(Format.general(value))")
        }
    }
}
