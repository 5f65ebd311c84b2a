import Foundation
import Testing
@testable import ScalingCore

@Suite struct FineTuneAdvisorTests {
    func request(_ examples: Int, model: ReferenceModel = Fixtures.llama31_8B, device: DeviceSpec = Fixtures.h100,
                 gpus: Int = 1, budget: Double? = nil, tokens: Double = 512,
                 _ tweak: (inout FineTuneOptions) -> Void = { _ in }) -> FineTuneRequest {
        var o = FineTuneOptions()
        tweak(&o)
        return FineTuneRequest(model: ModelSpec(model), examples: examples, tokensPerExample: tokens,
                               device: device, gpus: gpus, budgetUsd: budget, options: o)
    }

    // The course module's rule of thumb (docs/REFERENCES.md, "Fine-tuning"): < 100 prompting; 100–1K LoRA r8–16; 1K–10K LoRA r32–64; > 10K full or QLoRA.
    @Test func dataSizeBandsOnOneH100() throws {
        #expect(try FineTuneAdvisor.recommend(request(50)).recommended == .prompting)
        #expect(try FineTuneAdvisor.recommend(request(500)).recommended == .lora(rank: 16))
        #expect(try FineTuneAdvisor.recommend(request(5_000)).recommended == .lora(rank: 64))
        // > 10K: full fine-tuning of 8.03B params needs 16 · 8.03e9 = 128.5 GB of state alone: not on one 80 GB GPU.
        let big = try FineTuneAdvisor.recommend(request(50_000))
        #expect(big.recommended == .qlora(rank: 64))
        #expect(big.reasons.contains { $0.hasPrefix("full fine-tuning does not fit on 1×80.0 GB (H100 SXM): needs 13") })
        #expect(big.reasons.contains { $0.hasPrefix("QLoRA r64 (NF4) fits at") })
    }

    @Test func fullFineTuningWhenShardedOverEightGPUs() throws {
        // FSDP over 8 GPUs: 128.5 GB / 8 = 16.1 GB of state per GPU, plus one gathered layer, activations, logits.
        let r = try FineTuneAdvisor.recommend(request(50_000, gpus: 8))
        #expect(r.sharding == .fsdp)
        #expect(r.recommended == .full)
    }

    @Test func twentyFourGigabyteCardMovesFullToQLoRA() throws {
        let r = try FineTuneAdvisor.recommend(request(50_000, device: Fixtures.gpu24))
        #expect(r.recommended == .qlora(rank: 64))
        let q = try #require(r.estimates.first { $0.approach == .qlora(rank: 64) })
        #expect(q.fits && q.memory.total < 12e9)
        #expect(r.reasons[1].hasPrefix("full fine-tuning does not fit on 1×24.0 GB (RTX 4090): needs 13"))
        // LoRA r64 in bf16 (16.06 GB of weights + 167.8M adapters · 16 B + activations) also fits in 24 GB: said so.
        #expect(r.reasons.contains { $0.hasPrefix("LoRA r64 in bf16 also fits") })
    }

    @Test func budgetMovesToPrompting() throws {
        // 50K·512 = 25.6M tokens; full on 8×H100 with recomputation: 8·N·T = 8·8,030,261,248·25.6e6 = 1.6446e18 FLOPs;
        // / (8 · 989e12 · 0.3) = 692.9 s → 1.54 GPU-h → $4.39–6.47, over a $1 budget; QLoRA (6·N·T) ≈ $3.3–4.9 too.
        let r = try FineTuneAdvisor.recommend(request(50_000, gpus: 8, budget: 1))
        #expect(r.recommended == .prompting)
        #expect(r.reasons.contains { $0.contains("over the $1.00 budget") })
        let full = try #require(r.estimates.first { $0.approach == .full })
        let flops = 8 * 8_030_261_248.0 * 25.6e6
        #expect(abs(full.compute.flops / flops - 1) < 1e-12)
        let gpuHours = flops / (8 * 989e12 * 0.3) / 3600 * 8
        #expect(abs(full.compute.costUsd!.low / (gpuHours * 2.85) - 1) < 1e-12)
        #expect(abs(full.compute.costUsd!.high / (gpuHours * 4.20) - 1) < 1e-12)
    }

    @Test func flopsFormulas() throws {
        // No recomputation: full = 6·N·T (Kaplan et al. 2020); LoRA = (4·N + 6·N_adapter)·T.
        let r = request(10_000) { $0.gradientCheckpointing = false }
        let t = 10_000.0 * 512
        let full = FineTuneCompute.compute(.full, request: r)
        #expect(full.flops == 6 * 8_030_261_248 * t)
        let lora = FineTuneCompute.compute(.lora(rank: 16), request: r)
        #expect(lora.flops == (4 * 8_030_261_248 + 6 * 41_943_040) * t)
        // time = FLOPs / (gpus · peak · MFU) = 6·8.03e9·5.12e6 / (989e12 · 0.3) = 831.4 s
        #expect(abs(full.seconds - 6 * 8_030_261_248 * t / (989e12 * 0.3)) < 1e-9)
        #expect(abs(full.seconds - 831.4) < 0.1)
        #expect(FineTuneCompute.compute(.prompting, request: r).flops == 0)
    }

