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

        let r = try server.callForCLI(Typed.fineTuneRecommend, p)
        try output.emit(r, Typed.fineTuneRecommend, server) { FineTuneText.render(r, tokensPerExampleDefaulted: tokensPerExample == nil) }
    }
}

enum FineTuneText {
    static func render(_ r: FineTuneAnswer, tokensPerExampleDefaulted: Bool) -> String {
        let request = r.request, rec = r.recommendation, device = request.device
        var head: [(String, String)] = [
            ("model", (r.reference?.name ?? request.model.id ?? "given by params and architecture")
                + " (\(Format.short(request.model.parameters)) params)"),
            ("hardware", "\(request.gpus)× " + (r.hardwareId.map { "\($0) — " } ?? "") + device.name
                + ", \(Format.fixed(device.memoryBytes / 1e9, 1)) GB each"),
            ("data", "\(request.examples) examples × \(Format.short(request.tokensPerExample)) tokens"
                + (tokensPerExampleDefaulted ? " (default; set --tokens-per-example)" : "")
                + " × \(Format.fixed(request.epochs, 1)) epochs; seqLen \(rec.seqLen), sharding \(rec.sharding.rawValue)"),
            ("band", rec.band),
        ]
        if let task = request.task { head.append(("task", task.rawValue)) }

        let rows = rec.estimates.map { e -> [String] in
            let prompting = e.approach == .prompting
            return [
                e.approach.label,
                Format.fixed(e.memory.total / 1e9, 1) + " GB",
                e.fits ? "yes" : "no",
                prompting ? "—" : Format.fixed(e.compute.seconds / 3600, 2),
                prompting ? "—" : e.compute.costUsd.map { dollars($0.low) + "–" + dollars($0.high) } ?? "no price",
                e.quality.map { percent($0.mid) + " (" + percent($0.low) + "–" + percent($0.high) + ")" } ?? "no figure",
            ]
        }
        var text = Human.table(head) + "\n\n"
            + Human.grid(["approach", "memory/GPU", "fits", "hours", "cost", "quality (mid, low–high)"], rows)
        text += "\n\nrecommended: " + (rec.recommended?.label ?? "nothing fits")
        for reason in rec.reasons { text += "\n  - \(reason)" }
        return text + Text.basis(warnings: rec.warnings, assumptions: r.assumptions, sources: r.sources)
    }

    static func dollars(_ x: Double) -> String { x < 100 ? String(format: "$%.2f", x) : String(format: "$%.0f", x) }
    static func percent(_ x: Double) -> String { String(format: "%.0f %%", x * 100) }
}
