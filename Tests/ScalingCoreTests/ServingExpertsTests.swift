import Testing
import DataFixtures
@testable import ScalingCore

/// Mixtures of experts in the serving model, by hand: the distinct experts a batch touches, what a
/// decode step reads, and attention data parallelism (memory, communication, imbalance). Shapes from
/// the published configs: mistralai/Mixtral-8x7B-v0.1 (hidden 4096, intermediate_size 14336 per expert,
/// num_local_experts 8, num_experts_per_tok 2, 32 layers, 8 KV heads of 128) and
/// meta-llama/Llama-4-Maverick-17B-128E-Instruct text_config (hidden 5120, intermediate_size 8192 per
/// expert, 128 experts, 1 per token, interleave_moe_layer_step 2: 24 MoE layers of 48, 8 KV heads of 128).
@Suite struct ServingExpertsTests {
    let h100 = HardwareFixtures.h100
    let nvlink = ServingLink(acceleratorId: "h200-sxm", bytesPerSecond: 450e9, source: Citation(title: "NVIDIA H200"))

    /// One point per range, so the hand calculations have one answer.
    func exact(_ r: inout ServingRequest) {
        r.prefillEfficiency = CostRange(exactly: 0.5)
        r.decodeBandwidthEfficiency = CostRange(exactly: 0.8)
        r.stepOverheadSeconds = CostRange(exactly: 40e-6)
        r.allReduceLatencySeconds = CostRange(exactly: 10e-6)
        r.expertEfficiency = CostRange(exactly: 0.6)
        r.attentionDataParallelBalance = CostRange(exactly: 0.65)
    }

    /// Mixtral 8x7B: 46,702,792,704 parameters (data/models.json), 12,879,925,248 active.
    let mixtral = ServingExperts(moeLayers: 32, routedExperts: 8, expertsPerToken: 2, parametersPerExpert: 3 * 4096 * 14336)

    @Test func distinctExpertsTouchedByABatch() {
        // Mixtral top-2 of 8: one token reads 2 experts; 4 tokens 8·(1 − 0.75^4) = 8 · 0.68359375;
        // 64 tokens 8·(1 − 0.75^64) = 8 − 8.07e-8: all of them.
        #expect(mixtral.distinctExperts(tokens: 1) == 2)
        #expect(mixtral.distinctExperts(tokens: 4) == 5.46875)
        #expect(abs(mixtral.distinctExperts(tokens: 64) - 7.999999919274481) < 1e-12)
        #expect(mixtral.distinctExperts(tokens: 1e6) == 8)
        #expect(mixtral.distinctExperts(tokens: 0) == 0)
        // Qwen3-235B-A22B, 8 of 128: 16 tokens touch 128·(1 − 0.9375^16) = 128 · (1 − 0.35607413) = 82.4225 experts,
        // not 16 · 8 = 128.
        #expect(abs(ServingExperts.distinctExperts(routed: 128, perToken: 8, tokens: 16) - 82.42251130217052) < 1e-9)
    }

    @Test func expertsFromTheArchitecture() throws {
        let a = ModelArchitecture(layers: 32, hidden: 4096, heads: 32, kvHeads: 8, headDim: 128, intermediate: nil,
                                  vocabulary: 32000, context: 32768,
                                  moe: MoEArchitecture(routedExperts: 8, sharedExperts: 0, expertsPerToken: 2, expertIntermediate: 14336, denseLayers: 0))
        let e = try #require(ServingExperts(a))
        #expect(e == mixtral)
        // 3 · 4096 · 14336 = 176,160,768 per expert; 32 · 8 of them = 45,097,156,608; 32 · 2 per token = 11,274,289,152.
        #expect(e.parametersPerExpert == 176_160_768)
        #expect(e.routedParameters == 45_097_156_608)
        #expect(e.activeRoutedParameters == 11_274_289_152)
        // The rest of the model: 46,702,792,704 − 45,097,156,608 = 1,605,636,096 parameters, as counted.
        let count = try #require(a.parameterCount())
        #expect(count.total - e.routedParameters == 1_605_636_096)
    }

