/// Fields several methods share, declared once. Each is decoded by one function
/// (`LawDecoding.resolve`, `ModelParams`, `CostDecoding`, `DeviceParams`).
enum Shapes {
    static let lawField = FieldSpec("law", [.string, .object], "A law id from scaling/laws (default chinchilla-epoch) or an inline law {form, E, A, B, alpha, beta}")
    static let modelField = FieldSpec("model", .string, "A reference model id from models/list instead of params (ids are case-insensitive)")
    static let hardwareField = FieldSpec("hardware", .string, "An accelerator id from hardware/list, e.g. h100-sxm")
    static let precisionField = FieldSpec("precision", .string, "Numeric precision: fp32, tf32, fp16, bf16 (default), fp8, int8 or int4, where the accelerator publishes it")
    static let mfuField = FieldSpec("mfu", .number, "Model FLOPs utilization in (0, 1]")
    static let pricePerHourField = FieldSpec("pricePerHour", .object, "US dollars per accelerator-hour as {low, high}; default: the catalog's dated range")
    static let architectureField = FieldSpec("architecture", .object, "The transformer's shape: {layers, hidden, heads, kvHeads, headDim?, ffnHidden, vocab, sequenceLength, gatedFFN?}")
    static let deviceField = FieldSpec("device", .object, "An accelerator not in the catalog: {name?, memoryBytes, peakFlopsBF16, pricePerHour?: {low, high}}")
    static let pricingField = FieldSpec("pricing", .string, "onDemand (default), committed1y, committed3y or spot: a sourced discount range off the hourly price")
    static let constraintsField = FieldSpec("constraints", .object, "Limits on the allocation: {maxTokens?, maxParams?, tokensPerParam?}")
}
