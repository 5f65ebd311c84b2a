import Foundation

/// Total cost of ownership over months for API, managed and self-hosted deployment options.
public enum TCO {
    public static func estimate(_ r: TCORequest) throws(DomainError) -> TCOResult {
        try Check.positive(r.months, field: "months", what: "number of months")
        guard r.months <= 600 else { throw .invalidInput(field: "months", reason: "at most 600 months (50 years), got \(r.months)") }
        try Check.nonNegative(r.tokensPerMonth, field: "tokensPerMonth", what: "number of tokens")
        guard r.growthPerMonth.isFinite, r.growthPerMonth > -1, r.growthPerMonth <= 10 else {
            throw .invalidInput(field: "growthPerMonth", reason: "expected a monthly growth fraction in (-1, 10] (0.05 = 5 %), got \(r.growthPerMonth)")
        }
        try Check.nonNegative(r.contextTokens, field: "contextTokens", what: "number of tokens")
        try Check.nonNegative(r.outputTokens, field: "outputTokens", what: "number of tokens")
        guard r.contextTokens + r.outputTokens > 0 else {
            throw .invalidInput(field: "outputTokens", reason: "a request needs at least one token")
        }
        guard r.priceDeclinePerYear.isFinite, r.priceDeclinePerYear >= 0, r.priceDeclinePerYear < 1 else {
            throw .invalidInput(field: "priceDeclinePerYear", reason: "expected a fraction in [0, 1), got \(r.priceDeclinePerYear)")
        }
        guard !r.options.isEmpty else { throw .invalidInput(field: "options", reason: "at least one deployment option is needed") }
        let infra = r.infrastructureOverhead ?? CostDefaults.infrastructureOverhead
        try infra.validate(field: "infrastructureOverhead")
        let ops = r.operationsOverhead ?? CostDefaults.operationsOverhead
        try ops.validate(field: "operationsOverhead")

        var assumptions = [
            "month 1 serves \(Format.sig(r.tokensPerMonth)) tokens, growing \(Format.general(r.growthPerMonth * 100)) % a month; requests of \(Format.general(r.contextTokens)) input + \(Format.general(r.outputTokens)) output tokens",
            "self-hosted compute carries infrastructure +\(Format.general(infra.low * 100))–\(Format.general(infra.high * 100)) % and operations +\(Format.general(ops.low * 100))–\(Format.general(ops.high * 100)) %; API and managed prices include them",
            "people: FTE × hourly rate × \(Format.general(CostDefaults.fteHoursPerMonth)) hours a month",
            "low, mid and high rows use low, mid and high inputs throughout; mid of a range is its midpoint",
        ]
        if r.priceDeclinePerYear > 0 {
            assumptions.append("per-token, per-hour and purchase prices fall \(Format.general(r.priceDeclinePerYear * 100)) % a year, compounded monthly")
        }
        var sources = [CostDefaults.ownershipCitation]

        var trainingCost = CostRange.zero
        switch r.training {
        case .amount(let a)?:
            try a.validate(field: "training.usd", max: 1e15, unit: "US dollars")
            trainingCost = a.range
        case .estimate(let t)?:
            let est = try prefixed("training") { () throws(DomainError) in try TrainingCost.estimate(t) }
            guard let usd = est.usd else {
                throw .invalidInput(field: "training.pricePerHour", reason: "the training estimate has no price for \(t.hardware.id)")
            }
            trainingCost = usd
            assumptions += est.assumptions.map { "training: \($0)" }
            sources += est.sources
        case nil: break
        }

        let seq = r.contextTokens + r.outputTokens
        var options: [TCOOption] = []
        var plans: [Plan] = []
        for (k, o) in r.options.enumerated() {
            let plan = try Plan(option: o, field: "options[\(k)]", request: r, sources: &sources, assumptions: &assumptions)
            plans.append(plan)
            let people = try peopleCost(o.people, field: "options[\(k)].people")
            let includesTraining = o.includesTraining ?? (o.kind != .api)
            var rows: [TCOMonth] = []
            var cumulative = CostRange.zero
            var fleet = Fleet()
            for i in 1...r.months {
                let tokens = r.tokensPerMonth * pow(1 + r.growthPerMonth, Double(i - 1))
                let decline = pow(1 - r.priceDeclinePerYear, Double(i - 1) / 12)
                var compute = CostRange.zero, infraCost = CostRange.zero, opsCost = CostRange.zero
                var accelerators: Int?
                switch plan.pricing {
                case .perMillion(let p):
                    compute = p * (tokens / 1e6 * decline)
                case .hourly(let h, let sizing):
                    let g = try sizing.accelerators(tokensPerMonth: tokens, sequenceTokens: seq)
                    accelerators = g
                    compute = h * (Double(g) * CostDefaults.hoursPerMonth * decline)
                case .owned(let own, let sizing):
                    let g = try sizing.accelerators(tokensPerMonth: tokens, sequenceTokens: seq)
                    accelerators = g
                    compute = fleet.monthCost(needed: g, price: own.price * decline, depreciation: own.depreciation)
                }
                if o.kind == .selfHosted {
                    infraCost = compute * infra.range
                    opsCost = compute * ops.range
                }
                let training = (i == 1 && includesTraining) ? trainingCost : .zero
                let total = training + compute + infraCost + opsCost + people
                cumulative = cumulative + total
                rows.append(TCOMonth(month: i, tokens: tokens, accelerators: accelerators, training: training,
                                     inference: compute, infrastructure: infraCost, operations: opsCost,
                                     people: people, total: total, cumulative: cumulative))
            }
            func sum(_ f: (TCOMonth) -> CostRange) -> CostRange { rows.reduce(.zero) { $0 + f($1) } }
            let totals = TCOTotals(training: sum(\.training), inference: sum(\.inference), infrastructure: sum(\.infrastructure),
                                   operations: sum(\.operations), people: sum(\.people), total: sum(\.total))
            try Check.finite(totals.total, "TCO of option '\(o.name)'")
            options.append(TCOOption(name: o.name, kind: o.kind, months: rows, totals: totals))
        }

        var breakEven: [BreakEven] = []
        for a in 0..<options.count {
            for b in (a + 1)..<max(a + 1, options.count) {
                breakEven.append(crossing(options[a], options[b]))
            }
        }
        var crossovers: [VolumeCrossover] = []
        for (s, sp) in plans.enumerated() where r.options[s].kind == .selfHosted {
            for (a, ap) in plans.enumerated() where r.options[a].kind == .api {
                crossovers.append(try volumeCrossover(selfHosted: sp, api: ap, names: (r.options[s].name, r.options[a].name),
                                                      peopleSelf: peopleCost(r.options[s].people, field: "options[\(s)].people"),
                                                      peopleApi: peopleCost(r.options[a].people, field: "options[\(a)].people"),
                                                      overhead: infra.range + ops.range, sequenceTokens: seq))
            }
        }
        return TCOResult(options: options, breakEven: breakEven, selfHostingOvertakesApi: crossovers,
                         assumptions: assumptions, sources: sources)
    }

