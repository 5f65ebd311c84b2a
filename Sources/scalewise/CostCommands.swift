import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

/// A `{low, high}` range given as `2.85-4.20` (or one number for low = high).
struct PriceRangeArgument: ExpressibleByArgument, Sendable {
    var low: Double
    var high: Double

    init?(argument: String) {
        let parts = argument.split(separator: "-", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
        guard let l = parts.first.flatMap(Double.init) else { return nil }
        let h = parts.count == 2 ? Double(parts[1]) : l
        guard let h, l.isFinite, h.isFinite else { return nil }
        low = l
        high = h
    }

    func json() throws -> JSON {
        let o = JSON.object()
        try o.set("low", low)
        try o.set("high", high)
        return o
    }
}

extension Human {
    /// `404–791K GPU-h (mid 543K)`.
    static func range(_ r: CostRange?, unit: String) -> String {
        guard let r else { return "n/a" }
        let span = Format.range(r.low, r.high)
        // A range that prints as one number is that number.
        return span == Format.short(r.mid) ? "\(span) \(unit)" : "\(span) \(unit) (mid \(Format.short(r.mid)))"
    }

    /// `24.6–43.0 % (mid 33.8 %)`.
    static func percentRange(_ r: CostRange?) -> String {
        guard let r else { return "n/a" }
        return r.low == r.high ? "\(Format.fixed(r.mid * 100, 1)) %"
            : "\(Format.fixed(r.low * 100, 1))–\(Format.fixed(r.high * 100, 1)) % (mid \(Format.fixed(r.mid * 100, 1)) %)"
    }

    /// `$1,914,529  ($1.15–3.32M)`.
    static func usdRange(_ r: CostRange?) -> String {
        guard let r else { return "n/a" }
        return "\(Format.usd(r.mid))  (\(Format.usdRange(r.low, r.high)))"
    }

    /// Rows of columns, each column padded to its widest cell; numeric columns right-aligned.
    static func grid(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = (0..<header.count).map { c in all.map { $0.indices.contains(c) ? $0[c].count : 0 }.max() ?? 0 }
        let numeric = (0..<header.count).map { c in
            rows.allSatisfy { row in
                guard row.indices.contains(c), let first = row[c].first else { return true }
                return first.isNumber || first == "$" || row[c] == "n/a"
            }
        }
        return all.map { row in
            row.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return numeric[c] ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }
}

struct Cost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "What training or serving costs on given hardware.",
        subcommands: [CostTraining.self, CostInference.self])
}

struct CostTraining: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "training",
        abstract: "FLOPs, GPU-hours, wall clock, dollars (low/mid/high) and energy of a training run.")

    @Option(parsing: .unconditional, help: "Parameters (70B, 7e9).") var params: Quantity?
    @Option(help: "A reference model id instead of --params (see `scalewise models list`).") var model: String?
    @Option(parsing: .unconditional, help: "Training tokens (1.4T).") var tokens: Quantity?
    @Option(parsing: .unconditional, help: "Training compute in FLOPs instead of --params/--tokens.") var flops: Quantity?
    @Option(help: "Accelerator id (see `scalewise hardware`).") var hardware: String
    @Option(help: "Number of accelerators (for wall-clock days).") var gpus: Int
    @Option(help: "Model FLOPs utilisation in (0, 1] (default: the published range for the hardware and scale).") var mfu: Double?
    @Option(help: "fp32, tf32, fp16, bf16, fp8, int8 or int4 (default bf16).") var precision: Precision?
    @Option(help: "Pricing: onDemand (default), committed1y, committed3y or spot.") var pricing: PricingPlan?
    @Option(help: "US dollars per accelerator-hour, LOW-HIGH (default: the hardware row's price).") var pricePerHour: PriceRangeArgument?
    @Option(help: "Overhead on compute as a fraction range LOW-HIGH (0.25-0.4).") var overhead: PriceRangeArgument?
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let p = JSON.object()
        if let params { try p.set("params", params.value) }
        p.set("model", model)
        if let tokens { try p.set("tokens", tokens.value) }
        if let flops { try p.set("flops", flops.value) }
        p.set("hardware", hardware)
        p.set("gpus", gpus)
        try p.set("mfu", mfu)
        p.set("precision", precision?.rawValue)
        p.set("pricing", pricing?.rawValue)
        if let pricePerHour { p.set("pricePerHour", try pricePerHour.json()) }
        if let overhead { p.set("overhead", try overhead.json()) }
        let r = try server.callForCLI(Typed.costTraining, p)
        try output.emit(r, Typed.costTraining, server) {
            let e = r.estimate
            var rows: [(String, String)] = [
                ("hardware", "\(r.request.hardware.name) × \(r.request.gpus)"),
                ("compute", Format.sci(e.flops) + " FLOPs (\(e.flopsMethod))"),
                ("MFU", Human.percentRange(e.mfuRange)),
                ("GPU-hours", Human.range(e.gpuHoursRange, unit: "GPU-h")),
                ("wall clock", Human.range(e.wallClockDaysRange, unit: "days")),
                ("cost", Human.usdRange(e.usd) + " " + e.pricing.rawValue),
            ]
            if let energy = e.energyKwhRange { rows.append(("energy", Human.range(energy, unit: "kWh"))) }
            if let co2 = e.co2Kg { rows.append(("CO2", Human.range(co2, unit: "kg CO2e"))) }
            return Human.table(rows) + Text.basis(assumptions: e.assumptions, sources: r.sources)
        }
    }
}

