import Foundation

/// What serving a model costs: `cost/inference`. Roofline model after the jax-ml scaling-book.
public struct InferenceCostRequest: Sendable, Equatable {
    public var params: Double
    /// Layers, KV heads and head dimension: the KV cache depends on them, not on N.
    public var architecture: KVCacheShape
    public var hardware: Accelerator
    /// Weight precision; compute runs at this precision's peak (int4: weight-only, bf16 compute).
    public var precision: Precision
    /// Bytes per KV-cache element; default 2 (bf16 cache).
    public var kvCacheBytesPerElement: Double?
    /// Prompt tokens and generated tokens per request.
    public var contextTokens: Double
    public var outputTokens: Double
    /// Sequences decoded together. Default: the critical batch, capped by memory.
    public var batch: Int?
    /// Largest acceptable decode step, seconds per output token per sequence.
    public var latencyTargetSecondsPerToken: Double?
    /// Input + output tokens served per month, for GPU count and monthly cost.
    public var tokensPerMonth: Double?
    /// Prefill utilisation in (0, 1]; default `CostDefaults.mfu`.
    public var mfu: Double?
    public var pricePerHour: FractionRange?
    public var memoryUtilization: Double?
    /// How accelerator time is bought (a discount off the hourly price); default on-demand.
    public var pricing: PricingPlan = .onDemand
    /// Parameters one token passes through (a mixture of experts: the active ones); FLOPs use
    /// these, weight bytes use `params` (the total). nil = `params` (dense).
    public var activeParams: Double?
    /// Hidden size; given, the answer adds `serving` (tensor parallel, prefill and decode as ranges).
    public var hidden: Double?
    /// Query heads × head dimension for attention FLOPs in `serving`; nil = `hidden`.
    public var attentionWidth: Double?
    /// Accelerators per replica for `serving`; nil = the least power of two that fits.
    public var tensorParallel: Int?
    /// A mixture of experts' routed experts for `serving` (distinct experts per step, expert GEMMs,
    /// attention data parallelism); nil = every token reads every active parameter.
    public var experts: ServingExperts?
    /// The tensor-parallel link for `serving` (data/serving-links.json row of the accelerator).
    public var link: ServingLink?
    /// API list prices to compare against (the server passes data/api-prices.json rows).
    public var apiPrices: [ApiPrice]

    public init(params: Double, architecture: KVCacheShape, hardware: Accelerator, precision: Precision = .bf16,
                kvCacheBytesPerElement: Double? = nil, contextTokens: Double, outputTokens: Double, batch: Int? = nil,
                latencyTargetSecondsPerToken: Double? = nil, tokensPerMonth: Double? = nil, mfu: Double? = nil,
                pricePerHour: FractionRange? = nil, memoryUtilization: Double? = nil, apiPrices: [ApiPrice] = []) {
        self.params = params
        self.architecture = architecture
        self.hardware = hardware
        self.precision = precision
        self.kvCacheBytesPerElement = kvCacheBytesPerElement
        self.contextTokens = contextTokens
        self.outputTokens = outputTokens
        self.batch = batch
        self.latencyTargetSecondsPerToken = latencyTargetSecondsPerToken
        self.tokensPerMonth = tokensPerMonth
        self.mfu = mfu
        self.pricePerHour = pricePerHour
        self.memoryUtilization = memoryUtilization
        self.apiPrices = apiPrices
    }

    /// The serving question for this request: weights from `params`, FLOPs from `activeParams`,
    /// the KV cache from `architecture`, requests in flight from `batch`.
    public func servingRequest(hidden: Double) -> ServingRequest {
        let bpp = precision.bytesPerParameter
        return ServingRequest(
            weightBytes: params * bpp, activeParams: activeParams ?? params, bytesPerParameter: bpp,
            kvBytesPerToken: architecture.bytesPerToken(bytesPerElement: kvCacheBytesPerElement ?? 2),
            layers: architecture.layers, hidden: hidden, attentionWidth: attentionWidth, hardware: hardware,
            precision: precision, inputTokens: contextTokens, outputTokens: outputTokens,
            concurrency: batch.map(Double.init), tensorParallel: tensorParallel,
            memoryUtilization: memoryUtilization, link: link, experts: experts)
    }
}

