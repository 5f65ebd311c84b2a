/// A decoder-only transformer's shape as training FLOPs need it: the wire's cost/training architecture
/// (layers, hidden, heads, kvHeads, headDim?, ffnHidden, vocab, sequenceLength, gatedFFN?), optionally with
/// the experts, latent attention and sliding window of a `ModelArchitecture` (`init(_:sequenceLength:)`).
public struct TransformerArchitecture: Sendable, Equatable {
    public var layers: Int
    public var hidden: Int
    public var heads: Int
    public var kvHeads: Int
    /// Per-head dimension; defaults to hidden / heads (refused by `validate` unless exact).
    public var headDim: Int?
    /// Width of the dense MLP's inner layer (4·hidden for GPT-3, 28672 for Llama-2-70B).
    public var ffnHidden: Int
    public var vocab: Int
    /// Training sequence length (context window over which attention is computed).
    public var sequenceLength: Int
    /// SwiGLU/GeGLU MLPs have three weight matrices instead of two.
    public var gatedFFN: Bool
    /// Mixture of experts: a token goes through expertsPerToken routed and the shared experts, plus the router.
    public var moe: MoEArchitecture?
    /// Latent attention: projections and head widths from MLA's ranks.
    public var mla: MLAArchitecture?
    /// Windowed layers attend to at most `size` tokens.
    public var slidingWindow: SlidingWindow?
    /// How the attention score and context FLOPs are counted: causal (what a decoder computes) or over
    /// the whole sequence (the convention of PaLM's MFU and of Megatron's throughput formula).
    public var attention: AttentionFlopCount

    public init(layers: Int, hidden: Int, heads: Int, kvHeads: Int, headDim: Int? = nil, ffnHidden: Int,
                vocab: Int, sequenceLength: Int, gatedFFN: Bool = false, moe: MoEArchitecture? = nil,
                mla: MLAArchitecture? = nil, slidingWindow: SlidingWindow? = nil, attention: AttentionFlopCount = .causal) {
        self.layers = layers
        self.hidden = hidden
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.ffnHidden = ffnHidden
        self.vocab = vocab
        self.sequenceLength = sequenceLength
        self.gatedFFN = gatedFFN
        self.moe = moe
        self.mla = mla
        self.slidingWindow = slidingWindow
        self.attention = attention
    }

    /// A model's architecture trained at `sequenceLength` (an MoE without dense layers has no dense FFN
    /// width: ffnHidden is then its expert width, unused).
    public init(_ m: ModelArchitecture, sequenceLength: Int, attention: AttentionFlopCount = .causal) {
        self.init(layers: m.layers, hidden: m.hidden, heads: m.heads, kvHeads: m.kvHeads, headDim: m.headDim,
                  ffnHidden: m.intermediate ?? m.moe?.expertIntermediate ?? 1, vocab: m.vocabulary,
                  sequenceLength: sequenceLength, gatedFFN: m.gatedMLP, moe: m.moe, mla: m.mla,
                  slidingWindow: m.slidingWindow, attention: attention)
    }

    /// Keys a query scores on average in one layer: causal, query i (1-based) sees min(i, window) keys,
    /// so (s + 1) / 2 without a window and (w(w + 1)/2 + (s − w)·w) / s with one shorter than s; `full`
    /// counts s (or the window) for every query.
    public static func keysPerQuery(sequenceLength s: Int, window: Int?, attention: AttentionFlopCount) -> Double {
        let n = Double(s), w = Double(min(window ?? s, s))
        switch attention {
        case .full: return w
        case .causal: return (w * (w + 1) / 2 + (n - w) * w) / n
        }
    }

    /// headDim, or hidden / heads (exact after `validate`).
    public var resolvedHeadDim: Int { headDim ?? hidden / max(heads, 1) }

    /// The same shape as a `ModelArchitecture` (context = sequenceLength), for counts shared with models.
    public var model: ModelArchitecture {
        ModelArchitecture(layers: layers, hidden: hidden, heads: heads, kvHeads: kvHeads, headDim: resolvedHeadDim,
                          intermediate: ffnHidden, vocabulary: vocab, context: sequenceLength, gatedMLP: gatedFFN,
                          moe: moe, mla: mla, slidingWindow: slidingWindow)
    }

