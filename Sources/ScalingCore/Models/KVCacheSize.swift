/// KV-cache size by attention kind. Call after `validate()`.
extension ModelArchitecture {
    /// Elements one layer caches per token: 2 · kvHeads · headDim (keys and values; MHA, GQA, MQA),
    /// or kvLoraRank + qkRopeHeadDim for latent attention (the compressed latent and the shared RoPE key,
    /// DeepSeek-V2 paper section 2.1.2; DeepSeek-V3 report section 2.1.1).
    public var kvCacheElementsPerLayerPerToken: Double {
        if let m = mla { return Double(m.kvLoraRank) + Double(m.qkRopeHeadDim) }
        return 2 * Double(kvHeads) * Double(headDim)
    }

    /// Bytes one more token adds to the cache while the context is shorter than every window:
    /// layers · elements per layer per token · bytesPerElement.
    public func kvCacheBytesPerToken(bytesPerElement: Double = 2) -> Double {
        Double(layers) * kvCacheElementsPerLayerPerToken * bytesPerElement
    }

    /// Layers whose cache is capped at the sliding window (0 without one).
    public var windowedLayers: Int { slidingWindow?.windowedLayers(of: layers) ?? 0 }

    /// Bytes of cache one sequence of `contextTokens` holds: full-attention layers keep every token,
    /// windowed layers at most `slidingWindow.size` (a rolling buffer, Mistral 7B paper section 2).
    public func kvCacheBytesPerSequence(contextTokens: Int, bytesPerElement: Double = 2) -> Double {
        let t = Double(max(contextTokens, 0))
        let windowed = Double(windowedLayers)
        let capped = slidingWindow.map { min(t, Double($0.size)) } ?? t
        return kvCacheElementsPerLayerPerToken * bytesPerElement * ((Double(layers) - windowed) * t + windowed * capped)
    }
}
