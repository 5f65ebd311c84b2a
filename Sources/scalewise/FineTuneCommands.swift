import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

struct FineTune: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "finetune",
        abstract: "Prompting, LoRA, QLoRA or full fine-tuning for a data set on given GPUs: memory, fit, time, cost, quality.")

    @Option(help: "Reference model id (see `scalewise models`).") var model: String
    @Option(parsing: .unconditional, help: "Training examples (5000, 50K).") var examples: Quantity
    @Option(parsing: .unconditional, help: "Mean tokens per example (default 512); also the sequence length unless --seq-len is given.") var tokensPerExample: Quantity?
    @Option(help: "Passes over the data.") var epochs: Double?
    @Option(help: "Accelerator id (see `scalewise call hardware/list`).") var hardware: String?
    @Option(parsing: .unconditional, help: "A device not in the catalog: memory per GPU in bytes (24e9, 24G).") var deviceMemory: Quantity?
    @Option(parsing: .unconditional, help: "A device not in the catalog: dense BF16 peak in FLOP/s (165e12).") var devicePeakFlops: Quantity?
    @Option(help: "A device not in the catalog: $ per GPU-hour, low end.") var priceLow: Double?
    @Option(help: "A device not in the catalog: $ per GPU-hour, high end (default: --price-low).") var priceHigh: Double?
    @Option(parsing: .unconditional, help: "GPUs (FSDP sharding above 1).") var gpus: Quantity?
    @Option(help: "Budget in US dollars: approaches whose low cost exceeds it are not recommended.") var budget: Double?
    @Option(help: "classification, extraction, generation or reasoning (reported; changes no number).") var task: FineTuneTask?
    @Option(parsing: .unconditional, help: "Tokens per sequence (default: ceil of --tokens-per-example).") var seqLen: Quantity?
    @Option(parsing: .unconditional, help: "Sequences per GPU per step.") var microBatch: Quantity?
    @Option(help: "LoRA ranks to compare, comma-separated (default 8,16,32,64).") var loraRanks: String?
    @Option(help: "adamw, adamw8bit, sgd or sgdMomentum.") var optimizer: FineTuneOptimizer?
    @Option(help: "Model FLOPs utilization in (0, 1] (default 0.30).") var mfu: Double?
    @Flag(help: "No activation recomputation.") var noGradientCheckpointing = false
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    /// The CLI's default when --tokens-per-example is not given (the wire requires the field); the table says so.
    static let defaultTokensPerExample = 512.0

    func validate() throws {
        let inline = deviceMemory != nil || devicePeakFlops != nil
        guard (hardware != nil) != inline else {
            throw ValidationError("give --hardware ID, or --device-memory with --device-peak-flops for a device not in the catalog")
        }
        if inline, deviceMemory == nil || devicePeakFlops == nil {
            throw ValidationError("--device-memory and --device-peak-flops go together")
        }
        if priceHigh != nil, priceLow == nil { throw ValidationError("--price-high needs --price-low") }
        if hardware != nil, priceLow != nil { throw ValidationError("--price-low applies to an inline device; --hardware rows carry their prices") }
    }

    func run() throws {
        let server = try data.makeServer()
        let p = JSON.object()
        p.set("model", model)
        try p.set("examples", examples.value)
        try p.set("tokensPerExample", tokensPerExample?.value ?? FineTune.defaultTokensPerExample)
        try p.set("epochs", epochs)
        if let hardware { p.set("hardware", hardware) } else if let deviceMemory, let devicePeakFlops {
            let d = JSON.object()
            try d.set("memoryBytes", deviceMemory.value)
            try d.set("peakFlopsBF16", devicePeakFlops.value)
            if let priceLow {
                let price = JSON.object()
                try price.set("low", priceLow)
                try price.set("high", priceHigh ?? priceLow)
                d.set("pricePerHour", price)
            }
            p.set("device", d)
        }
        if let gpus { try p.set("gpus", gpus.value) }
        try p.set("budgetUsd", budget)
        p.set("task", task?.rawValue)
        let o = JSON.object()
        if let seqLen { try o.set("seqLen", seqLen.value) }
        if let microBatch { try o.set("microBatch", microBatch.value) }
        if let loraRanks {
            let ranks = JSON.array()
            for part in loraRanks.split(separator: ",") {
                guard let r = Double(part.trimmingCharacters(in: .whitespaces)) else {
                    throw ValidationError("--lora-ranks: expected comma-separated numbers, got \"\(loraRanks)\"")
                }
                try ranks.append(r)
            }
            o.set("loraRanks", ranks)
        }
        o.set("optimizer", optimizer?.rawValue)
        try o.set("mfu", mfu)
        if noGradientCheckpointing { o.set("gradientCheckpointing", false) }
        if o.count > 0 { p.set("options", o) }

        let result = try server.callForCLI("finetune/recommend", p)
        output.emit(result) { r in FineTuneText.render(r, tokensPerExampleDefaulted: tokensPerExample == nil) }
    }
}

