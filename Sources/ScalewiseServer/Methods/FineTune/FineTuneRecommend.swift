import JSON
import RPC
import ScalingCore

/// `finetune/recommend`: LoRA, QLoRA or full fine-tuning for a model, data set and device, with
/// memory, time, cost and expected quality.
enum FineTuneRecommendMethod: TypedFastMethod {
    static let name = "finetune/recommend"
    static let summary = "LoRA, QLoRA or full fine-tuning on a device: memory per GPU, time, US $ and quality of each. Example: {\"model\": \"llama-3.1-8b\", \"examples\": 5000, \"tokensPerExample\": 512, \"hardware\": \"rtx-4090\"}."
    static let optionKeys: Set<String> = ["seqLen", "microBatch", "gradientCheckpointing", "optimizer", "mixedPrecision",
                                          "flashAttention", "chunkedLoss", "mfu", "frameworkOverheadBytes", "sharding",
                                          "loraRanks", "loraModules", "qloraRank", "doubleQuantization", "pagedOptimizer",
                                          "optimizerInBackward", "fp32UnquantizedWeights"]
    static let fields: [FieldSpec] = [
        Shapes.modelField,
        FieldSpec("params", .number, "Parameters (with architecture) instead of model"),
        FieldSpec("architecture", .object, "With params: the shape as models/get shows it"),
        FieldSpec("examples", .integer, required: true, "Training examples"),
        FieldSpec("tokensPerExample", .number, required: true, "Tokens per example"),
        FieldSpec("epochs", .number, "Passes over the data (default 1)"),
        Shapes.hardwareField, Shapes.deviceField,
        FieldSpec("gpus", .integer, "Accelerators (default 1)"),
        FieldSpec("budgetUsd", .number, "Budget in US dollars"),
        FieldSpec("task", .string, "The kind of task (affects expected quality)"),
        FieldSpec("options", .object, "{seqLen, microBatch, gradientCheckpointing, optimizer, loraRanks, chunkedLoss, …}"),
    ]

    struct Params {
        var request: FineTuneRequest
        var reference: ReferenceModel?
        var device: ResolvedDevice
        var modelField: String
    }

    static func decode(_ params: Fields, _ server: Server) throws -> Params {
        let (spec, reference) = try ModelParams.spec(params, catalog: server.models)
        let device = try DeviceParams.resolve(params, catalog: server.hardware, needsMemory: true)!
        let request = FineTuneRequest(
            model: spec,
            examples: try params.integer("examples", in: 1...1_000_000_000_000),
            tokensPerExample: try params.positiveNumber("tokensPerExample"),
            epochs: try params.optionalPositiveNumber("epochs") ?? 1,
            device: device.fineTuneSpec,
            gpus: try params.optionalInteger("gpus", in: 1...1_000_000) ?? 1,
            budgetUsd: try params.optionalNonNegativeNumber("budgetUsd"),
            task: try params.optionalEnum("task", FineTuneTask.self),
            options: try fineTuneOptions(params.optionalObject("options")))
        return Params(request: request, reference: reference, device: device, modelField: params.fieldPath("model"))
    }

    static func compute(_ p: Params, _ server: Server) throws -> FineTuneAnswer {
        let recommendation: FineTuneRecommendation
        do {
            recommendation = try FineTuneAdvisor.recommend(p.request)
        } catch {
            throw callerField(error, p)
        }
        return FineTuneAnswer(recommendation: recommendation, request: p.request, reference: p.reference, resolvedDevice: p.device)
    }

    static func encode(_ answer: FineTuneAnswer, _ server: Server) throws -> JSON {
        try FineTuneJSON.result(answer)
    }

    /// The architecture came from the model row, not the request: name the field the caller sent.
    private static func callerField(_ error: DomainError, _ p: Params) -> any Error {
        guard let reference = p.reference, case .invalidInput(let field, let reason) = error,
              field.hasPrefix("architecture") else { return error }
        return FieldError(field: p.modelField, reason: "\(reference.id): \(field) — \(reason)")
    }

