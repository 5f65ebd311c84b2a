import Testing
@testable import ScalingCore

/// Counting straight from a Hugging Face config.json (the editor's hint), against the published totals.
@Suite struct HFConfigArchitectureTests {
    func n(_ x: Double) -> HFConfigValue { .number(x) }

    /// deepseek-ai/DeepSeek-V3 config.json (the fields the count reads).
    var deepseekV3Config: [String: HFConfigValue] {
        ["model_type": .string("deepseek_v3"), "num_hidden_layers": n(61), "hidden_size": n(7168),
         "num_attention_heads": n(128), "num_key_value_heads": n(128), "intermediate_size": n(18432),
         "moe_intermediate_size": n(2048), "n_routed_experts": n(256), "n_shared_experts": n(1),
         "num_experts_per_tok": n(8), "first_k_dense_replace": n(3), "q_lora_rank": n(1536), "kv_lora_rank": n(512),
         "qk_nope_head_dim": n(128), "qk_rope_head_dim": n(64), "v_head_dim": n(128), "vocab_size": n(129_280),
         "max_position_embeddings": n(163_840), "tie_word_embeddings": .bool(false)]
    }

    @Test func deepseekV3() throws {
        // DeepSeek-V3 Technical Report: 671B total, 37B activated.
        let c = try HFConfigArchitecture.count(config: deepseekV3Config)
        #expect(c.total == 671_026_419_200)
        #expect(c.active == 37_552_297_472)
        #expect(abs(c.total / 671e9 - 1) < 0.01)
        #expect(try HFConfigArchitecture.architecture(config: deepseekV3Config).kvCacheBytesPerToken() == 70_272)
    }

    @Test func mixtral() throws {
        // mistralai/Mixtral-8x7B-v0.1 config.json; Mistral AI: 46.7B total, 12.9B per token.
        let config: [String: HFConfigValue] = [
            "model_type": .string("mixtral"), "num_hidden_layers": n(32), "hidden_size": n(4096), "num_attention_heads": n(32),
            "num_key_value_heads": n(8), "intermediate_size": n(14336), "num_local_experts": n(8), "num_experts_per_tok": n(2),
            "vocab_size": n(32000), "max_position_embeddings": n(32768), "sliding_window": .null, "tie_word_embeddings": .bool(false)]
        let c = try HFConfigArchitecture.count(config: config)
        #expect(c.total == 46_702_792_704 && c.active == 12_879_925_248)
        #expect(c.breakdown.ffn == 0 && c.breakdown.experts == 32 * 8 * 176_160_768)
    }

    @Test func gptOss20b() throws {
        // openai/gpt-oss-20b config.json; model card Table 1: 20.91B total, 3.61B active (without the embedding table).
        var layerTypes: [HFConfigValue] = []
        for i in 0..<24 { layerTypes.append(.string(i % 2 == 0 ? "sliding_attention" : "full_attention")) }
        let config: [String: HFConfigValue] = [
            "model_type": .string("gpt_oss"), "num_hidden_layers": n(24), "hidden_size": n(2880), "num_attention_heads": n(64),
            "num_key_value_heads": n(8), "head_dim": n(64), "intermediate_size": n(2880), "num_local_experts": n(32),
            "experts_per_token": n(4), "num_experts_per_tok": n(4), "attention_bias": .bool(true), "sliding_window": n(128),
            "layer_types": .array(layerTypes), "vocab_size": n(201_088), "max_position_embeddings": n(131_072),
            "tie_word_embeddings": .bool(false)]
        let a = try HFConfigArchitecture.architecture(config: config)
        #expect(a.windowedLayers == 12 && a.attentionSinks && a.moe?.expertBias == true)
        let c = try #require(a.parameterCount())
        #expect(c.total == 20_914_757_184)
        #expect(abs(c.activeWithoutEmbedding / 3.61e9 - 1) < 0.01)
    }

    @Test func gemma3ReadsItsTextConfig() throws {
        // google/gemma-3-27b-pt config.json: text_config; report Table 1: 25,600M non-embedding parameters.
        let text: [String: HFConfigValue] = [
            "model_type": .string("gemma3_text"), "num_hidden_layers": n(62), "hidden_size": n(5376), "num_attention_heads": n(32),
            "num_key_value_heads": n(16), "head_dim": n(128), "intermediate_size": n(21504), "sliding_window": n(1024),
            "sliding_window_pattern": n(6), "vocab_size": n(262_208), "max_position_embeddings": n(131_072)]
        let config: [String: HFConfigValue] = ["model_type": .string("gemma3"), "text_config": .object(text)]
        let a = try HFConfigArchitecture.architecture(config: config)
        #expect(a.tiedEmbeddings && a.normsPerLayer == 4 && a.qkNorm == .perHead && a.windowedLayers == 52)
        let c = try HFConfigArchitecture.count(config: config)
        #expect(abs(c.total - c.breakdown.embedding - 25_600e6) < 0.5e6)
    }

    @Test func llama4MaverickInterleavesExperts() throws {
        // meta-llama/Llama-4-Maverick-17B-128E-Instruct text_config; model card: 400B total, 17B active.
        let text: [String: HFConfigValue] = [
            "model_type": .string("llama4_text"), "num_hidden_layers": n(48), "hidden_size": n(5120), "num_attention_heads": n(40),
            "num_key_value_heads": n(8), "head_dim": n(128), "intermediate_size": n(8192), "intermediate_size_mlp": n(16384),
            "num_local_experts": n(128), "num_experts_per_tok": n(1), "interleave_moe_layer_step": n(2),
            "attention_chunk_size": n(8192), "vocab_size": n(202_048), "max_position_embeddings": n(1_048_576)]
        let c = try HFConfigArchitecture.count(config: ["model_type": .string("llama4"), "text_config": .object(text)])
        #expect(c.total == 400_711_848_960)
        #expect(abs(c.active - 17e9) <= 1e9)
    }

    @Test func badConfigsNameTheKey() {
        func field(_ c: [String: HFConfigValue]) -> String? {
            do { _ = try HFConfigArchitecture.count(config: c); return nil } catch {
                if case .invalidInput(let f, _) = error { return f }
                return "\(error)"
            }
        }
        #expect(field(["num_hidden_layers": n(2)]) == "hidden_size")
        // hidden 4100 with 32 heads and no head_dim: not divisible, refused rather than truncated to 128.
        let indivisible: [String: HFConfigValue] = ["num_hidden_layers": n(2), "hidden_size": n(4100), "num_attention_heads": n(32),
                                                  "intermediate_size": n(64), "vocab_size": n(100)]
        #expect(field(indivisible) == "heads")
        var huge = indivisible
        huge["hidden_size"] = n(4096)
        huge["num_attention_heads"] = n(Double(1 << 40))
        huge["head_dim"] = n(128)
        #expect(field(huge) == "heads")
    }
}
