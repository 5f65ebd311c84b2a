import JSON
import ScalingCore

/// Domain → wire for the cost methods: camelCase fields of the domain structs, ranges as
/// `{low, mid, high}`, every result with `assumptions` and `sources`.
enum CostJSON {

    static func set(_ o: JSON, _ key: String, _ r: CostRange?) throws(JSONEncodingError) {
        if let r { o.set(key, try DomainJSON.range(r)) }
    }

    /// Which row the answer used: `{id, name, origin}`.
    static func hardwareRef(_ a: Accelerator) -> JSON {
        let o = JSON.object()
        o.set("id", a.id)
        o.set("name", a.name)
        o.set("origin", a.origin)
        return o
    }

    /// Sources without repeats, in first-seen order.
    static func sources(_ cs: [Citation]) -> JSON {
        DomainJSON.citations(cs.withoutRepeats)
    }

    static func training(_ r: TrainingCostResult, request: TrainingCostRequest) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("flops", r.flops)
        o.set("flopsMethod", r.flopsMethod)
        if let b = r.flopBreakdown {
            let x = JSON.object()
            try x.set("qkv", b.qkv)
            try x.set("attentionScores", b.attentionScores)
            try x.set("attentionOverValues", b.attentionOverValues)
            try x.set("outputProjection", b.outputProjection)
            try x.set("ffn", b.ffn)
            try x.set("embedding", b.embedding)
            try x.set("total", b.total)
            o.set("flopsPerTokenBreakdown", x)
        }
        try o.set("gpuHours", r.gpuHours)
        try o.set("wallClockDays", r.wallClockDays)
        o.set("gpus", request.gpus)
        try o.set("mfu", r.mfu)
        o.set("precision", request.precision.rawValue)
        try o.set("peakFlopsPerSecond", r.peakFlopsPerSecond)
        try set(o, "usd", r.usd)
        try o.set("energyKwh", r.energyKwh)
        try o.set("pue", r.pue)
        try set(o, "gpuHoursRange", r.gpuHoursRange)
        try set(o, "wallClockDaysRange", r.wallClockDaysRange)
        try set(o, "mfuRange", r.mfuRange)
        o.set("mfuBasis", r.mfuBasis)
        if let b = r.utilizationBand { o.set("utilizationBand", b) }
        try set(o, "goodput", r.goodput)
        try set(o, "pueRange", r.pueRange)
        try set(o, "energyKwhRange", r.energyKwhRange)
        try set(o, "co2Kg", r.co2Kg)
        try o.set("carbonIntensity", r.carbonIntensity)
        o.set("pricing", r.pricing.rawValue)
        o.set("hardware", hardwareRef(request.hardware))
        o.set("assumptions", strings: r.assumptions)
        o.set("sources", sources(r.sources))
        return o
    }

    static func inference(_ r: InferenceCostResult, request: InferenceCostRequest) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("pricing", request.pricing.rawValue)
        try o.set("weightBytes", r.weightBytes)
        try o.set("kvCacheBytesPerToken", r.kvCacheBytesPerToken)
        try o.set("kvCacheBytesPerSequence", r.kvCacheBytesPerSequence)
        o.set("gpusPerReplica", r.gpusPerReplica)
        o.set("batch", r.batch)
        o.set("maxBatchByMemory", r.maxBatchByMemory)
        try o.set("criticalBatch", r.criticalBatch)
        o.set("decodeRegime", r.decodeRegime)
        try o.set("prefillTokensPerSecond", r.prefillTokensPerSecond)
        try o.set("decodeStepSeconds", r.decodeStepSeconds)
        try o.set("decodeTokensPerSecond", r.decodeTokensPerSecond)
        try o.set("gpuSecondsPerRequest", r.gpuSecondsPerRequest)
        let g = JSON.object()
        g.set("memory", r.gpusNeeded.memory)
        if let t = r.gpusNeeded.throughput { g.set("throughput", t) }
        g.set("total", r.gpusNeeded.total)
        o.set("gpusNeeded", g)
        try set(o, "usdPerMillionTokens", r.usdPerMillionTokens)
        try set(o, "usdPerMonth", r.usdPerMonth)
        let apis = JSON.array()
        for a in r.apiComparison {
            let x = JSON.object()
            x.set("id", a.id)
            x.set("model", a.model)
            x.set("date", a.date)
            try x.set("usdPerMillionTokens", a.usdPerMillionTokens)
            try set(x, "selfHostedRatio", a.selfHostedRatio)
            x.set("source", DomainJSON.citation(a.source))
            apis.append(x)
        }
        o.set("apiComparison", apis)
        if let s = r.serving { o.set("serving", try serving(s)) }
        o.set("precision", request.precision.rawValue)
        o.set("hardware", hardwareRef(request.hardware))
        o.set("assumptions", strings: r.assumptions)
        o.set("sources", sources(r.sources))
        return o
    }

    /// `serving`: one replica's tensor parallel, batch and {low, mid, high} throughput and latencies.
    static func serving(_ s: ServingEstimate) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("tensorParallel", s.tensorParallel)
        try o.set("batch", s.batch)
        try o.set("maxBatchByMemory", s.maxBatchByMemory)
        o.set("tokensPerSecond", try DomainJSON.range(s.tokensPerSecond))
        o.set("tokensPerSecondPerGPU", try DomainJSON.range(s.tokensPerSecondPerGPU))
        o.set("timeToFirstTokenSeconds", try DomainJSON.range(s.timeToFirstTokenSeconds))
        o.set("timePerOutputTokenSeconds", try DomainJSON.range(s.timePerOutputTokenSeconds))
        o.set("decodeStepSeconds", try DomainJSON.range(s.decodeStepSeconds))
        o.set("allReduceSecondsPerStep", try DomainJSON.range(s.allReduceSecondsPerStep))
        o.set("assumptions", strings: s.assumptions)
        o.set("sources", sources(s.sources))
        return o
    }

    static func tcoComponents(_ o: JSON, training: CostRange, inference: CostRange, infrastructure: CostRange,
                              operations: CostRange, people: CostRange, total: CostRange) throws(JSONEncodingError) {
        o.set("training", try DomainJSON.range(training))
        o.set("inference", try DomainJSON.range(inference))
        o.set("infrastructure", try DomainJSON.range(infrastructure))
        o.set("operations", try DomainJSON.range(operations))
        o.set("people", try DomainJSON.range(people))
        o.set("total", try DomainJSON.range(total))
    }

    static func tco(_ r: TCOResult) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        let options = JSON.array()
        for opt in r.options {
            let x = JSON.object()
            x.set("name", opt.name)
            x.set("kind", opt.kind.rawValue)
            let months = JSON.array()
            for m in opt.months {
                let row = JSON.object()
                row.set("month", m.month)
                try row.set("tokens", m.tokens)
                if let a = m.accelerators { row.set("accelerators", a) }
                try tcoComponents(row, training: m.training, inference: m.inference, infrastructure: m.infrastructure,
                                  operations: m.operations, people: m.people, total: m.total)
                row.set("cumulative", try DomainJSON.range(m.cumulative))
                months.append(row)
            }
            x.set("months", months)
            let t = JSON.object()
            let tt = opt.totals
            try tcoComponents(t, training: tt.training, inference: tt.inference, infrastructure: tt.infrastructure,
                              operations: tt.operations, people: tt.people, total: tt.total)
            x.set("totals", t)
            options.append(x)
        }
        o.set("options", options)
        let be = JSON.array()
        for b in r.breakEven {
            let x = JSON.object()
            x.set("cheaper", b.cheaper)
            x.set("other", b.other)
            if let m = b.month { x.set("month", m) } else { x.set("month", JSON.null()) }
            be.append(x)
        }
        o.set("breakEven", be)
        let cross = JSON.array()
        for c in r.selfHostingOvertakesApi {
            let x = JSON.object()
            x.set("selfHosted", c.selfHosted)
            x.set("api", c.api)
            let t = JSON.object()
            for (k, v) in [("low", c.low), ("mid", c.mid), ("high", c.high)] {
                if let v { try t.set(k, v) } else { t.set(k, JSON.null()) }
            }
            x.set("tokensPerMonth", t)
            cross.append(x)
        }
        o.set("selfHostingOvertakesApi", cross)
        o.set("assumptions", strings: r.assumptions)
        o.set("sources", sources(r.sources))
        return o
    }

    static func overtrain(_ r: OvertrainResult, request: OvertrainRequest) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("extraTrainingFlops", r.extraTrainingFlops)
        o.set("extraTrainingUsd", try DomainJSON.range(r.extraTrainingUsd))
        try o.set("inferenceFlopsSavedPerDay", r.inferenceFlopsSavedPerDay)
        o.set("inferenceSavingUsdPerDay", try DomainJSON.range(r.inferenceSavingUsdPerDay))
        if let d = r.breakEvenDays { o.set("breakEvenDays", try DomainJSON.range(d)) } else { o.set("breakEvenDays", JSON.null()) }
        o.set("hardware", hardwareRef(request.hardware))
        o.set("assumptions", strings: r.assumptions)
        o.set("sources", sources(r.sources))
        return o
    }
}

extension CostJSON {
    /// A published run beside the `cost/training` estimate for it (models/get `reportedRuns`).
    static func reportedRun(_ c: ReportedRunComparison) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("id", c.run.id)
        o.set("accelerator", c.run.accelerator)
        if let n = c.run.acceleratorCount { o.set("acceleratorCount", n) }
        try o.set("tokens", c.run.tokens)
        try o.set("reportedHours", c.run.reportedHours)
        o.set("hoursBasis", c.run.hoursBasis)
        o.set("estimatedHours", try DomainJSON.range(c.estimate.gpuHoursRange))
        try o.set("ratio", c.ratio)
        o.set("inside", c.inside)
        try o.set("energyKwh", c.run.energyKwh)
        try o.set("co2Tonnes", c.run.co2Tonnes)
        o.set("sources", DomainJSON.citations(c.run.sources))
        return o
    }
}
