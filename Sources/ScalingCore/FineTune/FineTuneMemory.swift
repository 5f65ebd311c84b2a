/// Peak memory per GPU for one training (or prompting) configuration, in bytes, by component.
///
/// Conventions (REFERENCES.md "Memory"):
/// - trained parameters hold bf16 weights (2 B) and bf16 gradients (2 B); the optimizer line holds the
///   fp32 master copy (4 B, mixed precision only) and the optimizer moments (AdamW 8 B fp32 / 4 B bf16,
///   8-bit Adam 2 B, SGD 0, SGD with momentum 4 B / 2 B). Mixed-precision AdamW: 2 + 2 + 4 + 8 = 16 B/param.
/// - for LoRA/QLoRA the trained parameters are the adapters: `adapters` is their weights, `gradients` and
///   `optimizerState` are theirs; the frozen base weights are in `weights`.
public struct MemoryBreakdown: Sendable, Equatable {
    /// Base-model weights on this GPU: bf16 (2 B/param), or NF4 + constants for QLoRA (with 16-bit
    /// embeddings, output head and norms, plus one bf16 dequantization buffer), plus one all-gathered
    /// layer under FSDP.
    public var weights: Double
    public var adapters: Double
    public var gradients: Double
    public var optimizerState: Double
    /// Transformer-layer activations (Korthikanti et al. 2022).
    public var activations: Double
    /// Output logits kept for the loss: s·b·V·2 B (bf16) with a chunked loss, else s·b·V·16 B (fp32 logits,
    /// shifted copy, log-softmax and gradient, as transformers' ForCausalLMLoss holds them).
    public var logits: Double
    /// Prompting only: KV cache 2·layers·kvHeads·headDim·2 B per token.
    public var kvCache: Double
    public var frameworkOverhead: Double
    /// Optimizer state held in pageable unified memory (options.pagedOptimizer); not part of `total`.
    public var pagedOptimizerState: Double = 0

    public var total: Double {
        weights + adapters + gradients + optimizerState + activations + logits + kvCache + frameworkOverhead
    }
}

public enum FineTuneMemory {
    /// Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large Transformer Models", eq. 1):
    /// activations of one transformer layer at 2-byte precision, no parallelism, no recomputation:
    /// s·b·h·(34 + 5·a·s/h) bytes. With fused (flash) attention the 5·a·s/h term (scores, softmax,
    /// dropout mask) is not stored.
    public static func activationBytesPerLayer(seqLen s: Int, microBatch b: Int, hidden h: Int, heads a: Int,
                                               flashAttention: Bool = false) -> Double {
        let sbh = Double(s) * Double(b) * Double(h)
        let attentionScores = flashAttention ? 0 : 5 * Double(a) * Double(s) / Double(h)
        return sbh * (34 + attentionScores)
    }

    /// With full recomputation only each layer's input is kept: 2·s·b·h bytes (bf16).
    public static func checkpointedBytesPerLayer(seqLen s: Int, microBatch b: Int, hidden h: Int) -> Double {
        2 * Double(s) * Double(b) * Double(h)
    }

    /// All layers: L·(per-layer activations) without recomputation; with full recomputation L·2sbh plus
    /// one layer's full activations, rebuilt during its backward pass (the working set at the peak).
    public static func activationBytes(_ a: ModelArchitecture, seqLen s: Int, microBatch b: Int,
                                       checkpointing: Bool, flashAttention: Bool) -> Double {
        let layer = activationBytesPerLayer(seqLen: s, microBatch: b, hidden: a.hidden, heads: a.heads,
                                            flashAttention: flashAttention)
        if !checkpointing { return Double(a.layers) * layer }
        return Double(a.layers) * checkpointedBytesPerLayer(seqLen: s, microBatch: b, hidden: a.hidden) + layer
    }

    /// Bytes per logit element: 2 with a chunked loss; 16 without (four fp32 tensors of s·b·V: the upcast
    /// logits, the shifted contiguous copy, the log-softmax saved for backward and its gradient).
    public static func bytesPerLogit(chunkedLoss: Bool) -> Double { chunkedLoss ? 2 : 16 }

    public static func logitBytes(vocabulary v: Int, seqLen s: Int, microBatch b: Int, chunkedLoss: Bool) -> Double {
        Double(s) * Double(b) * Double(v) * bytesPerLogit(chunkedLoss: chunkedLoss)
    }

    /// KV cache for prompting at 2 B per element: by attention kind (MLA's latent + RoPE key), windowed
    /// layers capped at the window; `tokens` is split into sequences of `seqLen`.
    public static func kvCacheBytes(_ a: ModelArchitecture, tokens: Double, seqLen: Int? = nil) -> Double {
        let s = seqLen ?? Int(min(tokens, Double(Int32.max)))
        guard s > 0 else { return 0 }
        return a.kvCacheBytesPerSequence(contextTokens: s, bytesPerElement: 2) * tokens / Double(s)
    }

