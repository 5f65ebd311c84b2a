import JSON
import ScalingCore

/// `scaling/laws`: every law the daemon knows, built-in and fitted.
enum ScalingLawsMethod: TypedFastMethod {
    static let name = "scaling/laws"
    static let summary = "The scaling laws known (built-in and fitted) with constants and sources. Example: {}."
    static let fields: [FieldSpec] = []

    static func decode(_ params: Fields, _ server: Server) throws -> NoParams { NoParams() }

    static func compute(_ params: NoParams, _ server: Server) throws -> LawsAnswer {
        LawsAnswer(laws: server.laws.laws)
    }

    static func encode(_ r: LawsAnswer, _ server: Server) throws -> JSON {
        let list = JSON.array()
        for law in r.laws { list.append(try DomainJSON.law(law)) }
        let result = JSON.object()
        result.set("laws", list)
        return result
    }
}

extension Typed {
    public static let scalingLaws = TypedCall(ScalingLawsMethod.self)
}

/// `scaling/laws`' answer: built-in laws first, then fitted ones.
public struct LawsAnswer: Sendable {
    public let laws: [ScalingLaw]
}

extension LawForm {
    /// The constants by the names the wire gives them (`parameters`), in the same order.
    public var constants: [(name: String, value: Double)] {
        switch self {
        case .chinchilla(let f): [("E", f.E), ("A", f.A), ("B", f.B), ("alpha", f.alpha), ("beta", f.beta)]
        case .kaplan(let f): [("Nc", f.Nc), ("Dc", f.Dc), ("alphaN", f.alphaN), ("alphaD", f.alphaD)]
        }
    }
}
