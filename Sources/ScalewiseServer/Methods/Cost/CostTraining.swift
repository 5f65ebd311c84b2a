import JSON
import ScalingCore

/// `cost/training`: GPU-hours, days, dollars, energy and CO2 of a training run, each {low, mid, high}.
enum CostTrainingMethod: TypedFastMethod {
    static let name = "cost/training"
    static let summary = "Training cost: FLOPs, GPU-hours, days, US $, kWh, kg CO2e as {low, mid, high} from published utilization. Example: {\"params\": 7e9, \"tokens\": 2e12, \"hardware\": \"h100-sxm\", \"gpus\": 256}."
    static let fields: [FieldSpec] = [
        FieldSpec("params", .number, "Parameters N (FLOPs = 6·N·D)"),
        Shapes.modelField,
        FieldSpec("tokens", .number, "Training tokens D"),
        FieldSpec("flops", .number, "Training FLOPs directly"),
        Shapes.trainingArchitectureField,
        FieldSpec("sequenceLength", .integer, "Training sequence length; with model, FLOPs count the model's attention too"),
        FieldSpec("attentionFlops", .string, "causal (default) or full; full counts every query against the whole sequence, as PaLM's MFU does"),
        FieldSpec("recomputeActivations", .boolean, "Count recomputation (one more forward pass)"),
        FieldSpec("hardware", .string, required: true, "Accelerator id, e.g. h100-sxm"),
        FieldSpec("gpus", .integer, required: true, "Number of accelerators"),
        FieldSpec("mfu", [.number, .object], "MFU in (0, 1], a number or {low, high}; default: the range published runs reached on this hardware generation, precision and scale"),
        FieldSpec("activeParams", .number, "Active parameters per token (mixture of experts)"),
        FieldSpec("goodput", [.number, .object], "Share of time spent training; a number or {low, high}; default 0.85–0.95 (1 when mfu is given)"),
        Shapes.precisionField, Shapes.pricePerHourField,
        Shapes.pricingField,
        FieldSpec("overhead", .object, "Extra cost on compute, a fraction {low, high}"),
        FieldSpec("pue", .number, "Power usage effectiveness ≥ 1; default 1.10–1.58"),
        FieldSpec("carbonIntensity", .number, "g CO2e per kWh; default 480 (2023 world average)"),
    ]

    static func decode(_ params: Fields, _ server: Server) throws -> TrainingCostRequest {
        try CostDecoding.training(params, catalog: server.hardware, models: server.models)
    }

    static func compute(_ request: TrainingCostRequest, _ server: Server) throws -> TrainingCostAnswer {
        TrainingCostAnswer(request: request, estimate: try TrainingCost.estimate(request))
    }

    static func encode(_ answer: TrainingCostAnswer, _ server: Server) throws -> JSON {
        try CostJSON.training(answer.estimate, request: answer.request)
    }
}

extension Typed {
    public static let costTraining = TypedCall(CostTrainingMethod.self)
}

/// `cost/training`'s answer: the estimate and the request it answers (hardware, GPUs, precision).
public struct TrainingCostAnswer: Sendable {
    public let request: TrainingCostRequest
    public let estimate: TrainingCostResult

    /// The sources as the wire lists them: without repeats.
    public var sources: [Citation] { estimate.sources.withoutRepeats }
}
