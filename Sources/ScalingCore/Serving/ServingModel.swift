/// A serving question over scalar inputs, so that dense models, mixtures of experts and any
/// attention kind fit: what the weights weigh, what a token computes, what a token caches.
public struct ServingRequest: Sendable, Equatable {
    /// Bytes of all weights at the served precision (total parameters × bytes per parameter).
    public var weightBytes: Double
    /// Parameters one token passes through (a mixture of experts: the active ones); FLOPs = 2 · active.
    public var activeParams: Double
    /// Bytes per active parameter read from memory (the served precision).
    public var bytesPerParameter: Double
    /// KV-cache bytes one token holds (all layers).
    public var kvBytesPerToken: Double
    /// Transformer layers: two tensor-parallel all-reduces each.
    public var layers: Int
    /// Hidden size: an all-reduce carries hidden × 2 bytes per token.
    public var hidden: Double
    /// Query heads × head dimension, for attention FLOPs; nil = `hidden`.
    public var attentionWidth: Double?
    public var hardware: Accelerator
    /// Precision the matmuls run at (its dense peak).
    public var precision: Precision
    public var inputTokens: Double
    public var outputTokens: Double
    /// Requests in flight per replica; nil = as many as the KV cache holds (maximum throughput).
    public var concurrency: Double?
    /// The engine's limit on running sequences (trtllm-bench: 4096); nil = none.
    public var maxBatch: Double?
    /// Accelerators per replica; nil = the least power of two that holds the weights and the
    /// batch's KV cache.
    public var tensorParallel: Int?
    /// Fraction of accelerator memory for weights and KV cache; default `CostDefaults.memoryUtilization`.
    public var memoryUtilization: Double?
    /// The link tensor-parallel all-reduces run over; needed when `tensorParallel` > 1.
    public var link: ServingLink?
    public var prefillEfficiency: CostRange?
    public var decodeBandwidthEfficiency: CostRange?
    public var stepOverheadSeconds: CostRange?
    public var allReduceLatencySeconds: CostRange?
    /// A mixture of experts' routed experts; nil = every active parameter is read by every token.
    public var experts: ServingExperts?
    /// Fraction of the dense matmuls' FLOP efficiency that the routed experts' grouped GEMMs reach; used
    /// with `experts`.
    public var expertEfficiency: CostRange?
    /// Fraction of a perfectly balanced step that attention data parallelism keeps when every rank takes
    /// its own requests (the slowest rank sets each step); used with `experts.attentionDataParallel`.
    public var attentionDataParallelBalance: CostRange?

    public init(weightBytes: Double, activeParams: Double, bytesPerParameter: Double, kvBytesPerToken: Double,
                layers: Int, hidden: Double, attentionWidth: Double? = nil, hardware: Accelerator,
                precision: Precision, inputTokens: Double, outputTokens: Double, concurrency: Double? = nil,
                maxBatch: Double? = nil, tensorParallel: Int? = nil, memoryUtilization: Double? = nil,
                link: ServingLink? = nil, prefillEfficiency: CostRange? = nil,
                decodeBandwidthEfficiency: CostRange? = nil, stepOverheadSeconds: CostRange? = nil,
                allReduceLatencySeconds: CostRange? = nil, experts: ServingExperts? = nil,
                expertEfficiency: CostRange? = nil, attentionDataParallelBalance: CostRange? = nil) {
        self.weightBytes = weightBytes
        self.activeParams = activeParams
        self.bytesPerParameter = bytesPerParameter
        self.kvBytesPerToken = kvBytesPerToken
        self.layers = layers
        self.hidden = hidden
        self.attentionWidth = attentionWidth
        self.hardware = hardware
        self.precision = precision
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.concurrency = concurrency
        self.maxBatch = maxBatch
        self.tensorParallel = tensorParallel
        self.memoryUtilization = memoryUtilization
        self.link = link
        self.prefillEfficiency = prefillEfficiency
        self.decodeBandwidthEfficiency = decodeBandwidthEfficiency
        self.stepOverheadSeconds = stepOverheadSeconds
        self.allReduceLatencySeconds = allReduceLatencySeconds
        self.experts = experts
        self.expertEfficiency = expertEfficiency
        self.attentionDataParallelBalance = attentionDataParallelBalance
    }
}

