import Foundation
import JSON
import RPC
import ScalingCore

/// `scaling/sweep`: a law over a grid of sizes and tokens (kind "predict") or of budgets (kind
/// "optimal"), as columns. Decoded on the reader; the points are computed on a worker thread.
enum ScalingSweepMethod: TypedLongMethod {
    static let name = "scaling/sweep"
    static let summary = "A law over a grid, as columns: kind \"predict\" (params × tokens) or \"optimal\" (budgets). Example: {\"kind\": \"optimal\", \"budgets\": {\"from\": 1e20, \"to\": 1e25, \"count\": 6}}."
    static let fields: [FieldSpec] = [
        Shapes.lawField,
        FieldSpec("kind", .string, required: true, "\"predict\" (loss over params × tokens) or \"optimal\" (allocation over budgets)"),
        FieldSpec("params", [.array, .object], "kind predict: a list or {from, to, count, spacing?}"),
        FieldSpec("tokens", [.array, .object], "kind predict: a list or {from, to, count, spacing?}"),
        FieldSpec("uniqueTokens", .number, "kind predict: unique tokens (data repeats past it)"),
        FieldSpec("budgets", [.array, .object], "kind optimal: a list or {from, to, count, spacing?}"),
        Shapes.constraintsField,
    ]

    enum Params: Sendable {
        case predict(ScalingLaw, params: SweepValues, tokens: SweepValues, unique: Double?, limit: Int)
        case optimal(ScalingLaw, budgets: SweepValues, constraints: AllocationConstraints, limit: Int)
    }

    static func decode(_ params: Fields, _ server: Server) throws -> Params {
        let law = try LawDecoding.resolve(params, catalog: server.laws)
        let limit = server.limits.maxSweepPoints
        let kind = try params.string("kind")
        switch kind {
        case "predict":
            for key in ["budgets", "constraints"] where params.has(key) {
                throw FieldError(field: params.fieldPath(key), reason: "belongs to kind \"optimal\"; kind \"predict\" takes params, tokens and uniqueTokens")
            }
            let n = try SweepDecoding.values(params, "params", limit: limit)
            let d = try SweepDecoding.values(params, "tokens", limit: limit)
            // The grid's size is refused here, at once, naming the flag that sets the limit.
            let (total, overflow) = n.count.multipliedReportingOverflow(by: d.count)
            guard !overflow, total <= limit else {
                throw FieldError(field: "params.tokens", reason: "a grid of \(n.count) × \(d.count) points exceeds the limit of \(limit) points (serve --max-sweep)")
            }
            return .predict(law, params: n, tokens: d, unique: try params.optionalPositiveNumber("uniqueTokens"), limit: limit)
        case "optimal":
            for key in ["params", "tokens", "uniqueTokens"] where params.has(key) {
                throw FieldError(field: params.fieldPath(key), reason: "belongs to kind \"predict\"; kind \"optimal\" takes budgets and constraints")
            }
            return .optimal(law, budgets: try SweepDecoding.values(params, "budgets", limit: limit),
                            constraints: try AllocationDecoding.constraints(params), limit: limit)
        default:
            throw FieldError(field: "params.kind", reason: "expected \"predict\" or \"optimal\", got \"\(kind)\"")
        }
    }

    static func compute(_ p: Params, _ server: Server, _ ctx: WorkContext) throws -> SweepAnswer {
        switch p {
        case let .predict(law, n, d, unique, limit):
            let s = try Sweep.predict(law: law, params: n, tokens: d, uniqueTokens: unique, limit: limit,
                                      shouldCancel: { ctx.isCancelled }, progress: { ctx.progress($0) })
            return SweepAnswer(law: law, grid: .predict(s, uniqueTokens: unique))
        case let .optimal(law, budgets, constraints, limit):
            let s = try Sweep.optimal(law: law, budgets: budgets, constraints: constraints, limit: limit,
                                      shouldCancel: { ctx.isCancelled }, progress: { ctx.progress($0) })
            return SweepAnswer(law: law, grid: .optimal(s, constraints: constraints))
        }
    }

    static func encode(_ r: SweepAnswer, _ server: Server) throws -> JSON {
        let columns = JSON.object()
        let result: JSON
        switch r.grid {
        case .predict(let s, _):
            try columns.set("params", numbers: s.params)
            try columns.set("tokens", numbers: s.tokens)
            try columns.set("loss", numbers: s.loss)
            result = try SweepEncoding.result(kind: r.kind, count: r.count, columns: columns, law: r.law,
                                              assumptions: r.assumptions, sources: r.lawAndMethodSources)
        case let .optimal(s, constraints):
            try columns.set("flops", numbers: s.flops)
            try columns.set("params", numbers: s.params)
            try columns.set("tokens", numbers: s.tokens)
            try columns.set("loss", numbers: s.loss)
            let binding = JSON.array()
            for b in s.bindingConstraints {
                let a = JSON.array()
                for c in b { a.append(c.rawValue) }
                binding.append(a)
            }
            columns.set("bindingConstraints", binding)
            if let e = s.epochs { try columns.set("epochs", numbers: e) }
            if let e = s.effectiveTokens { try columns.set("effectiveTokens", numbers: e) }
            result = try SweepEncoding.result(kind: r.kind, count: r.count, columns: columns, law: r.law,
                                              assumptions: r.assumptions, sources: r.lawAndMethodSources)
            if !constraints.isEmpty { result.set("constraints", try AllocationEncoding.constraints(constraints)) }
        }
        if let flops = r.middleFlops { DomainJSON.caveat(result, law: r.law, flops: flops) }
        return result
    }
}

