/// Model FLOPs utilisation (MFU) as a range, from published measurements by hardware generation,
/// precision and scale, and the share of wall-clock time a run spends training (goodput).
///
/// GPU-hours = FLOPs / (peak · MFU · goodput · 3600). The band for a generation runs from the
/// best MFU published on it (its `high`) down to `high / 1.75`; with the goodput range
/// (0.85–0.95, a factor 1.12) the hours range is then at most 1.75 · 0.95 / 0.85 = 1.96 wide,
/// under the factor 2 beyond which a range says nothing. data/reported-runs.json checks it.
public enum Utilization {
    /// high / low of every MFU band.
    public static let bandWidth = 1.75

    /// Share of wall-clock time spent on useful training steps.
    public static let goodput = FractionRange(low: 0.85, high: 0.95)
    public static let goodputCitations = [
        Citation(title: "Dubey et al. (AI @ Meta) 2024, The Llama 3 Herd of Models",
                 detail: "section 3.3.4: 466 job interruptions (419 unexpected) in a 54-day snapshot of 405B pre-training; effective training time above 90 %",
                 url: "https://arxiv.org/abs/2407.21783"),
        Citation(title: "Chowdhery et al. 2022, PaLM: Scaling Language Modeling with Pathways",
                 detail: "Appendix B: 6,144 TPU v4 chips for 1,200 h and 3,072 for 336 h 'including some downtime and repeated steps' against 46.2 % MFU: about 0.66 of the time trained",
                 url: "https://arxiv.org/abs/2204.02311"),
        Citation(title: "Zhang et al. 2022, OPT: Open Pre-trained Transformer Language Models; metaseq OPT-175B logbook",
                 detail: "section 2.5: hardware failures led to at least 35 manual restarts and over 100 hosts cycled in 2 months",
                 url: "https://arxiv.org/abs/2205.01068"),
    ]

    /// A published MFU figure: the run, the hardware generation, its MFU, where it is printed.
    public struct Measurement: Sendable, Equatable {
        public var run: String
        public var generation: String
        public var parameters: Double
        public var accelerators: Int
        public var mfu: Double
        /// The FLOP count the MFU divides by; nil where the source does not say.
        public var flopCount: MFUFlops?
        /// How the source defines it, in its words.
        public var definition: String
        public var source: Citation
    }

    static let palmTable3 = "Chowdhery et al. 2022, PaLM: Scaling Language Modeling with Pathways"
    static let palmURL = "https://arxiv.org/abs/2204.02311"

