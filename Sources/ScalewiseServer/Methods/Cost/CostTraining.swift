import JSON
import ScalingCore

/// `cost/training`: GPU-hours, days, dollars and energy of a training run.
enum CostTrainingMethod: FastMethod {
    static let name = "cost/training"
    static let summary = "Cost of a training run: FLOPs (6·N·D, or counted from an architecture), GPU-hours, wall-clock days on `gpus` accelerators, US dollars {low, mid, high} and energy. Example: {\"params\": 7e9, \"tokens\": 2e12, \"hardware\": \"h100-sxm\", \"gpus\": 256}."
    static let fields: [FieldSpec] = [
        FieldSpec("params", .number, "Parameters N (FLOPs = 6·N·D); or give model, flops, or architecture with tokens"),
        Shapes.modelField,
        FieldSpec("tokens", .number, "Training tokens D"),
        FieldSpec("flops", .number, "Training FLOPs directly"),
        Shapes.architectureField,
        FieldSpec("recomputeActivations", .boolean, "Count activation recomputation (one extra forward pass)"),
        FieldSpec("hardware", .string, required: true, "An accelerator id from hardware/list, e.g. h100-sxm"),
        FieldSpec("gpus", .integer, required: true, "Number of accelerators"),
        Shapes.mfuField, Shapes.precisionField, Shapes.pricePerHourField,
        FieldSpec("overhead", .object, "Extra cost on top of compute as a fraction range {low, high}"),
        FieldSpec("pue", .number, "Power usage effectiveness (≥ 1)"),
    ]

    static func decode(_ params: Fields, _ server: Server) throws -> TrainingCostRequest {
        try CostDecoding.training(params, catalog: server.hardware, models: server.models)
    }

    static func answer(_ request: TrainingCostRequest, _ server: Server) throws -> JSON {
        try CostJSON.training(TrainingCost.estimate(request), request: request)
    }
}