extension Typed {
    public static let scalingSweep = TypedCall(ScalingSweepMethod.self)
}

/// `scaling/sweep`'s answer: the law's columns over the grid.
public struct SweepAnswer: Sendable {
    public enum Grid: Sendable {
        /// Loss over params × tokens (row i·tokens + j), through Muennighoff's law past `uniqueTokens`.
        case predict(PredictSweep, uniqueTokens: Double?)
        /// One allocation per budget.
        case optimal(OptimalSweep, constraints: AllocationConstraints)
    }

    public let law: ScalingLaw
    public let grid: Grid

    public var kind: String {
        switch grid {
        case .predict: "predict"
        case .optimal: "optimal"
        }
    }

    public var count: Int {
        switch grid {
        case .predict(let s, _): s.loss.count
        case .optimal(let s, _): s.flops.count
        }
    }

    public var assumptions: [String] {
        switch grid {
        case .predict(let s, _): s.assumptions
        case .optimal(let s, _): s.assumptions
        }
    }

    /// The law's sources and those of the methods the sweep used.
    var lawAndMethodSources: [Citation] {
        switch grid {
        case .predict(_, let unique):
            law.sources + (unique == nil ? [] : [DataConstrained.citation])
        case .optimal(_, let c):
            law.sources + [ComputeOptimal.costCitation] + (c.maxTokens == nil ? [] : [DataConstrained.citation])
        }
    }

    /// The compute of the grid's middle point, where the printed-fit caveat is judged.
    var middleFlops: Double? {
        let mid = count / 2
        guard mid < count else { return nil }
        switch grid {
        case .predict(let s, _): return 6 * s.params[mid] * s.tokens[mid]
        case .optimal(let s, _): return s.flops[mid]
        }
    }

    /// Set when the law is the printed Chinchilla fit (see `PrintedChinchilla`).
    public var warning: String? { middleFlops.flatMap { PrintedChinchilla.warning(law: law, flops: $0) } }

    public var sources: [Citation] { lawAndMethodSources + (warning == nil ? [] : [PrintedChinchilla.citation]) }
}

enum SweepDecoding {
    /// An axis: a list of numbers, or `{from, to, count, spacing?: "log" | "linear"}` (log by default).
    static func values(_ params: Fields, _ key: String, limit: Int) throws(FieldError) -> SweepValues {
        let v = try params.require(key, expected: "a list of numbers or {from, to, count, spacing?}")
        let field = params.fieldPath(key)
        switch v.kind {
        case .array:
            guard v.count <= limit else {
                throw FieldError(field: field, reason: "has \(v.count) values; the limit is \(limit) points (serve --max-sweep)")
            }
            var out: [Double] = []
            out.reserveCapacity(v.count)
            for (i, e) in v.elements.enumerated() {
                guard let d = e.double else { throw FieldError(field: "\(field)[\(i)]", reason: "expected a number, got \(Fields.describe(e))") }
                out.append(d)
            }
            return .list(out)
        case .object:
            let r = Fields(v, path: field)
            try r.rejectUnknown(["from", "to", "count", "spacing"])
            let spacingName = try r.optionalString("spacing") ?? "log"
            guard let spacing = SweepSpacing(rawValue: spacingName) else {
                throw FieldError(field: r.fieldPath("spacing"), reason: "expected \"log\" or \"linear\", got \"\(spacingName)\"")
            }
            if let c = r.value("count")?.double, c > Double(limit) {
                throw FieldError(field: r.fieldPath("count"), reason: "\(Fields.describe(r.value("count")!)) points exceed the limit of \(limit) points (serve --max-sweep)")
            }
            guard let count = try r.optionalInteger("count", in: 1...limit) else {
                throw FieldError(field: r.fieldPath("count"), reason: "is required: expected an integer in [1, \(limit)]")
            }
            return .range(from: try r.positiveNumber("from"), to: try r.positiveNumber("to"), count: count, spacing: spacing)
        default:
            throw FieldError(field: field, reason: "expected a list of numbers or {from, to, count, spacing?}, got \(Fields.describe(v))")
        }
    }
}
