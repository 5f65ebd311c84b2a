/// Transformer shape: a decoder-only model, dense or a mixture of experts, with multi-head, grouped,
/// multi-query or latent attention, optionally windowed. The one description that parameter counting,
/// the KV cache, training FLOPs (through `TransformerArchitecture`) and fine-tuning read.
public struct ModelArchitecture: Sendable, Equatable, Hashable {
    public var layers: Int
    public var hidden: Int
    public var heads: Int
    public var kvHeads: Int
    public var headDim: Int
    /// Feed-forward width of the dense layers; nil where the source does not publish it.
    public var intermediate: Int?
    public var vocabulary: Int
    public var context: Int
    /// SwiGLU-style MLP with gate, up and down projections (3 matrices) instead of up and down (2).
    public var gatedMLP: Bool
    /// Biases on the q, k, v projections (Qwen2, gpt-oss).
    public var qkvBias: Bool
    public var tiedEmbeddings: Bool
    public var moe: MoEArchitecture?
    public var mla: MLAArchitecture?
    /// Sliding-window (or chunked) attention on some or all layers; nil: every layer attends to the whole context.
    public var slidingWindow: SlidingWindow?
    /// Bias on the attention output projection (gpt-oss: attention_bias covers q, k, v and o).
    public var outputBias: Bool
    /// One learned attention-sink logit per head and layer (gpt-oss).
    public var attentionSinks: Bool
    /// RMSNorm/LayerNorm weight vectors of width hidden per layer: 2 (pre-attention, pre-MLP) for
    /// Llama-style models, 4 for Gemma 2/3 (pre and post norms around attention and MLP).
    public var normsPerLayer: Int
    /// Norms on queries and keys (Qwen3, Gemma 3 per head; OLMo 2 over the whole projection).
    public var qkNorm: QKNorm

    public init(layers: Int, hidden: Int, heads: Int, kvHeads: Int, headDim: Int, intermediate: Int?,
                vocabulary: Int, context: Int, gatedMLP: Bool = true, qkvBias: Bool = false,
                tiedEmbeddings: Bool = false, moe: MoEArchitecture? = nil, mla: MLAArchitecture? = nil,
                slidingWindow: SlidingWindow? = nil, outputBias: Bool = false, attentionSinks: Bool = false,
                normsPerLayer: Int = 2, qkNorm: QKNorm = .none) {
        self.layers = layers
        self.hidden = hidden
        self.heads = heads
        self.kvHeads = kvHeads
        self.headDim = headDim
        self.intermediate = intermediate
        self.vocabulary = vocabulary
        self.context = context
        self.gatedMLP = gatedMLP
        self.qkvBias = qkvBias
        self.tiedEmbeddings = tiedEmbeddings
        self.moe = moe
        self.mla = mla
        self.slidingWindow = slidingWindow
        self.outputBias = outputBias
        self.attentionSinks = attentionSinks
        self.normsPerLayer = normsPerLayer
        self.qkNorm = qkNorm
    }

    /// Width of the query projection output (heads · headDim). Valid after `validate()`.
    public var queryDim: Int { heads * headDim }
    /// Width of each of the key and value projection outputs (kvHeads · headDim): GQA-aware.
    public var kvDim: Int { kvHeads * headDim }

    public var attentionKind: AttentionKind {
        if mla != nil { return .mla }
        if kvHeads == heads { return .mha }
        return kvHeads == 1 ? .mqa : .gqa
    }

    /// Parameter count of a dense decoder (no experts, no latent attention): `parameterCount().total`.
    /// Nil for MoE/MLA (use `parameterCount()`) or an unknown FFN width.
    public var denseParameterCount: Double? {
        guard moe == nil, mla == nil, intermediate != nil else { return nil }
        return parameterCount()?.total
    }

    /// Parameters in the embedding table and the output head (counted once if tied).
    public var embeddingParameters: Double {
        Double(vocabulary) * Double(hidden) * (tiedEmbeddings ? 1 : 2)
    }

    /// Layers whose MLP is a mixture of experts: layer i (0-based) with i ≥ denseLayers and
    /// (i + 1) divisible by `layerStep` (Hugging Face's interleave_moe_layer_step); 0 for a dense model.
    public var moeLayers: Int {
        guard let m = moe else { return 0 }
        let step = max(m.layerStep, 1)
        return max(layers / step - min(m.denseLayers, layers) / step, 0)
    }

    /// headDim when a source gives only hidden and heads: hidden / heads, refused unless exact.
    public static func defaultHeadDim(hidden: Int, heads: Int, prefix: String = "") throws(DomainError) -> Int {
        guard heads > 0 else { throw .invalidInput(field: prefix + "heads", reason: "must be a positive integer, got \(heads)") }
        guard hidden > 0 else { throw .invalidInput(field: prefix + "hidden", reason: "must be a positive integer, got \(hidden)") }
        guard hidden % heads == 0 else {
            throw .invalidInput(field: prefix + "heads", reason: "hidden (\(hidden)) is not divisible by heads (\(heads)); "
                + "give headDim explicitly")
        }
        return hidden / heads
    }

