import JSON
import ScalingCore

/// Wire shapes of domain values. Handlers are the only place that knows both.
enum DomainJSON {
    static func citation(_ c: Citation) -> JSON {
        let o = JSON.object()
        o.set("title", c.title)
        o.set("detail", c.detail)
        o.set("url", c.url)
        return o
    }

    /// `{low, mid, high}`: costs, prices, quality, any quantity that rests on ranged inputs.
    static func range(_ r: CostRange) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("low", r.low)
        try o.set("mid", r.mid)
        try o.set("high", r.high)
        return o
    }

    /// `{low, high}`: an interval with no central estimate (bootstrap percentiles).
    static func interval(low: Double, high: Double) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("low", low)
        try o.set("high", high)
        return o
    }

    static func citations(_ cs: [Citation]) -> JSON {
        let a = JSON.array()
        for c in cs { a.append(citation(c)) }
        return a
    }

    static func parameters(_ form: LawForm) throws(JSONEncodingError) -> JSON {
        let p = JSON.object()
        switch form {
        case .chinchilla(let f):
            try p.set("E", f.E); try p.set("A", f.A); try p.set("B", f.B)
            try p.set("alpha", f.alpha); try p.set("beta", f.beta)
        case .kaplan(let f):
            try p.set("Nc", f.Nc); try p.set("Dc", f.Dc)
            try p.set("alphaN", f.alphaN); try p.set("alphaD", f.alphaD)
        }
        return p
    }

    /// `{id, title, form, parameters}`: enough to reproduce every number from the law.
    static func lawSummary(_ law: ScalingLaw) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("id", law.id)
        o.set("title", law.title)
        o.set("form", law.form.name)
        o.set("parameters", try parameters(law.form))
        return o
    }

    static func law(_ law: ScalingLaw) throws(JSONEncodingError) -> JSON {
        let o = try lawSummary(law)
        if case .chinchilla(let f) = law.form {
            let e = JSON.object()
            try e.set("params", f.paramsExponent)
            try e.set("tokens", f.tokensExponent)
            o.set("allocationExponents", e)
        }
        o.set("sources", citations(law.sources))
        o.set("notes", strings: law.notes)
        return o
    }

    static func allocation(_ a: Allocation, law: ScalingLaw) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("params", a.params)
        try o.set("tokens", a.tokens)
        try o.set("flops", a.flops)
        try o.set("loss", a.loss)
        try o.set("tokensPerParam", a.tokensPerParam)
        o.set("method", a.method)
        o.set("law", try ConstantJSON.shared.lawSummary(law))
        o.set("assumptions", strings: a.assumptions)
        o.set("sources", try ConstantJSON.shared.sources(law, .computeCost))
        if case .kaplan = law.form {
            let t5 = JSON.object()
            try t5.set("params", KaplanTable5.params(flops: a.flops))
            try t5.set("tokens", KaplanTable5.tokens(flops: a.flops))
            t5.set("note", "Kaplan et al. 2020 Table 5: N_opt = 1.3e9·C^0.73, D_opt = 2e10·C^0.27 (C in PF-days); not on the line C = 6ND")
            o.set("kaplanTable5", t5)
        }
        return o
    }
}


extension DomainJSON {
    /// Adds the printed-Chinchilla warning (and its source) to an answer that used that law.
    static func caveat(_ result: JSON, law: ScalingLaw, flops: Double) {
        guard let warning = PrintedChinchilla.warning(law: law, flops: flops) else { return }
        let warnings = result["warnings"] ?? JSON.array()
        warnings.append(warning)
        result.set("warnings", warnings)
        // A new array: the answer's sources may be a shared constant (ConstantJSON).
        let sources = result["sources"]?.copy() ?? JSON.array()
        sources.append(citation(PrintedChinchilla.citation))
        result.set("sources", sources)
    }
}
