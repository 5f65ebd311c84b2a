import Foundation

/// One approach, fully costed.
public struct ApproachEstimate: Sendable, Equatable {
    public var approach: FineTuneApproach
    /// Parameters that receive gradients (adapters for LoRA/QLoRA, all for full, 0 for prompting).
    public var trainableParameters: Double
    /// Per GPU.
    public var memory: MemoryBreakdown
    public var fits: Bool
    public var compute: TrainingCompute
    /// Fraction of saturated full fine-tuning quality; nil for prompting (no published figure).
    public var quality: Estimate?
}

public struct FineTuneRecommendation: Sendable, Equatable {
    /// nil when nothing fits, not even prompting.
    public var recommended: FineTuneApproach?
    /// The course module's data-size band (a rule of thumb) the request falls in, e.g. "100–1K examples: LoRA rank 8–16".
    public var band: String
    public var reasons: [String]
    public var estimates: [ApproachEstimate]
    public var seqLen: Int
    public var sharding: Sharding
    public var assumptions: [String]
    public var warnings: [String]
    public var sources: [Citation]
}

public enum FineTuneAdvisor {
    public static let sources: [Citation] = [
        Citation(title: "Korthikanti et al. 2022, Reducing Activation Recomputation in Large Transformer Models",
                 detail: "activations per layer s·b·h·(34 + 5·a·s/h) bytes; 2·s·b·h with full recomputation",
                 url: "https://arxiv.org/abs/2205.05198"),
        Citation(title: "Dettmers et al. 2023, QLoRA: Efficient Finetuning of Quantized LLMs",
                 detail: "NF4 4-bit weights, blocks of 64 with fp32 absmax (0.5 bit/param), double quantization 0.127 bit/param",
                 url: "https://arxiv.org/abs/2305.14314"),
        Citation(title: "Hu et al. 2021, LoRA: Low-Rank Adaptation of Large Language Models",
                 detail: "r·(d_in + d_out) trainable parameters per adapted matrix; no gradients for frozen weights",
                 url: "https://arxiv.org/abs/2106.09685"),
        Citation(title: "Kaplan et al. 2020, Scaling Laws for Neural Language Models",
                 detail: "training compute ≈ 6·N FLOPs per token (forward 2N, backward 4N)",
                 url: "https://arxiv.org/abs/2001.08361"),
        Citation(title: "Epoch AI, Estimating training compute",
                 detail: "30 % utilization assumed for LLMs when unknown (default MFU)",
                 url: "https://epoch.ai/blog/estimating-training-compute"),
        Citation(title: "Rajbhandari et al. 2020, ZeRO: Memory Optimizations Toward Training Trillion Parameter Models",
                 detail: "mixed-precision Adam holds 16 bytes per parameter: fp16 weights 2 + fp16 gradients 2 + fp32 master weights, momentum and variance 4 + 4 + 4 (section 3.1)",
                 url: "https://arxiv.org/abs/1910.02054"),
        Citation(title: "Scaling Laws: The Science of Model Scaling (LLM Fundamentals course module)",
                 detail: "rules of thumb, fine-tuning: < 100 examples few-shot prompting; 100–1K LoRA rank 8–16; 1K–10K LoRA rank 32–64; > 10K full fine-tuning or QLoRA; LoRA rank 8 ≈ 80–90 % of full fine-tuning quality, rank 64 ≈ full; fine-tuning saturates around 10K–100K examples"),
    ]

