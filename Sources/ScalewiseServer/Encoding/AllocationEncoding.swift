import JSON
import ScalingCore

/// Wire shapes of allocations: constrained extras and inference-aware sizing.
enum AllocationEncoding {
    static func constraints(_ c: AllocationConstraints) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("maxTokens", c.maxTokens)
        try o.set("maxParams", c.maxParams)
        try o.set("tokensPerParam", c.tokensPerParam)
        return o
    }

    /// The existing allocation shape, plus what constraints did when any were given.
    static func allocation(_ a: Allocation, law: ScalingLaw, constraints c: AllocationConstraints) throws(JSONEncodingError) -> JSON {
        let o = try DomainJSON.allocation(a, law: law)
        guard !c.isEmpty else { return o }
        o.set("constraints", try constraints(c))
        o.set("bindingConstraints", strings: a.bindingConstraints.map(\.rawValue))
        try o.set("uniqueTokens", a.uniqueTokens)
        try o.set("epochs", a.epochs)
        try o.set("effectiveTokens", a.effectiveTokens)
        try o.set("effectiveParams", a.effectiveParams)
        try o.set("unconstrainedLoss", a.unconstrainedLoss)
        try o.set("unconstrainedFlops", a.unconstrainedFlops)
        if c.maxTokens != nil {
            o.set("sources", try ConstantJSON.shared.sources(law, .computeCostDataConstrained))
        }
        return o
    }

    static func lifetime(_ l: LifetimeCost) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("params", l.params)
        try o.set("tokens", l.tokens)
        try o.set("loss", l.loss)
        try o.set("trainingFlops", l.trainingFlops)
        try o.set("inferenceFlops", l.inferenceFlops)
        try o.set("totalFlops", l.totalFlops)
        return o
    }

    static func inferenceOptimal(_ a: InferenceAwareAllocation, law: ScalingLaw) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("params", a.params)
        try o.set("tokens", a.tokens)
        try o.set("loss", a.loss)
        try o.set("tokensPerParam", a.tokensPerParam)
        try o.set("inferenceTokens", a.inferenceTokens)
        try o.set("trainingFlops", a.trainingFlops)
        try o.set("inferenceFlops", a.inferenceFlops)
        try o.set("totalFlops", a.totalFlops)
        o.set("chinchillaOptimal", try lifetime(a.chinchillaOptimal))
        try o.set("savings", a.savings)
        try o.set("flopsSaved", a.chinchillaOptimal.totalFlops - a.totalFlops)
        o.set("method", a.method)
        o.set("law", try ConstantJSON.shared.lawSummary(law))
        o.set("assumptions", strings: a.assumptions)
        o.set("sources", try ConstantJSON.shared.sources(law, .computeCostInference))
        return o
    }
}
