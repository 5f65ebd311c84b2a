import Foundation

/// One accelerator as the fine-tuning estimate needs it. The server maps a hardware-catalog row (or a
/// user's numbers) onto this; ScalingCore does not depend on the catalog.
public struct DeviceSpec: Sendable, Equatable, Hashable {
    public var name: String
    /// Device memory in bytes (80 GB = 80e9).
    public var memoryBytes: Double
    /// Dense BF16 peak in FLOP/s (H100 SXM: 989e12).
    public var peakFlopsBF16: Double
    /// $/GPU-hour, low and high end of a price range; nil when unknown (no cost is then given).
    public var pricePerHourLow: Double?
    public var pricePerHourHigh: Double?

    public init(name: String, memoryBytes: Double, peakFlopsBF16: Double,
                pricePerHourLow: Double? = nil, pricePerHourHigh: Double? = nil) {
        self.name = name
        self.memoryBytes = memoryBytes
        self.peakFlopsBF16 = peakFlopsBF16
        self.pricePerHourLow = pricePerHourLow
        self.pricePerHourHigh = pricePerHourHigh
    }

    func validate(prefix: String) throws(DomainError) {
        guard memoryBytes.isFinite, memoryBytes > 0 else {
            throw .invalidInput(field: prefix + "memoryBytes", reason: "must be a positive number of bytes")
        }
        guard peakFlopsBF16.isFinite, peakFlopsBF16 > 0 else {
            throw .invalidInput(field: prefix + "peakFlopsBF16", reason: "must be a positive FLOP/s figure")
        }
        for (name, v) in [("pricePerHourLow", pricePerHourLow), ("pricePerHourHigh", pricePerHourHigh)] {
            if let v, !(v.isFinite && v >= 0) {
                throw .invalidInput(field: prefix + name, reason: "must be a non-negative $/hour or null")
            }
        }
        if let lo = pricePerHourLow, let hi = pricePerHourHigh, lo > hi {
            throw .invalidInput(field: prefix + "pricePerHourHigh", reason: "must be at least pricePerHourLow (\(lo))")
        }
    }
}

/// What the fine-tuned model is for. Carried through to the answer; our sources give no task-specific
/// figures, so it does not change any number (the answer says so).
public enum FineTuneTask: String, Sendable, Equatable, Hashable, CaseIterable {
    case classification, extraction, generation, reasoning
}

public enum FineTuneOptimizer: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Adam moments m, v: 8 bytes/param in fp32 (4 in bf16 without mixed precision).
    case adamw
    /// 8-bit Adam (bitsandbytes): 2 bytes/param of moments.
    case adamw8bit
    /// Plain SGD: no optimizer state beyond master weights.
    case sgd
    /// SGD with momentum: one fp32 buffer, 4 bytes/param (2 in bf16).
    case sgdMomentum

    /// Optimizer-state bytes per trainable parameter, excluding master weights.
    func stateBytes(mixedPrecision: Bool) -> Double {
        switch self {
        case .adamw: mixedPrecision ? 8 : 4
        case .adamw8bit: 2
        case .sgd: 0
        case .sgdMomentum: mixedPrecision ? 4 : 2
        }
    }
}

/// How state is split across `gpus`.
public enum Sharding: String, Sendable, Equatable, Hashable {
    /// Every GPU holds everything (data parallel).
    case none
    /// FSDP / ZeRO-3: weights, gradients and optimizer state divided by the GPU count, plus one
    /// all-gathered layer of weights at a time.
    case fsdp
}

/// Projection matrices a LoRA adapter can be attached to (Llama/Hugging Face names).
public enum LoRAModule: String, Sendable, Equatable, Hashable, CaseIterable {
    case q, k, v, o, gate, up, down
}

