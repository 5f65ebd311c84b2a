import Foundation
import Testing
import DataFixtures
@testable import ScalingCore

@Suite struct InferenceCostTests {
    let h100 = HardwareFixtures.h100
    /// Llama-2-70B (Touvron et al. 2023): 80 layers, 64 query heads, 8 KV heads (GQA), head dim 128.
    let llama70 = KVCacheShape(layers: 80, kvHeads: 8, headDim: 128)

    @Test func llama2_70bKVCachePerToken() {
        // 2 (K and V) · 80 layers · 8 KV heads · 128 head dim · 2 bytes (bf16) = 327,680 bytes per token.
        #expect(llama70.bytesPerToken(bytesPerElement: 2) == 327_680)
        // A 4096-token sequence: 327,680 · 4096 = 1,342,177,280 bytes (1.34 GB).
        #expect(llama70.bytesPerToken(bytesPerElement: 2) * 4096 == 1_342_177_280)
    }

    @Test func decodeRooflineCrossesAtTheCriticalBatch() throws {
        // jax-ml scaling-book: decode turns compute-bound at batch ≈ peak / bandwidth.
        // H100 bf16: 989e12 / 3.35e12 = 295.22 FLOPs per byte.
        #expect(close(try h100.criticalIntensity(.bf16), 989e12 / 3.35e12))
        #expect(abs(try h100.criticalIntensity(.bf16) - 295.22) < 0.01)
        // Weights only (no KV): memory time 2N/bw, compute time 2·B·N/peak; ratio = B · bw / peak.
        let n = 70e9
        let below = InferenceCost.decodeStep(params: n, weightBytes: 2 * n, kvBytesPerSequence: 0, batch: 295, peak: 989e12, bandwidth: 3.35e12)
        let above = InferenceCost.decodeStep(params: n, weightBytes: 2 * n, kvBytesPerSequence: 0, batch: 296, peak: 989e12, bandwidth: 3.35e12)
        #expect(below.compute < below.memory)   // 295 · 3.35e12 / 989e12 = 0.99925
        #expect(above.compute > above.memory)   // 296 · 3.35e12 / 989e12 = 1.00263
        #expect(close(below.memory, 140e9 / 3.35e12))
    }

    @Test func llama70bOnH100ByHand() throws {
        // 69e9 params in bf16 = 138e9 bytes; usable 0.9 · 80e9 = 72e9 bytes per GPU.
        // Batch 8, 1000 prompt + 200 output tokens: KV per sequence 327,680 · 1200 = 393,216,000 bytes;
        // (138e9 + 8 · 393,216,000) / 72e9 = 1.96 → 2 GPUs per replica.
        // KV read per step at 1000 + 200/2 tokens: 327,680 · 1100 = 360,448,000 bytes per sequence.
        // memory bound: (8 · 360,448,000 + 138e9) / (2 · 3.35e12) = 0.0210274006 s per step;
        // compute bound: 2 · 8 · 69e9 / (2 · 989e12) = 0.000558 s → memory-bound.
        // decode: 8 / 0.0210274006 / 2 = 190.228 tokens/s per GPU.
        // prefill at MFU 0.3: 989e12 · 0.3 / (2 · 69e9) = 2150 tokens/s per GPU.
        // GPU-seconds per request: 1000/2150 + 200 · 0.0210274006 · 2 / 8 = 1.5164863 s.
        // $/1M tokens at the mid price 3.525 $/h: 3.525 · 1.5164863 / 3600 / 1200 · 1e6 = 1.2374107.
        let r = try InferenceCost.estimate(InferenceCostRequest(
            params: 69e9, architecture: llama70, hardware: h100, contextTokens: 1000, outputTokens: 200, batch: 8,
            tokensPerMonth: 1e10, apiPrices: try HardwareFixtures.apiPrices()))
        #expect(r.kvCacheBytesPerToken == 327_680)
        #expect(r.kvCacheBytesPerSequence == 393_216_000)
        #expect(r.gpusPerReplica == 2)
        #expect(close(r.decodeStepSeconds, 0.021027400597014925))
        #expect(r.decodeRegime == "memory-bound")
        #expect(close(r.decodeTokensPerSecond, 190.22798284291235))
        #expect(close(r.prefillTokensPerSecond, 2150))
        #expect(close(r.gpuSecondsPerRequest, 1.5164863089205136))
        #expect(close(r.usdPerMillionTokens!.mid, 1.2374107034594468))
        // 1e10 tokens/month = 8.333e6 requests / (730 · 3600 s) = 3.17098 req/s; · 1.5164863 = 4.8087
        // GPU-seconds per second → ceil(4.8087 / 2) = 3 replicas → 6 GPUs.
        #expect(r.gpusNeeded == GPUsNeeded(memory: 2, throughput: 6, total: 6))
        // GPT-4o (2024-08-06) at 2.50 in / 10.00 out: (1000 · 2.5 + 200 · 10) / 1200 = 3.75 $/1M blended.
        let gpt4o = r.apiComparison.first { $0.id == "gpt-4o-2024-08-06" }!
        #expect(close(gpt4o.usdPerMillionTokens, 3.75))
        #expect(close(gpt4o.selfHostedRatio!.mid, 1.2374107034594468 / 3.75))
    }

