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
    static func range(_ r: JSON?, unit: String) -> String {
        guard let r, let l = r["low"]?.double, let m = r["mid"]?.double, let h = r["high"]?.double else { return "n/a" }
        return "\(Format.range(l, h)) \(unit) (mid \(Format.short(m)))"
    }

    /// `24.6–43.0 % (mid 33.8 %)`.
    static func percentRange(_ r: JSON?) -> String {
        guard let r, let l = r["low"]?.double, let m = r["mid"]?.double, let h = r["high"]?.double else { return "n/a" }
        return l == h ? "\(Format.fixed(m * 100, 1)) %" : "\(Format.fixed(l * 100, 1))–\(Format.fixed(h * 100, 1)) % (mid \(Format.fixed(m * 100, 1)) %)"
    }

    static func usdRange(_ r: JSON?) -> String {
        guard let r, let l = r["low"]?.double, let m = r["mid"]?.double, let h = r["high"]?.double else { return "n/a" }
        return "\(Format.usd(m))  (\(Format.usdRange(l, h)))"
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
        let result = try server.callForCLI("cost/training", p)
        output.emit(result) { r in
            var rows: [(String, String)] = [
                ("hardware", "\(r["hardware"]?["name"]?.string ?? hardware) × \(gpus)"),
                ("compute", Format.sci(r["flops"]?.double ?? 0) + " FLOPs (\(r["flopsMethod"]?.string ?? ""))"),
                ("MFU", Human.percentRange(r["mfuRange"])),
                ("GPU-hours", Human.range(r["gpuHoursRange"], unit: "GPU-h")),
                ("wall clock", Human.range(r["wallClockDaysRange"], unit: "days")),
                ("cost", Human.usdRange(r["usd"]) + " " + (r["pricing"]?.string ?? "")),
            ]
            if r["energyKwhRange"] != nil { rows.append(("energy", Human.range(r["energyKwhRange"], unit: "kWh"))) }
            if r["co2Kg"] != nil { rows.append(("CO2", Human.range(r["co2Kg"], unit: "kg CO2e"))) }
            return Human.table(rows) + Text.assumptionsAndSources(r)
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
        let result = try server.callForCLI("cost/inference", p, renamed: ["architecture": "--layers/--kv-heads/--head-dim", "apis": "--api",
                                                                       "contextTokens": "--context", "outputTokens": "--output"])
        out.emit(result) { r in
            var rows: [(String, String)] = [
                ("hardware", r["hardware"]?["name"]?.string ?? hardware),
                ("weights", Format.fixed((r["weightBytes"]?.double ?? 0) / 1e9, 1) + " GB"),
                ("KV cache", Format.fixed(r["kvCacheBytesPerToken"]?.double ?? 0, 0) + " bytes per token"),
                ("GPUs per replica", "\(r["gpusPerReplica"]?.int64 ?? 0)"),
                ("batch", "\(r["batch"]?.int64 ?? 0) (max by memory \(r["maxBatchByMemory"]?.int64 ?? 0)), decode \(r["decodeRegime"]?.string ?? "")"),
                ("decode", Format.fixed(r["decodeTokensPerSecond"]?.double ?? 0, 0) + " tokens/s per replica"),
                ("$/1M tokens", Human.usdRange(r["usdPerMillionTokens"])),
            ]
            if let m = r["usdPerMonth"] { rows.append(("$/month", Human.usdRange(m))) }
            if let s = r["serving"] {
                rows.append(("serving", "tensor parallel \(s["tensorParallel"]?.int64 ?? 0), batch \(Format.short(s["batch"]?.double ?? 0))"))
                rows.append(("tokens/s", Human.range(s["tokensPerSecond"], unit: "")))
                rows.append(("time to first token", Human.range(s["timeToFirstTokenSeconds"], unit: "s")))
                rows.append(("time per output token", Human.range(s["timePerOutputTokenSeconds"], unit: "s")))
            }
            if let g = r["gpusNeeded"], r["usdPerMonth"] != nil { rows.append(("GPUs needed", "\(g["total"]?.int64 ?? 0)")) }
            var text = Human.table(rows)
            let apis = r["apiComparison"]?.elements ?? []
            if !apis.isEmpty {
                text += "\n\n" + Human.grid(["API", "$/1M (blended)", "self-hosted / API (mid)", "date"], apis.map { a in
                    [a["model"]?.string ?? "", Format.usd(a["usdPerMillionTokens"]?.double ?? 0),
                     a["selfHostedRatio"]?["mid"]?.double.map { Format.fixed($0, 2) + "×" } ?? "n/a", a["date"]?.string ?? ""]
                })
            }
            return text + Text.assumptionsAndSources(r)
        }
    }
}