    public static func recommend(_ r: FineTuneRequest) throws(DomainError) -> FineTuneRecommendation {
        let warnings = try r.validate()
        let o = r.options
        var approaches: [FineTuneApproach] = [.prompting] + o.loraRanks.map { .lora(rank: $0) }
            + [.qlora(rank: o.qloraRank), .full]
        let (band, preferred) = bandAndCandidates(examples: r.examples, qloraRank: o.qloraRank)
        for c in preferred where !approaches.contains(c) { approaches.append(c) }
        let estimates = approaches.map { estimate($0, request: r) }
        func find(_ a: FineTuneApproach) -> ApproachEstimate { estimates.first { $0.approach == a }! }

        var reasons = ["\(r.examples) examples: the rule of thumb of the course module 'Scaling Laws: The Science of Model Scaling' gives \(band)"]
        var chosen: FineTuneApproach?
        let gpuText = "\(r.gpus)×\(gb(r.device.memoryBytes)) (\(r.device.name))"
        var budgetUnchecked = false
        for c in preferred + [.prompting] {
            let e = find(c)
            if !e.fits {
                reasons.append("\(c.label) does not fit on \(gpuText): needs \(gb(e.memory.total)) per GPU")
                continue
            }
            if let budget = r.budgetUsd, c != .prompting {
                if let cost = e.compute.costUsd {
                    if cost.low > budget {
                        reasons.append("\(c.label) fits at \(gb(e.memory.total)) but costs \(usd(cost.low))–\(usd(cost.high)), over the \(usd(budget)) budget")
                        continue
                    }
                } else {
                    budgetUnchecked = true
                }
            }
            var line = "\(c.label) fits at \(gb(e.memory.total)) per GPU of \(gb(r.device.memoryBytes))"
            if c != .prompting {
                line += "; \(hours(e.compute.seconds)) at \(percent(o.mfu)) MFU"
                if let cost = e.compute.costUsd { line += ", \(usd(cost.low))–\(usd(cost.high))" }
            }
            if c == .prompting, !preferred.contains(.prompting) {
                line += "; chosen because no fine-tuning option above fits the hardware and budget"
            }
            reasons.append(line)
            chosen = c
            break
        }
        if case .qlora(let rank) = chosen, let lora = estimates.first(where: { $0.approach == .lora(rank: rank) }), lora.fits {
            reasons.append("LoRA r\(rank) in bf16 also fits, at \(gb(lora.memory.total)) per GPU: same expected quality, no dequantization overhead")
        }
        if chosen == nil {
            let smallest = estimates.min { $0.memory.total < $1.memory.total }!
            reasons.append("nothing fits on \(gpuText): the smallest footprint is \(smallest.approach.label) at \(gb(smallest.memory.total)) per GPU")
        }
        var allWarnings = warnings
        if budgetUnchecked { allWarnings.append("device has no price: budgetUsd was not checked") }
        return FineTuneRecommendation(recommended: chosen, band: band, reasons: reasons, estimates: estimates,
                                      seqLen: r.seqLen, sharding: r.sharding,
                                      assumptions: assumptions(r), warnings: allWarnings, sources: sources)
    }

    /// The course module's data-size rule of thumb (docs/REFERENCES.md, 'Fine-tuning') and, for each entry, the fallback tried when it does not fit:
    /// LoRA rank r → QLoRA rank r; full → QLoRA.
    public static func bandAndCandidates(examples: Int, qloraRank: Int) -> (String, [FineTuneApproach]) {
        switch examples {
        case ..<100:
            return ("< 100 examples: few-shot prompting", [.prompting])
        case 100..<1_000:
            return ("100–1K examples: LoRA rank 8–16", [.lora(rank: 16), .qlora(rank: 16), .lora(rank: 8), .qlora(rank: 8)])
        case 1_000...10_000:
            return ("1K–10K examples: LoRA rank 32–64", [.lora(rank: 64), .qlora(rank: 64), .lora(rank: 32), .qlora(rank: 32)])
        default:
            return ("> 10K examples: full fine-tuning or QLoRA", [.full, .qlora(rank: qloraRank)])
        }
    }

    public static func estimate(_ a: FineTuneApproach, request r: FineTuneRequest) -> ApproachEstimate {
        let memory = FineTuneMemory.estimate(a, request: r)
        let trainable: Double = switch a {
        case .prompting: 0
        case .full: r.model.parameters
        case .lora(let rank), .qlora(let rank):
            LoRAAdapters.parameterCount(rank: rank, modules: r.loraModules, architecture: r.model.architecture) ?? 0
        }
        return ApproachEstimate(approach: a, trainableParameters: trainable, memory: memory,
                                fits: memory.total <= r.device.memoryBytes,
                                compute: FineTuneCompute.compute(a, request: r),
                                quality: FineTuneQuality.expected(a, examples: r.examples))
    }