    /// Largest value any width or product of widths may take: integer products of up to three of them
    /// (heads · headDim · hidden) stay far from Int.max, and Double counts stay exact below 2^53.
    public static let maxDimension = 1 << 40

    public func validate(prefix: String = "") throws(DomainError) {
        for (name, value) in [("layers", layers), ("hidden", hidden), ("heads", heads), ("kvHeads", kvHeads),
                              ("headDim", headDim), ("vocabulary", vocabulary), ("context", context)] where value <= 0 {
            throw .invalidInput(field: prefix + name, reason: "must be a positive integer, got \(value)")
        }
        if let f = intermediate, f <= 0 {
            throw .invalidInput(field: prefix + "intermediate", reason: "must be a positive integer or null, got \(f)")
        }
        if heads % kvHeads != 0 {
            throw .invalidInput(field: prefix + "kvHeads", reason: "must divide heads (\(heads)), got \(kvHeads)")
        }
        try Self.checkProduct(heads, headDim, field: prefix + "heads", what: "heads · headDim")
        try Self.checkProduct(hidden, Swift.max(heads * headDim, intermediate ?? 1), field: prefix + "hidden",
                              what: "hidden · (heads · headDim or intermediate)")
        try Self.checkProduct(vocabulary, hidden, field: prefix + "vocabulary", what: "vocabulary · hidden")
        if normsPerLayer < 0 || normsPerLayer > 16 {
            throw .invalidInput(field: prefix + "normsPerLayer", reason: "must be in 0...16, got \(normsPerLayer)")
        }
        if let m = moe { try m.validate(prefix: prefix + "moe.", layers: layers, hidden: hidden) }
        if let m = mla { try m.validate(prefix: prefix + "mla.", heads: heads, hidden: hidden) }
        if let w = slidingWindow { try w.validate(prefix: prefix + "slidingWindow.") }
    }

    /// Throws naming `field` when a · b exceeds `maxDimension` (or overflows).
    static func checkProduct(_ a: Int, _ b: Int, field: String, what: String) throws(DomainError) {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        if overflow || p > maxDimension {
            throw .invalidInput(field: field, reason: "\(what) = \(a) · \(b) is beyond any model (limit 2^40)")
        }
    }
}

public enum AttentionKind: String, Sendable, Equatable, Hashable, CaseIterable {
    /// Multi-head: one key/value head per query head.
    case mha
    /// Grouped-query: kvHeads < heads.
    case gqa
    /// Multi-query: one key/value head.
    case mqa
    /// Multi-head latent (DeepSeek-V2/V3): keys and values from a cached low-rank latent.
    case mla
}

public enum QKNorm: String, Sendable, Equatable, Hashable, CaseIterable {
    case none
    /// One headDim-wide weight for queries and one for keys (Qwen3, Gemma 3).
    case perHead
    /// Over the whole projection: heads·headDim for queries, kvHeads·headDim for keys (OLMo 2).
    case full
}

/// Attention limited to the last `size` tokens on some layers (Mistral 7B: all, 4096; Gemma 3: 5 local
/// per global, 1024; gpt-oss: alternating, 128; Llama 4: chunks of 8192 on 3 of 4 layers).
public struct SlidingWindow: Sendable, Equatable, Hashable {
    public var size: Int
    /// Windowed layers per cycle, starting with the first layer (at least 1).
    public var localLayers: Int
    /// Full-attention layers closing each cycle; 0: every layer is windowed.
    public var globalLayers: Int

    public init(size: Int, localLayers: Int = 1, globalLayers: Int = 0) {
        self.size = size
        self.localLayers = localLayers
        self.globalLayers = globalLayers
    }

    /// Every layer windowed.
    public static func all(_ size: Int) -> SlidingWindow { SlidingWindow(size: size) }

    /// Windowed layers among `layers`: cycles of `localLayers` windowed then `globalLayers` full.
    public func windowedLayers(of layers: Int) -> Int {
        guard globalLayers > 0 else { return layers }
        let cycle = localLayers + globalLayers
        return (layers / cycle) * localLayers + min(layers % cycle, localLayers)
    }

    func validate(prefix: String) throws(DomainError) {
        guard size > 0, size <= ModelArchitecture.maxDimension else {
            throw .invalidInput(field: prefix + "size", reason: "must be a positive number of tokens, got \(size)")
        }
        guard localLayers > 0, localLayers <= 1_000_000 else {
            throw .invalidInput(field: prefix + "localLayers", reason: "must be a positive integer, got \(localLayers)")
        }
        guard globalLayers >= 0, globalLayers <= 1_000_000 else {
            throw .invalidInput(field: prefix + "globalLayers", reason: "must be a non-negative integer, got \(globalLayers)")
        }
    }
}

