import Foundation
import JSON
import ScalingCore

/// `scaling/predict`: the loss a law predicts for N parameters on D tokens.
enum ScalingPredictMethod: FastMethod {
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
        return Params(law: try LawDecoding.resolve(params, catalog: server.laws),
                      lawByID: params.value("law")?.string != nil,
                      n: n, model: model, tokens: try params.positiveNumber("tokens"))
    }

    static func answer(_ p: Params, _ server: Server) throws -> JSON {
        let law = p.law, n = p.n, d = p.tokens
        let loss = law.loss(params: n, tokens: d)
        guard loss.isFinite else {
            throw DomainError.numerical("loss for params \(n), tokens \(d) under law '\(law.id)' is not finite")
        }
        let result = JSON.object()
        try result.set("loss", loss)
        try result.set("params", n)
        try result.set("tokens", d)
        if case .chinchilla(let f) = law.form {
            // The three terms, so a user sees whether model size or data limits the loss.
            let terms = JSON.object()
            try terms.set("irreducible", f.E)
            try terms.set("params", f.A / pow(n, f.alpha))
            try terms.set("tokens", f.B / pow(d, f.beta))
            result.set("terms", terms)
        }
        if let model = p.model { result.set("model", try ModelJSON.summary(model)) }
        // A fitted law (named by id) with bootstrap samples: the 2.5/97.5 percentiles of the
        // loss over the bootstrap refits.
        if p.lawByID, let band = server.lawStore.record(id: law.id)?.lossInterval(params: n, tokens: d) {
            result.set("ci95", try DomainJSON.interval(low: band.low, high: band.high))
        }
        result.set("law", try ConstantJSON.shared.lawSummary(law))
        result.set("sources", try p.model.map { DomainJSON.citations(law.sources + $0.sources) } ?? ConstantJSON.shared.sources(law))
        DomainJSON.caveat(result, law: law, flops: 6 * n * d)
        return result
    }
}