    @Test func qualityFromCourseModule() throws {
        // Saturated data: rank 8 = 80–90 % of full (mid 85 %); rank 64 = full.
        let r8 = try #require(FineTuneQuality.expected(.lora(rank: 8), examples: 10_000_000))
        #expect(abs(r8.low - 0.80) < 1e-9 && abs(r8.mid - 0.85) < 1e-9 && abs(r8.high - 0.90) < 1e-9)
        #expect(FineTuneQuality.ceiling(.lora(rank: 64)) == Estimate(low: 1, mid: 1, high: 1))
        // rank 16: t = log2(16/8)/3 = 1/3 → low 0.8 + 0.2/3, mid 0.85 + 0.05, high 0.9 + 0.1/3.
        let c16 = try #require(FineTuneQuality.ceiling(.lora(rank: 16)))
        #expect(abs(c16.low - 0.8666666666666667) < 1e-12 && abs(c16.mid - 0.9) < 1e-12 && abs(c16.high - 0.9333333333333333) < 1e-12)
        // Full fine-tuning at D = D_sat(mid) = 31,622.78 examples: 1 − e^(−3) = 0.950213.
        #expect(abs(FineTuneQuality.dataFraction(examples: 31_622.776601683792, saturation: 31_622.776601683792) - 0.950213) < 1e-6)
        // 500 examples, full: high uses D_sat 10K: 1 − e^(−0.15) = 0.139292; low uses 100K: 1 − e^(−0.015) = 0.014888.
        let f = try #require(FineTuneQuality.expected(.full, examples: 500))
        #expect(abs(f.high - 0.139292) < 1e-6 && abs(f.low - 0.014888) < 1e-6)
        #expect(FineTuneQuality.expected(.prompting, examples: 500) == nil)
    }

    @Test func badInputs() throws {
        #expect(throws: DomainError.invalidInput(field: "examples", reason: "must be a positive integer, got 0")) {
            try FineTuneAdvisor.recommend(request(0))
        }
        #expect(throws: DomainError.invalidInput(field: "options.loraRanks[1]", reason: "must be a positive integer at most hidden (4096), got 0")) {
            try FineTuneAdvisor.recommend(request(500) { $0.loraRanks = [16, 0] })
        }
        // LLaMA 7B's context is 2048 tokens (Touvron et al. 2023).
        #expect(throws: DomainError.invalidInput(field: "options.seqLen", reason: "4096 tokens exceeds the model's context of 2048 tokens")) {
            try FineTuneAdvisor.recommend(request(500, model: Fixtures.llama7B) { $0.seqLen = 4096 })
        }
        #expect(throws: DomainError.invalidInput(field: "tokensPerExample", reason: "3000 tokens exceeds the model's context of 2048 tokens")) {
            try FineTuneAdvisor.recommend(request(500, model: Fixtures.llama7B, tokens: 3000))
        }
        #expect(throws: DomainError.invalidInput(field: "gpus", reason: "must be a positive integer, got 0")) {
            try FineTuneAdvisor.recommend(request(500, gpus: 0))
        }
        #expect(throws: DomainError.invalidInput(field: "options.mfu", reason: "must be in (0, 1], got 1.5")) {
            try FineTuneAdvisor.recommend(request(500) { $0.mfu = 1.5 })
        }
        var gopherLike = Fixtures.gpt3
        gopherLike.architecture.intermediate = nil
        #expect(throws: DomainError.self) { try FineTuneAdvisor.recommend(request(500, model: gopherLike)) }
        // Mixtures of experts are answered now (issue 14); a per-token count above the total is refused.
        #expect(try FineTuneAdvisor.recommend(request(500, model: Fixtures.deepseekV3)).estimates.isEmpty == false)
        var inverted = Fixtures.deepseekV3
        inverted.activeParameters = 700e9
        #expect(throws: DomainError.invalidInput(field: "activeParameters", reason: "must be positive and at most params (671000000000.0)")) {
            try FineTuneAdvisor.recommend(request(500, model: inverted))
        }
    }

    @Test func truncationAndTaskAreWarnings() throws {
        var r = request(500, tokens: 700) { $0.seqLen = 512 }
        r.task = .classification
        let out = try FineTuneAdvisor.recommend(r)
        #expect(out.warnings.contains { $0.contains("truncated") })
        #expect(out.warnings.contains { $0.contains("does not change the estimate") })
    }

    @Test func gpt3HasNoGateModule() throws {
        // GPT-3's MLP is up/down only (Brown et al. 2020), so the default modules skip gate. Rank 8 per layer:
        // q, k, v, o each 8·(12288 + 12288) = 196,608 → 786,432; up, down each 8·(12288 + 49152) = 491,520 → 983,040;
        // 1,769,472 per layer · 96 layers.
        let r = request(500, model: Fixtures.gpt3, device: Fixtures.h100, gpus: 64)
        #expect(r.loraModules == [.q, .k, .v, .o, .up, .down])
        let est = FineTuneAdvisor.estimate(.lora(rank: 8), request: r)
        #expect(est.trainableParameters == 1_769_472 * 96)
    }
}
