/// The efficiencies and fixed costs the serving model assumes when a request leaves them out.
/// Each is a range {low, mid, high}; an answer's fast bound uses the high efficiencies and the low
/// fixed costs, its slow bound the opposite. They were set on the dense rows of
/// data/serving-measurements.json (TensorRT-LLM and NIM tables on H100/H200, FP8) and are stated
/// as calibrated in every answer that uses them.
public enum ServingDefaults {
    /// Fraction of the precision's dense peak that prefill matmuls (and compute-bound decode) reach.
    /// The high bound stays below the measured maximum achievable matmul fraction of an H100
    /// (0.803 of bf16 peak, data/hardware.json `matmulFraction`).
    public static let prefillEfficiency = CostRange(low: 0.35, mid: 0.5, high: 0.7)
    /// Fraction of peak memory bandwidth that decode's weight and KV-cache reads reach.
    public static let decodeBandwidthEfficiency = CostRange(low: 0.6, mid: 0.75, high: 0.9)
    /// Fixed time per engine step (kernel launches, scheduling, sampling), seconds.
    public static let stepOverheadSeconds = CostRange(low: 15e-6, mid: 35e-6, high: 60e-6)
    /// Fixed time per all-reduce (launch and synchronisation), seconds.
    public static let allReduceLatencySeconds = CostRange(low: 5e-6, mid: 10e-6, high: 20e-6)
    /// Fraction of the dense matmuls' FLOP efficiency that a mixture of experts' routed-expert grouped
    /// GEMMs reach (their weight reads run at the dense bandwidth efficiency). Grouped GEMMs run below
    /// dense ones even in DeepGEMM's tuned kernels (`groupedGemmCitation`: 815–1297 against up to 1358
    /// TFLOPS dense on an H800, 0.60–0.96 of it); set at that ratio's low end on the five MoE calibration
    /// rows of data/serving-measurements.json.
    public static let expertEfficiency = CostRange(low: 0.55, mid: 0.6, high: 0.7)
    /// Attention data parallelism with round-robin request placement keeps 0.649 of a perfectly balanced
    /// step's throughput (`attentionDataParallelBalanceCitation`: 25,664 of 39,552 tokens/s); ±0.05 around it.
    public static let attentionDataParallelBalance = CostRange(low: 0.6, mid: 0.65, high: 0.7)
    /// Bytes per activation element sent in tensor-parallel all-reduces (bf16).
    public static let activationBytes = 2.0
    /// The M/D/1 queue of prompts is capped at this utilisation (beyond it the wait diverges).
    public static let maxPrefillUtilization = 0.95

    public static let calibrationCitation = Citation(
        title: "Scalewise serving calibration against published measured serving results (TensorRT-LLM perf-overview and NVIDIA NIM benchmarking tables)",
        detail: "prefill efficiency 0.35–0.5–0.7 of peak FLOPs, decode bandwidth efficiency 0.6–0.75–0.9 of peak bandwidth, 15–35–60 µs per step, 5–10–20 µs per all-reduce, set on the dense rows; routed-expert grouped GEMMs at 0.55–0.6–0.7 of the prefill FLOP efficiency and attention data parallelism at 0.6–0.65–0.7 of a balanced step, set on the mixture-of-experts rows of those tables")

    public static let groupedGemmCitation = Citation(
        title: "deepseek-ai/DeepGEMM README, 'Performance' (H800 SXM5, FP8)",
        detail: "normal dense GEMMs up to 1358 TFLOPS (M 4096, N 7168, K 16384); grouped GEMMs for MoE, contiguous layout (prefill) 1093–1297 TFLOPS, masked layout (decode) 815–1233 TFLOPS at 256–1024 tokens per expert: 0.60–0.96 of the dense peak; Scalewise's 0.55–0.6–0.7 of the dense matmuls' efficiency was set on the MoE calibration rows of the published serving tables",
        url: "https://github.com/deepseek-ai/DeepGEMM")

    public static let attentionDataParallelBalanceCitation = Citation(
        title: "NVIDIA TensorRT-LLM tech blog 10, 'ADP Balance Strategy', Performance Summary",
        detail: "attention DP 8 + expert parallel 8 (DeepSeek V3, 8 × GB200), requests placed round-robin: each iteration lasts as long as its busiest rank; average balance ratio 54.11 %, 25,664 tokens/s against 39,552 for a perfectly balanced run (0.649); with the balance strategy 34,140 (0.90)",
        url: "https://github.com/NVIDIA/TensorRT-LLM/blob/9320afe9870cb519b5a46f9d8aa3fcf3a1f63a9a/docs/source/blogs/tech_blog/blog10_ADP_Balance_Strategy.md")

    public static let distinctExpertsCitation = Citation(
        title: "Jiang et al. 2024, 'Mixtral of Experts', section 2.1 (top-k routing), with uniform routing",
        detail: "each token is sent to k of E experts; with the router's choices independent and uniform, one layer's expert is untouched by T tokens with probability (1 − k/E)^T, so E·(1 − (1 − k/E)^T) experts are read; load-balancing losses (Switch Transformer, Fedus et al. 2021, section 2.2) push routing towards uniform",
        url: "https://arxiv.org/abs/2401.04088")

    public static let attentionDataParallelCitation = Citation(
        title: "NVIDIA TensorRT-LLM, docs/source/performance/perf-overview.md, 'Running the Benchmark', MoE models",
        detail: "MoE rows run trtllm-bench --tp $tp_size --ep $ep_size with enable_attention_dp: true: attention data parallel (each rank its own requests, full attention weights and KV cache) with expert parallelism for the routed experts; tensorrt_llm/_torch/models/modeling_llama.py (commit 3a5901cd) builds Llama 4's shared expert and the dense MLPs with overridden_tp_size=1 under attention DP: every rank holds them whole",
        url: "https://github.com/NVIDIA/TensorRT-LLM/blob/00f37686aa854010d68bcbd0f4ab000221541ca6/docs/source/performance/perf-overview.md")

    public static let megatronCitation = Citation(
        title: "Shoeybi et al. 2019, 'Megatron-LM: Training Multi-Billion Parameter Language Models Using Model Parallelism', section 3",
        detail: "tensor parallelism splits attention and MLP so that each transformer layer needs two all-reduces of the activations (one after attention, one after the MLP) in the forward pass",
        url: "https://arxiv.org/abs/1909.08053")

    public static let ringAllReduceCitation = Citation(
        title: "NVIDIA nccl-tests, doc/PERFORMANCE.md, 'Bandwidth', 'AllReduce'",
        detail: "an all-reduce of S bytes over n ranks, each with bandwidth B to the others, takes at best t = (S/B) · 2(n−1)/n",
        url: "https://github.com/NVIDIA/nccl-tests/blob/master/doc/PERFORMANCE.md")
}

/// A tensor-parallel link: bytes per second one accelerator sends in one direction to its peers
/// (data/serving-links.json, keyed by accelerator id), with its source.
public struct ServingLink: Sendable, Equatable {
    public var acceleratorId: String
    public var bytesPerSecond: Double
    public var source: Citation

    public init(acceleratorId: String, bytesPerSecond: Double, source: Citation) {
        self.acceleratorId = acceleratorId
        self.bytesPerSecond = bytesPerSecond
        self.source = source
    }
}
