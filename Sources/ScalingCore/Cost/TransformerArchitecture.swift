/// A dense decoder-only transformer's shape, enough to count FLOPs and the KV cache.
/// Wire fields: layers, hidden, heads, kvHeads, headDim?, ffnHidden, vocab, sequenceLength,
/// gatedFFN? (true for SwiGLU-style MLPs with three matrices).
public struct TransformerArchitecture: Sendable, Equatable {
    public var layers: Int
    public var hidden: Int
    public var heads: Int
    public var kvHeads: Int
    /// Per-head dimension; defaults to hidden / heads.
    public var headDim: Int?
    /// Width of the MLP's inner layer (4·hidden for GPT-3, 28672 for Llama-2-70B).
    public var ffnHidden: Int
    public var vocab: Int
    /// Training sequence length (context window over which attention is computed).
    public var sequenceLength: Int
    /// SwiGLU/GeGLU MLPs have three weight matrices instead of two.
    public var gatedFFN: Bool

    public init(layers: Int, hidden: Int, heads: Int, kvHeads: Int, headDim: Int? = nil, ffnHidden: Int,
                vocab: Int, sequenceLength: Int, gatedFFN: Bool = false) {
        self.layers = layers
        self.hidden = hidden
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.ffnHidden = ffnHidden
        self.vocab = vocab
        self.sequenceLength = sequenceLength
        self.gatedFFN = gatedFFN
    }

    public var resolvedHeadDim: Int { headDim ?? hidden / max(heads, 1) }

    public func validate(field: String = "architecture") throws(DomainError) {
        try Check.positive(layers, field: "\(field).layers")
        try Check.positive(hidden, field: "\(field).hidden")
        try Check.positive(heads, field: "\(field).heads")
        try Check.positive(kvHeads, field: "\(field).kvHeads")
        if let d = headDim { try Check.positive(d, field: "\(field).headDim") }
        try Check.positive(ffnHidden, field: "\(field).ffnHidden")
        try Check.positive(vocab, field: "\(field).vocab")
        try Check.positive(sequenceLength, field: "\(field).sequenceLength")
        guard kvHeads <= heads, heads % kvHeads == 0 else {
            throw .invalidInput(field: "\(field).kvHeads", reason: "kvHeads (\(kvHeads)) must divide heads (\(heads))")
        }
    }

    /// Training FLOPs per token, counted matmul by matmul as EleutherAI's cookbook
    /// (calc/calc_transformer_flops.py) does: a (m×k)·(k×n) matmul costs 2mkn FLOPs; forward ×1,
    /// backward ×2, activation recomputation +1 forward; embeddings are not recomputed.
    /// Generalised here to GQA (K and V projections of width kvHeads·headDim) and to any FFN
    /// width and gating; with MHA, ffnHidden = 4·hidden and no gating it is the cookbook's formula.
    public func trainingFlopsPerToken(recomputeActivations: Bool = false) -> FlopBreakdown {
        let iter = recomputeActivations ? 4.0 : 3.0
        let l = Double(layers), h = Double(hidden), s = Double(sequenceLength)
        let q = Double(heads) * Double(resolvedHeadDim), kv = Double(kvHeads) * Double(resolvedHeadDim) // no Int overflow
        let mlpMatrices = gatedFFN ? 3.0 : 2.0
        return FlopBreakdown(
            qkv: iter * 2 * l * h * (q + 2 * kv),
            attentionScores: iter * 2 * l * s * q,
            attentionOverValues: iter * 2 * l * s * q,
            outputProjection: iter * 2 * l * q * h,
            ffn: iter * 2 * mlpMatrices * l * h * Double(ffnHidden),
            embedding: 6 * h * Double(vocab))
    }

    /// KV-cache bytes per token: 2 (K and V) · layers · kvHeads · headDim · bytesPerElement.
    public func kvCacheBytesPerToken(bytesPerElement: Double) -> Double {
        2 * Double(layers) * Double(kvHeads) * Double(resolvedHeadDim) * bytesPerElement
    }
}

/// FLOPs per token by component (training: forward + backward).
public struct FlopBreakdown: Sendable, Equatable {
    public var qkv: Double
    public var attentionScores: Double
    public var attentionOverValues: Double
    public var outputProjection: Double
    public var ffn: Double
    public var embedding: Double

    public var total: Double { qkv + attentionScores + attentionOverValues + outputProjection + ffn + embedding }
}

/// Only the parts of the architecture the KV cache needs (wire: layers, kvHeads, headDim).
public struct KVCacheShape: Sendable, Equatable {
    public var layers: Int
    public var kvHeads: Int
    public var headDim: Int

    public init(layers: Int, kvHeads: Int, headDim: Int) {
        self.layers = layers
        self.kvHeads = kvHeads
        self.headDim = headDim
    }

    public func validate(field: String = "architecture") throws(DomainError) {
        try Check.positive(layers, field: "\(field).layers")
        try Check.positive(kvHeads, field: "\(field).kvHeads")
        try Check.positive(headDim, field: "\(field).headDim")
    }

    /// 2 · layers · kvHeads · headDim · bytesPerElement (REFERENCES.md, "Memory").
    public func bytesPerToken(bytesPerElement: Double) -> Double {
        2 * Double(layers) * Double(kvHeads) * Double(headDim) * bytesPerElement
    }
}