    /// Published MFU (model FLOPs, not hardware FLOPs) by generation, at the scale reported, with the FLOP
    /// count each divides by. The bands take the published figures; most count attention (PaLM's definition),
    /// which on 6·N·D would read 1–8 % lower at sequence 2,048–8,192: the bands are checked against
    /// reported hours on 6·N·D (data/reported-runs.json), not taken as 6·N·D utilisations.
    public static let measurements: [Measurement] = [
        Measurement(run: "GPT-3 175B", generation: "volta", parameters: 175e9, accelerators: 10_000, mfu: 0.213, flopCount: .sixNPlusAttention, definition: "computed by the PaLM authors with their Appendix B definition, 6N + 12LHQT per token (attention over the whole sequence)", 
                    source: Citation(title: palmTable3, detail: "Table 3: model FLOPs utilisation, GPT-3 21.3 % on V100", url: palmURL)),
        Measurement(run: "Megatron-LM 1.2B, one GPU", generation: "volta", parameters: 1.2e9, accelerators: 1, mfu: 0.30, flopCount: nil, definition: "39 TFLOP/s sustained by the single-GPU baseline, 30 % of the V100's peak; the abstract does not restate the FLOP count",
                    source: Citation(title: "Shoeybi et al. 2019, Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism",
                                     detail: "abstract: a single-GPU baseline sustaining 39 TeraFLOPs, 30 % of peak; 15.1 PetaFLOPs on 512 V100 GPUs (76 % scaling efficiency)", url: "https://arxiv.org/abs/1909.08053")),
        Measurement(run: "Megatron-Turing NLG 530B", generation: "ampere", parameters: 530e9, accelerators: 2240, mfu: 0.302, flopCount: .sixNPlusAttention, definition: "computed by the PaLM authors with their Appendix B definition, 6N + 12LHQT per token (attention over the whole sequence)", 
                    source: Citation(title: palmTable3, detail: "Table 3: Megatron-Turing NLG 30.2 % on A100", url: palmURL)),
        Measurement(run: "Megatron-LM 22B (selective recomputation, sequence parallelism)", generation: "ampere", parameters: 22e9, accelerators: 8, mfu: 0.415, flopCount: .sixNPlusAttention, definition: "model FLOPs utilisation: Megatron's FLOP formula without the recomputed forward (the hardware FLOPs utilisation counts it), attention over the whole sequence",
                    source: Citation(title: "Korthikanti et al. 2022, Reducing Activation Recomputation in Large Transformer Models",
                                     detail: "end-to-end results: MFU 41.5 % (22B) to 56.3 % (1T) on A100", url: "https://arxiv.org/abs/2205.05198")),
        Measurement(run: "Megatron-LM 1T (selective recomputation, sequence parallelism)", generation: "ampere", parameters: 1e12, accelerators: 512, mfu: 0.563, flopCount: .sixNPlusAttention, definition: "model FLOPs utilisation: Megatron's FLOP formula without the recomputed forward (the hardware FLOPs utilisation counts it), attention over the whole sequence",
                    source: Citation(title: "Korthikanti et al. 2022, Reducing Activation Recomputation in Large Transformer Models",
                                     detail: "end-to-end results: MFU 41.5 % (22B) to 56.3 % (1T) on A100", url: "https://arxiv.org/abs/2205.05198")),
        Measurement(run: "MegaScale 175B", generation: "ampere", parameters: 175e9, accelerators: 12_288, mfu: 0.552, flopCount: nil, definition: "MFU as the abstract states it; its FLOP count is not restated there",
                    source: Citation(title: "Jiang et al. 2024, MegaScale: Scaling Large Language Model Training to More Than 10,000 GPUs",
                                     detail: "abstract: 55.2 % MFU training a 175B model on 12,288 GPUs", url: "https://arxiv.org/abs/2402.15627")),
        Measurement(run: "Llama 3 405B", generation: "hopper", parameters: 405e9, accelerators: 16_384, mfu: 0.43, flopCount: .sixNPlusAttention, definition: "section 3.3.2: 'BF16 Model FLOPs Utilization (MFU; Chowdhery et al. (2023))', PaLM's definition; 43 % on 8,192 GPUs at sequence 8,192 (Table 4)",
                    source: Citation(title: "Dubey et al. (AI @ Meta) 2024, The Llama 3 Herd of Models",
                                     detail: "Table 4: BF16 MFU 38–43 % on 8,192 to 16,384 H100 GPUs", url: "https://arxiv.org/abs/2407.21783")),
        Measurement(run: "Llama 3 405B, 16,384 GPUs", generation: "hopper", parameters: 405e9, accelerators: 16_384, mfu: 0.38, flopCount: .sixNPlusAttention, definition: "section 3.3.2, PaLM's definition; 38 % on 16,384 GPUs at sequence 131,072 (Table 4), where attention is more than half the count",
                    source: Citation(title: "Dubey et al. (AI @ Meta) 2024, The Llama 3 Herd of Models",
                                     detail: "Table 4: BF16 MFU 38–43 % on 8,192 to 16,384 H100 GPUs", url: "https://arxiv.org/abs/2407.21783")),
        Measurement(run: "PaLM 540B", generation: "tpu-v4", parameters: 540e9, accelerators: 6144, mfu: 0.462, flopCount: .sixNPlusAttention, definition: "Appendix B: 6N + 12LHQT per token; 45.7 % with 6N alone",
                    source: Citation(title: palmTable3, detail: "Table 3: PaLM 540B 46.2 % MFU on TPU v4 (45.7 % without self-attention)", url: palmURL)),
    ]

    /// Hardware generation of the built-in rows, for the bands below; nil for rows the table
    /// does not classify (a user row): those get the fallback band and say so.
    public static let generationOfAccelerator: [String: String] = [
        "v100-sxm2-16gb": "volta", "v100-sxm2-32gb": "volta",
        "a100-40gb-sxm": "ampere", "a100-80gb-sxm": "ampere", "rtx-3090": "ampere", "rtx-a6000": "ampere", "a10g": "ampere",
        "h100-sxm": "hopper", "h100-pcie": "hopper", "h200-sxm": "hopper", "h800": "hopper", "h20": "hopper",
        "b200": "blackwell", "gb200": "blackwell",
        "l40s": "ada", "l4": "ada", "rtx-4090": "ada",
        "tpu-v4": "tpu-v4", "tpu-v5e": "tpu-v5e", "tpu-v5p": "tpu-v5p", "tpu-v6e": "tpu-v6e",
        "mi250x": "cdna2", "mi300x": "cdna3", "mi325x": "cdna3",
        "trainium2": "trainium2", "gaudi3": "gaudi3",
    ]

