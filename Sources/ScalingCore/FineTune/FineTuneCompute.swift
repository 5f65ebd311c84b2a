/// The approaches finetune/recommend compares.
public enum FineTuneApproach: Sendable, Equatable, Hashable {
    case prompting
    case lora(rank: Int)
    case qlora(rank: Int)
    case full

    /// Wire name: "prompting", "lora", "qlora", "full".
    public var kind: String {
        switch self {
        case .prompting: "prompting"
        case .lora: "lora"
        case .qlora: "qlora"
        case .full: "full"
        }
    }

    public var rank: Int? {
        switch self {
        case .lora(let r), .qlora(let r): r
        case .prompting, .full: nil
        }
    }

    /// For people: "few-shot prompting", "LoRA r16", "QLoRA r64 (NF4)", "full fine-tuning".
    public var label: String {
        switch self {
        case .prompting: "few-shot prompting"
        case .lora(let r): "LoRA r\(r)"
        case .qlora(let r): "QLoRA r\(r) (NF4)"
        case .full: "full fine-tuning"
        }
    }
}

/// `{low, mid, high}` for quantities that are not costs (quality, sample counts): the same
/// value type as a cost range.
public typealias Estimate = CostRange

/// Training FLOPs, time and cost of one approach.
public struct TrainingCompute: Sendable, Equatable {
    public var tokens: Double
    public var flops: Double
    /// The formula used, e.g. "6·N·T + 2·N·T (recomputation)".
    public var formula: String
    public var seconds: Double
    public var gpuHours: Double
    /// Dollars at the device's price range (mid = average of low and high); nil without prices.
    public var costUsd: Estimate?
}

public enum FineTuneCompute {
    /// Training tokens: examples · tokensPerExample · epochs (packed sequences, no padding).
    public static func trainingTokens(_ r: FineTuneRequest) -> Double {
        Double(r.examples) * r.tokensPerExample * r.epochs
    }

    /// FLOPs per training token. N is the parameters a token goes through (a mixture of experts' active
    /// count, router included; memory still holds every expert).
    /// - full: 6·N (forward 2N, backward 4N: Kaplan et al. 2020 section 2.1);
    /// - LoRA/QLoRA: 4·N + 6·N_adapter. The frozen weights need the forward (2N) and the gradient with
    ///   respect to their inputs (2N) but not their own weight gradient (the other 2N of the backward
    ///   pass); the adapters are trained in full (6 per parameter). Hu et al. 2021 (section 4.2) report
    ///   the resulting ~25 % speed-up on GPT-3 175B. QLoRA's dequantization cost is not counted.
    /// - full recomputation repeats the forward pass: +2·N (REFERENCES.md: ≈ 8·N·D).
    public static func flopsPerToken(_ approach: FineTuneApproach, request r: FineTuneRequest) -> (Double, String) {
        let n = r.model.perTokenParameters
        let recompute = r.options.gradientCheckpointing ? 2 * n : 0
        let recomputeText = r.options.gradientCheckpointing ? " + 2·N (recomputation)" : ""
        switch approach {
        case .prompting:
            return (0, "no training")
        case .full:
            return (6 * n + recompute, "6·N" + recomputeText)
        case .lora(let rank), .qlora(let rank):
            let adapters = LoRAAdapters.counts(rank: rank, modules: r.loraModules,
                                               architecture: r.model.architecture)?.active ?? 0
            return (4 * n + 6 * adapters + recompute, "4·N + 6·N_adapter" + recomputeText)
        }
    }

    public static func compute(_ approach: FineTuneApproach, request r: FineTuneRequest) -> TrainingCompute {
        let tokens = approach == .prompting ? 0 : trainingTokens(r)
        let (perToken, formula) = flopsPerToken(approach, request: r)
        let flops = perToken * tokens
        let seconds = flops / (Double(r.gpus) * r.device.peakFlopsBF16 * r.options.mfu)
        let gpuHours = seconds / 3600 * Double(r.gpus)
        var cost: Estimate?
        if let lo = r.device.pricePerHourLow ?? r.device.pricePerHourHigh,
           let hi = r.device.pricePerHourHigh ?? r.device.pricePerHourLow {
            cost = Estimate(low: gpuHours * lo, mid: gpuHours * (lo + hi) / 2, high: gpuHours * hi)
        }
        return TrainingCompute(tokens: tokens, flops: flops, formula: formula + " per token × T",
                               seconds: seconds, gpuHours: gpuHours, costUsd: cost)
    }
}