/// Serving one replica: throughput and latencies as {low, mid, high}. Throughput's low is the slow
/// bound; the latencies' low is the fast bound.
public struct ServingEstimate: Sendable, Equatable {
    public var tensorParallel: Int
    /// Sequences decoded together per replica (concurrency capped by memory and `maxBatch`).
    public var batch: Double
    public var maxBatchByMemory: Double
    /// Output tokens per second of one replica, and per accelerator.
    public var tokensPerSecond: CostRange
    public var tokensPerSecondPerGPU: CostRange
    public var timeToFirstTokenSeconds: CostRange
    public var timePerOutputTokenSeconds: CostRange
    /// One decode step at `batch` (without other requests' prompts).
    public var decodeStepSeconds: CostRange
    /// The all-reduces of one decode step (2 per layer; 0 without tensor parallelism).
    public var allReduceSecondsPerStep: CostRange
    public var assumptions: [String]
    public var sources: [Citation]
}

public enum ServingModel {
    /// One bound's figures (efficiencies and fixed costs of one end of the ranges).
    struct Bound {
        let prefill: Double, bandwidth: Double, overhead: Double, latency: Double, expert: Double, balance: Double
    }

    struct Times {
        let ttft: Double, tpot: Double, tokensPerSecond: Double, step: Double, allReduce: Double
    }

    /// Ring all-reduce of `bytes` over `tp` ranks: 2(tp−1)/tp · bytes / link + latency.
    public static func allReduceSeconds(bytes: Double, tp: Int, linkBytesPerSecond: Double, latency: Double) -> Double {
        guard tp > 1 else { return 0 }
        let n = Double(tp)
        return 2 * (n - 1) / n * bytes / linkBytesPerSecond + latency
    }

