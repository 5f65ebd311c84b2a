import JSON
import ScalingCore

/// Wire shape of a `scaling/planExperiments` result.
enum PlanEncoding {
    /// {truth, low, mid, high}: the prior's value and the 10th/50th/90th percentiles over simulated fits.
    static func spread(_ s: PlanSpread) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("truth", s.truth)
        try o.set("low", s.low)
        try o.set("mid", s.mid)
        try o.set("high", s.high)
        try o.set("widthFactor", s.widthFactor)
        return o
    }

    static func design(_ d: DesignPlan) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("kind", d.kind.rawValue)
        o.set("label", d.label)
        let runs = JSON.array()
        for r in d.runs {
            let e = JSON.object()
            try e.set("params", r.params)
            try e.set("tokens", r.tokens)
            try e.set("flops", r.flops)
            try e.set("usd", r.usd)
            runs.append(e)
        }
        o.set("runs", runs)
        try o.set("flops", d.flops)
        try o.set("usd", d.usd)
        try o.set("budgetShare", d.budgetShare)
        o.set("distinctSizes", d.distinctSizes)
        try o.set("sizeSpan", d.sizeSpan)
        o.set("nStar", try d.nStar.map(spread) ?? .null())
        o.set("dStar", try d.dStar.map(spread) ?? .null())
        o.set("lossAtTarget", try d.lossAtTarget.map(spread) ?? .null())
        o.set("nStarErrorFactor80", try d.nStarErrorFactor80.map { i throws(JSONEncodingError) in try DomainJSON.interval(low: i.low, high: i.high) } ?? .null())
        try o.set("bootstrapCoverage80", d.bootstrapCoverage80)
        try o.set("identifiedProbability", d.identifiedProbability)
        try o.set("lossWithin4Percent", d.lossWithin4Percent)
        try o.set("lossWithin20Percent", d.lossWithin20Percent)
        o.set("repeats", d.repeats)
        o.set("failedFits", d.failedFits)
        try o.set("linearizedSDLogNStar", d.linearizedSDLogNStar.isFinite ? d.linearizedSDLogNStar : nil)
        let curve = JSON.array()
        for p in d.curve {
            let e = JSON.object()
            try e.set("budgetMultiple", p.budgetMultiple)
            try e.set("budgetFlops", p.budgetFlops)
            try e.set("linearizedSDLogNStar", p.linearizedSDLogNStar)
            try e.set("predictedWidthFactor", p.predictedWidthFactor)
            try e.set("simulatedWidthFactor", p.simulatedWidthFactor)
            curve.append(e)
        }
        o.set("curve", curve)
        o.set("infeasible", d.infeasible)
        return o
    }

    static func result(_ r: PlanResult) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("targetFlops", r.targetFlops)
        try o.set("budgetFlops", r.budgetFlops)
        try o.set("usdPerFlop", r.usdPerFlop)
        o.set("prior", try DomainJSON.parameters(.chinchilla(r.prior)))
        try o.set("noise", r.noise)
        o.set("noiseSource", r.noiseSource)
        let designs = JSON.array()
        for d in r.designs { designs.append(try design(d)) }
        o.set("designs", designs)
        o.set("recommended", r.designs[r.recommended].kind.rawValue)
        o.set("recommendedIndex", r.recommended)
        o.set("why", r.why)
        let rules = JSON.array()
        for c in r.rules {
            let e = JSON.object()
            e.set("rule", c.rule)
            e.set("following", c.following)
            e.set("breaking", c.breaking)
            try e.set("followingWidthFactor", c.followingWidth)
            try e.set("breakingWidthFactor", c.breakingWidth)
            if let h = c.holds { e.set("holds", h) } else { e.set("holds", JSON.null()) }
            e.set("verdict", c.verdict)
            let points = JSON.array()
            for b in c.byBudget {
                let q = JSON.object()
                try q.set("budgetMultiple", b.budgetMultiple)
                try q.set("followingSD", b.followingSD)
                try q.set("breakingSD", b.breakingSD)
                if let h = b.holds { q.set("holds", h) } else { q.set("holds", JSON.null()) }
                points.append(q)
            }
            e.set("byBudget", points)
            rules.append(e)
        }
        o.set("rules", rules)
        o.set("repeats", r.repeats)
        o.set("bootstrap", r.bootstrap)
        o.set("seed", Int(truncatingIfNeeded: r.seed))
        o.set("identificationRule", r.identificationRule)
        o.set("method", r.method)
        try o.set("elapsed", r.elapsed)
        o.set("sources", DomainJSON.citations(PlanResult.sources))
        return o
    }
}
