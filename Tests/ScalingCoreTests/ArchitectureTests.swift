import Testing
@testable import ScalingCore

/// The architecture description: attention kinds, experts, windows, counts, KV cache and training FLOPs,
/// each against a hand calculation from the published config it cites.
@Suite struct ArchitectureTests {
    /// DeepSeek-V3 (HF deepseek-ai/DeepSeek-V3 config.json), with the score-correction bias on its router.
    var deepseek: ModelArchitecture {
        var a = Fixtures.deepseekV3.architecture
        a.moe?.routerBias = true
        return a
    }
    /// Mistral 7B v0.1 (HF config.json: sliding_window 4096 on every layer).
    var mistral: ModelArchitecture {
        var a = Fixtures.mistral7B.architecture
        a.slidingWindow = .all(4096)
        return a
    }
    /// Gemma 3 27B text_config: 62 layers, 16 kv heads of 128, sliding_window 1024, sliding_window_pattern 6.
    let gemma27 = ModelArchitecture(layers: 62, hidden: 5376, heads: 32, kvHeads: 16, headDim: 128, intermediate: 21504,
                                    vocabulary: 262_208, context: 131_072, tiedEmbeddings: true,
                                    slidingWindow: SlidingWindow(size: 1024, localLayers: 5, globalLayers: 1),
                                    normsPerLayer: 4, qkNorm: .perHead)
    /// gpt-oss-120b (HF openai/gpt-oss-120b config.json): alternating 128-token windows.
    let gptOss120 = ModelArchitecture(layers: 36, hidden: 2880, heads: 64, kvHeads: 8, headDim: 64, intermediate: nil,
                                      vocabulary: 201_088, context: 131_072, qkvBias: true,
                                      moe: MoEArchitecture(routedExperts: 128, sharedExperts: 0, expertsPerToken: 4,
                                                           expertIntermediate: 2880, denseLayers: 0, expertBias: true, routerBias: true),
                                      slidingWindow: SlidingWindow(size: 128, localLayers: 1, globalLayers: 1),
                                      outputBias: true, attentionSinks: true)

    @Test func attentionKinds() {
        #expect(Fixtures.llama7B.architecture.attentionKind == .mha)
        #expect(Fixtures.llama31_8B.architecture.attentionKind == .gqa)
        #expect(deepseek.attentionKind == .mla)
        var mqa = Fixtures.llama31_8B.architecture
        mqa.kvHeads = 1
        #expect(mqa.attentionKind == .mqa)
    }