    @Test func defaultBatchIsCriticalBatchCappedByMemory() throws {
        // Mistral-7B-like shape (32 layers, 8 KV heads, head dim 128), 7e9 params bf16, 128 + 128 tokens.
        // KV per token 2·32·8·128·2 = 131,072 bytes; read per step at 128 + 64 tokens: 25,165,824 bytes.
        // Crossover of (B·KV + W)/bw and 2·B·N/peak: B = (W/bw) / (2N/peak − KV/bw)
        //   = (14e9/3.35e12) / (1.4e10/989e12 − 25,165,824/3.35e12) = 629.4 → default batch 630,
        // below the memory cap (72e9 − 14e9) / (131,072 · 256) = 1728.
        let gqa = try InferenceCost.estimate(InferenceCostRequest(
            params: 7e9, architecture: KVCacheShape(layers: 32, kvHeads: 8, headDim: 128), hardware: h100,
            contextTokens: 128, outputTokens: 128))
        let expected = (14e9 / 3.35e12) / (1.4e10 / 989e12 - 25_165_824 / 3.35e12)
        #expect(close(try #require(gqa.criticalBatch), expected))
        #expect(gqa.batch == Int(expected.rounded(.up)))
        #expect(gqa.maxBatchByMemory == 1728)
        // With full multi-head attention (32 KV heads) and 512 + 512 tokens the KV read per sequence
        // (524,288 · 768 = 402.7 MB, 1.2e-4 s) outweighs its compute (2·7e9/989e12 = 1.4e-5 s):
        // decode never turns compute-bound, so the batch is the memory cap.
        let mha = try InferenceCost.estimate(InferenceCostRequest(
            params: 7e9, architecture: KVCacheShape(layers: 32, kvHeads: 32, headDim: 128), hardware: h100,
            contextTokens: 512, outputTokens: 512))
        #expect(mha.criticalBatch == nil)
        #expect(mha.batch == mha.maxBatchByMemory)
        #expect(mha.decodeRegime == "memory-bound")
    }

    @Test func latencyTargetLimitsTheBatch() throws {
        let target = 0.02
        let r = try InferenceCost.estimate(InferenceCostRequest(
            params: 69e9, architecture: llama70, hardware: h100, contextTokens: 2000, outputTokens: 500,
            latencyTargetSecondsPerToken: target))
        #expect(r.decodeStepSeconds <= target)
    }

