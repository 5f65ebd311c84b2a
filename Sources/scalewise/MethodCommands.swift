import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

/// Commands whose flags are the method's params (see `MethodFlags`); each prints its own
/// table from the method's typed answer.
protocol MethodCommand: ParsableCommand {
    associatedtype Answer
    /// The method the command calls; its name and declared fields give the flags.
    static var typed: TypedCall<Answer> { get }
    var flags: [String] { get }
    var data: DataOptions { get }
    var output: OutputOptions { get }
    /// The answer as people read it.
    func table(_ answer: Answer) -> String
}

extension MethodCommand {
    static var method: String { typed.method }

    func run() throws {
        let server = try data.makeServer()
        let answer = try server.callForCLI(Self.typed, params())
        try output.emit(answer, Self.typed, server) { table(answer) }
    }

    /// The flags as the method's params, checked against its declared fields.
    func params() throws -> JSON {
        try MethodFlags.params(flags, for: MethodFlags.method(named: Self.method))
    }

    static func discussion(_ method: String) -> String {
        let fields = Server.methodDescriptions.first { $0.name == method }?.fields ?? []
        return "Flags (numbers take K/M/B/T; objects and arrays take JSON):\n" + fields.map {
            "  \(MethodFlags.flag($0.name)) <\($0.kinds.joined(separator: "|"))>\($0.required ? " (required)" : "")  \($0.summary)"
        }.joined(separator: "\n")
    }
}

struct InferenceOptimalCommand: MethodCommand {
    static let typed = Typed.scalingInferenceOptimal
    static let configuration = CommandConfiguration(
        commandName: "inference-optimal",
        abstract: "Model size minimising training plus lifetime inference compute (Sardana & Frankle).",
        discussion: discussion(method))
    @Argument(parsing: .allUnrecognized) var flags: [String] = []
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func table(_ r: InferenceOptimalAnswer) -> String {
        let a = r.allocation, c = a.chinchillaOptimal
        var rows: [(String, String)] = [("law", r.law.id + " — " + r.law.title)]
        if let flops = r.flops {
            rows.append(("training budget", Format.sci(flops) + " FLOPs (its compute-optimal loss is the target)"))
        } else if let t = r.targetLoss {
            rows.append(("target loss", Format.fixed(t, 4)))
        }
        rows += [
            ("inference tokens", Format.short(a.inferenceTokens)),
            ("", ""),
            ("inference-aware", "\(Format.short(a.params)) params on \(Format.short(a.tokens)) tokens (\(Format.fixed(a.tokensPerParam, 1)) per param)"),
            ("  loss", Format.fixed(a.loss, 4) + " nats/token"),
            ("  FLOPs", "\(Format.sci(a.trainingFlops)) training + \(Format.sci(a.inferenceFlops)) inference = \(Format.sci(a.totalFlops))"),
            ("compute-optimal", "\(Format.short(c.params)) params on \(Format.short(c.tokens)) tokens (\(Format.fixed(c.tokens / c.params, 1)) per param)"),
            ("  FLOPs", "\(Format.sci(c.trainingFlops)) training + \(Format.sci(c.inferenceFlops)) inference = \(Format.sci(c.totalFlops))"),
            ("saving", "\(Format.fixed(100 * a.savings, 1)) % of lifetime FLOPs (\(Format.sci(c.totalFlops - a.totalFlops)) FLOPs)"),
            ("method", a.method),
        ]
        return Human.table(rows) + Text.basis(warnings: r.warning.map { [$0] } ?? [], assumptions: a.assumptions, sources: r.sources)
    }
}

struct OvertrainCommand: MethodCommand {
    static let typed = Typed.costOvertrain
    static let configuration = CommandConfiguration(
        commandName: "overtrain",
        abstract: "Whether a smaller model trained longer pays back in cheaper serving.",
        discussion: discussion(method))
    @Argument(parsing: .allUnrecognized) var flags: [String] = []
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func table(_ r: OvertrainAnswer) -> String {
        var rows: [(String, String)] = []
        switch r {
        case .simple(let s):
            rows += [
                ("extra training", Format.usd(s.extraTrainingUsd)),
                ("saving", "$\(Format.general(s.savingPerRequest)) per request × \(Format.short(s.requestsPerDay)) requests/day"),
            ]
        case let .full(e, request):
            rows += [
                ("large model", "\(Format.short(request.large.params)) params on \(Format.short(request.large.tokens)) tokens"),
                ("small model", "\(Format.short(request.small.params)) params on \(Format.short(request.small.tokens)) tokens"),
                ("hardware", request.hardware.id + " — " + request.hardware.name),
                ("extra training", "\(Format.sci(e.extraTrainingFlops)) FLOPs, \(Human.usdRange(e.extraTrainingUsd))"),
                ("serving saved", "\(Format.sci(e.inferenceFlopsSavedPerDay)) FLOPs/day, \(Human.usdRange(e.inferenceSavingUsdPerDay)) per day"),
            ]
        }
        rows.append(("break-even", r.breakEvenDays.map { Human.range($0, unit: "days") } ?? "never: serving the small model saves nothing"))
        return Human.table(rows) + Text.basis(assumptions: r.assumptions, sources: r.sources)
    }
}

struct SweepCommand: MethodCommand {
    static let typed = Typed.scalingSweep
    static let configuration = CommandConfiguration(
        commandName: "sweep",
        abstract: "A law over a grid of sizes and tokens, or of budgets (columns; --json for all of them).",
        discussion: discussion(method))
    @Argument(parsing: .allUnrecognized) var flags: [String] = []
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func table(_ r: SweepAnswer) -> String {
        // The numeric columns, in the wire's order (--json adds the binding constraints per row).
        let columns: [(String, [Double])]
        switch r.grid {
        case .predict(let s, _):
            columns = [("params", s.params), ("tokens", s.tokens), ("loss", s.loss)]
        case .optimal(let s, _):
            columns = [("flops", s.flops), ("params", s.params), ("tokens", s.tokens), ("loss", s.loss)]
                + (s.epochs.map { [("epochs", $0)] } ?? []) + (s.effectiveTokens.map { [("effectiveTokens", $0)] } ?? [])
        }
        let rows = (0..<r.count).map { i in columns.map { Format.short($0.1[i]) } }
        return Human.grid(columns.map(\.0), rows)
            + Text.basis(warnings: r.warning.map { [$0] } ?? [], assumptions: r.assumptions, sources: r.sources)
    }
}

struct ApiPricesCommand: MethodCommand {
    static let typed = Typed.costApiPrices
    static let configuration = CommandConfiguration(
        commandName: "api-prices",
        abstract: "API list prices per million tokens, dated and sourced (ids for --api and apiPrice).",
        discussion: discussion(method))
    @Argument(parsing: .allUnrecognized) var flags: [String] = []
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func table(_ r: ApiPricesAnswer) -> String {
        let rows = r.prices.map { p in
            [p.id, p.provider, Format.usd(p.usdPerMillionInputTokens), Format.usd(p.usdPerMillionOutputTokens), p.date]
        }
        return Human.grid(["id", "provider", "$/1M in", "$/1M out", "date"], rows)
    }
}
