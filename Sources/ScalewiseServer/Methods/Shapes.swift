/// Fields several methods share, declared once. Each is decoded by one function
/// (`LawDecoding.resolve`, `ModelParams`, `CostDecoding`, `DeviceParams`).
enum Shapes {
    static let lawField = FieldSpec("law", [.string, .object], "Law id or inline {form, E, A, B, alpha, beta}; default chinchilla-epoch")
    static let modelField = FieldSpec("model", .string, "Model id, instead of params")
    static let hardwareField = FieldSpec("hardware", .string, "Accelerator id, e.g. h100-sxm")
    static let precisionField = FieldSpec("precision", .string, "bf16 (default), fp16, fp8, int8, …; one the accelerator publishes")
    static let mfuField = FieldSpec("mfu", .number, "MFU, (0, 1]")
    static let pricePerHourField = FieldSpec("pricePerHour", .object, "$ per accelerator-hour {low, high}; default: the catalog's dated range")
    static let architectureField = FieldSpec("architecture", .object, "{layers, hidden, heads, kvHeads, headDim?, ffnHidden, vocab, sequenceLength, gatedFFN?}")
    /// cost/training's architecture: a reference model's members plus the training sequence length.
    static let trainingArchitectureField = FieldSpec("architecture", .object, "Architecture as models/get shows it, plus sequenceLength; {layers, hidden, heads, kvHeads?, headDim?, intermediate, vocabulary, sequenceLength, gatedMLP?, moe?, mla?, slidingWindow?, tiedEmbeddings?} (ffnHidden, vocab and gatedFFN are accepted as older names; attention names the kind)")
    static let deviceField = FieldSpec("device", .object, "Instead of hardware: {memoryBytes, peakFlopsBF16, pricePerHour?}")
    static let pricingField = FieldSpec("pricing", .string, "onDemand (default), committed1y, committed3y or spot")
    static let constraintsField = FieldSpec("constraints", .object, "{maxTokens?, maxParams?, tokensPerParam?}")
}
