import Foundation

enum PlanValidation {
    /// Every error names the request field at fault.
    static func check(_ r: PlanRequest) throws(DomainError) {
        func positive(_ v: Double, _ field: String) throws(DomainError) {
            guard v.isFinite, v > 0 else { throw .invalidInput(field: field, reason: "must be a positive finite number, got \(v)") }
        }
        try positive(r.targetFlops, "targetFlops")
        switch r.budget {
        case .flops(let f): try positive(f, "budget.flops")
        case .usd(let usd, let price, let peak, let mfu):
            try positive(usd, "budget.usd")
            try positive(price, "budget.pricePerHour")
            try positive(peak, "budget.peakFlopsPerSecond")
            guard mfu.isFinite, mfu > 0, mfu <= 1 else { throw .invalidInput(field: "budget.mfu", reason: "must be in (0, 1], got \(mfu)") }
            guard r.budget.flops.isFinite else { throw .invalidInput(field: "budget.usd", reason: "buys more FLOPs than a double holds") }
        }
        guard r.budget.flops < r.targetFlops else {
            throw .invalidInput(field: "budget", reason: "the budget (\(r.budget.flops) FLOPs) is not smaller than targetFlops (\(r.targetFlops)): train the target directly")
        }
        try r.prior.validate(prefix: "prior.")
        if let n = r.noise { try positive(n, "noise") }
        let c = r.constraints
        for (name, v) in [("minParams", c.minParams), ("maxParams", c.maxParams), ("minTokens", c.minTokens), ("maxTokens", c.maxTokens),
                          ("minRunFlops", c.minRunFlops), ("minTokensPerParam", c.minTokensPerParam), ("maxTokensPerParam", c.maxTokensPerParam)] {
            if let v { try positive(v, "constraints." + name) }
        }
        for (lo, hi, name) in [(c.minParams, c.maxParams, "maxParams"), (c.minTokens, c.maxTokens, "maxTokens"),
                               (c.minTokensPerParam, c.maxTokensPerParam, "maxTokensPerParam")] {
            if let lo, let hi, hi < lo { throw .invalidInput(field: "constraints." + name, reason: "is below its minimum (\(hi) < \(lo))") }
        }
        if let m = c.maxRuns, m < 5 {
            throw .invalidInput(field: "constraints.maxRuns", reason: "the Chinchilla form has 5 constants and needs at least 5 runs, got \(m)")
        }
        guard !r.designs.isEmpty else { throw .invalidInput(field: "designs", reason: "name at least one design") }
        for (i, d) in r.designs.enumerated() {
            if d.kind == .custom {
                guard d.runs.count >= 5 else { throw .invalidInput(field: "designs[\(i)].runs", reason: "a custom design needs at least 5 runs, got \(d.runs.count)") }
                for (j, run) in d.runs.enumerated() {
                    try positive(run.params, "designs[\(i)].runs[\(j)].params")
                    try positive(run.tokens, "designs[\(i)].runs[\(j)].tokens")
                }
            } else if !d.runs.isEmpty {
                throw .invalidInput(field: "designs[\(i)].runs", reason: "only a custom design takes runs; \(d.kind.rawValue) builds its own")
            }
        }
        let o = r.options
        guard (10...100_000).contains(o.repeats) else { throw .invalidInput(field: "options.repeats", reason: "must be between 10 and 100000, got \(o.repeats)") }
        guard (0...10_000).contains(o.bootstrap) else { throw .invalidInput(field: "options.bootstrap", reason: "must be between 0 and 10000, got \(o.bootstrap)") }
        guard (0...100_000).contains(o.curveRepeats) else { throw .invalidInput(field: "options.curveRepeats", reason: "must be between 0 and 100000, got \(o.curveRepeats)") }
        guard (0...100_000).contains(o.ruleRepeats) else { throw .invalidInput(field: "options.ruleRepeats", reason: "must be between 0 and 100000, got \(o.ruleRepeats)") }
        for (i, m) in o.curveBudgets.enumerated() { try positive(m, "options.curveBudgets[\(i)]") }
        if let g = o.grid { _ = try FitGrid.resolve(g, form: .chinchilla, maxStarts: 100_000) }
    }
}