enum FineTuneText {
    static func render(_ r: JSON, tokensPerExampleDefaulted: Bool) -> String {
        let device = r["device"]
        let gpus = r["gpus"]?.int64 ?? 1
        let memory = device?["memoryBytes"]?.double ?? 0
        var head: [(String, String)] = [
            ("model", (r["model"]?["name"]?.string ?? r["model"]?["id"]?.string ?? "") + " (\(Format.short(r["model"]?["parameters"]?.double ?? 0)) params)"),
            ("hardware", "\(gpus)× " + (device?["hardware"]?.string.map { "\($0) — " } ?? "") + (device?["name"]?.string ?? "")
                + String(format: ", %.1f GB each", memory / 1e9)),
            ("data", "\(r["examples"]?.int64 ?? 0) examples × \(Format.short(r["tokensPerExample"]?.double ?? 0)) tokens"
                + (tokensPerExampleDefaulted ? " (default; set --tokens-per-example)" : "")
                + " × \(Format.fixed(r["epochs"]?.double ?? 1, 1)) epochs; seqLen \(r["seqLen"]?.int64 ?? 0), sharding \(r["sharding"]?.string ?? "")"),
        ]
        head.append(("band", r["band"]?.string ?? ""))

        var rows: [[String]] = [["approach", "memory/GPU", "fits", "hours", "cost", "quality (mid, low–high)"]]
        for a in r["approaches"]?.elements ?? [] {
            let t = a["training"]
            let cost = t?["costUsd"].flatMap { $0.isNull ? nil : $0 }
            let quality = a["quality"].flatMap { $0.isNull ? nil : $0 }
            let isPrompting = a["approach"]?.string == "prompting"
            rows.append([
                a["label"]?.string ?? "",
                String(format: "%.1f GB", (a["memoryBytes"]?["total"]?.double ?? 0) / 1e9),
                a["fits"]?.bool == true ? "yes" : "no",
                isPrompting ? "—" : Format.fixed(t?["hours"]?.double ?? 0, 2),
                isPrompting ? "—" : cost.map { dollars($0["low"]?.double ?? 0) + "–" + dollars($0["high"]?.double ?? 0) } ?? "no price",
                quality.map { percent($0["mid"]) + " (" + percent($0["low"]) + "–" + percent($0["high"]) + ")" } ?? "no figure",
            ])
        }
        var text = Human.table(head) + "\n\n" + Human.grid(rows[0], Array(rows.dropFirst()))
        let rec = r["recommended"].flatMap { $0.isNull ? nil : $0 }
        text += "\n\nrecommended: " + (rec?["label"]?.string ?? "nothing fits")
        for reason in (r["reasons"]?.elements ?? []).compactMap(\.string) { text += "\n  - \(reason)" }
        let warnings = (r["warnings"]?.elements ?? []).compactMap(\.string)
        if !warnings.isEmpty { text += "\n\nwarnings\n" + warnings.map { "  - \($0)" }.joined(separator: "\n") }
        return text + Text.assumptionsAndSources(r)
    }

    static func dollars(_ x: Double) -> String { x < 100 ? String(format: "$%.2f", x) : String(format: "$%.0f", x) }
    static func percent(_ v: JSON?) -> String { String(format: "%.0f %%", (v?.double ?? 0) * 100) }
}