    public static func estimate(_ r: ServingRequest) throws(DomainError) -> ServingEstimate {
        try Check.positive(r.weightBytes, field: "weightBytes", what: "number of bytes")
        try Check.positive(r.activeParams, field: "activeParams", what: "number of parameters")
        try Check.positive(r.bytesPerParameter, field: "bytesPerParameter", what: "number of bytes")
        guard r.activeParams * r.bytesPerParameter <= r.weightBytes * (1 + 1e-9) else {
            throw .invalidInput(field: "activeParams", reason: "\(Format.sig(r.activeParams)) active parameters × \(Format.general(r.bytesPerParameter)) bytes exceed the weights (\(Format.sig(r.weightBytes)) bytes)")
        }
        try Check.positive(r.kvBytesPerToken, field: "kvBytesPerToken", what: "number of bytes")
        try Check.positive(r.layers, field: "layers")
        try Check.positive(r.hidden, field: "hidden")
        if let w = r.attentionWidth { try Check.positive(w, field: "attentionWidth") }
        try Check.nonNegative(r.inputTokens, field: "inputTokens", what: "number of tokens")
        try Check.positive(r.outputTokens, field: "outputTokens", what: "number of tokens")
        if let c = r.concurrency {
            try Check.positive(c, field: "concurrency")
            guard c >= 1 else { throw .invalidInput(field: "concurrency", reason: "expected at least 1 request, got \(c)") }
        }
        if let b = r.maxBatch {
            try Check.positive(b, field: "maxBatch")
            guard b >= 1 else { throw .invalidInput(field: "maxBatch", reason: "expected at least 1 sequence, got \(b)") }
        }
        if let tp = r.tensorParallel {
            guard tp >= 1, tp <= maxTensorParallel else {
                throw .invalidInput(field: "tensorParallel", reason: "expected 1 to \(maxTensorParallel) accelerators, got \(tp)")
            }
        }
        let ex = r.experts
        if let e = ex {
            try e.validate()
            guard e.routedParameters * r.bytesPerParameter < r.weightBytes, e.activeRoutedParameters < r.activeParams else {
                throw .invalidInput(field: "experts", reason: "routed experts (\(Format.sig(e.routedParameters)) parameters, \(Format.sig(e.activeRoutedParameters)) per token) must be less than the weights and the active parameters")
            }
        }
        let xe = r.expertEfficiency ?? ServingDefaults.expertEfficiency
        try checkOrdered(xe, field: "expertEfficiency", fraction: true)
        if let b = r.attentionDataParallelBalance { try checkOrdered(b, field: "attentionDataParallelBalance", fraction: true) }
        let util = r.memoryUtilization ?? CostDefaults.memoryUtilization
        try Check.unitFraction(util, field: "memoryUtilization")
        let pe = r.prefillEfficiency ?? ServingDefaults.prefillEfficiency
        let de = r.decodeBandwidthEfficiency ?? ServingDefaults.decodeBandwidthEfficiency
        let oh = r.stepOverheadSeconds ?? ServingDefaults.stepOverheadSeconds
        let lat = r.allReduceLatencySeconds ?? ServingDefaults.allReduceLatencySeconds
        try checkOrdered(pe, field: "prefillEfficiency", fraction: true)
        try checkOrdered(de, field: "decodeBandwidthEfficiency", fraction: true)
        try checkOrdered(oh, field: "stepOverheadSeconds", fraction: false)
        try checkOrdered(lat, field: "allReduceLatencySeconds", fraction: false)
        if let l = r.link { try Check.positive(l.bytesPerSecond, field: "link.bytesPerSecond", what: "number of bytes per second") }

        let hw = r.hardware
        let peak = try hw.peak(for: r.precision)
        let seq = r.inputTokens + r.outputTokens
        let kvSeq = r.kvBytesPerToken * seq
        let usable = hw.memoryBytes * util
        let suspects = [
            Suspect(field: "weightBytes", value: r.weightBytes, ordinary: 1e10),
            Suspect(field: "activeParams", value: r.activeParams, ordinary: 1e10),
            Suspect(field: "kvBytesPerToken", value: r.kvBytesPerToken, ordinary: 1e5),
            Suspect(field: "inputTokens", value: max(r.inputTokens, 1), ordinary: 1e3),
            Suspect(field: "outputTokens", value: r.outputTokens, ordinary: 1e3),
            Suspect(field: "concurrency", value: r.concurrency ?? 1, ordinary: 1e2),
            Suspect(field: "hidden", value: r.hidden, ordinary: 5e3),
            Suspect(field: "layers", value: Double(r.layers), ordinary: 50),
        ]
        try NonFiniteInput.check(kvSeq, "KV cache per sequence", suspects: suspects)

        var assumptions: [String] = []
        var sources = [CostDefaults.rooflineCitation, CostDefaults.memoryUtilizationCitation]

        // Attention data parallel: every accelerator holds the non-expert weights, the routed experts are split.
        let routedBytes = (ex?.routedParameters ?? 0) * r.bytesPerParameter
        let replicated = ex?.attentionDataParallel == true ? r.weightBytes - routedBytes : 0  // held once at p = 1
        func weightsHeld(_ p: Int) -> Double { r.weightBytes + Double(p - 1) * replicated }
        // Tensor parallel: given, or the least power of two holding weights + the batch's KV cache.
        let needed = r.weightBytes + (r.concurrency ?? 1) * kvSeq
        try NonFiniteInput.check(needed, "memory for weights and KV cache", suspects: suspects)
        let tp: Int
        if let given = r.tensorParallel {
            tp = given
            assumptions.append("tensor parallel \(tp) (given)")
        } else {
            var p = 1
            while Double(p) * usable < needed + weightsHeld(p) - r.weightBytes, p < maxTensorParallel { p *= 2 }
            guard Double(p) * usable >= needed + weightsHeld(p) - r.weightBytes else {
                let c = NonFiniteInput.culprit(suspects)!
                throw .invalidInput(field: c.field, reason: "weights and KV cache (\(Format.sig(needed)) bytes) exceed \(maxTensorParallel) × \(hw.id)")
            }
            tp = p
            assumptions.append("tensor parallel \(tp): the least power of two whose usable memory (\(tp) × \(Format.sig(usable)) bytes) holds the weights (\(Format.sig(r.weightBytes)) bytes) and the KV cache of \(r.concurrency.map { Format.general($0) } ?? "one") sequence(s) of \(Format.general(seq)) tokens (\(Format.sig((r.concurrency ?? 1) * kvSeq)) bytes)")
        }
        let tpD = Double(tp)
        // Attention data parallelism needs two ranks or more; without it every rank works on every
        // token and no rank waits for another.
        let adp = ex?.attentionDataParallel == true && tp > 1
        let balance = adp ? (r.attentionDataParallelBalance ?? ServingDefaults.attentionDataParallelBalance) : CostRange(exactly: 1)
        let held = weightsHeld(tp)
        let free = tpD * usable - held
        guard free > 0 else {
            throw .invalidInput(field: "tensorParallel", reason: "\(tp) × \(hw.id) (usable \(Format.sig(tpD * usable)) bytes) cannot hold the weights (\(Format.sig(held)) bytes\(replicated > 0 ? ", non-expert weights on every accelerator" : ""))")
        }
        let maxByMemory = (free / kvSeq).rounded(.down)
        guard maxByMemory >= 1 else {
            throw .invalidInput(field: "inputTokens", reason: "one sequence of \(Format.general(seq)) tokens needs \(Format.sig(kvSeq)) bytes of KV cache; \(Format.sig(free)) bytes are left after the weights")
        }
        var batch = min(maxByMemory, r.maxBatch ?? .infinity)
        if let c = r.concurrency {
            batch = min(batch, c)
            assumptions.append("\(Format.general(c)) requests in flight; \(Format.general(batch)) decode together (memory holds \(Format.general(maxByMemory)))")
        } else {
            assumptions.append("batch \(Format.general(batch)): as many sequences as the KV cache holds\(r.maxBatch.map { ", capped at the engine's \(Format.general($0))" } ?? "") (maximum throughput)")
        }
        let waiting = (r.concurrency ?? batch) / batch - 1

        let link = r.link?.bytesPerSecond ?? 0
        if tp > 1 {
            guard let l = r.link else {
                throw .invalidInput(field: "link", reason: "tensor parallel \(tp) needs the link bandwidth of \(hw.id); none is published in the serving link table")
            }
            sources.append(l.source)
            if !adp { sources.append(ServingDefaults.megatronCitation) }
            sources.append(ServingDefaults.ringAllReduceCitation)
            if adp, let e = ex {
                sources.append(ServingDefaults.attentionDataParallelCitation)
                assumptions.append("attention data parallel with \(tp)-way expert parallelism: every accelerator holds the non-expert weights (\(Format.sig(replicated)) bytes) and its own requests' KV cache; each of the \(e.moeLayers) MoE layers all-gathers the tokens' activations and reduce-scatters the experts' outputs, 2(tp−1)/tp × tokens × hidden × 2 bytes / \(Format.sig(l.bytesPerSecond)) bytes/s + latency, as one ring all-reduce")
            } else {
                assumptions.append("two all-reduces per layer (Megatron-style tensor parallelism), ring: 2(tp−1)/tp × tokens × hidden × 2 bytes / \(Format.sig(l.bytesPerSecond)) bytes/s + latency")
            }
        }

        let attnWidth = r.attentionWidth ?? r.hidden
        let L = Double(r.layers)
        let isl = r.inputTokens, osl = r.outputTokens
        let ctx = isl + osl / 2
        let act = r.activeParams
        let activeBytes = act * r.bytesPerParameter
        let flopsRate = tpD * peak, byteRate = tpD * hw.memoryBandwidthBytesPerSecond

        // A mixture of experts: the routed experts' share of FLOPs and weights, and the rest.
        let expertActive = ex?.activeRoutedParameters ?? 0
        let sharedActiveBytes = (act - expertActive) * r.bytesPerParameter
        let sharedBytes = r.weightBytes - routedBytes
        /// Seconds reading the weights that `tokens` tokens pass through (all accelerators together).
        func weightReadSeconds(_ tokens: Double, _ b: Bound) -> Double {
            guard let e = ex else { return min(r.weightBytes, tokens * activeBytes) / (byteRate * b.bandwidth) }
            // Non-expert weights: read once per accelerator under attention data parallelism.
            let shared = min(sharedBytes, tokens * sharedActiveBytes) * (e.attentionDataParallel ? tpD : 1)
            let experts = Double(e.moeLayers) * e.distinctExperts(tokens: tokens) * e.parametersPerExpert * r.bytesPerParameter
            return (shared + experts) / (byteRate * b.bandwidth)
        }
        /// Seconds of matmul FLOPs for `tokens` tokens: the routed experts' grouped GEMMs at their own efficiency.
        func matmulSeconds(_ tokens: Double, _ b: Bound) -> Double {
            2 * (act - expertActive) * tokens / (flopsRate * b.prefill) + 2 * expertActive * tokens / (flopsRate * b.prefill * b.expert)
        }
        /// Communication for `tokens` tokens: two all-reduces per layer, or one all-gather and one
        /// reduce-scatter per MoE layer under attention data parallelism.
        func commSeconds(_ tokens: Double, latency: Double) -> Double {
            let bytes = tokens * r.hidden * ServingDefaults.activationBytes
            let count = adp ? Double(ex?.moeLayers ?? 0) : 2 * L
            return count * allReduceSeconds(bytes: bytes, tp: tp, linkBytesPerSecond: link, latency: latency)
        }

        func times(_ b: Bound) -> Times {
            // Prefill of one prompt: matmuls 2·active·tokens, causal attention 2·layers·width·tokens².
            let prefillCompute = matmulSeconds(isl, b) + 2 * L * attnWidth * isl * isl / (flopsRate * b.prefill)
            let prefillWeights = weightReadSeconds(isl, b)
            let prefillComm = commSeconds(isl, latency: b.latency)
            // Attention data parallelism: each step lasts as long as its busiest rank.
            let prefillAlone = (max(prefillCompute, prefillWeights) + prefillComm + b.overhead) / b.balance
            // Inside a busy engine a prompt rides in shared steps: weights already read, no extra launch.
            let prefillShared = (prefillCompute + commSeconds(isl, latency: 0)) / b.balance
            // Decode step: matmul kernels then attention kernels, each bound by memory or compute.
            let matmul = max(weightReadSeconds(batch, b), matmulSeconds(batch, b))
            let attention = max(batch * r.kvBytesPerToken * ctx / (byteRate * b.bandwidth),
                                4 * L * attnWidth * ctx * batch / (flopsRate * b.prefill))
            let allReduce = commSeconds(batch, latency: b.latency)
            let step = (matmul + attention + allReduce + b.overhead) / b.balance
            // Each of the other batch − 1 requests' prompts passes once during a request's output.
            let tpot = step + (batch - 1) * prefillShared / osl
            let firstGuess = prefillAlone + (batch > 1 ? step : 0)
            let cycle = firstGuess + osl * tpot
            // Prompts queue behind each other: M/D/1 wait ρ·S/(2(1−ρ)).
            let rho = min(ServingDefaults.maxPrefillUtilization, (batch - 1) * prefillShared / cycle)
            let ttftRunning = firstGuess + rho * prefillShared / (2 * (1 - rho))
            let lifetime = ttftRunning + osl * tpot
            // Requests beyond the batch wait for a slot: (concurrency/batch − 1) lifetimes.
            let ttft = ttftRunning + waiting * lifetime
            return Times(ttft: ttft, tpot: tpot, tokensPerSecond: batch * osl / lifetime, step: step, allReduce: allReduce)
        }
        let fast = times(Bound(prefill: pe.high, bandwidth: de.high, overhead: oh.low, latency: lat.low, expert: xe.high, balance: balance.high))
        let mid = times(Bound(prefill: pe.mid, bandwidth: de.mid, overhead: oh.mid, latency: lat.mid, expert: xe.mid, balance: balance.mid))
        let slow = times(Bound(prefill: pe.low, bandwidth: de.low, overhead: oh.high, latency: lat.high, expert: xe.low, balance: balance.low))

        let tps = CostRange(low: slow.tokensPerSecond, mid: mid.tokensPerSecond, high: fast.tokensPerSecond)
        let ttft = CostRange(low: fast.ttft, mid: mid.ttft, high: slow.ttft)
        let tpot = CostRange(low: fast.tpot, mid: mid.tpot, high: slow.tpot)
        let step = CostRange(low: fast.step, mid: mid.step, high: slow.step)
        let allReduce = CostRange(low: fast.allReduce, mid: mid.allReduce, high: slow.allReduce)
        for (x, what) in [(tps, "tokens per second"), (ttft, "time to first token"), (tpot, "time per output token")] {
            try NonFiniteInput.check(x.low + x.mid + x.high, what, suspects: suspects)
            guard x.low > 0 else {
                let c = NonFiniteInput.culprit(suspects)!
                throw .invalidInput(field: c.field, reason: "\(c.value) makes the \(what) underflow to 0")
            }
        }

        if r.prefillEfficiency == nil || r.decodeBandwidthEfficiency == nil || r.stepOverheadSeconds == nil || r.allReduceLatencySeconds == nil
            || (ex != nil && r.expertEfficiency == nil) || (adp && r.attentionDataParallelBalance == nil) {
            sources.append(ServingDefaults.calibrationCitation)
        }
        assumptions.append("prefill at \(Format.general(pe.low))–\(Format.general(pe.mid))–\(Format.general(pe.high)) of the \(r.precision.rawValue) peak (\(Format.sig(peak)) FLOP/s per accelerator)\(r.prefillEfficiency == nil ? " (calibrated)" : " (given)"); FLOPs 2·active·tokens + 2·layers·\(Format.general(attnWidth))·tokens² for causal attention")
        if let e = ex {
            if r.expertEfficiency == nil { sources.append(ServingDefaults.groupedGemmCitation) }
            sources.append(ServingDefaults.distinctExpertsCitation)
            assumptions.append("mixture of experts: a decode step of \(Format.general(batch)) tokens reads the non-expert weights and, in each of \(e.moeLayers) MoE layers, the \(Format.general(e.distinctExperts(tokens: batch))) of \(e.routedExperts) routed experts its tokens touch (E·(1 − (1 − k/E)^tokens), k = \(e.expertsPerToken)); the experts' grouped GEMMs reach \(Format.general(xe.low))–\(Format.general(xe.mid))–\(Format.general(xe.high)) of the dense matmuls' FLOP efficiency\(r.expertEfficiency == nil ? " (calibrated)" : " (given)")")
            if e.attentionDataParallel {
                if r.attentionDataParallelBalance == nil { sources.append(ServingDefaults.attentionDataParallelBalanceCitation) }
                assumptions.append("attention data parallel ranks take requests round-robin, so some prefill while others decode and each step lasts as long as the busiest rank: \(Format.general(balance.low))–\(Format.general(balance.mid))–\(Format.general(balance.high)) of a balanced step's throughput\(r.attentionDataParallelBalance == nil ? " (TensorRT-LLM measured 0.649 with round-robin placement)" : " (given)")")
            }
        }
        assumptions.append("decode reads \(ex == nil ? "weights (at most \(Format.general(batch)) × active bytes)" : "those weights") and the KV cache at context + output/2 at \(Format.general(de.low))–\(Format.general(de.mid))–\(Format.general(de.high)) of peak bandwidth\(r.decodeBandwidthEfficiency == nil ? " (calibrated)" : " (given)"); matmul and attention kernels run one after the other")
        assumptions.append("fixed \(Format.sig(oh.low))–\(Format.sig(oh.mid))–\(Format.sig(oh.high)) s per step\(r.stepOverheadSeconds == nil ? " (calibrated)" : " (given)")\(tp > 1 ? " and \(Format.sig(lat.low))–\(Format.sig(lat.mid))–\(Format.sig(lat.high)) s per all-reduce" + (r.allReduceLatencySeconds == nil ? " (calibrated)" : " (given)") : "")")
        assumptions.append("continuous batching: each request's output waits once for every other request's prompt; the time to first token adds an M/D/1 queue of prompts\(waiting > 0 ? " and \(Format.general(waiting)) request lifetimes waiting for a slot" : "")")
        return ServingEstimate(
            tensorParallel: tp, batch: batch, maxBatchByMemory: maxByMemory,
            tokensPerSecond: tps, tokensPerSecondPerGPU: tps * (1 / tpD),
            timeToFirstTokenSeconds: ttft, timePerOutputTokenSeconds: tpot,
            decodeStepSeconds: step, allReduceSecondsPerStep: allReduce,
            assumptions: assumptions, sources: sources)
    }

    /// The largest tensor-parallel group the model answers for.
    public static let maxTensorParallel = 1024

    static func checkOrdered(_ x: CostRange, field: String, fraction: Bool) throws(DomainError) {
        for (v, f) in [(x.low, "low"), (x.mid, "mid"), (x.high, "high")] {
            if fraction { try Check.unitFraction(v, field: "\(field).\(f)") } else { try Check.nonNegative(v, field: "\(field).\(f)", what: "number of seconds") }
        }
        guard x.low <= x.mid, x.mid <= x.high else {
            throw .invalidInput(field: field, reason: "expected low ≤ mid ≤ high, got \(x.low), \(x.mid), \(x.high)")
        }
        if !fraction, x.high > 1 {
            throw .invalidInput(field: "\(field).high", reason: "expected at most 1 second, got \(x.high)")
        }
    }
}