    /// QLoRA quantization constants in bits per parameter (Dettmers et al. 2023, section 3 "Double
    /// Quantization"): one fp32 absmax per block of 64 weights = 32/64 = 0.5 bit; double-quantized, the
    /// absmax values are stored as 8-bit with one fp32 constant per 256 of them:
    /// 8/64 + 32/(64·256) = 0.127 bit.
    public static func quantizationConstantBits(doubleQuantization: Bool, blockSize: Double = 64,
                                                secondBlockSize: Double = 256) -> Double {
        doubleQuantization ? 8 / blockSize + 32 / (blockSize * secondBlockSize) : 32 / blockSize
    }

    /// Bytes per trained parameter for optimizer state including the fp32 master copy.
    public static func optimizerBytesPerParam(_ o: FineTuneOptimizer, mixedPrecision: Bool) -> Double {
        (mixedPrecision ? 4 : 0) + o.stateBytes(mixedPrecision: mixedPrecision)
    }

    /// Bytes per trained parameter before activations: weights 2 + gradients 2 + optimizer (with master).
    /// Mixed-precision AdamW gives 16.
    public static func trainedBytesPerParam(_ o: FineTuneOptimizer, mixedPrecision: Bool) -> Double {
        4 + optimizerBytesPerParam(o, mixedPrecision: mixedPrecision)
    }

    /// Peak memory per GPU for `approach` under `request` (already validated).
    public static func estimate(_ approach: FineTuneApproach, request r: FineTuneRequest) -> MemoryBreakdown {
        let a = r.model.architecture, o = r.options, n = r.model.parameters
        let shards = r.sharding == .fsdp ? Double(r.gpus) : 1
        let gather = r.sharding == .fsdp && r.gpus > 1
        let s = r.seqLen, b = o.microBatch
        let training = approach != .prompting
        var m = MemoryBreakdown(weights: 0, adapters: 0, gradients: 0, optimizerState: 0, activations: 0,
                                logits: 0, kvCache: 0, frameworkOverhead: o.frameworkOverheadBytes)
        let layerParams = LoRAAdapters.layerParameterCount(a)
        switch approach {
        case .prompting:
            m.weights = 2 * n / shards
            m.kvCache = kvCacheBytes(a, tokens: Double(s) * Double(b), seqLen: s) / shards
        case .full:
            m.weights = 2 * n / shards + (gather ? 2 * layerParams : 0)
            // optimizer in backward: only the largest tensor's gradient (the embedding or output head, or
            // the largest projection) is alive at once.
            m.gradients = o.optimizerInBackward
                ? 2 * max(Double(a.vocabulary) * Double(a.hidden), LoRAAdapters.largestMatrix(a)) / shards
                : 2 * n / shards
            m.optimizerState = optimizerBytesPerParam(o.optimizer, mixedPrecision: o.mixedPrecision) * n / shards
        case .lora(let rank), .qlora(let rank):
            let adapterParams = LoRAAdapters.parameterCount(rank: rank, modules: r.loraModules, architecture: a) ?? 0
            if case .qlora = approach {
                let linear = LoRAAdapters.linearParameterCount(a) ?? 0
                let bits = 4 + quantizationConstantBits(doubleQuantization: o.doubleQuantization)
                let quantized = linear * bits / 8
                let sixteenBit = (o.fp32UnquantizedWeights ? 4 : 2) * max(n - linear, 0)
                let dequantBuffer = 2 * LoRAAdapters.largestMatrix(a)
                m.weights = (quantized + sixteenBit) / shards + dequantBuffer
                    + (gather ? layerParams * bits / 8 : 0)
            } else {
                m.weights = 2 * n / shards + (gather ? 2 * layerParams : 0)
            }
            m.adapters = 2 * adapterParams / shards
            m.gradients = 2 * adapterParams / shards
            m.optimizerState = optimizerBytesPerParam(o.optimizer, mixedPrecision: o.mixedPrecision) * adapterParams / shards
        }
        if o.pagedOptimizer {
            m.pagedOptimizerState = m.optimizerState
            m.optimizerState = 0
        }
        if training {
            m.activations = activationBytes(a, seqLen: s, microBatch: b, checkpointing: o.gradientCheckpointing,
                                            flashAttention: o.flashAttention)
            m.logits = logitBytes(vocabulary: a.vocabulary, seqLen: s, microBatch: b, chunkedLoss: o.chunkedLoss)
        }
        return m
    }
}
