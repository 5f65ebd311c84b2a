/// Defaults the cost model uses when a request leaves a value out, each with its source.
/// Every answer that uses one lists it in `assumptions`.
public enum CostDefaults {
    /// Model FLOPs utilisation when none is given: 30 %, Epoch AI's assumption for LLM training
    /// runs whose MFU is unknown. Published large runs report 38–56 % (Llama 3 405B 38–43 %,
    /// PaLM 46.2 %, Megatron-LM 41.5–56.3 %, MegaScale 55.2 %); those are well-tuned runs at
    /// scale, so 30 % errs toward a higher cost, which is the safer error for a budget.
    public static let mfu = 0.30
    public static let mfuCitation = Citation(
        title: "Epoch AI's training-compute estimator assumes 30 % utilisation for LLMs when unknown (as summarised in REFERENCES.md, 'Utilization')",
        detail: "large runs report 38–56 %: Llama 3 405B 38–43 %, PaLM 540B 46.2 %, Megatron-LM 41.5–56.3 %, MegaScale 55.2 %")

    /// Power usage effectiveness when none is given: 1.58, Uptime Institute's industry average
    /// for 2023 (1.55–1.59 since 2020). New large facilities report 1.3 or better; hyperscalers
    /// 1.1–1.2. Pass `pue` for a known facility.
    public static let pue = 1.58
    public static let pueCitation = Citation(
        title: "Uptime Institute Intelligence, 'Large data centers are mostly more efficient, analysis confirms' (2023)",
        detail: "industry average PUE 1.58 in 2023, 1.55–1.59 since about 2020",
        url: "https://intelligence.uptimeinstitute.com/resource/large-data-centers-are-mostly-more-efficient-analysis-confirms")

    /// Fraction of accelerator memory usable for weights and KV cache: 0.9, vLLM's default
    /// `gpu_memory_utilization` (the rest is left for activations, CUDA graphs, the runtime).
    public static let memoryUtilization = 0.9
    public static let memoryUtilizationCitation = Citation(
        title: "vLLM engine arguments: --gpu-memory-utilization, default 0.9 (Unsloth's vLLM guide)",
        url: "https://unsloth.ai/docs/de/grundlagen/inference-and-deployment/vllm-guide/vllm-engine-arguments")

    /// Hours in an average month: 8760 / 12 = 730.
    public static let hoursPerMonth = 730.0

    public static let rooflineCitation = Citation(
        title: "jax-ml scaling-book, 'All about rooflines' and 'Transformer inference'",
        detail: "prefill compute-bound ≈ 2·N·tokens/(peak·MFU); decode step ≥ (batch·KV bytes + weight bytes)/bandwidth and ≥ 2·batch·N/peak; critical batch ≈ peak/bandwidth",
        url: "https://jax-ml.github.io/scaling-book/")

    public static let sixNDCitation = Citation(
        title: "Kaplan et al. 2020; Hoffmann et al. 2022",
        detail: "training compute C ≈ 6·N·D FLOPs (forward 2N + backward 4N per token); ≈ 8·N·D with full activation recomputation")

    public static let cookbookCitation = Citation(
        title: "EleutherAI cookbook, calc/calc_transformer_flops.py (Anthony & Millidge)",
        detail: "per-matmul FLOP count: QKV, attention scores, attention over values, output projection, FFN, embedding",
        url: "https://github.com/EleutherAI/cookbook/blob/main/calc/calc_transformer_flops.py")

    /// Talent rates in US dollars per hour (Troughia's survey; docs/REFERENCES.md, 'Costs of ownership').
    public static let roleRates: [String: FractionRange] = [
        "seniorMLEngineer": FractionRange(low: 85, high: 150),
        "aiInfrastructure": FractionRange(low: 75, high: 120),
        "devOpsAI": FractionRange(low: 65, high: 95),
        "dataScientist": FractionRange(low: 70, high: 110),
    ]
    /// Full-time hours per month used to turn an hourly rate into a monthly cost: 40 h × 52 / 12.
    public static let fteHoursPerMonth = 40.0 * 52 / 12
    public static let ownershipCitation = Citation(
        title: "C. S. Troughia 2025, Scaling Laws in Generative AI: How Model Size and Data Influence Performance and Cost (IJSR 14(8):920–949)",
        detail: "rules of thumb: talent $/h senior ML engineer 85–150, AI infrastructure 75–120, DevOps+AI 65–95, data scientist 70–110; infrastructure overhead 25–40 % and operations 20–35 % on top of compute; hardware depreciates 40–60 %/year",
        url: "https://www.ijsr.net/getabstract.php?paperid=SR25727102615")

    public static let infrastructureOverhead = FractionRange(low: 0.25, high: 0.40)
    public static let operationsOverhead = FractionRange(low: 0.20, high: 0.35)
    public static let depreciationPerYear = FractionRange(low: 0.40, high: 0.60)
}