    /// Generations with published runs; others borrow the band of a calibrated one.
    static let calibrated: Set<String> = ["volta", "ampere", "hopper", "tpu-v4"]
    static func bandGeneration(_ g: String?) -> String {
        guard let g else { return "ampere" }
        if calibrated.contains(g) { return g }
        switch g {
        case "blackwell": return "hopper"
        case "tpu-v5e", "tpu-v5p", "tpu-v6e": return "tpu-v4"
        default: return "ampere"
        }
    }

    /// On Hopper the runs under 20B parameters in data/reported-runs.json (Llama 3 8B, SmolLM2)
    /// implied a fraction of the large-model MFU: small matmuls do not fill the faster chip.
    /// On Ampere they did not (LLaMA 7B, MPT-7B), so the scale classes apply to Hopper and later.
    static func scaleFactor(generation: String, activeParams: Double?) -> (Double, String?) {
        guard generation == "hopper", let n = activeParams else { return (1, nil) }
        if n < 1e9 { return (0.35, "under 1B parameters: × 0.35 (SmolLM2 135M and 360M on H100 implied 9–12 % over their hours)") }
        if n < 20e9 { return (0.6, "under 20B parameters: × 0.6 (Llama 3 / 3.1 8B and SmolLM2 1.7B on H100 implied 14–23 % over their hours)") }
        return (1, nil)
    }

    /// The MFU range, the goodput range, and what they rest on.
    public struct Estimate: Sendable, Equatable {
        public var mfu: FractionRange
        public var goodput: FractionRange
        /// The generation whose band was used ("hopper"), and the accelerator's own (nil: unclassified).
        public var bandGeneration: String
        public var generation: String?
        public var assumptions: [String]
        public var sources: [Citation]
    }

    /// MFU range for `accelerator` at `precision` on a model with `activeParams` parameters
    /// active per token (nil: unknown scale). For precisions faster than bf16 (fp8, int8) the
    /// achieved FLOP/s is taken as the bf16 band's: published runs gain little end to end, so
    /// the band is scaled by bf16 peak / precision peak.
    public static func estimate(accelerator a: Accelerator, precision: Precision, activeParams: Double?) -> Estimate {
        let generation = generationOfAccelerator[a.id]
        let bandGen = bandGeneration(generation)
        let published = measurements.filter { $0.generation == bandGen }
        let best = published.map(\.mfu).max() ?? 0.43
        var high = best
        var assumptions: [String] = []
        let names = published.map { m in "\(m.run) \(fmtPercent(m.mfu))\(m.flopCount.map { " on \($0.rawValue)" } ?? "")" }.joined(separator: ", ")
        assumptions.append("MFU band for \(bandGen): best published \(fmtPercent(best)) down to \(fmtPercent(best / bandWidth)) (÷ \(Format.general(bandWidth))); published: \(names)")
        if generation == nil {
            assumptions.append("\(a.id) is not in the utilisation table's generations: the \(bandGen) band is used")
        } else if generation != bandGen {
            assumptions.append("no published runs on \(generation!): the \(bandGen) band is used")
        }
        let (k, why) = scaleFactor(generation: bandGen, activeParams: activeParams)
        if let why { high *= k; assumptions.append("scale: \(why)") }
        if let bf16 = a.peakFlopsPerSecond[.bf16], let p = a.peakFlopsPerSecond[precision], p > bf16 {
            high *= bf16 / p
            assumptions.append("\(precision.rawValue): achieved FLOP/s taken as bf16's, so MFU × \(Format.general(bf16 / p)) of the \(precision.rawValue) peak")
        }
        let mfu = FractionRange(low: high / bandWidth, high: high)
        assumptions.append("goodput \(Format.general(goodput.low * 100))–\(Format.general(goodput.high * 100)) % of wall-clock time spent training (Llama 3: >90 % effective with 419 unexpected interruptions in 54 days); runs with many restarts reported less (PaLM ≈ 66 %, OPT-175B): pass goodput for those")
        var sources = published.map(\.source)
        sources.append(contentsOf: goodputCitations)
        var unique: [Citation] = []
        for c in sources where !unique.contains(c) { unique.append(c) }
        return Estimate(mfu: mfu, goodput: goodput, bandGeneration: bandGen, generation: generation,
                        assumptions: assumptions, sources: unique)
    }
}

func fmtPercent(_ x: Double) -> String { "\(Format.general((x * 1000).rounded() / 10)) %" }