public struct InferenceCostResult: Sendable, Equatable {
    public var weightBytes: Double
    public var kvCacheBytesPerToken: Double
    /// KV cache of one full sequence (context + output tokens).
    public var kvCacheBytesPerSequence: Double
    /// Accelerators one model replica spans (memory: weights + the batch's KV cache).
    public var gpusPerReplica: Int
    public var batch: Int
    public var maxBatchByMemory: Int
    /// Batch where decode turns compute-bound: ≈ peak/bandwidth · bytesPerParam/2 without KV;
    /// nil when the KV cache read per sequence outweighs its compute, so decode never turns compute-bound.
    public var criticalBatch: Double?
    /// "memory-bound" or "compute-bound" at `batch`.
    public var decodeRegime: String
    public var prefillTokensPerSecond: Double
    public var decodeStepSeconds: Double
    /// Output tokens per second per accelerator at `batch`.
    public var decodeTokensPerSecond: Double
    public var gpuSecondsPerRequest: Double
    public var gpusNeeded: GPUsNeeded
    /// Blended over input + output tokens at full utilisation; nil without a price.
    public var usdPerMillionTokens: CostRange?
    /// Cost of the provisioned accelerators for `tokensPerMonth`.
    public var usdPerMonth: CostRange?
    public var apiComparison: [ApiComparison]
    /// Tensor-parallel serving with prefill and decode as ranges; present when `hidden` is given.
    public var serving: ServingEstimate?
    public var assumptions: [String]
    public var sources: [Citation]
}

public struct GPUsNeeded: Sendable, Equatable {
    public var memory: Int
    public var throughput: Int?
    public var total: Int
}

public struct ApiComparison: Sendable, Equatable {
    public var id: String
    public var model: String
    public var date: String
    /// Blended $/1M tokens for this request's input:output mix.
    public var usdPerMillionTokens: Double
    /// Self-hosted $/1M divided by the API's; < 1 means self-hosting is cheaper at full utilisation.
    public var selfHostedRatio: CostRange?
    public var source: Citation
}

public enum InferenceCost {
    /// Lower bounds on one decode step (seconds): memory = (batch·KV + weights)/bandwidth,
    /// compute = 2·batch·N/peak, across `gpus` accelerators sharing the work.
    public static func decodeStep(params: Double, weightBytes: Double, kvBytesPerSequence: Double, batch: Int,
                                  peak: Double, bandwidth: Double, gpus: Int = 1) -> (memory: Double, compute: Double) {
        let g = Double(gpus), b = Double(batch)
        return ((b * kvBytesPerSequence + weightBytes) / (bandwidth * g), 2 * b * params / (peak * g))
    }

    /// ServingModel names its own inputs; on the wire they are this request's fields.
    static func onTheWire(_ e: DomainError) -> DomainError {
        guard case .invalidInput(let field, let reason) = e else { return e }
        let names = ["weightBytes": "params", "kvBytesPerToken": "kvCacheBytesPerElement", "inputTokens": "contextTokens",
                     "concurrency": "batch", "layers": "architecture.layers", "bytesPerParameter": "precision"]
        return .invalidInput(field: names[field] ?? field, reason: reason)
    }

    /// Beyond these the answer means nothing; they keep every Int conversion in range.
    static let maxAcceleratorsPerReplica = 1e6
    static let maxBatch = 1e12