/// Mixture-of-experts layout. Wire/JSON names: routedExperts (Hugging Face n_routed_experts /
/// num_local_experts / num_experts), expertsPerToken (num_experts_per_tok), sharedExperts, expertIntermediate
/// (moe_intermediate_size), denseLayers (first_k_dense_replace).
public struct MoEArchitecture: Sendable, Equatable, Hashable {
    public var routedExperts: Int
    public var sharedExperts: Int
    public var expertsPerToken: Int
    public var expertIntermediate: Int
    /// Leading layers with a dense MLP instead of experts.
    public var denseLayers: Int
    /// Every `layerStep`-th layer is a mixture of experts, the others dense (Llama 4 Maverick: 2).
    public var layerStep: Int
    /// Width of each shared expert; nil: expertIntermediate.
    public var sharedIntermediate: Int?
    /// Biases on the experts' projections (gpt-oss).
    public var expertBias: Bool
    /// A bias per expert on the router (gpt-oss; DeepSeek-V3's score-correction bias).
    public var routerBias: Bool

    public init(routedExperts: Int, sharedExperts: Int, expertsPerToken: Int, expertIntermediate: Int, denseLayers: Int,
                layerStep: Int = 1, sharedIntermediate: Int? = nil, expertBias: Bool = false, routerBias: Bool = false) {
        self.routedExperts = routedExperts
        self.sharedExperts = sharedExperts
        self.expertsPerToken = expertsPerToken
        self.expertIntermediate = expertIntermediate
        self.denseLayers = denseLayers
        self.layerStep = layerStep
        self.sharedIntermediate = sharedIntermediate
        self.expertBias = expertBias
        self.routerBias = routerBias
    }

    /// Alias in the vocabulary: routed experts per MoE layer.
    public var experts: Int { routedExperts }
    /// Alias in the vocabulary: routed experts each token goes through.
    public var activeExperts: Int { expertsPerToken }

    func validate(prefix: String, layers: Int, hidden: Int) throws(DomainError) {
        guard routedExperts > 0, routedExperts <= 1_000_000 else {
            throw .invalidInput(field: prefix + "routedExperts", reason: "must be a positive integer, got \(routedExperts)")
        }
        guard expertsPerToken > 0, expertsPerToken <= routedExperts else {
            throw .invalidInput(field: prefix + "expertsPerToken", reason: "must be in 1...routedExperts (\(routedExperts)), got \(expertsPerToken)")
        }
        guard sharedExperts >= 0, sharedExperts <= 1_000_000 else {
            throw .invalidInput(field: prefix + "sharedExperts", reason: "must be a non-negative integer, got \(sharedExperts)")
        }
        guard expertIntermediate > 0 else {
            throw .invalidInput(field: prefix + "expertIntermediate", reason: "must be a positive integer, got \(expertIntermediate)")
        }
        try ModelArchitecture.checkProduct(hidden, expertIntermediate, field: prefix + "expertIntermediate", what: "hidden · expertIntermediate")
        if let s = sharedIntermediate {
            guard s > 0 else { throw .invalidInput(field: prefix + "sharedIntermediate", reason: "must be a positive integer or null, got \(s)") }
            try ModelArchitecture.checkProduct(hidden, s, field: prefix + "sharedIntermediate", what: "hidden · sharedIntermediate")
        }
        guard denseLayers >= 0, denseLayers <= layers else {
            throw .invalidInput(field: prefix + "denseLayers", reason: "must be in 0...layers (\(layers)), got \(denseLayers)")
        }
        guard layerStep >= 1, layerStep <= layers else {
            throw .invalidInput(field: prefix + "layerStep", reason: "must be in 1...layers (\(layers)), got \(layerStep)")
        }
    }
}

/// Multi-head latent attention dimensions (DeepSeek-V2/V3). qLoraRank 0: queries are projected directly.
public struct MLAArchitecture: Sendable, Equatable, Hashable {
    public var qLoraRank: Int
    public var kvLoraRank: Int
    public var qkNopeHeadDim: Int
    public var qkRopeHeadDim: Int
    public var vHeadDim: Int

    public init(qLoraRank: Int, kvLoraRank: Int, qkNopeHeadDim: Int, qkRopeHeadDim: Int, vHeadDim: Int) {
        self.qLoraRank = qLoraRank
        self.kvLoraRank = kvLoraRank
        self.qkNopeHeadDim = qkNopeHeadDim
        self.qkRopeHeadDim = qkRopeHeadDim
        self.vHeadDim = vHeadDim
    }

    func validate(prefix: String, heads: Int, hidden: Int) throws(DomainError) {
        for (name, v, least) in [("qLoraRank", qLoraRank, 0), ("kvLoraRank", kvLoraRank, 1), ("qkNopeHeadDim", qkNopeHeadDim, 0),
                                 ("qkRopeHeadDim", qkRopeHeadDim, 0), ("vHeadDim", vHeadDim, 1)] {
            guard v >= least else {
                throw .invalidInput(field: prefix + name, reason: "must be an integer ≥ \(least), got \(v)")
            }
            try ModelArchitecture.checkProduct(v, Swift.max(hidden, heads), field: prefix + name, what: "\(name) · max(hidden, heads)")
        }
        try ModelArchitecture.checkProduct(heads, qkNopeHeadDim + qkRopeHeadDim + vHeadDim, field: prefix + "qkNopeHeadDim",
                                           what: "heads · (qkNopeHeadDim + qkRopeHeadDim + vHeadDim)")
    }
}
