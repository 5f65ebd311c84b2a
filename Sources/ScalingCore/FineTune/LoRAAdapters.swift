/// LoRA adapter sizes (Hu et al. 2021, "LoRA: Low-Rank Adaptation of Large Language Models"):
/// a rank-r adapter on a d_in × d_out matrix adds B (d_out × r) and A (r × d_in), r·(d_in + d_out)
/// trainable parameters. Shapes are GQA-aware: k and v project hidden → kvHeads·headDim.
///
/// Latent attention (DeepSeek-V2/V3, module names as in their Hugging Face code): q adapts q_a_proj
/// (hidden → qLoraRank) and q_b_proj (qLoraRank → heads·(nope + rope)), or q_proj without a query rank;
/// k adapts kv_a_proj_with_mqa (hidden → kvLoraRank + rope); v adapts kv_b_proj (kvLoraRank →
/// heads·(nope + v)); o adapts o_proj (heads·v → hidden).
/// Mixtures of experts: gate, up and down adapt every expert's projections (routed and shared, as PEFT's
/// target_modules match each expert's Linear); a token trains through the routed experts it is sent to
/// and the shared ones. The router is not adapted.
public enum LoRAAdapters {
    /// The (d_in, d_out) matrices one module has in one attention block, or in one dense MLP of width `ffn`.
    static func attentionShapes(of module: LoRAModule, in a: ModelArchitecture) -> [(Int, Int)] {
        if let m = a.mla {
            let qk = a.heads * (m.qkNopeHeadDim + m.qkRopeHeadDim)
            switch module {
            case .q: return m.qLoraRank > 0 ? [(a.hidden, m.qLoraRank), (m.qLoraRank, qk)] : [(a.hidden, qk)]
            case .k: return [(a.hidden, m.kvLoraRank + m.qkRopeHeadDim)]
            case .v: return [(m.kvLoraRank, a.heads * (m.qkNopeHeadDim + m.vHeadDim))]
            case .o: return [(a.heads * m.vHeadDim, a.hidden)]
            case .gate, .up, .down: return []
            }
        }
        switch module {
        case .q: return [(a.hidden, a.queryDim)]
        case .k, .v: return [(a.hidden, a.kvDim)]
        case .o: return [(a.queryDim, a.hidden)]
        case .gate, .up, .down: return []
        }
    }

    static func mlpShape(of module: LoRAModule, hidden h: Int, width f: Int, gated: Bool) -> (Int, Int)? {
        switch module {
        case .gate: return gated ? (h, f) : nil
        case .up: return (h, f)
        case .down: return (f, h)
        case .q, .k, .v, .o: return nil
        }
    }

    /// (d_in, d_out) of one module's weight in a dense decoder layer (the first matrix for MLA's q).
    public static func shape(of module: LoRAModule, in a: ModelArchitecture) -> (dIn: Int, dOut: Int)? {
        if let s = attentionShapes(of: module, in: a).first { return (s.0, s.1) }
        guard let ffn = a.intermediate ?? a.moe?.expertIntermediate,
              let s = mlpShape(of: module, hidden: a.hidden, width: ffn, gated: a.gatedMLP) else { return nil }
        return (s.0, s.1)
    }