    @Test func aDecodeStepReadsTheExpertsItsBatchTouches() throws {
        // Mixtral 8x7B in FP8 on one H100, 4 requests of 1000 + 1000 tokens.
        var q = ServingRequest(weightBytes: 46_702_792_704, activeParams: 12_879_925_248, bytesPerParameter: 1,
                               kvBytesPerToken: 65_536, layers: 32, hidden: 4096, hardware: h100, precision: .fp8,
                               inputTokens: 1000, outputTokens: 1000, concurrency: 4, tensorParallel: 1, experts: mixtral)
        exact(&q)
        let r = try ServingModel.estimate(q)
        // Weights: the 1,605,636,096 non-expert bytes + 32 layers · 5.46875 experts · 176,160,768 bytes
        // = 32,433,770,496 bytes, at 3.35e12 · 0.8 bytes/s = 12.102 ms (their FLOPs, 0.16 ms, take less);
        // KV: 4 · 65,536 · 1500 bytes = 0.147 ms; + 40 µs.
        let step = 32_433_770_496 / 2.68e12 + 393_216_000 / 2.68e12 + 40e-6
        #expect(abs(step - 0.012288875558208954) < 1e-12)
        #expect(close(r.decodeStepSeconds.mid, step))
        // Read as "4 × active" the step would be 46.7e9 bytes (the whole model): 17.4 ms.
        var dense = q
        dense.experts = nil
        #expect(close(try ServingModel.estimate(dense).decodeStepSeconds.mid, 46_702_792_704 / 2.68e12 + 393_216_000 / 2.68e12 + 40e-6))
        // One request reads the 2 experts per layer it is routed to: the 12,879,925,248 active bytes.
        q.concurrency = 1
        #expect(close(try ServingModel.estimate(q).decodeStepSeconds.mid, 12_879_925_248 / 2.68e12 + 65_536 * 1500 / 2.68e12 + 40e-6))
        #expect(r.assumptions.contains { $0.hasPrefix("mixture of experts: a decode step of 4 tokens") })
        // Attention data parallelism on one accelerator is no different: nothing to balance, nothing to gather.
        var one = q
        one.concurrency = 4
        one.experts?.attentionDataParallel = true
        #expect(try ServingModel.estimate(one).decodeStepSeconds == r.decodeStepSeconds)
        #expect(r.sources.contains(ServingDefaults.distinctExpertsCitation))
    }

    @Test func expertGEMMsRunBelowDenseOnes() throws {
        // One Mixtral 8x7B prompt of 1000 tokens on one H100 in FP8: compute-bound.
        var q = ServingRequest(weightBytes: 46_702_792_704, activeParams: 12_879_925_248, bytesPerParameter: 1,
                               kvBytesPerToken: 65_536, layers: 32, hidden: 4096, hardware: h100, precision: .fp8,
                               inputTokens: 1000, outputTokens: 200, concurrency: 1, tensorParallel: 1, experts: mixtral)
        exact(&q)
        let r = try ServingModel.estimate(q)
        // Non-expert matmuls 2 · 1,605,636,096 · 1000 at 0.5 · 1979e12 = 3.245 ms; expert matmuls
        // 2 · 11,274,289,152 · 1000 at 0.6 · 0.5 · 1979e12 = 37.980 ms; attention 2 · 32 · 4096 · 1000² = 0.265 ms;
        // longer than reading the weights (all 8 experts: 46.7e9 bytes / 2.68e12 = 17.4 ms); + 40 µs.
        let prefill = 3.211272192e12 / 9.895e14 + 2.2548578304e13 / 5.937e14 + 2.62144e11 / 9.895e14 + 40e-6
        #expect(abs(prefill - 0.04153002529762506) < 1e-12)
        #expect(close(r.timeToFirstTokenSeconds.mid, prefill))
        // As efficient as dense matmuls, the experts would take 22.8 ms, not 38.0.
        q.expertEfficiency = CostRange(exactly: 1)
        #expect(close(try ServingModel.estimate(q).timeToFirstTokenSeconds.mid, (3.211272192e12 + 2.2548578304e13 + 2.62144e11) / 9.895e14 + 40e-6))
    }