    public func validate(field: String = "architecture") throws(DomainError) {
        try Check.positive(layers, field: "\(field).layers")
        try Check.positive(hidden, field: "\(field).hidden")
        try Check.positive(heads, field: "\(field).heads")
        try Check.positive(kvHeads, field: "\(field).kvHeads")
        if let d = headDim {
            try Check.positive(d, field: "\(field).headDim")
        } else {
            _ = try ModelArchitecture.defaultHeadDim(hidden: hidden, heads: heads, prefix: "\(field).")
        }
        try Check.positive(ffnHidden, field: "\(field).ffnHidden")
        try Check.positive(vocab, field: "\(field).vocab")
        try Check.positive(sequenceLength, field: "\(field).sequenceLength")
        guard kvHeads <= heads, heads % kvHeads == 0 else {
            throw .invalidInput(field: "\(field).kvHeads", reason: "kvHeads (\(kvHeads)) must divide heads (\(heads))")
        }
        try model.validate(prefix: "\(field).")
    }

    /// Training FLOPs per token, counted matmul by matmul as EleutherAI's cookbook
    /// (calc/calc_transformer_flops.py) does: a (m×k)·(k×n) matmul costs 2mkn FLOPs; forward ×1,
    /// backward ×2, activation recomputation +1 forward; embeddings are not recomputed. The cookbook scores
    /// every query against the whole sequence (`attention: .full`); `.causal` counts the keys a causal
    /// decoder scores, (s + 1) / 2 per query on average.
    /// Generalised here to GQA (K and V projections of width kvHeads·headDim), to any FFN width and
    /// gating, to latent attention (its down and up projections; scores over qkNope + qkRope per head,
    /// values of vHeadDim), to windows (windowed layers score at most `size` keys) and to experts
    /// (`ffn` holds the dense MLPs, the routed experts a token uses, the shared experts and the router).
    /// With MHA, ffnHidden = 4·hidden and no gating it is the cookbook's formula. Call after `validate()`.
    public func trainingFlopsPerToken(recomputeActivations: Bool = false) -> FlopBreakdown {
        let iter = recomputeActivations ? 4.0 : 3.0
        let m = model
        let l = Double(layers), h = Double(hidden), n = Double(heads)
        let windowed = Double(m.windowedLayers)
        let keysPerQuery = ((l - windowed) * Self.keysPerQuery(sequenceLength: sequenceLength, window: nil, attention: attention)
            + windowed * Self.keysPerQuery(sequenceLength: sequenceLength, window: slidingWindow?.size, attention: attention)) / l
        let qkDim: Double, vDim: Double
        if let a = mla {
            qkDim = Double(a.qkNopeHeadDim + a.qkRopeHeadDim)
            vDim = Double(a.vHeadDim)
        } else {
            qkDim = Double(resolvedHeadDim)
            vDim = qkDim
        }
        let outputWeights = n * vDim * h
        let projectionWeights = m.attentionParametersPerLayer - outputWeights
        let perToken = m.parameterCount()?.activeBreakdown
        let ffnWeights = (perToken.map { $0.ffn + $0.experts + $0.sharedExperts + $0.router } ?? 0) / l
        return FlopBreakdown(
            qkv: iter * 2 * l * projectionWeights,
            attentionScores: iter * 2 * l * keysPerQuery * n * qkDim,
            attentionOverValues: iter * 2 * l * keysPerQuery * n * vDim,
            outputProjection: iter * 2 * l * outputWeights,
            ffn: iter * 2 * l * ffnWeights,
            embedding: 6 * h * Double(vocab))
    }

    /// KV-cache bytes per token (every layer, no window cap): see `ModelArchitecture.kvCacheBytesPerToken`.
    public func kvCacheBytesPerToken(bytesPerElement: Double) -> Double {
        model.kvCacheBytesPerToken(bytesPerElement: bytesPerElement)
    }
}

/// How attention score and context FLOPs are counted per query.
public enum AttentionFlopCount: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Causal: query i scores i keys (capped by a window), (s + 1) / 2 on average.
    case causal
    /// Every query scores the whole sequence (or window): 12·L·H·Q·T per token for training, as PaLM's
    /// MFU definition (Chowdhery et al. 2022, Appendix B) and Megatron's throughput formula count it.
    case full
}