    static func fineTuneOptions(_ o: Fields?) throws(FieldError) -> FineTuneOptions {
        var options = FineTuneOptions()
        guard let o else { return options }
        try o.rejectUnknown(optionKeys)
        options.seqLen = try o.optionalInteger("seqLen", in: 1...100_000_000)
        if let b = try o.optionalInteger("microBatch", in: 1...1_000_000) { options.microBatch = b }
        if let b = try o.optionalBool("gradientCheckpointing") { options.gradientCheckpointing = b }
        if let x = try o.optionalEnum("optimizer", FineTuneOptimizer.self) { options.optimizer = x }
        if let b = try o.optionalBool("mixedPrecision") { options.mixedPrecision = b }
        if let b = try o.optionalBool("flashAttention") { options.flashAttention = b }
        if let b = try o.optionalBool("chunkedLoss") { options.chunkedLoss = b }
        if let m = try o.optionalNumber("mfu", in: 0...1, excludingLower: true) { options.mfu = m }
        if let b = try o.optionalNonNegativeNumber("frameworkOverheadBytes") { options.frameworkOverheadBytes = b }
        if let s = try o.optionalString("sharding") {
            guard let sharding = Sharding(rawValue: s) else {
                throw FieldError(field: o.fieldPath("sharding"), reason: "expected \"none\" or \"fsdp\", got \"\(s)\"")
            }
            options.sharding = sharding
        }
        if let ranks = try o.optionalIntegers("loraRanks", in: 1...1_000_000, maxCount: 64) {
            guard !ranks.isEmpty else { throw FieldError(field: o.fieldPath("loraRanks"), reason: "must list at least one rank") }
            options.loraRanks = ranks
        }
        if let names = try o.optionalArray("loraModules", maxCount: 64) {
            var modules: [LoRAModule] = []
            for (i, n) in names.enumerated() {
                guard let s = n.string, let m = LoRAModule(rawValue: s) else {
                    throw FieldError(field: o.fieldPath("loraModules") + "[\(i)]",
                                     reason: "expected one of \(LoRAModule.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), got \(Fields.describe(n))")
                }
                modules.append(m)
            }
            options.loraModules = modules
        }
        if let r = try o.optionalInteger("qloraRank", in: 1...1_000_000) { options.qloraRank = r }
        if let b = try o.optionalBool("doubleQuantization") { options.doubleQuantization = b }
        if let b = try o.optionalBool("pagedOptimizer") { options.pagedOptimizer = b }
        if let b = try o.optionalBool("optimizerInBackward") { options.optimizerInBackward = b }
        if let b = try o.optionalBool("fp32UnquantizedWeights") { options.fp32UnquantizedWeights = b }
        return options
    }
}

extension Typed {
    public static let fineTuneRecommend = TypedCall(FineTuneRecommendMethod.self)
}

/// `finetune/recommend`'s answer: the recommendation, the request it answers, the reference
/// model it names (nil when params and architecture were given) and the device.
public struct FineTuneAnswer {
    public let recommendation: FineTuneRecommendation
    public let request: FineTuneRequest
    public let reference: ReferenceModel?
    let resolvedDevice: ResolvedDevice

    /// The catalog id of the device; nil for a device given inline.
    public var hardwareId: String? { resolvedDevice.hardwareId }

    /// The recommendation's assumptions, then the device's and the model's.
    public var assumptions: [String] {
        recommendation.assumptions + [resolvedDevice.assumption]
            + (reference.map { ["model: \($0.id) from the reference models (\($0.name), \(Int($0.parameters)) parameters)"] }
                ?? ["model: params and architecture given in the request"])
    }

    public var sources: [Citation] { recommendation.sources + (reference?.sources ?? []) + resolvedDevice.sources }
}
