import Foundation

/// How one deployment option turns tokens into dollars (internal to TCO).
struct Plan {
    enum Pricing {
        case perMillion(CostRange)
        case hourly(CostRange, Sizing)
        case owned(OwnedPrice, Sizing)
    }
    struct OwnedPrice {
        var price: CostRange
        var depreciation: CostRange
    }
    var pricing: Pricing

    init(option o: DeploymentOption, field: String, request r: TCORequest,
         sources: inout [Citation], assumptions: inout [String]) throws(DomainError) {
        switch o.kind {
        case .api, .managed:
            if let a = o.apiPrice {
                let blended = a.blendedUsdPerMillion(inputTokens: r.contextTokens, outputTokens: r.outputTokens)
                pricing = .perMillion(CostRange(exactly: blended))
                sources.append(a.source)
                assumptions.append("\(o.name): \(a.model) at \(Format.general(a.usdPerMillionInputTokens)) $/1M input, \(Format.general(a.usdPerMillionOutputTokens)) $/1M output (\(a.date)) → \(String(format: "%.4g", blended)) $/1M blended")
            } else if let p = o.usdPerMillionTokens {
                try p.validate(field: "\(field).usdPerMillionTokens", max: 1e6, unit: "US dollars per million tokens")
                pricing = .perMillion(p.range)
            } else {
                throw .invalidInput(field: "\(field).usdPerMillionTokens", reason: "an \(o.kind.rawValue) option needs a price per million tokens (or apiPrice)")
            }
        case .selfHosted:
            guard var inf = o.inference else {
                throw .invalidInput(field: "\(field).inference", reason: "a selfHosted option needs its serving setup (params, architecture, hardware)")
            }
            inf.contextTokens = r.contextTokens
            inf.outputTokens = r.outputTokens
            inf.tokensPerMonth = nil
            let est = try prefixed("\(field).inference") { () throws(DomainError) in try InferenceCost.estimate(inf) }
            let sizing = Sizing(perReplica: est.gpusPerReplica, gpuSecondsPerRequest: est.gpuSecondsPerRequest)
            assumptions.append("\(o.name): \(inf.hardware.id), \(est.gpusPerReplica) per replica at batch \(est.batch), \(String(format: "%.4g", est.gpuSecondsPerRequest)) accelerator-seconds per request; whole replicas, at least one")
            if let own = o.ownership {
                try own.purchaseUsdPerAccelerator.validate(field: "\(field).ownership.purchaseUsdPerAccelerator", max: 1e8, unit: "US dollars")
                let dep = own.depreciationPerYear ?? CostDefaults.depreciationPerYear
                try dep.validate(field: "\(field).ownership.depreciationPerYear", max: 1)
                guard dep.low > 0 else {
                    throw .invalidInput(field: "\(field).ownership.depreciationPerYear.low", reason: "must be above 0")
                }
                pricing = .owned(OwnedPrice(price: own.purchaseUsdPerAccelerator.range, depreciation: dep.range), sizing)
                assumptions.append("\(o.name): owned accelerators bought when first needed, never sold, depreciated linearly at \(Format.general(dep.low * 100))–\(Format.general(dep.high * 100)) %/year; power and space fall under the infrastructure overhead")
            } else {
                var hourly: CostRange
                if let p = inf.pricePerHour {
                    try p.validate(field: "\(field).inference.pricePerHour", max: 1e6, unit: "US dollars per hour")
                    hourly = p.range
                } else if let p = inf.hardware.price {
                    hourly = p.range
                    sources.append(p.source)
                } else {
                    throw .invalidInput(field: "\(field).inference.pricePerHour", reason: "no published price for \(inf.hardware.id); give pricePerHour or ownership")
                }
                if inf.pricing != .onDemand {
                    hourly = inf.pricing.apply(to: hourly)
                    assumptions.append("\(o.name): \(inf.pricing.statement)")
                    sources += inf.pricing.sources
                }
                pricing = .hourly(hourly, sizing)
            }
        }
    }
}

/// Accelerators needed for a monthly volume, in whole replicas.
struct Sizing {
    var perReplica: Int
    var gpuSecondsPerRequest: Double

    func replicaTokensPerMonth(sequenceTokens: Double) -> Double {
        guard gpuSecondsPerRequest > 0 else { return .infinity }
        return Double(perReplica) / gpuSecondsPerRequest * CostDefaults.hoursPerMonth * 3600 * sequenceTokens
    }

    func accelerators(tokensPerMonth: Double, sequenceTokens: Double) throws(DomainError) -> Int {
        let cap = replicaTokensPerMonth(sequenceTokens: sequenceTokens)
        let input = "tokensPerMonth with growthPerMonth over months"
        let replicas = max(1, try DomainError.count((tokensPerMonth / cap).rounded(.up), "replicas", input: input))
        return try DomainError.count(Double(replicas) * Double(perReplica), "accelerators", input: input)
    }
}

/// Owned accelerators by purchase cohort, each depreciated linearly until written off.
struct Fleet {
    private var cohorts: [(count: Int, price: CostRange, remaining: CostRange)] = []
    private var owned = 0

    mutating func monthCost(needed: Int, price: CostRange, depreciation: CostRange) -> CostRange {
        if needed > owned {
            cohorts.append((needed - owned, price, price))
            owned = needed
        }
        var total = CostRange.zero
        for i in cohorts.indices {
            let c = cohorts[i]
            let monthly = c.price * depreciation * (1.0 / 12)
            let charge = CostRange(low: min(monthly.low, c.remaining.low), mid: min(monthly.mid, c.remaining.mid),
                                   high: min(monthly.high, c.remaining.high))
            cohorts[i].remaining = CostRange(low: c.remaining.low - charge.low, mid: c.remaining.mid - charge.mid,
                                             high: c.remaining.high - charge.high)
            total = total + charge * Double(c.count)
        }
        return total
    }
}