public struct FineTuneOptions: Sendable, Equatable {
    /// Tokens per sequence; nil means ceil(tokensPerExample). Must not exceed the model's context.
    public var seqLen: Int?
    /// Sequences per GPU per step.
    public var microBatch: Int = 1
    /// Full activation recomputation (keep only each layer's input).
    public var gradientCheckpointing: Bool = true
    public var optimizer: FineTuneOptimizer = .adamw
    /// bf16 compute with fp32 master weights and fp32 optimizer moments (16 bytes/param for AdamW).
    /// false: pure bf16 training (no master copy, bf16 moments), as torchtune's `dtype: bf16` recipes do.
    public var mixedPrecision: Bool = true
    /// Fused attention (FlashAttention / SDPA) does not store the a·s² score and softmax tensors, so the
    /// 5·a·s/h term of Korthikanti et al.'s per-layer formula is dropped.
    public var flashAttention: Bool = true
    /// Loss computed in chunks (torchtune's CEWithChunkedOutputLoss, Unsloth's and Apple's Cut Cross Entropy):
    /// only bf16 logits are held (2 B per element). false: the loss as Hugging Face transformers computes it
    /// (ForCausalLMLoss: fp32 logits, their shifted contiguous copy, the log-softmax cross_entropy saves for
    /// backward and its fp32 gradient, 4 × 4 B = 16 B per element at the start of the backward pass).
    public var chunkedLoss: Bool = false
    /// QLoRA with Hugging Face PEFT's prepare_model_for_kbit_training: the weights left unquantized
    /// (embeddings, output head, norms) are cast to fp32 (4 B instead of 2).
    public var fp32UnquantizedWeights: Bool = false
    /// Model FLOPs utilization for time and cost. Default 0.30: Epoch AI's assumption for LLMs when unknown.
    public var mfu: Double = 0.30
    /// CUDA context, library workspaces and allocator fragmentation per GPU. Default 1 GiB: a round
    /// figure, not taken from a source; set it from a measurement when you have one.
    public var frameworkOverheadBytes: Double = 1_073_741_824
    /// nil means .fsdp when gpus > 1.
    public var sharding: Sharding?
    public var loraRanks: [Int] = [8, 16, 32, 64]
    /// Modules LoRA/QLoRA adapt; nil means q, k, v, o and the MLP's (gate,) up, down.
    public var loraModules: [LoRAModule]?
    /// QLoRA rank; 64 as in Dettmers et al. 2023 (their Guanaco runs).
    public var qloraRank: Int = 64
    /// QLoRA double quantization of the constants (0.127 instead of 0.5 bit/param).
    public var doubleQuantization: Bool = true
    /// Paged optimizer (bitsandbytes, Dettmers et al. 2023): optimizer state lives in CUDA unified memory
    /// and is paged to host RAM under pressure; it is reported as `pagedOptimizerState`, not in the GPU total.
    public var pagedOptimizer: Bool = false
    /// Optimizer step fused into the backward pass (torchtune `optimizer_in_bwd`): each gradient is applied
    /// and freed as soon as it is produced, so only the largest parameter's gradient is held at once.
    public var optimizerInBackward: Bool = false

    public init() {}
}

/// Which model: a reference row (already looked up by the server) or a user's own.
public struct ModelSpec: Sendable, Equatable {
    public var id: String?
    /// Total parameters: what memory holds.
    public var parameters: Double
    /// Per token (mixture of experts); nil: derived from the architecture's count, or `parameters` for a dense model.
    public var activeParameters: Double?
    public var architecture: ModelArchitecture

    public init(id: String? = nil, parameters: Double, activeParameters: Double? = nil, architecture: ModelArchitecture) {
        self.id = id
        self.parameters = parameters
        self.activeParameters = activeParameters
        self.architecture = architecture
    }

    public init(_ model: ReferenceModel) {
        self.init(id: model.id, parameters: model.parameters, activeParameters: model.activeParameters,
                  architecture: model.architecture)
    }

    /// Parameters a token goes through: what FLOPs scale with. For a mixture of experts without a given
    /// figure, `parameters` less the counted experts a token does not use.
    public var perTokenParameters: Double {
        if let a = activeParameters { return a }
        guard architecture.moe != nil, let c = architecture.parameterCount() else { return parameters }
        return max(parameters - (c.total - c.active), 0)
    }
}

public struct FineTuneRequest: Sendable, Equatable {
    public var model: ModelSpec
    public var examples: Int
    public var tokensPerExample: Double
    public var epochs: Double
    public var device: DeviceSpec
    public var gpus: Int
    public var budgetUsd: Double?
    public var task: FineTuneTask?
    public var options: FineTuneOptions

    public init(model: ModelSpec, examples: Int, tokensPerExample: Double, epochs: Double = 1,
                device: DeviceSpec, gpus: Int = 1, budgetUsd: Double? = nil, task: FineTuneTask? = nil,
                options: FineTuneOptions = FineTuneOptions()) {
        self.model = model
        self.examples = examples
        self.tokensPerExample = tokensPerExample
        self.epochs = epochs
        self.device = device
        self.gpus = gpus
        self.budgetUsd = budgetUsd
        self.task = task
        self.options = options
    }

    public var sharding: Sharding { options.sharding ?? (gpus > 1 ? .fsdp : .none) }

