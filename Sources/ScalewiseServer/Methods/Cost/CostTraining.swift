import JSON
import ScalingCore

/// `cost/training`: GPU-hours, days, dollars, energy and CO2 of a training run, each {low, mid, high}.
enum CostTrainingMethod: FastMethod {
    static let name = "cost/training"
    static let summary = "Cost of a training run: FLOPs (6·N·D, or counted from an architecture), then GPU-hours, wall-clock days on `gpus` accelerators, US dollars, energy (kWh) and CO2 (kg) as {low, mid, high}: MFU from published runs by hardware generation, precision and scale unless given, times a goodput factor, PUE 1.10–1.58, 480 g CO2/kWh unless given. Example: {\"params\": 7e9, \"tokens\": 2e12, \"hardware\": \"h100-sxm\", \"gpus\": 256}."
    static let fields: [FieldSpec] = [
        FieldSpec("params", .number, "Parameters N (FLOPs = 6·N·D); or give model, flops, or architecture with tokens"),
        Shapes.modelField,
        FieldSpec("tokens", .number, "Training tokens D"),
        FieldSpec("flops", .number, "Training FLOPs directly"),
        Shapes.architectureField,
        FieldSpec("recomputeActivations", .boolean, "Count activation recomputation (one extra forward pass)"),
        FieldSpec("hardware", .string, required: true, "An accelerator id from hardware/list, e.g. h100-sxm"),
        FieldSpec("gpus", .integer, required: true, "Number of accelerators"),
        FieldSpec("mfu", [.number, .object], "Model FLOPs utilization in (0, 1], a number or {low, high}; default: the range published runs reached on this hardware generation, precision and model scale"),
        FieldSpec("activeParams", .number, "Parameters active per token (mixture of experts); FLOPs = 6·activeParams·D"),
        FieldSpec("goodput", [.number, .object], "Share of wall-clock time spent training, in (0, 1], a number or {low, high}; default 0.85–0.95 with the default MFU, 1 when mfu is given"),
        Shapes.precisionField, Shapes.pricePerHourField,
        Shapes.pricingField,
        FieldSpec("overhead", .object, "Extra cost on top of compute as a fraction range {low, high}"),
        FieldSpec("pue", .number, "Power usage effectiveness (≥ 1); default the range 1.10 (hyperscale) – 1.58 (industry average)"),
        FieldSpec("carbonIntensity", .number, "Grid carbon intensity in g CO2e per kWh; default 480 (2023 world average)"),
    ]

    static func decode(_ params: Fields, _ server: Server) throws -> TrainingCostRequest {
        try CostDecoding.training(params, catalog: server.hardware, models: server.models)
    }

    static func answer(_ request: TrainingCostRequest, _ server: Server) throws -> JSON {
        try CostJSON.training(TrainingCost.estimate(request), request: request)
    }
}
