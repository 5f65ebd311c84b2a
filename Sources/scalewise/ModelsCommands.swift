import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reference models: `scalewise models` lists them, `scalewise models get ID` shows one.",
        subcommands: [ListModels.self, GetModel.self], defaultSubcommand: ListModels.self)
}

struct ListModels: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the reference models (data/models.json).")
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let result = try server.callForCLI("models/list", JSON.object())
        output.emit(result) { r in
            var rows: [[String]] = [["id", "name", "params", "active", "context"]]
            for m in r["models"]?.elements ?? [] {
                let active = m["activeParameters"].flatMap { $0.isNull ? nil : $0.double }
                rows.append([m["id"]?.string ?? "", m["name"]?.string ?? "", Format.short(m["parameters"]?.double ?? 0),
                             active.map(Format.short) ?? "dense", "\(m["context"]?.int64 ?? 0)"])
            }
            return Human.grid(rows[0], Array(rows.dropFirst()))
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
        let result = try server.callForCLI("models/get", p)
        output.emit(result) { r in
            func num(_ v: JSON?) -> String { v.flatMap { $0.isNull ? nil : $0.double }.map(Format.short) ?? "not published" }
            let a = r["architecture"]
            var rows: [(String, String)] = [
                ("model", "\(r["id"]?.string ?? "") — \(r["name"]?.string ?? "")"),
                ("parameters", num(r["parameters"]) + (r["activeParameters"]?.isNull == false ? ", \(num(r["activeParameters"])) active per token" : "")),
            ]
            for key in ["layers", "hidden", "heads", "kvHeads", "headDim", "intermediate", "vocabulary", "context"] {
                rows.append(("  " + key, a?[key].flatMap { $0.isNull ? nil : $0.int64 }.map { "\($0)" } ?? "not published"))
            }
            if let t = r["training"] {
                rows.append(("training tokens", num(t["tokens"])))
                rows.append(("training FLOPs", t["flops"].flatMap { $0.isNull ? nil : $0.double }.map(Format.sci) ?? "not published"))
                rows.append(("GPU-hours", num(t["gpuHours"]) + (t["gpuType"]?.string.map { " (\($0))" } ?? "")))
            }
            var text = Human.table(rows)
            let notes = (r["notes"]?.elements ?? []).compactMap(\.string)
            if !notes.isEmpty { text += "\n\nnotes\n" + notes.map { "  - \($0)" }.joined(separator: "\n") }
            return text + Text.assumptionsAndSources(r)
        }
    }
}
