import Foundation
import JSON
import ScalingCore

/// Wire shape of a `scaling/fit` result.
enum FitEncoding {
    static func interval(_ i: Interval) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("low", i.low)
        try o.set("high", i.high)
        return o
    }

    static func result(_ r: FitResult, law: ScalingLaw) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("lawId", law.id)
        o.set("law", try DomainJSON.lawSummary(law))
        o.set("form", r.form.rawValue)
        let parameters = JSON.object(), ci = JSON.object()
        for p in r.parameters {
            try parameters.set(p.name, p.value)
            if let c = p.ci95 { ci.set(p.name, try interval(c)) }
        }
        o.set("parameters", parameters)
        if r.bootstrapSamples > 0 { o.set("ci95", ci) }
        let exps = JSON.object()
        try exps.set("a", r.paramsExponent.value)
        try exps.set("b", r.tokensExponent.value)
        if let a = r.paramsExponent.ci95, let b = r.tokensExponent.ci95 {
            let e = JSON.object()
            e.set("a", try interval(a))
            e.set("b", try interval(b))
            exps.set("ci95", e)
        }
        o.set("exponents", exps)
        let residuals = JSON.array(), heldOut = JSON.array()
        for x in r.residuals {
            let e = JSON.object()
            e.set("index", x.index)
            e.set("name", x.name)
            e.set("role", x.role.rawValue)
            try e.set("loss", x.loss)
            try e.set("predicted", x.predicted)
            try e.set("logResidual", x.logResidual)
            try e.set("are", x.are)
            residuals.append(e)
            if x.role == .heldOut {
                let h = JSON.object()
                h.set("index", x.index)
                h.set("name", x.name)
                try h.set("are", x.are)
                heldOut.append(h)
            }
        }
        o.set("residuals", residuals)
        try o.set("objective", r.objective)
        try o.set("trainARE", r.trainARE)
        if let mean = r.heldOutARE {
            let h = JSON.object()
            h.set("perRun", heldOut)
            try h.set("mean", mean)
            o.set("heldOutARE", h)
        }
        let warnings = JSON.array()
        for w in r.warnings {
            let e = JSON.object()
            e.set("code", w.code)
            e.set("message", w.message)
            warnings.append(e)
        }
        o.set("warnings", warnings)
        o.set("converged", r.converged)
        o.set("startsTried", r.startsTried)
        o.set("startsAtBest", r.startsAtBest)
        o.set("bootstrapSamples", r.bootstrapSamples)
        o.set("trainingRuns", r.record.trainingRuns.count)
        o.set("heldOutRuns", r.record.heldOutRuns.count)
        try o.set("elapsedMs", r.elapsed * 1000)
        o.set("assumptions", strings: assumptions(r))
        o.set("sources", DomainJSON.citations(law.sources))
        return o
    }

    /// Throws what `result` would for a number JSON cannot carry (NaN, infinity), naming the
    /// same member, so a fit is checked before its law is stored.
    static func checkFinite(_ r: FitResult) throws(JSONEncodingError) {
        func check(_ x: Double?, _ key: String) throws(JSONEncodingError) {
            if let x, !x.isFinite { _ = try JSON.number(x, field: key) }
        }
        for p in r.parameters {
            try check(p.value, p.name)
            try check(p.ci95?.low, "low")
            try check(p.ci95?.high, "high")
        }
        for (e, key) in [(r.paramsExponent, "a"), (r.tokensExponent, "b")] {
            try check(e.value, key)
            try check(e.ci95?.low, "low")
            try check(e.ci95?.high, "high")
        }
        for x in r.residuals {
            try check(x.loss, "loss")
            try check(x.predicted, "predicted")
            try check(x.logResidual, "logResidual")
            try check(x.are, "are")
        }
        try check(r.objective, "objective")
        try check(r.trainARE, "trainARE")
        try check(r.heldOutARE, "mean")
        try check(r.elapsed * 1000, "elapsedMs")
    }

    static func assumptions(_ r: FitResult) -> [String] {
        let delta = r.record.huberDelta
        var notes: [String] = []
        switch r.form {
        case .chinchilla:
            notes.append("form L(N, D) = E + A/N^α + B/D^β, fitted as log L = LSE(a − α·log N, b − β·log D, e) with A = e^a, B = e^b, E = e^e (Hoffmann et al. 2022, Approach 3)")
        case .kaplan:
            notes.append("form L(N, D) = [(Nc/N)^(αN/αD) + Dc/D]^αD (Kaplan et al. 2020 eq. 1.5), fitted in (log Nc, log Dc, αN, αD)")
        }
        notes.append("objective: sum (not mean) over training runs of Huber_δ(log predicted − log loss), δ = \(delta) (Besiroglu et al. 2024)")
        notes.append("L-BFGS (NLopt) from \(r.startsTried) grid starts, the best distinct optima polished to 1e-15 relative; \(r.startsAtBest) starts ended within 0.1 % of the optimum")
        notes.append("\(r.record.trainingRuns.count) training runs, \(r.record.heldOutRuns.count) held out; ARE = |predicted − loss| / loss")
        notes.append("allocation exponents under C = 6·N·D: a = β/(α+β) for N_opt ∝ C^a, b = α/(α+β) for D_opt ∝ C^b")
        if r.bootstrapSamples > 0 {
            notes.append("95 % intervals: 2.5th and 97.5th percentiles over \(r.bootstrapSamples) bootstrap refits (runs resampled with replacement, seed \(r.record.seed), each warm-started at the full-data optimum)")
        } else {
            notes.append("no bootstrap (options.bootstrap = 0): no intervals on the constants or on predictions")
        }
        return notes
    }
}