    @Test func windowedAndExpertLayers() {
        // Gemma 3: layer i is global when (i + 1) is a multiple of 6: 10 of 62 global, 52 windowed.
        #expect(gemma27.windowedLayers == 52)
        // gpt-oss: even layers windowed: 18 of 36. Llama 4: 3 of 4 chunked: 36 of 48.
        #expect(gptOss120.windowedLayers == 18)
        #expect(SlidingWindow(size: 8192, localLayers: 3, globalLayers: 1).windowedLayers(of: 48) == 36)
        // DeepSeek-V3: first_k_dense_replace 3 → 58 MoE layers; Llama 4 Maverick: interleave step 2 → 24 of 48.
        #expect(deepseek.moeLayers == 58)
        let maverick = MoEArchitecture(routedExperts: 128, sharedExperts: 1, expertsPerToken: 1, expertIntermediate: 8192,
                                       denseLayers: 0, layerStep: 2)
        #expect(ModelArchitecture(layers: 48, hidden: 5120, heads: 40, kvHeads: 8, headDim: 128, intermediate: 16384,
                                  vocabulary: 202_048, context: 1_048_576, moe: maverick).moeLayers == 24)
    }

    @Test func deepseekV3CountByComponent() throws {
        // Per layer, MLA: q_a 7168·1536 = 11,010,048 + norm 1536; q_b 1536·128·192 = 37,748,736;
        // kv_a 7168·(512 + 64) = 4,128,768 + norm 512; kv_b 512·128·(128 + 128) = 16,777,216; o 128·128·7168 = 117,440,512
        // → 187,107,328; · 61 = 11,413,547,008.
        let c = try #require(deepseek.parameterCount())
        #expect(deepseek.attentionParametersPerLayer == 187_107_328)
        #expect(c.breakdown.attention == 11_413_547_008)
        // 3 dense layers · 3 · 7168 · 18432 = 1,189,085,184; experts 3 · 7168 · 2048 = 44,040,192 each:
        // 58 · 256 routed = 653,908,770,816; 58 shared = 2,554,331,136; router 58 · 256 · (7168 + 1) = 106,445,312.
        #expect(c.breakdown.ffn == 1_189_085_184)
        #expect(c.breakdown.experts == 653_908_770_816)
        #expect(c.breakdown.sharedExperts == 2_554_331_136)
        #expect(c.breakdown.router == 106_445_312)
        // Embedding and head 129,280 · 7168 = 926,679,040 each; norms 61 · 2 · 7168 + 7168 = 881,664.
        #expect(c.breakdown.embedding == 926_679_040 && c.breakdown.head == 926_679_040 && c.breakdown.norms == 881_664)
        #expect(c.total == 671_026_419_200)
        // Per token: 8 of 256 routed experts → 58 · 8 · 44,040,192 = 20,434,649,088 instead of all.
        #expect(c.activeBreakdown.experts == 20_434_649_088)
        #expect(c.active == 37_552_297_472)
        #expect(c.activeWithoutEmbedding == 36_625_618_432)
    }

    @Test func kvCacheByAttentionKind() {
        // MLA caches the latent and the RoPE key: 61 layers · (512 + 64) · 2 B = 70,272 B per token
        // (DeepSeek-V3 config kv_lora_rank 512, qk_rope_head_dim 64), not 2 · 128 · 128 · 61 · 2 = 3,997,696 B as MHA.
        #expect(deepseek.kvCacheBytesPerToken(bytesPerElement: 2) == 70_272)
        // GQA, Llama 3.1 8B: 2 · 32 layers · 8 · 128 · 2 B = 131,072 B per token.
        #expect(Fixtures.llama31_8B.architecture.kvCacheBytesPerToken() == 131_072)
        // Mistral 7B at 32,768 tokens: the 4096-token rolling buffer holds 4096 · 131,072 = 536,870,912 B,
        // an eighth of 32,768 · 131,072 = 4,294,967,296 B.
        #expect(mistral.kvCacheBytesPerSequence(contextTokens: 32_768) == 536_870_912)
        #expect(Fixtures.mistral7B.architecture.kvCacheBytesPerSequence(contextTokens: 32_768) == 4_294_967_296)
        #expect(mistral.kvCacheBytesPerSequence(contextTokens: 1000) == 1000 * 131_072)
        // Gemma 3 27B at 131,072 tokens: 2 · 16 · 128 · 2 B = 8192 B per layer per token;
        // 52 windowed layers · 1024 + 10 global · 131,072 = 1,363,968 → 11,173,625,856 B.
        #expect(gemma27.kvCacheBytesPerSequence(contextTokens: 131_072) == 11_173_625_856)
        // gpt-oss-120b: 2 · 8 · 64 · 2 = 2048 B per layer per token; 18 · 128 + 18 · 131,072 = 2,361,600 → 4,836,556,800 B.
        #expect(gptOss120.kvCacheBytesPerSequence(contextTokens: 131_072) == 4_836_556_800)
    }

    @Test func mixtureOfExpertsTrainsOnActiveParameters() {
        // Mixtral 8x7B at 4096 tokens, no recomputation (3 passes of 2 FLOPs per weight and token):
        // ffn: 2 experts · 3 · 4096 · 14336 + router 4096 · 8 = 352,354,304 per layer → 6 · 32 · 352,354,304.
        let t = TransformerArchitecture(Fixtures.mixtral8x7B.architecture, sequenceLength: 4096)
        let f = t.trainingFlopsPerToken()
        #expect(f.ffn == 6 * 32 * 352_354_304)
        // q, k, v: 4096 · (4096 + 2 · 1024) = 25,165,824; o 16,777,216; scores and values 2 · 4096 · 4096 each.
        #expect(f.qkv == 6 * 32 * 25_165_824)
        #expect(f.outputProjection == 6 * 32 * 16_777_216)
        // Causal: query i scores i keys, (4096 + 1) / 2 = 2048.5 on average, over 32 heads of 128.
        let causalScores: Double = 6 * 32 * 2048.5 * 4096
        #expect(f.attentionScores == causalScores)
        #expect(TransformerArchitecture(Fixtures.mixtral8x7B.architecture, sequenceLength: 4096, attention: .full)
            .trainingFlopsPerToken().attentionScores == 6 * 32 * 4096 * 4096)
        // Weights part = 6 · (active parameters without embeddings, head or norms) + 6 · h · V for the head.
        let active = Fixtures.mixtral8x7B.architecture.parameterCount()!.activeBreakdown
        #expect(f.qkv + f.outputProjection + f.ffn == 6 * (active.attention + active.experts + active.router))
    }

    @Test func windowsCapAttentionFlops() {
        // Mistral 7B at 32,768 tokens: every layer scores at most 4096 keys.
        let t = TransformerArchitecture(mistral, sequenceLength: 32_768, attention: .full)
        #expect(t.trainingFlopsPerToken().attentionScores == 6 * 32 * 4096 * 4096)
        // Causal: the first 4096 queries score 1…4096 keys (4096 · 4097 / 2 = 8,390,656), the other 28,672 score
        // 4096 each (117,440,512): 125,831,168 / 32,768 = 3840.0625 keys per query.
        let c = TransformerArchitecture(mistral, sequenceLength: 32_768)
        let causalScores: Double = 6 * 32 * 3840.0625 * 4096
        #expect(c.trainingFlopsPerToken().attentionScores == causalScores)
    }

    @Test func latentAttentionFlops() {
        // DeepSeek-V3 at 4096 tokens: projections (all of MLA's weights but o; the latent norms' 2,048 included) and
        // scores over 128 heads of 128 + 64, values of 128.
        let f = TransformerArchitecture(deepseek, sequenceLength: 4096, attention: .full).trainingFlopsPerToken()
        #expect(f.qkv == 6 * 61 * (187_107_328 - 117_440_512))
        #expect(f.attentionScores == 6 * 61 * 4096 * 128 * 192)
        #expect(f.attentionOverValues == 6 * 61 * 4096 * 128 * 128)
        let causal = TransformerArchitecture(deepseek, sequenceLength: 4096).trainingFlopsPerToken()
        let causalValues: Double = 6 * 61 * 2048.5 * 128 * 128
        #expect(causal.attentionOverValues == causalValues)
    }

    @Test func headDimNeedsExactDivision() throws {
        // hidden 8, heads 32 would give 0; hidden 4100, heads 32 would silently give 128: both refused.
        for (hidden, heads) in [(8, 32), (4100, 32)] {
            #expect(throws: DomainError.self) { try ModelArchitecture.defaultHeadDim(hidden: hidden, heads: heads) }
            let t = TransformerArchitecture(layers: 2, hidden: hidden, heads: heads, kvHeads: heads, ffnHidden: 64,
                                            vocab: 100, sequenceLength: 128)
            #expect(fieldOf { () throws(DomainError) in try t.validate() } == "architecture.heads")
        }
        #expect(try ModelArchitecture.defaultHeadDim(hidden: 4096, heads: 32) == 128)
    }

    @Test func hugeWidthsAreRefusedNotTrapped() {
        // 2^40 heads · 128 overflows nothing here: checked multiplication refuses it with the field named.
        let huge = ModelArchitecture(layers: 2, hidden: 4096, heads: 1 << 40, kvHeads: 1 << 40, headDim: 128,
                                     intermediate: 64, vocabulary: 100, context: 128)
        #expect(fieldOf { () throws(DomainError) in try huge.validate() } == "heads")
        let t = TransformerArchitecture(layers: 2, hidden: 4096, heads: 1 << 40, kvHeads: 1 << 40, headDim: 128,
                                        ffnHidden: 64, vocab: 100, sequenceLength: 128)
        #expect(fieldOf { () throws(DomainError) in try t.validate() } == "architecture.heads")
        let overflow = ModelArchitecture(layers: 2, hidden: Int.max, heads: 4, kvHeads: 4, headDim: Int.max / 2,
                                         intermediate: 64, vocabulary: 100, context: 128)
        #expect(fieldOf { () throws(DomainError) in try overflow.validate() } == "heads")
        var experts = Fixtures.mixtral8x7B.architecture
        experts.moe?.expertsPerToken = 9
        #expect(fieldOf { () throws(DomainError) in try experts.validate() } == "moe.expertsPerToken")
    }

    func fieldOf(_ body: () throws(DomainError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            if case .invalidInput(let field, _) = error { return field }
            return "\(error)"
        }
    }
}

