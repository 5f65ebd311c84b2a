import Foundation

/// Expected quality as a fraction of what full fine-tuning reaches with unlimited data, from the rules of
/// thumb of the course module "Scaling Laws: The Science of Model Scaling" (docs/REFERENCES.md, "Fine-tuning"):
/// - LoRA rank 8 ≈ 80–90 % of full fine-tuning, rank 64 ≈ full. Ranks in between: linear in log2(rank)
///   between those two points (our interpolation, not a published figure); ranks above 64 stay at full,
///   ranks below 8 extrapolate down and are floored at 0.
/// - QLoRA: as 16-bit LoRA of the same rank (Dettmers et al. 2023 report NF4 + double quantization
///   matching 16-bit LoRA and full fine-tuning).
/// - data: performance ∝ base · (1 − exp(−k·D/D_sat)) with D_sat = 10K (high) / 31.6K (mid, the
///   geometric mean) / 100K (low) examples — the module's saturation range — and k = 3, so that the
///   curve reaches 95 % at D_sat (our reading of "saturates").
/// - prompting: the module gives no figure; nil.
public enum FineTuneQuality {
    public static let saturationK = 3.0
    public static let saturationExamples = Estimate(low: 100_000, mid: 31_622.776601683792, high: 10_000)

    /// Ceiling relative to full fine-tuning at the same data: {low, mid, high}.
    public static func ceiling(_ approach: FineTuneApproach) -> Estimate? {
        switch approach {
        case .prompting: return nil
        case .full: return Estimate(low: 1, mid: 1, high: 1)
        case .lora(let r), .qlora(let r):
            let t = min(log2(Double(r) / 8) / 3, 1)   // 0 at rank 8, 1 at rank 64
            func clamp(_ x: Double) -> Double { min(max(x, 0), 1) }
            return Estimate(low: clamp(0.80 + 0.20 * t), mid: clamp(0.85 + 0.15 * t), high: clamp(0.90 + 0.10 * t))
        }
    }

    /// 1 − exp(−k·D/D_sat).
    public static func dataFraction(examples: Double, saturation: Double, k: Double = saturationK) -> Double {
        1 - exp(-k * examples / saturation)
    }

    /// ceiling × data fraction; low pairs the low ceiling with the slow (100K) saturation.
    public static func expected(_ approach: FineTuneApproach, examples: Int) -> Estimate? {
        guard let c = ceiling(approach) else { return nil }
        let d = Double(examples)
        return Estimate(low: c.low * dataFraction(examples: d, saturation: saturationExamples.low),
                        mid: c.mid * dataFraction(examples: d, saturation: saturationExamples.mid),
                        high: c.high * dataFraction(examples: d, saturation: saturationExamples.high))
    }
}
