import Testing
@testable import ScalingCore

/// Fine-tuning mixtures of experts and latent attention: memory holds every expert, time follows the
/// parameters a token goes through. Hand calculations from the published configs.
@Suite struct FineTuneMoETests {
    func request(_ model: ReferenceModel, gpus: Int = 1, examples: Int = 5_000, tokens: Double = 512,
                 _ tweak: (inout FineTuneOptions) -> Void = { _ in }) -> FineTuneRequest {
        var o = FineTuneOptions()
        tweak(&o)
        return FineTuneRequest(model: ModelSpec(model), examples: examples, tokensPerExample: tokens,
                                device: Fixtures.h100, gpus: gpus, options: o)
    }

    @Test func mixtralAdaptersOnAttentionAndEveryExpert() throws {
        // HF mistralai/Mixtral-8x7B-v0.1 config.json: hidden 4096, 8 kv heads of 128, experts of width 14336.
        // Rank 16 per layer: q 16·(4096 + 4096) = 131,072; k, v 16·(4096 + 1024) = 81,920 each; o 131,072
        //   → 425,984 for attention; each expert's gate, up, down 16·(4096 + 14336) = 294,912 → 884,736.
        // All experts: 425,984 + 8·884,736 = 7,503,872 per layer · 32 = 240,123,904 (memory).
        // A token's 2 experts: 425,984 + 2·884,736 = 2,195,456 per layer · 32 = 70,254,592 (time).
        let c = try #require(LoRAAdapters.counts(rank: 16, modules: LoRAModule.allCases, architecture: Fixtures.mixtral8x7B.architecture))
        #expect(c.total == 240_123_904)
        #expect(c.active == 70_254_592)
        let est = FineTuneAdvisor.estimate(.lora(rank: 16), request: request(Fixtures.mixtral8x7B))
        #expect(est.trainableParameters == 240_123_904)
    }

    @Test func mixtralFlopsFollowActiveParameters() throws {
        // 5,000 examples · 512 tokens = 2.56e6 tokens. N_active = 12,879,925,248 (all but 6 of 8 experts),
        // recomputation on: full = (6 + 2)·N_active per token; LoRA r16 = (4 + 2)·N_active + 6·70,254,592.
        let r = request(Fixtures.mixtral8x7B)
        let n = 12_879_925_248.0
        let full = FineTuneCompute.compute(.full, request: r)
        #expect(full.flops == 8 * n * 2.56e6)
        let lora = FineTuneCompute.compute(.lora(rank: 16), request: r)
        #expect(lora.flops == (6 * n + 6 * 70_254_592) * 2.56e6)
    }

    @Test func mixtralMemoryHoldsEveryExpert() throws {
        // Full fine-tuning, mixed-precision AdamW: 16 B · 46,702,792,704 = 747,244,683,264 B of state; over 16 GPUs
        // with FSDP 46.70 GB each plus one gathered layer (attention 41,943,040 + 8 experts · 176,160,768 +
        // router 32,768 + norms 8,192 = 1,451,270,144 params · 2 B). Memory uses the total, not the 12.9B active.
        let r = request(Fixtures.mixtral8x7B, gpus: 16)
        let m = FineTuneMemory.estimate(.full, request: r)
        #expect(m.weights + m.gradients + m.optimizerState == 747_244_683_264 / 16 + 2 * 1_451_270_144)
        // QLoRA: NF4 on every projection, router included: 32 · (41,943,040 + 8 · 176,160,768 + 32,768)
        // = 46,440,382,464; 16-bit rest (embeddings, head, norms) 46,702,792,704 − 46,440,382,464 = 262,410,240.
        let linear = try #require(LoRAAdapters.linearParameterCount(Fixtures.mixtral8x7B.architecture))
        #expect(linear == 46_440_382_464)
        let q = FineTuneMemory.estimate(.qlora(rank: 16), request: request(Fixtures.mixtral8x7B))
        // NF4 + double quantization 4.126953125 bits; one bf16 buffer of the largest matrix (4096 · 14336).
        #expect(q.weights == linear * 4.126953125 / 8 + 2 * 262_410_240 + 2 * 4096 * 14336)
    }

    @Test func latentAttentionAdapterShapes() throws {
        // DeepSeek-V3 config.json: hidden 7168, 128 heads, q_lora_rank 1536, kv_lora_rank 512, qk_nope 128,
        // qk_rope 64, v_head_dim 128. Rank 16:
        //   q: q_a 16·(7168 + 1536) = 139,264 and q_b 16·(1536 + 128·192) = 417,792
        //   k: kv_a_proj_with_mqa 16·(7168 + 576) = 123,904;  v: kv_b 16·(512 + 128·256) = 532,480
        //   o: 16·(128·128 + 7168) = 376,832
        let a = Fixtures.deepseekV3.architecture
        for (module, expected) in [(LoRAModule.q, 557_056.0), (.k, 123_904), (.v, 532_480), (.o, 376_832)] {
            #expect(LoRAAdapters.counts(rank: 16, modules: [module], architecture: a)?.total == 61 * expected)
        }
        // Experts: 3 dense layers of width 18432: 16·(7168 + 18432)·3 = 1,228,800; 58 MoE layers of 256 routed
        // + 1 shared expert of width 2048: each 16·(7168 + 2048)·3 = 442,368.
        let mlp = try #require(LoRAAdapters.counts(rank: 16, modules: [.gate, .up, .down], architecture: a))
        #expect(mlp.total == 3 * 1_228_800 + 58 * 257 * 442_368)
        #expect(mlp.active == 3 * 1_228_800 + 58 * 9 * 442_368)
    }

    @Test func deepseekV3FullFineTuneNeedsManyGPUs() throws {
        // 16 B · 671e9 = 10.7 TB of state: 128 GPUs of 80 GB hold 83.9 GB each, 256 hold 41.9 GB.
        let r = try FineTuneAdvisor.recommend(request(Fixtures.deepseekV3, gpus: 256, examples: 50_000))
        let full = try #require(r.estimates.first { $0.approach == .full })
        #expect(full.memory.gradients + full.memory.optimizerState == 14 * 671e9 / 256)
        // FSDP gathers one whole layer: an MoE layer's 257 experts (3 · 7168 · 2048 each), its router and attention.
        let layer = 187_105_280 + 257 * 44_040_192 + 256 * 7168 + 2 * 7168
        #expect(full.memory.weights == 2 * 671e9 / 256 + 2 * Double(layer))
        // Time from the 37B active parameters (published): (6 + 2) · 37e9 per token.
        #expect(full.compute.flops == 8 * 37e9 * 50_000 * 512)
        #expect(r.assumptions.contains { $0.hasPrefix("mixture of experts: weights, gradients and optimizer state for all") })
    }

    @Test func userArchitectureWithoutActiveCountDerivesIt() {
        // A user's params + MoE architecture: per-token parameters = params − the routed experts not used.
        var spec = ModelSpec(Fixtures.mixtral8x7B)
        spec.activeParameters = nil
        #expect(spec.perTokenParameters == 12_879_925_248)
        spec.parameters = 46e9
        #expect(spec.perTokenParameters == 46e9 - (46_702_792_704 - 12_879_925_248))
    }
}