    @Test func attentionDataParallelHoldsNonExpertWeightsOnEveryAccelerator() throws {
        // Llama 4 Maverick in FP8 on 8 × H200, TensorRT-LLM's MoE layout (attention DP, EP 8), 1000 + 1000 tokens.
        let h200 = try HardwareFixtures.catalog().accelerator(id: "h200-sxm")
        let maverick = ServingExperts(moeLayers: 24, routedExperts: 128, expertsPerToken: 1, parametersPerExpert: 3 * 5120 * 8192,
                                      attentionDataParallel: true)
        var q = ServingRequest(weightBytes: 400_711_848_960, activeParams: 17_184_691_200, bytesPerParameter: 1,
                               kvBytesPerToken: 98_304, layers: 48, hidden: 5120, hardware: h200, precision: .fp8,
                               inputTokens: 1000, outputTokens: 1000, tensorParallel: 8, link: nvlink, experts: maverick)
        exact(&q)
        let r = try ServingModel.estimate(q)
        // Routed experts 24 · 128 · 125,829,120 = 386,547,056,640; the other 14,164,792,320 bytes sit on all 8:
        // held 400,711,848,960 + 7 · 14,164,792,320 = 499,865,395,200 of 8 · 0.9 · 141e9 = 1.0152e12 bytes;
        // 515,334,604,800 left / (98,304 · 2000 bytes per sequence) = 2621.1 sequences.
        #expect(r.maxBatchByMemory == 2621)
        #expect(r.batch == 2621)
        // One all-gather + reduce-scatter per MoE layer, as a ring all-reduce of 2621 · 5120 · 2 bytes:
        // 24 · (2 · 7/8 · 26,839,040 / 450e9 + 10 µs) = 2.745 ms (two per layer would be 96 of them: 10.98 ms).
        #expect(abs(r.allReduceSecondsPerStep.mid - 0.002744977066666667) < 1e-12)
        // Step: weights 499,865,395,200 bytes over 8 · 4.8e12 · 0.8 = 16.27 ms (FLOPs 12.71 ms, the experts'
        // at 0.6 · 0.5 of peak); KV 2621 · 98,304 · 1500 bytes = 12.58 ms; + 2.745 ms + 40 µs; the busiest
        // rank sets the pace: / 0.65 = 48.67 ms.
        let step = (499_865_395_200 / 3.072e13 + 2621 * 98_304 * 1500 / 3.072e13 + 0.002744977066666667 + 40e-6) / 0.65
        #expect(abs(step - 0.048672980102564094) < 1e-9)
        #expect(close(r.decodeStepSeconds.mid, step))
        #expect(r.sources.contains(ServingDefaults.attentionDataParallelCitation))
        #expect(r.sources.contains(ServingDefaults.attentionDataParallelBalanceCitation) == false) // given, not calibrated
        // Tensor-parallel experts instead: (1.0152e12 − 400,711,848,960) / 196,608,000 = 3125.5 sequences, and
        // two all-reduces in each of the 48 layers.
        q.experts?.attentionDataParallel = false
        let tp = try ServingModel.estimate(q)
        #expect(tp.maxBatchByMemory == 3125)
        #expect(close(tp.allReduceSecondsPerStep.mid, 96 * (1.75 * 3125 * 5120 * 2 / 450e9 + 10e-6)))
    }

    @Test func badExpertsNameTheField() {
        func fieldOf(_ e: ServingExperts) -> String? {
            let r = ServingRequest(weightBytes: 46_702_792_704, activeParams: 12_879_925_248, bytesPerParameter: 1,
                                   kvBytesPerToken: 65_536, layers: 32, hidden: 4096, hardware: h100, precision: .fp8,
                                   inputTokens: 1000, outputTokens: 1000, concurrency: 1, experts: e)
            do { _ = try ServingModel.estimate(r); return nil } catch { return field(of: error) }
        }
        #expect(fieldOf(mixtral) == nil)
        #expect(fieldOf(ServingExperts(moeLayers: 32, routedExperts: 8, expertsPerToken: 9, parametersPerExpert: 1e8)) == "experts.expertsPerToken")
        #expect(fieldOf(ServingExperts(moeLayers: 0, routedExperts: 8, expertsPerToken: 2, parametersPerExpert: 1e8)) == "experts.moeLayers")
        // More routed parameters than the whole model.
        #expect(fieldOf(ServingExperts(moeLayers: 32, routedExperts: 8, expertsPerToken: 2, parametersPerExpert: 2e8)) == "experts")
        #expect(fieldOf(ServingExperts(moeLayers: 32, routedExperts: 8, expertsPerToken: 2, parametersPerExpert: .nan)) == "experts.parametersPerExpert")
    }
}