    /// The course module's rule of thumb: days until cumulative inference spend exceeds the training cost.
    /// ($10M training, $0.01/request, 1e9 requests/day → 1 day.)
    public static func daysUntilInferenceExceedsTraining(trainingUsd: Double, usdPerRequest: Double,
                                                         requestsPerDay: Double) throws(DomainError) -> Double {
        try Check.nonNegative(trainingUsd, field: "trainingUsd", what: "amount in US dollars")
        try Check.positive(usdPerRequest, field: "usdPerRequest", what: "amount in US dollars")
        try Check.positive(requestsPerDay, field: "requestsPerDay", what: "number of requests")
        return trainingUsd / (usdPerRequest * requestsPerDay)
    }

    static func crossing(_ a: TCOOption, _ b: TCOOption) -> BreakEven {
        let first = a.months[0].cumulative.mid - b.months[0].cumulative.mid
        for (ra, rb) in zip(a.months, b.months).dropFirst() {
            let d = ra.cumulative.mid - rb.cumulative.mid
            if first > 0, d <= 0 { return BreakEven(cheaper: a.name, other: b.name, month: ra.month) }
            if first < 0, d >= 0 { return BreakEven(cheaper: b.name, other: a.name, month: ra.month) }
        }
        return first > 0 ? BreakEven(cheaper: a.name, other: b.name, month: nil)
                         : BreakEven(cheaper: b.name, other: a.name, month: nil)
    }

    static func peopleCost(_ staff: [Staffing], field: String) throws(DomainError) -> CostRange {
        var total = CostRange.zero
        for (i, s) in staff.enumerated() {
            try Check.nonNegative(s.fte, field: "\(field)[\(i)].fte", what: "number of full-time equivalents")
            guard let rate = s.usdPerHour ?? CostDefaults.roleRates[s.role] else {
                throw .invalidInput(field: "\(field)[\(i)].usdPerHour", reason: "no default rate for role '\(s.role)'; known roles: \(CostDefaults.roleRates.keys.sorted().joined(separator: ", ")); or give usdPerHour")
            }
            try rate.validate(field: "\(field)[\(i)].usdPerHour", max: 1e5, unit: "US dollars per hour")
            total = total + rate.range * (s.fte * CostDefaults.fteHoursPerMonth)
        }
        return total
    }

    static func volumeCrossover(selfHosted s: Plan, api a: Plan, names: (String, String), peopleSelf: CostRange,
                                peopleApi: CostRange, overhead: CostRange, sequenceTokens: Double) -> VolumeCrossover {
        guard case .perMillion(let apiPrice) = a.pricing else { return VolumeCrossover(selfHosted: names.0, api: names.1) }
        let perAccelerator: CostRange
        let sizing: Sizing
        switch s.pricing {
        case .hourly(let h, let z): perAccelerator = h * CostDefaults.hoursPerMonth; sizing = z
        case .owned(let o, let z): perAccelerator = o.price * o.depreciation * (1.0 / 12); sizing = z
        case .perMillion: return VolumeCrossover(selfHosted: names.0, api: names.1)
        }
        let cap = sizing.replicaTokensPerMonth(sequenceTokens: sequenceTokens)
        func solve(_ pick: (CostRange) -> Double) -> Double? {
            let p = pick(apiPrice) / 1e6, replica = Double(sizing.perReplica) * pick(perAccelerator) * (1 + pick(overhead))
            guard p > 0, cap > 0 else { return nil }
            for k in 1...1_000_000 {
                let need = (Double(k) * replica + pick(peopleSelf) - pick(peopleApi)) / p
                let v = max(need, Double(k - 1) * cap, 0)
                if v <= Double(k) * cap { return v }
                if p * cap <= replica { return nil }   // the gap only grows from here
            }
            return nil
        }
        return VolumeCrossover(selfHosted: names.0, api: names.1, low: solve(\.low), mid: solve(\.mid), high: solve(\.high))
    }
}

extension VolumeCrossover {
    init(selfHosted: String, api: String) { self.init(selfHosted: selfHosted, api: api, low: nil, mid: nil, high: nil) }
}

/// Re-throws a nested request's `.invalidInput` with its field under `prefix`.
func prefixed<T>(_ prefix: String, _ body: () throws(DomainError) -> T) throws(DomainError) -> T {
    do { return try body() } catch {
        if case .invalidInput(let f, let reason) = error { throw .invalidInput(field: "\(prefix).\(f)", reason: reason) }
        throw error
    }
}
