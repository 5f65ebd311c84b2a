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
    /// Bytes per activation element sent in tensor-parallel all-reduces (bf16).
    public static let activationBytes = 2.0
    /// The M/D/1 queue of prompts is capped at this utilisation (beyond it the wait diverges).
    public static let maxPrefillUtilization = 0.95

    public static let calibrationCitation = Citation(
        title: "Scalewise serving calibration, bench/RESULTS.md 'Serving: tokens per second, TTFT and TPOT against published measurements (issue 14)'",
        detail: "prefill efficiency 0.35–0.5–0.7 of peak FLOPs, decode bandwidth efficiency 0.6–0.75–0.9 of peak bandwidth, 15–35–60 µs per step, 5–10–20 µs per all-reduce; set on the dense rows of data/serving-measurements.json (TensorRT-LLM perf-overview and NVIDIA NIM benchmarking tables)")

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
