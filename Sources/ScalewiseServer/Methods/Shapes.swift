/// Fields several methods share, declared once. Each is decoded by one function
/// (`LawDecoding.resolve`, `ModelParams`, `CostDecoding`, `DeviceParams`).
enum Shapes {
    static let lawField = FieldSpec("law", [.string, .object], "Law id (default chinchilla-epoch) or inline {form, E, A, B, alpha, beta}")
    static let modelField = FieldSpec("model", .string, "Reference model id (models/list) instead of params")
    static let hardwareField = FieldSpec("hardware", .string, "An accelerator id from hardware/list, e.g. h100-sxm")
    static let precisionField = FieldSpec("precision", .string, "Precision (default bf16), one the accelerator publishes")
    static let mfuField = FieldSpec("mfu", .number, "Model FLOPs utilization in (0, 1]")
    static let pricePerHourField = FieldSpec("pricePerHour", .object, "US $ per accelerator-hour {low, high}; default: the catalog's dated range")
    static let architectureField = FieldSpec("architecture", .object, "{layers, hidden, heads, kvHeads, headDim?, ffnHidden, vocab, sequenceLength, gatedFFN?}")
    static let deviceField = FieldSpec("device", .object, "Instead of hardware: {name?, memoryBytes, peakFlopsBF16, pricePerHour?}")
    static let pricingField = FieldSpec("pricing", .string, "Discount plan off the hourly price (default onDemand)")
    static let constraintsField = FieldSpec("constraints", .object, "Limits on the allocation: {maxTokens?, maxParams?, tokensPerParam?}")
}