    @Test func badInputsNameTheField() throws {
        func fieldOf(_ r: InferenceCostRequest) -> String? {
            do { _ = try InferenceCost.estimate(r); return nil } catch { return field(of: error) }
        }
        #expect(fieldOf(InferenceCostRequest(params: 7e9, architecture: llama70, hardware: h100, contextTokens: 100, outputTokens: 100, batch: 0)) == "batch")
        #expect(fieldOf(InferenceCostRequest(params: 7e9, architecture: llama70, hardware: h100, contextTokens: -1, outputTokens: 100)) == "contextTokens")
        #expect(fieldOf(InferenceCostRequest(params: 7e9, architecture: KVCacheShape(layers: 32, kvHeads: 0, headDim: 128), hardware: h100, contextTokens: 1, outputTokens: 1)) == "architecture.kvHeads")
        #expect(fieldOf(InferenceCostRequest(params: 7e9, architecture: llama70, hardware: h100, contextTokens: 1, outputTokens: 1, tokensPerMonth: -5)) == "tokensPerMonth")
        let a100 = try HardwareFixtures.catalog().accelerator(id: "a100-80gb-sxm")
        #expect(fieldOf(InferenceCostRequest(params: 7e9, architecture: llama70, hardware: a100, precision: .fp8, contextTokens: 1, outputTokens: 1)) == "precision")
    }
    @Test func hostileFiniteInputsThrowNamingTheFieldInsteadOfTrapping() throws {
        func fieldOf(_ r: InferenceCostRequest) -> String? {
            do { _ = try InferenceCost.estimate(r); return nil } catch { return field(of: error) }
        }
        func request(params: Double = 7e9, context: Double = 1000, output: Double = 200, batch: Int? = nil,
                     tokensPerMonth: Double? = nil, mfu: Double? = nil, kv: Double? = nil) -> InferenceCostRequest {
            InferenceCostRequest(params: params, architecture: llama70, hardware: h100, kvCacheBytesPerElement: kv,
                                 contextTokens: context, outputTokens: output, batch: batch,
                                 tokensPerMonth: tokensPerMonth, mfu: mfu)
        }
        // 1e30 params = 2e30 bytes: 2.8e19 H100 per replica, past Int.max before this was guarded.
        #expect(fieldOf(request(params: 1e30)) == "params")
        #expect(fieldOf(request(params: 1e308)) == "params")
        // 1e300 tokens: the KV cache of one sequence is 327,680 · 1e300 bytes, past Double's range.
        #expect(fieldOf(request(context: 1e300)) == "contextTokens")
        #expect(fieldOf(request(output: 1e300)) == "outputTokens")
        // 1e300 bytes per KV element: 3.3e307 bytes per token · 1200 tokens overflows.
        #expect(fieldOf(request(kv: 1e300)) == "kvCacheBytesPerElement")
        // 1e-300 bytes per KV element: the memory cap on the batch would be 1e300 sequences; it is
        // capped, and the answer stays finite.
        let tiny = try InferenceCost.estimate(request(kv: 1e-300))
        #expect(tiny.maxBatchByMemory == 1_000_000_000_000)
        #expect(tiny.decodeStepSeconds.isFinite && tiny.decodeStepSeconds > 0)
        // mfu 1e-300: prefill at 989e12 · 1e-300 / 1.4e10 tokens/s; 1000 tokens take 1.4e284 s: finite,
        // but serving 1e10 tokens a month needs more than 1e9 replicas.
        let slow = try InferenceCost.estimate(request(mfu: 1e-300))
        #expect(slow.gpuSecondsPerRequest > 1e280 && slow.gpuSecondsPerRequest.isFinite)
        #expect(fieldOf(request(tokensPerMonth: 1e10, mfu: 1e-300)) == "mfu")
        #expect(fieldOf(request(context: 1e300, mfu: 1e-300)) == "contextTokens")
        // A batch of Int.max sequences needs more accelerators than any replica has.
        #expect(fieldOf(request(batch: Int.max)) == "batch")
        #expect(fieldOf(request(tokensPerMonth: 1e300)) == "tokensPerMonth")
    }
    @Test func mixtureOfExpertsComputesWithActiveParameters() throws {
        // Mixtral 8x7B (Mistral AI, 'Mixtral of experts', 2023): 46.7B parameters in total, 12.9B used per token.
        // 32 layers, 8 KV heads, head dim 128 (config.json).
        var q = InferenceCostRequest(params: 46.7e9, architecture: KVCacheShape(layers: 32, kvHeads: 8, headDim: 128),
                                     hardware: h100, contextTokens: 1000, outputTokens: 200, batch: 8)
        q.activeParams = 12.9e9
        let r = try InferenceCost.estimate(q)
        // Weights from the total: 46.7e9 · 2 bytes; prefill from the active: 989e12 · 0.3 / (2 · 12.9e9).
        #expect(r.weightBytes == 93.4e9)
        #expect(close(r.prefillTokensPerSecond, 989e12 * 0.3 / 25.8e9))
        #expect(abs(r.prefillTokensPerSecond - 11_500) < 0.01)
        #expect(r.serving == nil)
        q.activeParams = 50e9
        #expect(throws: DomainError.invalidInput(field: "activeParams", reason: "active parameters (5e10) exceed the total (params 4.67e10)")) {
            try InferenceCost.estimate(q)
        }
    }

    @Test func servingRangesWhenHiddenIsGiven() throws {
        // NVIDIA NIM 1.8.0, Llama-3.3-70b-instruct, 2 x H100 80G fp8 TP2, 5000 input / 500 output tokens,
        // concurrency 1: TTFT 406.77 ms, ITL 18.58 ms (data/serving-measurements.json).
        var q = InferenceCostRequest(params: 70.6e9, architecture: llama70, hardware: h100, precision: .fp8,
                                     kvCacheBytesPerElement: 1, contextTokens: 5000, outputTokens: 500, batch: 1)
        q.hidden = 8192
        q.link = ServingLink(acceleratorId: "h100-sxm", bytesPerSecond: 450e9, source: Citation(title: "NVIDIA HGX H100"))
        // Default: 70.6e9 weight bytes + 5500 tokens · 163,840 bytes = 7.150e10 fit one H100's 0.9 · 80e9 = 7.2e10.
        #expect(try #require(try InferenceCost.estimate(q).serving).tensorParallel == 1)
        // NIM ran it on two (its fp8 TP2 profile).
        q.tensorParallel = 2
        let r = try InferenceCost.estimate(q)
        let s = try #require(r.serving)
        #expect(s == (try ServingModel.estimate(q.servingRequest(hidden: 8192))))
        #expect(s.tensorParallel == 2)
        #expect(s.timePerOutputTokenSeconds.low <= 0.01858 && 0.01858 <= s.timePerOutputTokenSeconds.high)
        #expect(s.timeToFirstTokenSeconds.low <= 0.40677 && 0.40677 <= s.timeToFirstTokenSeconds.high)
        // The single-MFU answer is still there beside it.
        #expect(close(r.prefillTokensPerSecond, 1979e12 * 0.3 / (2 * 70.6e9)))
        // Errors from the serving model name this request's fields.
        q.link = nil
        #expect(field(of: try #require(catching(q))) == "link")
        // Without a given tensor parallel, a missing link drops only the serving ranges.
        q.tensorParallel = nil
        q.batch = 8
        let noLink = try InferenceCost.estimate(q)
        #expect(noLink.serving == nil)
        #expect(noLink.assumptions.contains { $0.hasPrefix("serving ranges omitted: tensor parallel 2 needs the link bandwidth") })
        // 150e9 bytes of weights cannot sit on one H100 (72e9 usable).
        q.params = 150e9
        q.tensorParallel = 1
        #expect(field(of: try #require(catching(q))) == "tensorParallel")
    }

    func catching(_ q: InferenceCostRequest) -> (any Error)? {
        do { _ = try InferenceCost.estimate(q); return nil } catch { return error }
    }
}
