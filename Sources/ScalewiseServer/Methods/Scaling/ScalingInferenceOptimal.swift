import JSON
import ScalingCore

/// `scaling/inferenceOptimal`: the size that minimises training plus lifetime inference compute
/// (Sardana & Frankle), for a FLOP budget or a target loss.
enum ScalingInferenceOptimalMethod: TypedFastMethod {
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

    static func compute(_ p: Params, _ server: Server) throws -> InferenceOptimalAnswer {
        let a = try p.flops.map { try InferenceOptimal.allocate(law: p.law, flops: $0, inferenceTokens: p.inferenceTokens) }
            ?? InferenceOptimal.allocate(law: p.law, targetLoss: p.target!, inferenceTokens: p.inferenceTokens)
        return InferenceOptimalAnswer(law: p.law, allocation: a, flops: p.flops, targetLoss: p.target)
    }

    static func encode(_ r: InferenceOptimalAnswer, _ server: Server) throws -> JSON {
        let result = try AllocationEncoding.inferenceOptimal(r.allocation, law: r.law)
        if let flops = r.flops { try result.set("flops", flops) } else { try result.set("targetLoss", r.targetLoss) }
        DomainJSON.caveat(result, law: r.law, flops: r.caveatFlops)
        return result
    }
}

extension Typed {
    public static let scalingInferenceOptimal = TypedCall(ScalingInferenceOptimalMethod.self)
}

/// `scaling/inferenceOptimal`'s answer: the inference-aware model beside the compute-optimal
/// one reaching the same loss.
public struct InferenceOptimalAnswer: Sendable {
    public let law: ScalingLaw
    public let allocation: InferenceAwareAllocation
    /// The request gave one of these: a training budget (whose compute-optimal loss is the
    /// target) or the target loss itself.
    public let flops: Double?
    public let targetLoss: Double?

    /// The printed-fit caveat is judged at the budget given, or at the compute-optimal model's for a target.
    var caveatFlops: Double { flops ?? allocation.chinchillaOptimal.trainingFlops }

    /// Set when the law is the printed Chinchilla fit (see `PrintedChinchilla`).
    public var warning: String? { PrintedChinchilla.warning(law: law, flops: caveatFlops) }

    public var sources: [Citation] {
        law.sources + [ComputeOptimal.costCitation, InferenceOptimal.citation] + (warning == nil ? [] : [PrintedChinchilla.citation])
    }
}