    /// Trainable adapter parameters over all layers, and those one token trains through (routed experts
    /// it is not sent to excluded). Nil if a dense layer's FFN width is unknown.
    public static func counts(rank: Int, modules: [LoRAModule], architecture a: ModelArchitecture) -> (total: Double, active: Double)? {
        let r = Double(rank), h = a.hidden
        let moeLayers = Double(a.moeLayers), denseLayers = Double(a.layers) - moeLayers
        var attention = 0.0, dense = 0.0, expert = 0.0, shared = 0.0
        for m in Set(modules) {
            for s in attentionShapes(of: m, in: a) { attention += r * Double(s.0 + s.1) }
            if denseLayers > 0, [.gate, .up, .down].contains(m) {
                guard let f = a.intermediate else { return nil }
                if let s = mlpShape(of: m, hidden: h, width: f, gated: a.gatedMLP) { dense += r * Double(s.0 + s.1) }
            }
            if let moe = a.moe {
                if let s = mlpShape(of: m, hidden: h, width: moe.expertIntermediate, gated: a.gatedMLP) { expert += r * Double(s.0 + s.1) }
                if let s = mlpShape(of: m, hidden: h, width: moe.sharedIntermediate ?? moe.expertIntermediate, gated: a.gatedMLP) {
                    shared += Double(moe.sharedExperts) * r * Double(s.0 + s.1)
                }
            }
        }
        let common = Double(a.layers) * attention + denseLayers * dense + moeLayers * shared
        guard let moe = a.moe else { return (common, common) }
        return (common + moeLayers * Double(moe.routedExperts) * expert, common + moeLayers * Double(moe.expertsPerToken) * expert)
    }

    /// Trainable adapter parameters: Σ_layers Σ_modules r·(d_in + d_out). Nil if a module's shape is unknown.
    public static func parameterCount(rank: Int, modules: [LoRAModule], architecture a: ModelArchitecture) -> Double? {
        counts(rank: rank, modules: modules, architecture: a)?.total
    }

    /// Weights of the attention projections of one layer (biases, norms and sinks excluded).
    static func attentionMatrixParameters(_ a: ModelArchitecture) -> Double {
        [LoRAModule.q, .k, .v, .o].flatMap { attentionShapes(of: $0, in: a) }.reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    /// Parameters in the linear projections of all decoder layers (attention, dense MLPs, experts and the
    /// router; biases excluded): the weights QLoRA stores in NF4. Embeddings, the output head and norms
    /// stay in 16-bit.
    public static func linearParameterCount(_ a: ModelArchitecture) -> Double? {
        guard let c = a.parameterCount() else { return nil }
        let b = c.breakdown
        var mlp = b.ffn + b.sharedExperts + b.router
        if let moe = a.moe {
            let matrices = a.gatedMLP ? 3.0 : 2.0
            mlp += Double(a.moeLayers) * Double(moe.routedExperts) * matrices * Double(a.hidden) * Double(moe.expertIntermediate)
            if moe.routerBias { mlp -= Double(a.moeLayers) * Double(moe.routedExperts) }
        }
        return Double(a.layers) * attentionMatrixParameters(a) + mlp
    }

    /// Largest single projection (elements): the bf16 buffer QLoRA dequantizes into, one at a time.
    static func largestMatrix(_ a: ModelArchitecture) -> Double {
        var widths: [Int] = []
        if a.moeLayers < a.layers, let f = a.intermediate { widths.append(f) }
        if let m = a.moe { widths += [m.expertIntermediate, m.sharedIntermediate ?? m.expertIntermediate] }
        let attention = [LoRAModule.q, .k, .v, .o].flatMap { attentionShapes(of: $0, in: a) }.map { Double($0.0) * Double($0.1) }
        return (attention + widths.map { Double(a.hidden) * Double($0) }).max() ?? 0
    }

    /// Parameters of the largest decoder layer (for the FSDP all-gather buffer).
    static func layerParameterCount(_ a: ModelArchitecture) -> Double {
        let h = Double(a.hidden), matrices = a.gatedMLP ? 3.0 : 2.0
        var mlp = a.moeLayers < a.layers ? matrices * h * Double(a.intermediate ?? 0) : 0
        if let m = a.moe {
            let experts = Double(m.routedExperts) * matrices * h * Double(m.expertIntermediate)
                + Double(m.sharedExperts) * matrices * h * Double(m.sharedIntermediate ?? m.expertIntermediate)
                + Double(m.routedExperts) * h
            mlp = max(mlp, experts)
        }
        return attentionMatrixParameters(a) + mlp + 2 * h
    }
}
