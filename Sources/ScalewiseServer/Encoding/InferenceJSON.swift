import JSON
import ScalingCore

/// Wire shape of inference/testTimeCompute.
enum InferenceJSON {
    static func priced(_ m: TestTimeModel, cost: Estimate) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("name", m.name)
        o.set("pricedBy", m.costPerRequestUsd != nil ? "costPerRequestUsd" : m.usdPerMillionTokens != nil ? "usdPerMillionTokens" : "params")
        try o.set("params", m.params)
        try o.set("usdPerMillionTokens", m.usdPerMillionTokens)
        o.set("costPerRequestUsd", try DomainJSON.range(cost))
        return o
    }

    static func testTime(_ r: TestTimeComputeResult, request: TestTimeComputeRequest, device: ResolvedDevice?,
                         notes: [String], sources: [Citation]) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("small", try priced(request.small, cost: r.smallCostPerRequest))
        o.set("large", try priced(request.large, cost: r.largeCostPerRequest))
        o.set("samples", r.samples)
        try o.set("tokensPerRequest", request.tokensPerRequest)
        o.set("sampledCostPerRequestUsd", try DomainJSON.range(r.sampledCostPerRequest))
        try o.set("expectedImprovement", r.expectedImprovement)
        let curve = JSON.object()
        curve.set("formula", SelfConsistencyCurve.formula)
        try curve.set("saturation", r.curve.saturation)
        try curve.set("rate", r.curve.rate)
        o.set("curve", curve)
        if request.targetImprovement != nil {
            try o.set("targetImprovement", request.targetImprovement)
            if let n = r.samplesForTarget { o.set("samplesForTarget", n) } else { o.set("samplesForTarget", JSON.null()) }
            if let c = r.sampledCostForTarget { o.set("sampledCostForTargetUsd", try DomainJSON.range(c)) }
            if let c = r.cheaperForTarget { o.set("cheaperForTarget", c) } else { o.set("cheaperForTarget", JSON.null()) }
        }
        if let device, let d = request.device {
            let dj = try device.json()
            try dj.set("mfu", d.mfu)
            o.set("device", dj)
        }
        o.set("reasons", strings: r.reasons)
        o.set("assumptions", strings: r.assumptions + (device.map { [$0.assumption + String(format: ", MFU %.2f", request.device?.mfu ?? 0)] } ?? []) + notes)
        o.set("sources", DomainJSON.citations(r.sources + sources))
        return o
    }
}
