import JSON
import ScalingCore

/// `scaling/inferenceOptimal`: the size that minimises training plus lifetime inference compute
/// (Sardana & Frankle), for a FLOP budget or a target loss.
enum ScalingInferenceOptimalMethod: FastMethod {
    static let name = "scaling/inferenceOptimal"
    static let summary = "Model size minimising training plus lifetime inference FLOPs for a target loss. Example: {\"targetLoss\": 2.0, \"inferenceTokens\": 2e12}."
    static let fields: [FieldSpec] = [
        Shapes.lawField,
        FieldSpec("targetLoss", .number, "The loss to reach (give targetLoss or flops)"),
        FieldSpec("flops", .number, "FLOPs of the compute-optimal model whose loss is the target"),
        FieldSpec("inferenceTokens", .number, required: true, "Tokens the model will serve over its lifetime (≥ 0)"),
    ]

    struct Params {
        var law: ScalingLaw
        var flops: Double?
        var target: Double?
        var inferenceTokens: Double
    }

    static func decode(_ params: Fields, _ server: Server) throws -> Params {
        let law = try LawDecoding.resolve(params, catalog: server.laws)
        let hasFlops = params.has("flops"), hasTarget = params.has("targetLoss")
        guard hasFlops != hasTarget else {
            throw FieldError(field: "params.targetLoss", reason: hasFlops
                ? "give either targetLoss or flops, not both"
                : "is required: expected the loss to reach (or flops: the training budget of the compute-optimal model whose loss is the target)")
        }
        guard let inference = try params.optionalNonNegativeNumber("inferenceTokens") else {
            throw FieldError(field: "params.inferenceTokens", reason: "is required: expected the tokens the model will serve over its lifetime (a number ≥ 0)")
        }
        return Params(law: law, flops: hasFlops ? try params.positiveNumber("flops") : nil,
                      target: hasTarget ? try params.positiveNumber("targetLoss") : nil, inferenceTokens: inference)
    }

    static func answer(_ p: Params, _ server: Server) throws -> JSON {
        if let flops = p.flops {
            let a = try InferenceOptimal.allocate(law: p.law, flops: flops, inferenceTokens: p.inferenceTokens)
            let result = try AllocationEncoding.inferenceOptimal(a, law: p.law)
            try result.set("flops", flops)
            DomainJSON.caveat(result, law: p.law, flops: flops)
            return result
        }
        let a = try InferenceOptimal.allocate(law: p.law, targetLoss: p.target!, inferenceTokens: p.inferenceTokens)
        let result = try AllocationEncoding.inferenceOptimal(a, law: p.law)
        try result.set("targetLoss", p.target)
        DomainJSON.caveat(result, law: p.law, flops: a.chinchillaOptimal.trainingFlops)
        return result
    }
}
