import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

/// Prints a result as the protocol's JSON (`--json`) or as text for people.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the protocol's JSON result instead of a table.")
    var json = false

    /// A typed answer: `--json` prints the protocol's encoding of it, else the table.
    func emit<R>(_ result: R, _ typed: TypedCall<R>, _ server: Server, human: () -> String) throws {
        print(json ? try server.json(typed, result).dumped() : human())
    }
}

struct Optimal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimal",
        abstract: "Compute-optimal model size and tokens for a FLOP budget (or the least compute for a target loss).")

    @Option(parsing: .unconditional, help: "Training compute budget in FLOPs (1e24, 5.76e23).") var flops: Quantity?
    @Option(help: "Target loss in nats/token: answer the least compute that reaches it.") var targetLoss: Double?
    @Option(parsing: .unconditional, help: "A dollar budget instead of --flops (100K, 2.5M), with --hardware.") var usd: Quantity?
    @Option(help: "Accelerator id for a dollar budget (see `scalewise hardware list`).") var hardware: String?
    @Option(help: "Model FLOPs utilisation in (0, 1] for a dollar budget.") var mfu: Double?
    @Option(help: "Precision for a dollar budget: bf16 (default), fp8, int8 or int4.") var precision: Precision?
    @Option(help: "US dollars per accelerator-hour, LOW-HIGH or one number (default: the hardware row's price).") var pricePerHour: PriceRangeArgument?
    @Option(help: "Law id (see `scalewise laws`); default chinchilla-epoch.") var law: String = Server.defaultLaw
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let params = JSON.object()
        params.set("law", law)
        if let flops { try params.set("flops", flops.value) }
        if let targetLoss { try params.set("targetLoss", targetLoss) }
        if let usd { try params.set("usd", usd.value) }
        params.set("hardware", hardware)
        try params.set("mfu", mfu)
        params.set("precision", precision?.rawValue)
        if let pricePerHour { params.set("pricePerHour", try pricePerHour.json()) }
        let answer = try server.callForCLI(Typed.scalingOptimal, params)
        try output.emit(answer, Typed.scalingOptimal, server) {
            let r = answer.allocations[0], a = r.allocation
            var rows: [(String, String)] = [("law", r.law.id + " — " + r.law.title)]
            if let t = r.targetLoss { rows.append(("target loss", Format.fixed(t, 4))) }
            if let b = r.budget {
                rows.append(("budget", "\(Format.usd(b.usd)) on \(b.hardware.id) at \(Format.usd(b.price.low))–\(Format.usd(b.price.high))/hour"
                    + " buys \(Format.sci(b.flops.low))–\(Format.sci(b.flops.high)) FLOPs"))
            }
            rows += [
                ("compute", Format.sci(a.flops) + " FLOPs"),
                ("params", Format.short(a.params)),
                ("tokens", Format.short(a.tokens)),
                ("tokens/param", Format.fixed(a.tokensPerParam, 1)),
                ("loss", Format.fixed(a.loss, 4) + " nats/token"),
                ("method", a.method),
            ]
            if let t5 = r.kaplanTable5 {
                rows.append(("Kaplan Table 5", "\(Format.short(t5.params)) params, \(Format.short(t5.tokens)) tokens"))
            }
            return Human.table(rows) + Text.basis(warnings: r.warning.map { [$0] } ?? [], assumptions: r.assumptions, sources: r.sources)
        }
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "predict", abstract: "Loss a law predicts for N parameters trained on D tokens.")

    @Option(parsing: .unconditional, help: "Parameters (7B, 70e9).") var params: Quantity?
    @Option(help: "A reference model id instead of --params (see `scalewise models list`).") var model: String?
    @Option(parsing: .unconditional, help: "Training tokens (1.4T).") var tokens: Quantity
    @Option(help: "Law id (see `scalewise laws`); default chinchilla-epoch.") var law: String = Server.defaultLaw
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let p = JSON.object()
        p.set("law", law)
        if let params { try p.set("params", params.value) }
        p.set("model", model)
        try p.set("tokens", tokens.value)
        let r = try server.callForCLI(Typed.scalingPredict, p)
        try output.emit(r, Typed.scalingPredict, server) {
            var rows: [(String, String)] = [
                ("law", r.law.id + " — " + r.law.title),
                ("params", Format.short(r.params) + (r.model.map { " (\($0.id))" } ?? "")),
                ("tokens", Format.short(r.tokens)),
                ("compute", Format.sci(r.flops) + " FLOPs (6·N·D)"),
                ("loss", Format.fixed(r.loss, 4) + " nats/token"),
            ]
            if let ci = r.ci95 {
                rows.append(("  95 % interval", Format.fixed(ci.low, 4) + " – " + Format.fixed(ci.high, 4) + " (bootstrap of the fit)"))
            }
            if let t = r.terms {
                rows.append(("  irreducible E", Format.fixed(t.irreducible, 4)))
                rows.append(("  A/N^α", Format.fixed(t.params, 4)))
                rows.append(("  B/D^β", Format.fixed(t.tokens, 4)))
            }
            return Human.table(rows) + Text.basis(warnings: r.warning.map { [$0] } ?? [], sources: r.sources)
        }
    }
}

struct Laws: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "laws", abstract: "List the loaded scaling laws with their constants and sources.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let answer = try server.callForCLI(Typed.scalingLaws, JSON.object())
        try output.emit(answer, Typed.scalingLaws, server) {
            var rows: [(String, String)] = [("id", "form  constants")]
            for law in answer.laws {
                let constants = law.form.constants.map { "\($0.name)=\(Format.sci($0.value))" }
                rows.append((law.id, law.form.name.padding(toLength: 11, withPad: " ", startingAt: 0) + constants.joined(separator: " ")))
            }
            var text = Human.table(rows) + "\n"
            for law in answer.laws {
                text += "\n\(law.id): \(law.title)\n  source: \(law.sources.map(\.title).joined(separator: "; "))"
            }
            return text
        }
    }
}

enum Text {
    /// Warnings, assumptions and sources under a table, as the answer gives them.
    static func basis(warnings: [String] = [], assumptions: [String] = [], sources: [Citation]) -> String {
        var text = ""
        if !warnings.isEmpty { text += "\n\nwarnings\n" + warnings.map { "  - \($0)" }.joined(separator: "\n") }
        if !assumptions.isEmpty { text += "\n\nassumptions\n" + assumptions.map { "  - \($0)" }.joined(separator: "\n") }
        let lines = sources.map { $0.title + ($0.url.map { " <\($0)>" } ?? "") }
        if !lines.isEmpty { text += "\n\nsources\n" + lines.map { "  - \($0)" }.joined(separator: "\n") }
        return text
    }
}