/// The serving side's cache shape built from a model: the same figures as the architecture's.
@Suite struct KVCacheShapeFromModelTests {
    @Test func latentAndWindowedShapes() {
        var deepseek = Fixtures.deepseekV3.architecture
        deepseek.moe = nil
        // 61 · (512 + 64) · 2 B = 70,272 B per token (DeepSeek-V3 config).
        #expect(KVCacheShape(deepseek).bytesPerToken(bytesPerElement: 2) == 70_272)
        // Llama 2 70B, dense GQA: unchanged formula 2 · 80 · 8 · 128 · 2 = 327,680 B.
        #expect(KVCacheShape(layers: 80, kvHeads: 8, headDim: 128).bytesPerToken(bytesPerElement: 2) == 327_680)
        // Mistral 7B at 32,768 tokens with its 4096 window: 4096 · 131,072 B.
        var mistral = Fixtures.mistral7B.architecture
        mistral.slidingWindow = .all(4096)
        #expect(KVCacheShape(mistral).bytesPerSequence(contextTokens: 32_768, bytesPerElement: 2) == 4096 * 131_072)
    }
}

extension KVCacheShapeFromModelTests {
    @Test func sequenceOfANumberOfTokensAndTheFormula() {
        var mistral = Fixtures.mistral7B.architecture
        mistral.slidingWindow = .all(4096)
        let shape = KVCacheShape(mistral)
        // An average of 1000.5 tokens is under the window: 1000.5 · 131,072; 40,000 tokens are capped at 4096.
        #expect(shape.bytesPerSequence(tokens: 1000.5, bytesPerElement: 2) == 1000.5 * 131_072)
        #expect(shape.bytesPerSequence(tokens: 40_000, bytesPerElement: 2) == 4096 * 131_072)
        #expect(shape.formula(bytesPerElement: 2).hasSuffix("= 131072 bytes; 32 of 32 layers keep at most the last 4096 tokens (sliding window)"))
        var deepseek = Fixtures.deepseekV3.architecture
        deepseek.moe = nil
        #expect(KVCacheShape(deepseek).formula(bytesPerElement: 2)
                == "KV cache per token = 61 layers · (512 latent + 64 RoPE key) · 2 bytes = 70272 bytes (multi-head latent attention)")
    }
}
