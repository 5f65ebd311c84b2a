import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

/// Commands whose flags are the method's params (see `MethodFlags`) and whose table is the
/// result's top-level figures: a range reads `mid (low–high)`.
protocol MethodCommand: ParsableCommand {
    static var method: String { get }
    var flags: [String] { get }
    var data: DataOptions { get }
    var output: OutputOptions { get }
}

extension MethodCommand {
    func run() throws {
        let description = try MethodFlags.method(named: Self.method)
        let params = try MethodFlags.params(flags, for: description)
        let result = try data.makeServer().callForCLI(Self.method, params)
        output.emit(result) { r in Human.table(GenericTable.rows(r)) + Text.assumptionsAndSources(r) }
    }

    static func discussion(_ method: String) -> String {
        let fields = Server.methodDescriptions.first { $0.name == method }?.fields ?? []
        return "Flags (numbers take K/M/B/T; objects and arrays take JSON):\n" + fields.map {
            "  \(MethodFlags.flag($0.name)) <\($0.kinds.joined(separator: "|"))>\($0.required ? " (required)" : "")  \($0.summary)"
        }.joined(separator: "\n")
    }
}

enum GenericTable {
    static let skipped: Set<String> = ["law", "sources", "assumptions", "warnings", "columns"]

    static func rows(_ r: JSON) -> [(String, String)] {
        var rows: [(String, String)] = []
        if let id = r["law"]?["id"]?.string { rows.append(("law", id)) }
        for (key, value) in r.members where !skipped.contains(key) {
            if let text = cell(value) { rows.append((key, text)) }
        }
        for w in (r["warnings"]?.elements ?? []).compactMap(\.string) { rows.append(("warning", w)) }
        return rows
    }

    static func cell(_ v: JSON) -> String? {
        switch v.kind {
        case .real, .integer: return Format.short(v.double!)
        case .string: return v.string
        case .bool: return v.bool! ? "yes" : "no"
        case .object:
            if let l = v["low"]?.double, let m = v["mid"]?.double, let h = v["high"]?.double {
                return "\(Format.short(m)) (\(Format.range(l, h)))"
            }
            let parts = v.members.compactMap { k, x -> String? in
                guard x.kind == .real || x.kind == .integer else { return nil }
                return "\(k) \(Format.short(x.double!))"
            }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        default: return nil
        }
    }
}

struct InferenceOptimalCommand: MethodCommand {
    static let method = "scaling/inferenceOptimal"
    static let configuration = CommandConfiguration(
        commandName: "inference-optimal",
        abstract: "Model size minimising training plus lifetime inference compute (Sardana & Frankle).",
        discussion: discussion(method))
    @Argument(parsing: .allUnrecognized) var flags: [String] = []
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
}

struct OvertrainCommand: MethodCommand {
    static let method = "cost/overtrain"
    static let configuration = CommandConfiguration(
        commandName: "overtrain",
        abstract: "Whether a smaller model trained longer pays back in cheaper serving.",
        discussion: discussion(method))
    @Argument(parsing: .allUnrecognized) var flags: [String] = []
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions
}

struct SweepCommand: MethodCommand {
    static let method = "scaling/sweep"
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "A law over a grid of sizes and tokens, or of budgets (columns; --json for all of them).",
        discussion: discussion(method))
    @Argument(parsing: .allUnrecognized) var flags: [String] = []
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let description = try MethodFlags.method(named: Self.method)
        let result = try data.makeServer().callForCLI(Self.method, try MethodFlags.params(flags, for: description))
        output.emit(result) { r in
            let columns = r["columns"]?.members.filter { $0.value.elements.first?.double != nil } ?? []
            let count = columns.first?.value.count ?? 0
            let rows = (0..<count).map { i in columns.map { Format.short($0.value[i]?.double ?? 0) } }
            return Human.grid(columns.map(\.key), rows) + Text.assumptionsAndSources(r)
        }
    }
}

struct ApiPricesCommand: MethodCommand {
    static let method = "cost/apiPrices"
    static let configuration = CommandConfiguration(
        commandName: "api-prices",
        abstract: "API list prices per million tokens, dated and sourced (ids for --api and apiPrice).",
        discussion: discussion(method))
    @Argument(parsing: .allUnrecognized) var flags: [String] = []
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let result = try data.makeServer().callForCLI(Self.method, try MethodFlags.params(flags, for: MethodFlags.method(named: Self.method)))
        output.emit(result) { r in
            let rows = (r["prices"]?.elements ?? []).map { p in
                [p["id"]?.string ?? "", p["provider"]?.string ?? "", Format.usd(p["usdPerMillionInputTokens"]?.double ?? 0),
                 Format.usd(p["usdPerMillionOutputTokens"]?.double ?? 0), p["date"]?.string ?? ""]
            }
            return Human.grid(["id", "provider", "$/1M in", "$/1M out", "date"], rows)
        }
    }
}