    static func assumptions(_ r: FineTuneRequest) -> [String] {
        let o = r.options
        let bpp = FineTuneMemory.trainedBytesPerParam(o.optimizer, mixedPrecision: o.mixedPrecision)
        return [
            "trained parameters: \(number(bpp)) bytes/param (\(o.optimizer.rawValue), \(o.mixedPrecision ? "bf16 weights and gradients, fp32 master weights" : "pure bf16, no master copy"))",
            "frozen weights in bf16 (2 bytes/param); QLoRA: decoder-layer projections in NF4 (4 bits) + \(number(FineTuneMemory.quantizationConstantBits(doubleQuantization: o.doubleQuantization))) bit/param of constants, embeddings, output head and norms in \(o.fp32UnquantizedWeights ? "fp32" : "bf16")",
            "LoRA modules: \(r.loraModules.map(\.rawValue).joined(separator: ", ")) in every layer; k, v sized by kvHeads·headDim (GQA)"
                + (r.model.architecture.mla != nil ? "; latent attention: q on q_a/q_b, k on kv_a, v on kv_b" : "")
                + (r.model.architecture.moe != nil ? "; gate, up, down on every expert (memory), a token trains through its routed and shared experts (time)" : ""),
            r.model.architecture.moe != nil
                ? "mixture of experts: weights, gradients and optimizer state for all \(number(r.model.parameters)) parameters; FLOPs from the \(number(r.model.perTokenParameters)) a token goes through"
                : "dense model: \(number(r.model.parameters)) parameters",
            "activations (Korthikanti et al. 2022): \(o.gradientCheckpointing ? "full recomputation: 2·s·b·h per layer plus one layer's working set" : "no recomputation: s·b·h·(34 + 5·a·s/h) per layer")\(o.flashAttention ? ", fused attention (no 5·a·s/h term)" : "")"
                + (r.model.architecture.moe != nil ? "; the dense per-layer formula stands in for the routed experts' intermediates" : ""),
            "logits: s·b·V·\(o.chunkedLoss ? "2 bytes (bf16, chunked loss)" : "16 bytes (fp32 logits, shifted copy, log-softmax and its gradient, as Hugging Face transformers' loss holds them)")",
            o.pagedOptimizer ? "paged optimizer: optimizer state in unified memory, paged to host RAM, not counted against GPU memory" : "optimizer state resident on the GPU",
            o.optimizerInBackward ? "optimizer step in backward: only the largest parameter's gradient is held at once (full fine-tuning)" : "gradients of all trained parameters held until the optimizer step",
            "framework overhead \(gb(o.frameworkOverheadBytes)) (\(String(format: "%.2f", o.frameworkOverheadBytes / 1_073_741_824)) GiB) per GPU (CUDA context, workspaces, fragmentation; a round figure)",
            "seqLen \(r.seqLen), micro-batch \(o.microBatch), \(r.gpus) GPU(s), sharding \(r.sharding.rawValue)",
            "time at MFU \(percent(o.mfu)) of \(number(r.device.peakFlopsBF16 / 1e12)) TFLOP/s BF16; training tokens = examples·tokensPerExample·epochs (packed, no padding)",
            "quality: fraction of saturated full fine-tuning; LoRA ceiling interpolated in log2(rank) between rank 8 (80–90 %) and 64 (≈ 100 %); data curve 1 − exp(−3·D/D_sat), D_sat 10K–100K examples",
        ]
    }

    static func gb(_ bytes: Double) -> String { String(format: "%.1f GB", bytes / 1e9) }
    static func usd(_ x: Double) -> String { x < 100 ? String(format: "$%.2f", x) : String(format: "$%.0f", x) }
    static func percent(_ x: Double) -> String { String(format: "%.0f %%", x * 100) }
    static func number(_ x: Double) -> String { x == x.rounded() ? String(format: "%.0f", x) : String(format: "%.3g", x) }
    static func hours(_ seconds: Double) -> String {
        seconds < 3600 ? String(format: "%.0f min", seconds / 60) : String(format: "%.1f h", seconds / 3600)
    }
}