/// FLOPs per token by component (training: forward + backward).
public struct FlopBreakdown: Sendable, Equatable {
    public var qkv: Double
    public var attentionScores: Double
    public var attentionOverValues: Double
    public var outputProjection: Double
    /// Dense MLPs, or for a mixture of experts the routed experts a token uses, the shared experts and the router.
    public var ffn: Double
    public var embedding: Double

    public var total: Double { qkv + attentionScores + attentionOverValues + outputProjection + ffn + embedding }
}

/// Only the parts of the architecture the KV cache needs (wire: layers, kvHeads, headDim), plus, from a
/// model's architecture (`init(_:)`), its latent attention and sliding window.
public struct KVCacheShape: Sendable, Equatable {
    public var layers: Int
    public var kvHeads: Int
    public var headDim: Int
    /// Latent attention caches kvLoraRank + qkRopeHeadDim elements per layer and token instead of K and V.
    public var mla: MLAArchitecture?
    /// Windowed layers cache at most `size` tokens.
    public var slidingWindow: SlidingWindow?

    public init(layers: Int, kvHeads: Int, headDim: Int, mla: MLAArchitecture? = nil, slidingWindow: SlidingWindow? = nil) {
        self.layers = layers
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.mla = mla
        self.slidingWindow = slidingWindow
    }

    /// The cache shape of a model's architecture (DeepSeek-V3: 61 layers of 512 + 64 latent elements).
    public init(_ a: ModelArchitecture) {
        self.init(layers: a.layers, kvHeads: a.kvHeads, headDim: a.headDim, mla: a.mla, slidingWindow: a.slidingWindow)
    }

    public func validate(field: String = "architecture") throws(DomainError) {
        try Check.positive(layers, field: "\(field).layers")
        try Check.positive(kvHeads, field: "\(field).kvHeads")
        try Check.positive(headDim, field: "\(field).headDim")
    }

    var model: ModelArchitecture {
        ModelArchitecture(layers: layers, hidden: 1, heads: kvHeads, kvHeads: kvHeads, headDim: headDim, intermediate: nil,
                          vocabulary: 1, context: 1, mla: mla, slidingWindow: slidingWindow)
    }

    /// 2 · layers · kvHeads · headDim · bytesPerElement (REFERENCES.md, "Memory"); for latent attention
    /// layers · (kvLoraRank + qkRopeHeadDim) · bytesPerElement. Before any window fills.
    public func bytesPerToken(bytesPerElement: Double) -> Double {
        model.kvCacheBytesPerToken(bytesPerElement: bytesPerElement)
    }

    /// One sequence of `contextTokens`: windowed layers hold at most the window.
    public func bytesPerSequence(contextTokens: Int, bytesPerElement: Double) -> Double {
        model.kvCacheBytesPerSequence(contextTokens: contextTokens, bytesPerElement: bytesPerElement)
    }

    /// The same for a token count given as a number (an average, or a count too large for Int):
    /// bytesPerToken · tokens without a window, windowed layers capped at the window otherwise.
    public func bytesPerSequence(tokens: Double, bytesPerElement: Double) -> Double {
        let perToken = bytesPerToken(bytesPerElement: bytesPerElement)
        guard let w = slidingWindow else { return perToken * tokens }
        let windowed = Double(w.windowedLayers(of: layers)), l = Double(layers)
        return perToken / l * ((l - windowed) * tokens + windowed * min(tokens, Double(w.size)))
    }

    /// How the per-token figure is made, for an answer's assumptions.
    public func formula(bytesPerElement b: Double) -> String {
        let total = bytesPerToken(bytesPerElement: b)
        var text = mla.map { m in
            "KV cache per token = \(layers) layers · (\(m.kvLoraRank) latent + \(m.qkRopeHeadDim) RoPE key) · \(Format.general(b)) bytes = \(Format.general(total)) bytes (multi-head latent attention)"
        } ?? "KV cache per token = 2 · \(layers) layers · \(kvHeads) KV heads · \(headDim) head dim · \(Format.general(b)) bytes = \(Format.general(total)) bytes"
        if let w = slidingWindow {
            text += "; \(w.windowedLayers(of: layers)) of \(layers) layers keep at most the last \(w.size) tokens (sliding window)"
        }
        return text
    }
}
