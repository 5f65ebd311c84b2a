/// A value of a Hugging Face config.json, as any JSON reader can hand it over (ScalingCore reads no JSON).
public enum HFConfigValue: Sendable, Equatable {
    case number(Double)
    case bool(Bool)
    case string(String)
    case array([HFConfigValue])
    case object([String: HFConfigValue])
    case null
}

/// Reads a Hugging Face config.json (its top-level object) into a `ModelArchitecture` and counts it.
/// Keys read: num_hidden_layers, hidden_size, num_attention_heads, num_key_value_heads, head_dim,
/// intermediate_size (intermediate_size_mlp for Llama 4's dense layers), vocab_size, max_position_embeddings,
/// tie_word_embeddings, attention_bias; experts from n_routed_experts / num_local_experts / num_experts,
/// num_experts_per_tok / experts_per_token, moe_intermediate_size, n_shared_experts, first_k_dense_replace,
/// interleave_moe_layer_step; latent attention from q_lora_rank, kv_lora_rank, qk_nope_head_dim,
/// qk_rope_head_dim, v_head_dim; windows from sliding_window with layer_types, sliding_window_pattern or
/// attention_chunk_size. A multimodal config's text_config is read instead of the top level (the count is
/// then the language model's). model_type decides what configs leave implicit (Qwen2's q/k/v biases, Gemma's
/// four norms and tied embeddings, Qwen3/Gemma 3/OLMo 2 query-key norms, gpt-oss's sinks and expert biases).
public enum HFConfigArchitecture {
    /// Total and active parameters with the breakdown, for an editor's hint or hover.
    public static func count(config: [String: HFConfigValue]) throws(DomainError)
        -> (total: Double, active: Double, breakdown: ParameterBreakdown) {
        let a = try architecture(config: config)
        guard let c = a.parameterCount() else {
            throw .invalidInput(field: "intermediate_size", reason: "is required to count the dense layers")
        }
        return (c.total, c.active, c.breakdown)
    }

    public static func architecture(config top: [String: HFConfigValue]) throws(DomainError) -> ModelArchitecture {
        var c = top
        if case .object(let text)? = top["text_config"] {
            c = text
            if c["model_type"] == nil, let t = top["model_type"] { c["model_type"] = t }
        }
        let type = string(c["model_type"]) ?? ""
        func int(_ key: String) -> Int? {
            guard case .number(let x)? = c[key], x.isFinite, x == x.rounded(), abs(x) <= Double(ModelArchitecture.maxDimension)
            else { return nil }
            return Int(x)
        }
        func required(_ key: String) throws(DomainError) -> Int {
            guard let v = int(key), v > 0 else {
                throw .invalidInput(field: key, reason: "is required: a positive integer")
            }
            return v
        }
        func flag(_ key: String) -> Bool? { if case .bool(let b)? = c[key] { return b } else { return nil } }

        let layers = try required("num_hidden_layers"), hidden = try required("hidden_size")
        let heads = try required("num_attention_heads")
        var headDim = int("head_dim") ?? 0
        if headDim <= 0 { headDim = try ModelArchitecture.defaultHeadDim(hidden: hidden, heads: heads) }
        let gemma = type.hasPrefix("gemma")
        let llama4 = type.hasPrefix("llama4")
        let gptOss = type == "gpt_oss"

        var moe: MoEArchitecture?
        if let experts = int("n_routed_experts") ?? int("num_local_experts") ?? int("num_experts"), experts > 1 {
            let perToken = int("num_experts_per_tok") ?? int("experts_per_token") ?? 1
            // Mixtral, gpt-oss and Llama 4 give the expert width as intermediate_size.
            var width = int("moe_intermediate_size") ?? 0
            if width <= 0 { width = try required("intermediate_size") }
            // Llama 4 and Qwen2-MoE have one shared expert without saying so in a count.
            let oneShared = llama4 || int("shared_expert_intermediate_size") != nil
            moe = MoEArchitecture(routedExperts: experts, sharedExperts: int("n_shared_experts") ?? (oneShared ? 1 : 0),
                                  expertsPerToken: perToken, expertIntermediate: width,
                                  denseLayers: int("first_k_dense_replace") ?? 0,
                                  layerStep: int("interleave_moe_layer_step") ?? int("decoder_sparse_step") ?? 1,
                                  sharedIntermediate: int("shared_expert_intermediate_size"),
                                  expertBias: gptOss, routerBias: gptOss || type.hasPrefix("deepseek_v3"))
        }
        var dense: Int? = llama4 ? int("intermediate_size_mlp") : int("intermediate_size")
        if moe != nil, int("moe_intermediate_size") == nil, !llama4 { dense = nil }

        var mla: MLAArchitecture?
        if let rank = int("kv_lora_rank"), rank > 0 {
            mla = MLAArchitecture(qLoraRank: int("q_lora_rank") ?? 0, kvLoraRank: rank,
                                  qkNopeHeadDim: int("qk_nope_head_dim") ?? 0, qkRopeHeadDim: int("qk_rope_head_dim") ?? 0,
                                  vHeadDim: int("v_head_dim") ?? headDim)
        }

        var window: SlidingWindow?
        if let size = int("sliding_window"), size > 0, flag("use_sliding_window") != false {
            if case .array(let kinds)? = c["layer_types"] {
                let local = kinds.filter { string($0) == "sliding_attention" }.count
                window = local == kinds.count ? .all(size)
                    : SlidingWindow(size: size, localLayers: max(local / max(kinds.count - local, 1), 1), globalLayers: 1)
            } else if let p = int("sliding_window_pattern"), p > 1 {
                window = SlidingWindow(size: size, localLayers: p - 1, globalLayers: 1)
            } else if type == "gemma2" {
                // Gemma 2 alternates local and global layers (Gemma 2 report, section 2).
                window = SlidingWindow(size: size, localLayers: 1, globalLayers: 1)
            } else {
                window = .all(size)
            }
        } else if llama4, let chunk = int("attention_chunk_size"), chunk > 0 {
            // Llama 4: chunked attention on three layers of four, the fourth global (no RoPE).
            window = SlidingWindow(size: chunk, localLayers: 3, globalLayers: 1)
        }

        let qkNorm: QKNorm = type.hasPrefix("olmo2") ? .full
            : (type.hasPrefix("qwen3") || type.hasPrefix("gemma3")) ? .perHead : .none
        let attentionBias = flag("attention_bias") ?? false
        let a = ModelArchitecture(
            layers: layers, hidden: hidden, heads: heads, kvHeads: int("num_key_value_heads") ?? heads, headDim: headDim,
            intermediate: dense, vocabulary: try required("vocab_size"),
            context: int("max_position_embeddings") ?? int("max_seq_len") ?? 1,
            gatedMLP: true, qkvBias: attentionBias || type == "qwen2" || type == "qwen2_moe",
            tiedEmbeddings: flag("tie_word_embeddings") ?? gemma, moe: moe, mla: mla, slidingWindow: window,
            outputBias: attentionBias, attentionSinks: gptOss, normsPerLayer: gemma ? 4 : 2, qkNorm: qkNorm)
        try a.validate()
        return a
    }

    static func string(_ v: HFConfigValue?) -> String? { if case .string(let s)? = v { return s } else { return nil } }
}