    /// The adapted modules: options.loraModules, or every projection the architecture has.
    public var loraModules: [LoRAModule] {
        options.loraModules ?? LoRAModule.allCases.filter { $0 != .gate || model.architecture.gatedMLP }
    }

    /// The sequence length used: options.seqLen, or ceil(tokensPerExample).
    public var seqLen: Int { options.seqLen ?? Int(tokensPerExample.rounded(.up)) }

    /// Throws `.invalidInput` with a params-relative field path; returns warnings for inputs that are
    /// valid but lossy (examples longer than seqLen are truncated).
    public func validate() throws(DomainError) -> [String] {
        let arch = model.architecture
        guard model.parameters.isFinite, model.parameters > 0 else {
            throw .invalidInput(field: "params", reason: "must be a positive number of parameters")
        }
        try arch.validate(prefix: "architecture.")
        if let a = model.activeParameters, !(a.isFinite && a > 0 && a <= model.parameters) {
            throw .invalidInput(field: "activeParameters", reason: "must be positive and at most params (\(model.parameters))")
        }
        guard arch.parameterCount() != nil else {
            throw .invalidInput(field: "architecture.intermediate", reason: "the feed-forward width of "
                + "\(model.id ?? "this model") is not published; pass architecture with intermediate to estimate adapters")
        }
        guard examples > 0 else {
            throw .invalidInput(field: "examples", reason: "must be a positive integer, got \(examples)")
        }
        guard tokensPerExample.isFinite, tokensPerExample > 0 else {
            throw .invalidInput(field: "tokensPerExample", reason: "must be a positive number of tokens")
        }
        guard epochs.isFinite, epochs > 0 else {
            throw .invalidInput(field: "epochs", reason: "must be positive")
        }
        guard gpus > 0 else { throw .invalidInput(field: "gpus", reason: "must be a positive integer, got \(gpus)") }
        try device.validate(prefix: "device.")
        if let b = budgetUsd, !(b.isFinite && b >= 0) {
            throw .invalidInput(field: "budgetUsd", reason: "must be a non-negative number of dollars")
        }
        let o = options
        if let s = o.seqLen, s <= 0 {
            throw .invalidInput(field: "options.seqLen", reason: "must be a positive integer, got \(s)")
        }
        if seqLen > arch.context {
            let field = o.seqLen == nil ? "tokensPerExample" : "options.seqLen"
            throw .invalidInput(field: field, reason: "\(seqLen) tokens exceeds the model's context of \(arch.context) tokens")
        }
        guard o.microBatch > 0 else {
            throw .invalidInput(field: "options.microBatch", reason: "must be a positive integer, got \(o.microBatch)")
        }
        guard o.mfu.isFinite, o.mfu > 0, o.mfu <= 1 else {
            throw .invalidInput(field: "options.mfu", reason: "must be in (0, 1], got \(o.mfu)")
        }
        guard o.frameworkOverheadBytes.isFinite, o.frameworkOverheadBytes >= 0 else {
            throw .invalidInput(field: "options.frameworkOverheadBytes", reason: "must be a non-negative number of bytes")
        }
        if o.loraRanks.isEmpty { throw .invalidInput(field: "options.loraRanks", reason: "must list at least one rank") }
        for (i, r) in o.loraRanks.enumerated() where r <= 0 || r > arch.hidden {
            throw .invalidInput(field: "options.loraRanks[\(i)]", reason: "must be a positive integer at most hidden (\(arch.hidden)), got \(r)")
        }
        if o.qloraRank <= 0 || o.qloraRank > arch.hidden {
            throw .invalidInput(field: "options.qloraRank", reason: "must be a positive integer at most hidden (\(arch.hidden)), got \(o.qloraRank)")
        }
        if let m = o.loraModules, m.isEmpty { throw .invalidInput(field: "options.loraModules", reason: "must list at least one module") }
        if !arch.gatedMLP, o.loraModules?.contains(.gate) == true {
            throw .invalidInput(field: "options.loraModules", reason: "the model's MLP has no gate projection")
        }
        var warnings: [String] = []
        if Double(seqLen) < tokensPerExample {
            warnings.append("tokensPerExample (\(tokensPerExample)) exceeds seqLen (\(seqLen)): examples would be truncated; "
                + "training tokens are counted at tokensPerExample")
        }
        if let task {
            warnings.append("task \"\(task.rawValue)\" does not change the estimate: the sources used give no task-specific figures")
        }
        return warnings
    }
}