    public static func estimate(_ r: InferenceCostRequest) throws(DomainError) -> InferenceCostResult {
        try Check.positive(r.params, field: "params", what: "number of parameters")
        try r.architecture.validate()
        try Check.nonNegative(r.contextTokens, field: "contextTokens", what: "number of tokens")
        try Check.nonNegative(r.outputTokens, field: "outputTokens", what: "number of tokens")
        guard r.contextTokens + r.outputTokens > 0 else {
            throw .invalidInput(field: "outputTokens", reason: "a request needs at least one token")
        }
        if let b = r.batch { try Check.positive(b, field: "batch", what: "batch size") }
        if let t = r.latencyTargetSecondsPerToken { try Check.positive(t, field: "latencyTargetSecondsPerToken", what: "number of seconds") }
        if let t = r.tokensPerMonth { try Check.nonNegative(t, field: "tokensPerMonth", what: "number of tokens") }
        let mfu = r.mfu ?? CostDefaults.mfu
        try Check.unitFraction(mfu, field: "mfu")
        let util = r.memoryUtilization ?? CostDefaults.memoryUtilization
        try Check.unitFraction(util, field: "memoryUtilization")
        let kvElem = r.kvCacheBytesPerElement ?? 2
        try Check.positive(kvElem, field: "kvCacheBytesPerElement", what: "number of bytes")
        let active = r.activeParams ?? r.params
        try Check.positive(active, field: "activeParams", what: "number of parameters")
        guard active <= r.params else {
            throw .invalidInput(field: "activeParams", reason: "active parameters (\(Format.sig(active))) exceed the total (params \(Format.sig(r.params)))")
        }

        let hw = r.hardware
        let peak = try hw.peak(for: r.precision)
        let bw = hw.memoryBandwidthBytesPerSecond
        let weights = r.params * r.precision.bytesPerParameter
        let kvToken = r.architecture.bytesPerToken(bytesPerElement: kvElem)
        let seqTokens = r.contextTokens + r.outputTokens
        // Per attention kind; windowed layers hold at most their window.
        let kvSeq = r.architecture.bytesPerSequence(tokens: seqTokens, bytesPerElement: kvElem)
        // Average KV read per decode step: the context plus half the output on average.
        let kvAvg = r.architecture.bytesPerSequence(tokens: r.contextTokens + r.outputTokens / 2, bytesPerElement: kvElem)
        let usable = hw.memoryBytes * util
        // Hostile but finite inputs must end in an error that names them, never a trap.
        let suspects = [
            Suspect(field: "params", value: r.params, ordinary: 1e10),
            Suspect(field: "contextTokens", value: max(r.contextTokens, 1), ordinary: 1e3),
            Suspect(field: "outputTokens", value: max(r.outputTokens, 1), ordinary: 1e3),
            Suspect(field: "kvCacheBytesPerElement", value: kvElem, ordinary: 2),
            Suspect(field: "mfu", value: mfu, ordinary: CostDefaults.mfu),
            Suspect(field: "batch", value: Double(r.batch ?? 1), ordinary: 1e2),
            Suspect(field: "tokensPerMonth", value: r.tokensPerMonth ?? 1e9, ordinary: 1e9),
        ]
        try NonFiniteInput.check(weights, "weight bytes", suspects: [suspects[0]])
        try NonFiniteInput.check(kvSeq, "KV cache per sequence", suspects: Array(suspects[1...3]))
        var assumptions = [
            "weights \(Format.sig(weights)) bytes = \(Format.sig(r.params)) params × \(Format.general(r.precision.bytesPerParameter)) bytes (\(r.precision.rawValue))",
            r.architecture.formula(bytesPerElement: kvElem),
            "usable memory \(Format.general(util * 100)) % of \(Format.sig(hw.memoryBytes)) bytes per accelerator (vLLM's default gpu_memory_utilization)",
            "roofline lower bounds on time (upper bounds on throughput): prefill ≈ 2·N·tokens/(peak·MFU), attention FLOPs not counted; decode step = max((batch·KV + weights)/bandwidth, 2·batch·N/peak) with KV at context + output/2",
        ]
        if r.precision == .int4, hw.peakFlopsPerSecond[.int4] == nil {
            assumptions.append("int4 as weight-only quantisation: 0.5 bytes/param, matmuls at the bf16 peak")
        }
        var sources = [CostDefaults.rooflineCitation, CostDefaults.memoryUtilizationCitation]
        if r.mfu == nil { sources.append(CostDefaults.mfuCitation) }

        func replicaFor(batch b: Int) throws(DomainError) -> Int {
            let weightsOnly = weights / usable
            let m = ((weights + Double(b) * kvSeq) / usable).rounded(.up)
            // Memory depends on weights, tokens, KV bytes and the batch, not on MFU or traffic.
            let memory = suspects.filter { !["mfu", "tokensPerMonth"].contains($0.field) }
            let blame = weightsOnly > Self.maxAcceleratorsPerReplica ? [suspects[0]] : memory
            return max(1, try NonFiniteInput.int(m, "accelerators per replica", limit: Self.maxAcceleratorsPerReplica, suspects: blame))
        }
        // Batches beyond 1e12 sequences mean nothing; the cap keeps Int conversions in range.
        func maxBatch(_ m: Int) -> Int {
            guard kvSeq > 0 else { return Int(Self.maxBatch) }
            return Int(max(0, min(Self.maxBatch, ((Double(m) * usable - weights) / kvSeq).rounded(.down))))
        }
        func step(_ b: Int, _ m: Int) -> Double {
            let s = decodeStep(params: active, weightBytes: weights, kvBytesPerSequence: kvAvg, batch: b, peak: peak, bandwidth: bw, gpus: m)
            return max(s.memory, s.compute)
        }
        // Crossover of the two bounds: 2·B·N/peak = (B·kvAvg + W)/bw.
        let denominator = 2 * active / peak - kvAvg / bw
        let critical = denominator > 0 ? (weights / bw) / denominator : Double.infinity

        var m = try replicaFor(batch: r.batch ?? 1)
        var batch: Int
        if let b = r.batch {
            batch = b
            assumptions.append("batch \(b) (given)")
        } else {
            if let target = r.latencyTargetSecondsPerToken {
                while step(1, m) > target, m < 4096 { m *= 2 }
                guard step(1, m) <= target else {
                    throw .unanswerable("no replica of up to 4096 \(hw.id) reaches \(target) s per token for \(Format.sig(r.params)) params")
                }
            }
            let cap = critical.isFinite ? max(1, Int(min(Self.maxBatch, critical.rounded(.up)))) : maxBatch(m)
            batch = max(1, min(maxBatch(m), cap))
            if let target = r.latencyTargetSecondsPerToken {
                while batch > 1, step(batch, m) > target { batch -= 1 }
                assumptions.append("batch \(batch): the largest within memory, the critical batch and the latency target of \(Format.general(target)) s/token")
            } else {
                assumptions.append("batch \(batch): the critical batch (beyond it decode is compute-bound and throughput stops growing), capped by memory")
            }
        }
        m = max(m, try replicaFor(batch: batch))
        let maxB = maxBatch(m)
        let stepTime = step(batch, m)
        let bounds = decodeStep(params: active, weightBytes: weights, kvBytesPerSequence: kvAvg, batch: batch, peak: peak, bandwidth: bw, gpus: m)
        let prefillPerGPU = peak * mfu / (2 * active)
        if r.activeParams != nil {
            assumptions.append("FLOPs per token from \(Format.sig(active)) active parameters; weights from all \(Format.sig(r.params))")
        }
        let decodePerGPU = Double(batch) / stepTime / Double(m)
        let gpuSeconds = r.contextTokens / prefillPerGPU + r.outputTokens * stepTime * Double(m) / Double(batch)
        if m > 1 { assumptions.append("\(m) accelerators per replica (tensor parallel; communication not modelled)") }

        var throughputGPUs: Int?
        if let t = r.tokensPerMonth {
            let requestsPerSecond = t / seqTokens / (CostDefaults.hoursPerMonth * 3600)
            let replicas = max(1, try NonFiniteInput.int((requestsPerSecond * gpuSeconds / Double(m)).rounded(.up),
                                                         "replicas", limit: 1e9, suspects: suspects))
            throughputGPUs = replicas * m
            assumptions.append("\(Format.sig(t)) tokens/month served evenly over 730 hours; whole replicas")
        }
        let total = max(m, throughputGPUs ?? m)

        var price: CostRange?
        if let p = r.pricePerHour {
            try p.validate(field: "pricePerHour", max: 1e6, unit: "US dollars per hour")
            price = p.range
        } else if let p = hw.price {
            price = p.range
            sources.append(p.source)
            assumptions.append("price \(Format.general(p.low))–\(Format.general(p.high)) $/accelerator-hour from the \(hw.id) row (\(p.date)); mid = midpoint")
        } else {
            assumptions.append("no published price for \(hw.id): costs omitted; pass pricePerHour")
        }
        if let list = price, r.pricing != .onDemand {
            price = r.pricing.apply(to: list)
            assumptions.append(r.pricing.statement)
            sources += r.pricing.sources
        }
        let perMillion = price.map { $0 * (gpuSeconds / 3600 / seqTokens * 1e6) }
        let perMonth = price.flatMap { p in r.tokensPerMonth.map { _ in p * (Double(total) * CostDefaults.hoursPerMonth) } }
        let comparison = r.apiPrices.map { a -> ApiComparison in
            let blended = a.blendedUsdPerMillion(inputTokens: r.contextTokens, outputTokens: r.outputTokens)
            return ApiComparison(id: a.id, model: a.model, date: a.date, usdPerMillionTokens: blended,
                                 selfHostedRatio: blended > 0 ? perMillion.map { $0 * (1 / blended) } : nil, source: a.source)
        }
        try NonFiniteInput.check(stepTime, "decode step time", suspects: suspects)
        try NonFiniteInput.check(gpuSeconds, "GPU-seconds per request", suspects: suspects)
        try NonFiniteInput.check(perMillion.map { $0.low + $0.mid + $0.high } ?? 0, "cost per million tokens", suspects: suspects)
        var serving: ServingEstimate?
        if let hidden = r.hidden {
            do {
                serving = try ServingModel.estimate(r.servingRequest(hidden: hidden))
            } catch .invalidInput(field: "link", let reason) where r.tensorParallel == nil {
                // The roofline answer stands; only the tensor-parallel part lacks a published link.
                assumptions.append("serving ranges omitted: \(reason)")
            } catch {
                throw Self.onTheWire(error)
            }
        }
        return InferenceCostResult(
            weightBytes: weights, kvCacheBytesPerToken: kvToken, kvCacheBytesPerSequence: kvSeq, gpusPerReplica: m,
            batch: batch, maxBatchByMemory: maxB, criticalBatch: critical.isFinite ? critical : nil,
            decodeRegime: bounds.compute >= bounds.memory ? "compute-bound" : "memory-bound",
            prefillTokensPerSecond: prefillPerGPU, decodeStepSeconds: stepTime, decodeTokensPerSecond: decodePerGPU,
            gpuSecondsPerRequest: gpuSeconds,
            gpusNeeded: GPUsNeeded(memory: m, throughput: throughputGPUs, total: total),
            usdPerMillionTokens: perMillion, usdPerMonth: perMonth, apiComparison: comparison, serving: serving,
            assumptions: assumptions, sources: sources)
    }
}
