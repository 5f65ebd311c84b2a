/// Parameters by component. Counted in Double (exact below 2^53, about 9·10^15).
public struct ParameterBreakdown: Sendable, Equatable, Hashable {
    /// Input embedding table (vocabulary · hidden).
    public var embedding: Double = 0
    /// q, k, v, o projections (or MLA's down/up projections and latent norms), their biases, q/k norms, sinks.
    public var attention: Double = 0
    /// Dense MLPs (every layer of a dense model; the leading or interleaved dense layers of an MoE).
    public var ffn: Double = 0
    /// Routed experts (all of them in `breakdown`, the ones a token uses in `activeBreakdown`).
    public var experts: Double = 0
    public var sharedExperts: Double = 0
    public var router: Double = 0
    /// Per-layer norm weights and the final norm.
    public var norms: Double = 0
    /// Untied output head (0 when tied to the embedding).
    public var head: Double = 0

    public var total: Double { embedding + attention + ffn + experts + sharedExperts + router + norms + head }
}

/// Total and per-token (active) parameters with their breakdowns.
public struct ParameterCount: Sendable, Equatable, Hashable {
    public var breakdown: ParameterBreakdown
    /// What one token goes through: every parameter except the routed experts it is not sent to.
    /// The input embedding table is counted whole (Qwen's and Mistral's convention for "active").
    public var activeBreakdown: ParameterBreakdown

    public var total: Double { breakdown.total }
    public var active: Double { activeBreakdown.total }
    /// Active parameters without the input embedding table, which a token reads one row of (the
    /// convention of the gpt-oss model card and of 6·N FLOP counts). With tied embeddings the table is
    /// also the output head and stays counted.
    public var activeWithoutEmbedding: Double {
        activeBreakdown.total - (activeBreakdown.head > 0 ? activeBreakdown.embedding : 0)
    }
}

extension ModelArchitecture {
    /// Total and active parameters with the breakdown; nil when a dense FFN width is needed but unknown.
    /// Call after `validate()`.
    public func parameterCount() -> ParameterCount? {
        let moeCount = Double(moeLayers)
        let denseCount = Double(layers) - moeCount
        guard denseCount == 0 || intermediate != nil else { return nil }
        let h = Double(hidden), l = Double(layers)
        var all = ParameterBreakdown()
        all.embedding = Double(vocabulary) * h
        all.head = tiedEmbeddings ? 0 : Double(vocabulary) * h
        all.attention = l * attentionParametersPerLayer
        all.norms = l * Double(normsPerLayer) * h + h
        let matrices = gatedMLP ? 3.0 : 2.0
        if let f = intermediate { all.ffn = denseCount * matrices * h * Double(f) }
        var active = all
        if let m = moe {
            let e = Double(m.expertIntermediate)
            let perExpert = matrices * h * e + (m.expertBias ? (matrices - 1) * e + h : 0)
            let shared = Double(m.sharedExperts) * matrices * h * Double(m.sharedIntermediate ?? m.expertIntermediate)
            all.experts = moeCount * Double(m.routedExperts) * perExpert
            all.sharedExperts = moeCount * shared
            all.router = moeCount * Double(m.routedExperts) * (h + (m.routerBias ? 1 : 0))
            active = all
            active.experts = moeCount * Double(m.expertsPerToken) * perExpert
        }
        return ParameterCount(breakdown: all, activeBreakdown: active)
    }

    /// One layer's attention parameters (projections, biases, q/k norms, sinks; not the layer norms).
    public var attentionParametersPerLayer: Double {
        let h = Double(hidden), n = Double(heads)
        if let m = mla {
            let qk = Double(m.qkNopeHeadDim + m.qkRopeHeadDim), r = Double(m.qLoraRank), c = Double(m.kvLoraRank)
            let query = m.qLoraRank > 0 ? h * r + r + r * n * qk : h * n * qk
            let keyValue = h * (c + Double(m.qkRopeHeadDim)) + c + c * n * Double(m.qkNopeHeadDim + m.vHeadDim)
            return query + keyValue + n * Double(m.vHeadDim) * h
        }
        let q = n * Double(headDim), kv = Double(kvHeads) * Double(headDim)
        var p = h * q + 2 * h * kv + q * h
        if qkvBias { p += q + 2 * kv }
        if outputBias { p += h }
        if attentionSinks { p += n }
        switch qkNorm {
        case .none: break
        case .perHead: p += 2 * Double(headDim)
        case .full: p += q + kv
        }
        return p
    }
}
