import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models",
        abstract: "Reference models: `scalewise models` lists them, `scalewise models get ID` shows one.",
        subcommands: [ListModels.self, GetModel.self], defaultSubcommand: ListModels.self)
}

struct ListModels: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the reference models with their parameter counts.")
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let r = try server.callForCLI(Typed.modelsList, JSON.object())
        try output.emit(r, Typed.modelsList, server) {
            Human.grid(["id", "name", "params", "active", "context"], r.map { m in
                [m.id, m.name, Format.short(m.parameters), m.activeParameters.map(Format.short) ?? "dense", "\(m.architecture.context)"]
            })
        }
    }
}

struct GetModel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "get", abstract: "One reference model: architecture, training facts, sources.")
    @Argument(help: "Model id, e.g. llama-3.1-8b.") var id: String
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let p = JSON.object()
        p.set("id", id)
        let r = try server.callForCLI(Typed.modelsGet, p)
        try output.emit(r, Typed.modelsGet, server) { ModelText.render(r) }
    }
}

enum ModelText {
    static func render(_ r: ModelAnswer) -> String {
        let m = r.model, a = m.architecture, t = m.training
        func published(_ v: Double?, _ format: (Double) -> String = Format.short) -> String { v.map(format) ?? "not published" }
        var rows: [(String, String)] = [
            ("model", "\(m.id) — \(m.name)"),
            ("parameters", Format.short(m.parameters) + (m.activeParameters.map { ", \(Format.short($0)) active per token" } ?? "")),
        ]
        let shape: [(String, Int?)] = [("layers", a.layers), ("hidden", a.hidden), ("heads", a.heads), ("kvHeads", a.kvHeads),
                                       ("headDim", a.headDim), ("intermediate", a.intermediate), ("vocabulary", a.vocabulary),
                                       ("context", a.context)]
        for (key, value) in shape { rows.append(("  " + key, value.map { "\($0)" } ?? "not published")) }
        rows.append(("training tokens", published(t.tokens)))
        rows.append(("training FLOPs", published(t.flops, Format.sci)))
        rows.append(("GPU-hours", published(t.gpuHours) + (t.gpuType.map { " (\($0))" } ?? "")))
        var text = Human.table(rows)
        if !r.reportedRuns.isEmpty {
            // Each published run beside what cost/training estimates for it by default.
            text += "\n\npublished runs (reported vs cost/training's estimate)\n" + Human.grid(
                ["run", "accelerators", "reported h", "estimated h", "reported / mid"],
                r.reportedRuns.map { c in
                    [c.run.id, c.run.accelerator + (c.run.acceleratorCount.map { " × \($0)" } ?? ""), Format.short(c.run.reportedHours),
                     Format.range(c.estimate.gpuHoursRange.low, c.estimate.gpuHoursRange.high), Format.fixed(c.ratio, 2) + (c.inside ? "" : " (outside)")]
                })
        }
        if !m.notes.isEmpty { text += "\n\nnotes\n" + m.notes.map { "  - \($0)" }.joined(separator: "\n") }
        return text + Text.basis(sources: m.sources)
    }
}
