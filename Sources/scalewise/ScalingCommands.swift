import ArgumentParser
import Foundation
import JSON
import ScalewiseServer

/// Prints a result as the protocol's JSON (`--json`) or as text for people.
struct OutputOptions: ParsableArguments {
    @Flag(help: "Print the protocol's JSON result instead of a table.")
    var json = false

    func emit(_ result: JSON, human: (JSON) -> String) {
        print(json ? result.dumped() : human(result))
    }
}

struct Optimal: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute-optimal model size and tokens for a FLOP budget (or the least compute for a target loss).")

    @Option(help: "Training compute budget in FLOPs (1e24, 5.76e23).") var flops: Quantity?
    @Option(help: "Target loss in nats/token: answer the least compute that reaches it.") var targetLoss: Double?
    @Option(help: "Law id (see `scalewise laws`); default chinchilla-epoch.") var law: String = Server.defaultLaw
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (flops == nil) != (targetLoss == nil) else { throw ValidationError("give exactly one of --flops or --target-loss") }
    }

    func run() throws {
        let server = try data.makeServer()
        let params = JSON.object()
        params.set("law", law)
        if let flops { try params.set("flops", flops.value) }
        if let targetLoss { try params.set("targetLoss", targetLoss) }
        let result = try server.callForCLI("scaling/optimal", params)
        output.emit(result) { r in
            var rows: [(String, String)] = [
                ("law", (r["law"]?["id"]?.string ?? "") + " — " + (r["law"]?["title"]?.string ?? "")),
            ]
            if let t = r["targetLoss"]?.double { rows.append(("target loss", Human.fixed(t, 4))) }
            rows += [
                ("compute", Human.sci(r["flops"]?.double ?? 0) + " FLOPs"),
                ("params", Human.count(r["params"]?.double ?? 0)),
                ("tokens", Human.count(r["tokens"]?.double ?? 0)),
                ("tokens/param", Human.fixed(r["tokensPerParam"]?.double ?? 0, 1)),
                ("loss", Human.fixed(r["loss"]?.double ?? 0, 4) + " nats/token"),
                ("method", r["method"]?.string ?? ""),
            ]
            if let t5 = r["kaplanTable5"] {
                rows.append(("Kaplan Table 5", "\(Human.count(t5["params"]?.double ?? 0)) params, \(Human.count(t5["tokens"]?.double ?? 0)) tokens"))
            }
            return Human.table(rows) + Text.assumptionsAndSources(r)
        }
    }
}

struct Predict: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Loss a law predicts for N parameters trained on D tokens.")

    @Option(help: "Parameters (7B, 70e9).") var params: Quantity
    @Option(help: "Training tokens (1.4T).") var tokens: Quantity
    @Option(help: "Law id (see `scalewise laws`); default chinchilla-epoch.") var law: String = Server.defaultLaw
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let p = JSON.object()
        p.set("law", law)
        try p.set("params", params.value)
        try p.set("tokens", tokens.value)
        let result = try server.callForCLI("scaling/predict", p)
        output.emit(result) { r in
            var rows: [(String, String)] = [
                ("law", (r["law"]?["id"]?.string ?? "") + " — " + (r["law"]?["title"]?.string ?? "")),
                ("params", Human.count(params.value)),
                ("tokens", Human.count(tokens.value)),
                ("compute", Human.sci(6 * params.value * tokens.value) + " FLOPs (6·N·D)"),
                ("loss", Human.fixed(r["loss"]?.double ?? 0, 4) + " nats/token"),
            ]
            if let ci = r["ci95"], let lo = ci["low"]?.double, let hi = ci["high"]?.double {
                rows.append(("  95 % interval", Human.fixed(lo, 4) + " – " + Human.fixed(hi, 4) + " (bootstrap of the fit)"))
            }
            if let t = r["terms"] {
                rows.append(("  irreducible E", Human.fixed(t["irreducible"]?.double ?? 0, 4)))
                rows.append(("  A/N^α", Human.fixed(t["params"]?.double ?? 0, 4)))
                rows.append(("  B/D^β", Human.fixed(t["tokens"]?.double ?? 0, 4)))
            }
            return Human.table(rows) + Text.assumptionsAndSources(r)
        }
    }
}

struct Laws: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the loaded scaling laws with their constants and sources.")

    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let server = try data.makeServer()
        let result = try server.callForCLI("scaling/laws", JSON.object())
        output.emit(result) { r in
            var rows: [(String, String)] = [("id", "form  constants")]
            for law in r["laws"]?.elements ?? [] {
                let constants = (law["parameters"]?.members ?? []).map { "\($0.key)=\(Human.sci($0.value.double ?? 0))" }
                rows.append((law["id"]?.string ?? "", (law["form"]?.string ?? "").padding(toLength: 11, withPad: " ", startingAt: 0) + constants.joined(separator: " ")))
            }
            var text = Human.table(rows) + "\n"
            for law in r["laws"]?.elements ?? [] {
                let sources = (law["sources"]?.elements ?? []).compactMap { $0["title"]?.string }
                text += "\n\(law["id"]?.string ?? ""): \(law["title"]?.string ?? "")\n  source: \(sources.joined(separator: "; "))"
            }
            return text
        }
    }
}

struct Call: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Call any method once and print its JSON result: scalewise call scaling/optimal '{\"flops\": 1e24}'.")

    @Argument(help: "Method name, e.g. scaling/optimal.") var method: String
    @Argument(help: "Params as a JSON object (default {}).") var params: String = "{}"
    @OptionGroup var data: DataOptions

    func run() throws {
        let parsed: JSON
        do { parsed = try JSON.parse(params) } catch {
            throw ValidationError("params: \(error.description)")
        }
        guard parsed.kind == .object else { throw ValidationError("params must be a JSON object") }
        let server = try data.makeServer()
        print(try server.callForCLI(method, parsed, flags: false).dumped())
    }
}

enum Text {
    static func assumptionsAndSources(_ r: JSON) -> String {
        var text = ""
        let assumptions = (r["assumptions"]?.elements ?? []).compactMap(\.string)
        if !assumptions.isEmpty { text += "\n\nassumptions\n" + assumptions.map { "  - \($0)" }.joined(separator: "\n") }
        let sources = (r["sources"]?.elements ?? []).map { s in
            (s["title"]?.string ?? "") + (s["url"]?.string.map { " <\($0)>" } ?? "")
        }
        if !sources.isEmpty { text += "\n\nsources\n" + sources.map { "  - \($0)" }.joined(separator: "\n") }
        return text
    }
}
