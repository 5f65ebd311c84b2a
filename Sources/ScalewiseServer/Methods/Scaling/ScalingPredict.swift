import Foundation
import JSON
import ScalingCore

/// `scaling/predict`: the loss a law predicts for N parameters on D tokens.
enum ScalingPredictMethod: TypedFastMethod {
    static let name = "scaling/predict"
    static let summary = "Predicted loss (nats/token) for params (or a reference model) trained on tokens. Example: {\"params\": 7e9, \"tokens\": 1.4e12}."
    static let fields: [FieldSpec] = [
        Shapes.lawField,
        FieldSpec("params", .number, "Parameters N (give params or model)"),
        Shapes.modelField,
        FieldSpec("tokens", .number, required: true, "Training tokens D"),
    ]

    struct Params {
        var law: ScalingLaw
        /// Named by id (a fitted law's bootstrap band applies), not inline.
        var lawByID: Bool
        var n: Double
        var model: ReferenceModel?
        var tokens: Double
    }

    static func decode(_ params: Fields, _ server: Server) throws -> Params {
        let (n, model) = try ModelParams.parameters(params, catalog: server.models)
        let law = params.value("law")
        return Params(law: try law.map { v throws(FieldError) in try LawDecoding.resolve(value: v, field: params.fieldPath("law"), catalog: server.laws) }
                          ?? LawDecoding.defaultLaw(server.laws),
                      lawByID: law?.string != nil,
                      n: n, model: model, tokens: try params.positiveNumber("tokens"))
    }

    static func compute(_ p: Params, _ server: Server) throws -> PredictAnswer {
        let law = p.law, n = p.n, d = p.tokens
        // Chinchilla's terms are computed once and summed, not computed again for the loss.
        var terms: ChinchillaForm.Terms?
        if case .chinchilla(let f) = law.form { terms = f.terms(params: n, tokens: d) }
        let loss = terms?.loss ?? law.loss(params: n, tokens: d)
        guard loss.isFinite else {
            throw DomainError.numerical("loss for params \(n), tokens \(d) under law '\(law.id)' is not finite")
        }
        // A fitted law (named by id) with bootstrap samples: the 2.5/97.5 percentiles of the
        // loss over the bootstrap refits.
        let band = p.lawByID ? server.lawStore.record(id: law.id)?.lossInterval(params: n, tokens: d) : nil
        return PredictAnswer(law: law, params: n, tokens: d, loss: loss, terms: terms, model: p.model,
                             ci95: band.map { ($0.low, $0.high) },
                             warning: PrintedChinchilla.warning(law: law, flops: 6 * n * d))
    }

    static func encode(_ r: PredictAnswer, _ server: Server) throws -> JSON {
        try encode(r, server, .full)
    }

    /// Built for the provenance asked (not built in full and stripped): predict is the hot path.
    static func encode(_ r: PredictAnswer, _ server: Server, _ provenance: Provenance) throws -> JSON {
        let result = JSON.object()
        try result.set("loss", r.loss)
        try result.set("params", r.params)
        try result.set("tokens", r.tokens)
        if let t = r.terms {
            // The three terms, so a user sees whether model size or data limits the loss.
            let terms = JSON.object()
            try terms.set("irreducible", t.irreducible)
            try terms.set("params", t.params)
            try terms.set("tokens", t.tokens)
            result.set("terms", terms)
        }
        if let model = r.model { result.set("model", try ModelJSON.summary(model)) }
        if let band = r.ci95 { result.set("ci95", try DomainJSON.interval(low: band.low, high: band.high)) }
        switch provenance {
        case .brief:
            result.set("law", r.law.id)
        case .full:
            result.set("law", try ConstantJSON.shared.lawSummary(r.law))
            let shared = r.model == nil && r.warning == nil
            result.set("sources", try shared ? ConstantJSON.shared.sources(r.law) : DomainJSON.citations(r.sources))
        }
        if let w = r.warning {
            let warnings = JSON.array()
            warnings.append(JSON(w))
            result.set("warnings", warnings)
        }
        return result
    }
}

extension Typed {
    public static let scalingPredict = TypedCall(ScalingPredictMethod.self)
}

/// `scaling/predict`'s answer.
public struct PredictAnswer {
    public let law: ScalingLaw
    public let params, tokens, loss: Double
    public let terms: ChinchillaForm.Terms?
    public let model: ReferenceModel?
    public let ci95: (low: Double, high: Double)?
    /// Set when the law is the printed Chinchilla fit (see `PrintedChinchilla`).
    public let warning: String?

    public var flops: Double { 6 * params * tokens }
    public var sources: [Citation] {
        law.sources + (model?.sources ?? []) + (warning == nil ? [] : [PrintedChinchilla.citation])
    }
}
