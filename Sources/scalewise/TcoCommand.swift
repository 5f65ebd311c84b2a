import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

struct Tco: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tco",
        abstract: "Total cost of ownership month by month: API options and/or a self-hosted option.")

    @Option(help: "Months to cover (1-600).") var months: Int = 12
    @Option(parsing: .unconditional, help: "Tokens served in month 1 (5B).") var tokensPerMonth: Quantity
    @Option(help: "Monthly traffic growth as a fraction (0.1 = 10 %).") var growth: Double = 0
    @Option(parsing: .unconditional, help: "Input tokens per request.") var context: Quantity
    @Option(parsing: .unconditional, help: "Output tokens per request.") var output: Quantity
    @Option(help: "One-time training cost in US dollars, LOW-HIGH.") var trainingUsd: PriceRangeArgument?
    @Option(help: "API price id to compare (repeatable; see `scalewise api-prices`).") var api: [String] = []
    @Option(help: "Self-hosted: a reference model id instead of --params, --layers, --kv-heads, --head-dim.") var model: String?
    @Option(help: "Self-hosted pricing: onDemand (default), committed1y, committed3y or spot.") var pricing: PricingPlan?
    @Option(parsing: .unconditional, help: "Self-hosted: parameters (8B).") var params: Quantity?
    @Option(help: "Self-hosted: layers.") var layers: Int?
    @Option(help: "Self-hosted: KV heads.") var kvHeads: Int?
    @Option(help: "Self-hosted: head dimension.") var headDim: Int?
    @Option(help: "Self-hosted: accelerator id.") var hardware: String?
    @OptionGroup var data: DataOptions
    @OptionGroup var out: OutputOptions

    func validate() throws {
        let shape = [params != nil, layers != nil, kvHeads != nil, headDim != nil]
        if shape.contains(true), shape.contains(false) || model != nil {
            throw ValidationError("a self-hosted option needs --model, or all of --params, --layers, --kv-heads and --head-dim")
        }
        if hardware != nil, model == nil, !shape.contains(true) {
            throw ValidationError("a self-hosted option on --hardware needs --model (or --params, --layers, --kv-heads, --head-dim)")
        }
        if api.isEmpty, hardware == nil { throw ValidationError("give at least one --api ID or a self-hosted option (--hardware with --model)") }
    }

    func run() throws {
        let server = try data.makeServer()
        let p = JSON.object()
        p.set("months", months)
        try p.set("tokensPerMonth", tokensPerMonth.value)
        try p.set("growthPerMonth", growth)
        try p.set("contextTokens", context.value)
        try p.set("outputTokens", output.value)
        if let trainingUsd {
            let t = JSON.object()
            t.set("usd", try trainingUsd.json())
            p.set("training", t)
        }
        let options = JSON.array()
        for id in api {
            let o = JSON.object()
            o.set("name", id)
            o.set("kind", "api")
            o.set("apiPrice", id)
            options.append(o)
        }
        if let hardware {
            let o = JSON.object()
            o.set("name", "self-hosted \(hardware)")
            o.set("kind", "selfHosted")
            let inf = JSON.object()
            inf.set("model", model)
            if let params, let layers, let kvHeads, let headDim {
                try inf.set("params", params.value)
                let a = JSON.object()
                a.set("layers", layers)
                a.set("kvHeads", kvHeads)
                a.set("headDim", headDim)
                inf.set("architecture", a)
            }
            inf.set("hardware", hardware)
            o.set("inference", inf)
            options.append(o)
        }
        p.set("options", options)
        p.set("pricing", pricing?.rawValue)
        let r = try server.callForCLI(Typed.costTCO, p, renamed: ["options": "--api/--hardware", "growthPerMonth": "--growth",
                                                                  "contextTokens": "--context", "outputTokens": "--output",
                                                                  "training": "--training-usd"])
        try out.emit(r, Typed.costTCO, server) {
            switch r {
            case .projection(let projection): TcoText.projection(projection)
            case .trainingBreakEven(let b):
                Human.table([("days until inference spend exceeds training", Format.sig(b.days, 4))])
                    + Text.basis(assumptions: b.assumptions, sources: b.sources)
            }
        }
    }
}

enum TcoText {
    static func projection(_ p: TCOProjection) -> String {
        let options = p.estimate.options
        let months = p.request.months
        // Every option covers the same months; the first gives the month and its tokens.
        let rows = (options.first?.months ?? []).enumerated().map { i, m -> [String] in
            var row = ["\(m.month)", Format.short(m.tokens)]
            for o in options {
                row.append(Format.usd(o.months[i].total.mid))
                row.append(Format.usd(o.months[i].cumulative.mid))
            }
            return row
        }
        var header = ["month", "tokens"]
        for o in options { header += ["\(o.name) (mid)", "cumulative"] }
        var text = Human.grid(header, rows)
        text += "\n\ntotals (\(months) months)\n" + Human.table(options.map { ($0.name, Human.usdRange($0.totals.total)) })
        // breakEven: `cheaper` catches up with `other` (cheaper in month 1) in `month`; nil = never.
        let be = p.estimate.breakEven.map { b -> String in
            if let m = b.month { return "  - \(b.cheaper) becomes cheaper than \(b.other) in month \(m)" }
            return "  - \(b.other) stays cheaper than \(b.cheaper) for all \(months) months"
        }
        if !be.isEmpty { text += "\n\nbreak-even (cumulative, mid)\n" + be.joined(separator: "\n") }
        let cross = p.estimate.selfHostingOvertakesApi.map { c -> String in
            if c.low == nil, c.mid == nil, c.high == nil { return "  - \(c.selfHosted) does not cost less than \(c.api) at any volume" }
            func volume(_ v: Double?) -> String { v.map(Format.short) ?? "never" }
            return "  - \(c.selfHosted) costs less than \(c.api) from \(volume(c.mid)) tokens/month"
                + " (\(volume(c.low)) at low prices, \(volume(c.high)) at high)"
        }
        if !cross.isEmpty { text += "\n\nself-hosting overtakes the API (monthly volume, month-1 prices)\n" + cross.joined(separator: "\n") }
        return text + Text.basis(assumptions: p.estimate.assumptions, sources: p.sources)
    }
}
