import JSON
import ScalingCore

/// Wire shapes of reference models: the same field names as data/models.json, so a row read from
/// `models/get` can be passed back as `params` + `architecture`.
enum ModelJSON {
    static func architecture(_ a: ModelArchitecture) -> JSON {
        let o = JSON.object()
        o.set("layers", a.layers)
        o.set("hidden", a.hidden)
        o.set("heads", a.heads)
        o.set("kvHeads", a.kvHeads)
        o.set("headDim", a.headDim)
        if let f = a.intermediate { o.set("intermediate", f) } else { o.set("intermediate", JSON.null()) }
        o.set("vocabulary", a.vocabulary)
        o.set("context", a.context)
        o.set("gatedMLP", a.gatedMLP)
        o.set("qkvBias", a.qkvBias)
        o.set("tiedEmbeddings", a.tiedEmbeddings)
        if let m = a.moe {
            let e = JSON.object()
            e.set("routedExperts", m.routedExperts)
            e.set("sharedExperts", m.sharedExperts)
            e.set("expertsPerToken", m.expertsPerToken)
            e.set("expertIntermediate", m.expertIntermediate)
            e.set("denseLayers", m.denseLayers)
            e.set("layerStep", m.layerStep)
            if let w = m.sharedIntermediate { e.set("sharedIntermediate", w) } else { e.set("sharedIntermediate", JSON.null()) }
            e.set("expertBias", m.expertBias)
            e.set("routerBias", m.routerBias)
            o.set("moe", e)
        } else { o.set("moe", JSON.null()) }
        if let m = a.mla {
            let e = JSON.object()
            e.set("qLoraRank", m.qLoraRank)
            e.set("kvLoraRank", m.kvLoraRank)
            e.set("qkNopeHeadDim", m.qkNopeHeadDim)
            e.set("qkRopeHeadDim", m.qkRopeHeadDim)
            e.set("vHeadDim", m.vHeadDim)
            o.set("mla", e)
        } else { o.set("mla", JSON.null()) }
        if let w = a.slidingWindow {
            let e = JSON.object()
            e.set("size", w.size)
            e.set("localLayers", w.localLayers)
            e.set("globalLayers", w.globalLayers)
            o.set("slidingWindow", e)
        } else { o.set("slidingWindow", JSON.null()) }
        o.set("outputBias", a.outputBias)
        o.set("attentionSinks", a.attentionSinks)
        o.set("normsPerLayer", a.normsPerLayer)
        o.set("qkNorm", a.qkNorm.rawValue)
        return o
    }

    /// `{total, active, activeWithoutEmbedding, breakdown, activeBreakdown}` counted from the architecture.
    static func parameterCount(_ c: ParameterCount) throws(JSONEncodingError) -> JSON {
        func parts(_ b: ParameterBreakdown) throws(JSONEncodingError) -> JSON {
            let o = JSON.object()
            for (key, value) in [("embedding", b.embedding), ("attention", b.attention), ("ffn", b.ffn), ("experts", b.experts),
                                 ("sharedExperts", b.sharedExperts), ("router", b.router), ("norms", b.norms), ("head", b.head)] {
                try o.set(key, value)
            }
            return o
        }
        let o = JSON.object()
        try o.set("total", c.total)
        try o.set("active", c.active)
        try o.set("activeWithoutEmbedding", c.activeWithoutEmbedding)
        o.set("breakdown", try parts(c.breakdown))
        o.set("activeBreakdown", try parts(c.activeBreakdown))
        return o
    }

    static func nullable(_ o: JSON, _ key: String, _ v: Double?) throws(JSONEncodingError) {
        if let v { try o.set(key, v) } else { o.set(key, JSON.null()) }
    }

    /// `{id, name, parameters, activeParameters}`: the short form models/list returns.
    static func summary(_ m: ReferenceModel) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("id", m.id)
        o.set("name", m.name)
        try o.set("parameters", m.parameters)
        try nullable(o, "activeParameters", m.activeParameters)
        o.set("context", m.architecture.context)
        return o
    }

    /// The whole row, plus `derived` figures computed from the architecture (each says how).
    static func model(_ m: ReferenceModel) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("id", m.id)
        o.set("name", m.name)
        try o.set("parameters", m.parameters)
        try nullable(o, "activeParameters", m.activeParameters)
        o.set("architecture", architecture(m.architecture))
        let t = JSON.object()
        try nullable(t, "tokens", m.training.tokens)
        try nullable(t, "flops", m.training.flops)
        try nullable(t, "gpuHours", m.training.gpuHours)
        if let g = m.training.gpuType { t.set("gpuType", g) } else { t.set("gpuType", JSON.null()) }
        try nullable(t, "costUsd", m.training.costUsd)
        o.set("training", t)
        let d = JSON.object()
        try nullable(d, "denseParameterCount", m.architecture.denseParameterCount)
        try d.set("embeddingParameters", m.architecture.embeddingParameters)
        d.set("queryDim", m.architecture.queryDim)
        d.set("kvDim", m.architecture.kvDim)
        let a = m.architecture
        d.set("attention", a.attentionKind.rawValue)
        // KV cache in bf16 by attention kind: 2 · layers · kvHeads · headDim · 2 B per token, or for MLA
        // layers · (kvLoraRank + qkRopeHeadDim) · 2 B; at the full context windowed layers hold at most the window.
        try d.set("kvCacheBytesPerToken", a.kvCacheBytesPerToken(bytesPerElement: 2))
        try d.set("kvCacheBytesAtContext", a.kvCacheBytesPerSequence(contextTokens: a.context, bytesPerElement: 2))
        d.set("windowedLayers", a.windowedLayers)
        d.set("moeLayers", a.moeLayers)
        if let c = a.parameterCount() { d.set("parameterCount", try parameterCount(c)) } else { d.set("parameterCount", JSON.null()) }
        o.set("derived", d)
        o.set("sources", DomainJSON.citations(m.sources))
        o.set("notes", strings: m.notes)
        return o
    }
}
