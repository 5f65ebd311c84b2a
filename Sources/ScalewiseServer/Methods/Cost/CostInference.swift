import JSON
import ScalingCore

/// `cost/inference`: serving cost by roofline (prefill compute-bound, decode bandwidth-bound).
enum CostInferenceMethod: TypedFastMethod {
    static let name = "cost/inference"
    static let summary = "Serving: KV cache, GPUs, tokens/s, time to first token, $ per 1M tokens {low, mid, high}, API prices beside. Example: {\"model\": \"llama-3.1-8b\", \"hardware\": \"h100-sxm\", \"contextTokens\": 1000, \"outputTokens\": 200}."
    static let fields: [FieldSpec] = [
        FieldSpec("params", .number, "Parameters, with architecture (or give model)"),
        Shapes.modelField,
        Shapes.architectureField,
        FieldSpec("hardware", .string, required: true, "Accelerator id, e.g. h100-sxm"),
        Shapes.precisionField,
        FieldSpec("kvCacheBytesPerElement", .number, "Bytes per KV-cache element; default: the precision's"),
        FieldSpec("contextTokens", .number, required: true, "Input tokens per request"),
        FieldSpec("outputTokens", .number, required: true, "Output tokens per request"),
        FieldSpec("batch", .integer, "Concurrent sequences"),
        FieldSpec("latencyTargetSecondsPerToken", .number, "Largest acceptable seconds per output token"),
        FieldSpec("tokensPerMonth", .number, "Tokens served per month"),
        Shapes.mfuField, Shapes.pricePerHourField, Shapes.pricingField,
        FieldSpec("memoryUtilization", .number, "Usable share of memory, (0, 1]"),
        FieldSpec("apis", .array, "API price ids (cost/apiPrices)"),
        FieldSpec("activeParams", .number, "MoE active parameters per token (FLOPs); params is the total"),
        FieldSpec("tensorParallel", .integer, "Tensor-parallel degree; default: the least power of two that holds weights and KV cache"),
        FieldSpec("attentionDataParallel", .boolean, "MoE: attention DP + EP"),
    ]

    static func decode(_ params: Fields, _ server: Server) throws -> InferenceCostRequest {
        try CostDecoding.inference(params, catalog: server.hardware, models: server.models, apiPrices: server.apiPrices,
                                   links: server.servingLinks)
    }

    static func compute(_ request: InferenceCostRequest, _ server: Server) throws -> InferenceCostAnswer {
        InferenceCostAnswer(request: request, estimate: try InferenceCost.estimate(request))
    }

    static func encode(_ answer: InferenceCostAnswer, _ server: Server) throws -> JSON {
        try CostJSON.inference(answer.estimate, request: answer.request)
    }
}

extension Typed {
    public static let costInference = TypedCall(CostInferenceMethod.self)
}

/// `cost/inference`'s answer: the estimate and the request it answers (hardware, pricing, precision).
public struct InferenceCostAnswer: Sendable {
    public let request: InferenceCostRequest
    public let estimate: InferenceCostResult

    /// The sources as the wire lists them: without repeats.
    public var sources: [Citation] { estimate.sources.withoutRepeats }
}