struct CostInference: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inference",
        abstract: "Serving cost by roofline: GPUs per replica, throughput, $/1M tokens, API comparison.")

    @Option(help: "A reference model id (see `scalewise models list`) instead of --params, --layers, --kv-heads, --head-dim.") var model: String?
    @Option(parsing: .unconditional, help: "Parameters (70B).") var params: Quantity?
    @Option(help: "Transformer layers.") var layers: Int?
    @Option(help: "KV heads (8 for Llama-2-70B's GQA).") var kvHeads: Int?
    @Option(help: "Head dimension (128).") var headDim: Int?
    @Option(help: "Accelerator id (see `scalewise hardware`).") var hardware: String
    @Option(help: "Pricing: onDemand (default), committed1y, committed3y or spot.") var pricing: PricingPlan?
    @Option(help: "API price ids to compare (repeatable; see `scalewise api-prices`).") var api: [String] = []
    @Option(parsing: .unconditional, help: "Input tokens per request.") var context: Quantity
    @Option(parsing: .unconditional, help: "Output tokens per request.") var output: Quantity
    @Option(parsing: .unconditional, help: "Tokens served per month (sizes the fleet).") var tokensPerMonth: Quantity?
    @Option(help: "Decode batch size (default: the largest that fits).") var batch: Int?
    @Option(help: "fp32, tf32, fp16, bf16, fp8, int8 or int4 (default bf16).") var precision: Precision?
    @Option(help: "Prefill utilisation in (0, 1] (default 0.3).") var mfu: Double?
    @Option(help: "US dollars per accelerator-hour, LOW-HIGH.") var pricePerHour: PriceRangeArgument?
    @OptionGroup var data: DataOptions
    @OptionGroup var out: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let p = JSON.object()
        p.set("model", model)
        if let params { try p.set("params", params.value) }
        if layers != nil || kvHeads != nil || headDim != nil {
            let a = JSON.object()
            if let layers { a.set("layers", layers) }
            if let kvHeads { a.set("kvHeads", kvHeads) }
            if let headDim { a.set("headDim", headDim) }
            p.set("architecture", a)
        }
        p.set("hardware", hardware)
        p.set("pricing", pricing?.rawValue)
        if !api.isEmpty { p.set("apis", strings: api) }
        try p.set("contextTokens", context.value)
        try p.set("outputTokens", output.value)
        if let tokensPerMonth { try p.set("tokensPerMonth", tokensPerMonth.value) }
        if let batch { p.set("batch", batch) }
        p.set("precision", precision?.rawValue)
        try p.set("mfu", mfu)
        if let pricePerHour { p.set("pricePerHour", try pricePerHour.json()) }
        let r = try server.callForCLI(Typed.costInference, p, renamed: ["architecture": "--layers/--kv-heads/--head-dim", "apis": "--api",
                                                                      "contextTokens": "--context", "outputTokens": "--output"])
        try out.emit(r, Typed.costInference, server) {
            let e = r.estimate
            var rows: [(String, String)] = [
                ("hardware", r.request.hardware.name),
                ("weights", Format.fixed(e.weightBytes / 1e9, 1) + " GB"),
                ("KV cache", Format.fixed(e.kvCacheBytesPerToken, 0) + " bytes per token"),
                ("GPUs per replica", "\(e.gpusPerReplica)"),
                ("batch", "\(e.batch) (max by memory \(e.maxBatchByMemory)), decode \(e.decodeRegime)"),
                ("decode", Format.fixed(e.decodeTokensPerSecond, 0) + " tokens/s per replica"),
                ("$/1M tokens", Human.usdRange(e.usdPerMillionTokens)),
            ]
            if let month = e.usdPerMonth { rows.append(("$/month", Human.usdRange(month))) }
            if let s = e.serving {
                rows.append(("serving", "tensor parallel \(s.tensorParallel), batch \(Format.short(s.batch))"))
                rows.append(("tokens/s", Human.range(s.tokensPerSecond, unit: "")))
                rows.append(("time to first token", Human.range(s.timeToFirstTokenSeconds, unit: "s")))
                rows.append(("time per output token", Human.range(s.timePerOutputTokenSeconds, unit: "s")))
            }
            if e.usdPerMonth != nil { rows.append(("GPUs needed", "\(e.gpusNeeded.total)")) }
            var text = Human.table(rows)
            if !e.apiComparison.isEmpty {
                text += "\n\n" + Human.grid(["API", "$/1M (blended)", "self-hosted / API (mid)", "date"], e.apiComparison.map { a in
                    [a.model, Format.usd(a.usdPerMillionTokens), a.selfHostedRatio.map { Format.fixed($0.mid, 2) + "×" } ?? "n/a", a.date]
                })
            }
            return text + Text.basis(assumptions: e.assumptions, sources: r.sources)
        }
    }
}
