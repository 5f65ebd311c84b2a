import Foundation
import JSON
import RPC
import ScalingCore

/// `scaling/fit`: a law fitted to the caller's runs (Huber on log loss, L-BFGS from a grid,
/// bootstrap). Params are decoded on the reader (bad input answers at once); the fit runs on a
/// worker thread and commits its law to the locked store only when it finished uncancelled.
enum ScalingFitMethod: TypedLongMethod {
    static let name = "scaling/fit"
    static let summary = "Fits a scaling law to your runs, with bootstrap intervals; the law is then usable by id. Example: {\"runs\": [{\"params\": 1e8, \"tokens\": 2e9, \"loss\": 3.1}, …]}."
    static let fields: [FieldSpec] = [
        FieldSpec("runs", .array, required: true, "Training runs: [{params, tokens, loss, name?}]"),
        FieldSpec("form", .string, "\"chinchilla\" (default) or \"kaplan\""),
        FieldSpec("id", .string, "Fitted law id (default: a hash of the request)"),
        FieldSpec("options", .object, "{huberDelta?, grid?, bootstrap?, minTokens?, holdout?, seed?}"),
    ]

    static func decode(_ params: Fields, _ server: Server) throws -> (FitRequest, String) {
        try FitDecoding.request(params, limits: server.limits, builtinIDs: server.lawStore.builtinIDs)
    }

    static func compute(_ p: (FitRequest, String), _ server: Server, _ ctx: WorkContext) throws -> FitAnswer {
        let (request, id) = p
        let fitLimits = FitLimits(maxRuns: server.limits.maxFitRuns, maxBootstrap: server.limits.maxBootstrap,
                                  maxStarts: server.limits.maxFitStarts, maxStartsSetting: "serve --max-fit-starts")
        let result = try ScalingFit.fit(request, limits: fitLimits, shouldCancel: { ctx.isCancelled },
                                        progress: { ctx.progress($0) })
        try ctx.checkCancellation()
        let title = "\(request.form.rawValue) law fitted to \(result.record.trainingRuns.count) runs"
        let law: ScalingLaw
        do {
            law = try result.law(id: id, title: title)
        } catch {
            throw DomainError.unanswerable("the fitted constants are not a usable law (\(error)); warnings: \(result.warnings.map(\.message).joined(separator: "; "))")
        }
        // A fit whose answer cannot be sent is not kept.
        try FitEncoding.checkFinite(result)
        try server.lawStore.addFitted(law, record: result.record)
        return FitAnswer(fit: result, law: law)
    }

    static func encode(_ r: FitAnswer, _ server: Server) throws -> JSON {
        try FitEncoding.result(r.fit, law: r.law)
    }
}

extension Typed {
    public static let scalingFit = TypedCall(ScalingFitMethod.self)
}

/// `scaling/fit`'s answer: the fit and the law it is stored as (usable by id afterwards).
public struct FitAnswer: Sendable {
    public let fit: FitResult
    public let law: ScalingLaw

    public var heldOutResiduals: [RunResidual] { fit.residuals.filter { $0.role == .heldOut } }
    public var assumptions: [String] { FitEncoding.assumptions(fit) }
    public var sources: [Citation] { law.sources }
}

/// Wire params of `scaling/fit` → `FitRequest`, with field-path errors.
enum FitDecoding {
    static let runKeys: Set<String> = ["params", "tokens", "loss", "name"]
    static let optionKeys: Set<String> = ["huberDelta", "grid", "bootstrap", "minTokens", "holdout", "seed"]

    static func request(_ params: Fields, limits: Server.Limits, builtinIDs: Set<String>) throws(FieldError) -> (FitRequest, String) {
        let list = try params.require("runs", expected: "an array of {params, tokens, loss, name?}")
        guard list.kind == .array else {
            throw FieldError(field: "params.runs", reason: "expected an array of {params, tokens, loss, name?}, got \(Fields.describe(list))")
        }
        guard list.count <= limits.maxFitRuns else {
            throw FieldError(field: "params.runs", reason: "has \(list.count) runs; the limit is \(limits.maxFitRuns) (serve --max-fit-runs)")
        }
        var runs: [TrainingRun] = []
        runs.reserveCapacity(list.count)
        for (i, item) in list.elements.enumerated() {
            let r = Fields(item, path: "params.runs[\(i)]")
            guard item.kind == .object else { throw FieldError(field: r.path, reason: "expected an object {params, tokens, loss, name?}, got \(Fields.describe(item))") }
            try r.rejectUnknown(runKeys)
            runs.append(TrainingRun(params: try r.positiveNumber("params"), tokens: try r.positiveNumber("tokens"),
                                    loss: try r.positiveNumber("loss"), name: try r.optionalString("name")))
        }
        let formName = try params.optionalString("form") ?? "chinchilla"
        guard let form = FitForm(rawValue: formName) else {
            throw FieldError(field: "params.form", reason: "expected \"chinchilla\" or \"kaplan\", got \"\(formName)\"")
        }
        let options = try self.options(params.optionalObject("options"), form: form, limits: limits)
        let request = FitRequest(runs: runs, form: form, options: options)
        let id = try params.optionalString("id") ?? defaultID(request)
        try checkID(id, field: "params.id", builtinIDs: builtinIDs)
        return (request, id)
    }

    static func checkID(_ id: String, field: String, builtinIDs: Set<String>) throws(FieldError) {
        guard !id.isEmpty, id.count <= 200, !id.contains(where: { $0.isNewline }) else {
            throw FieldError(field: field, reason: "expected a law id of 1 to 200 characters on one line")
        }
        guard id != "inline" else { throw FieldError(field: field, reason: "\"inline\" names laws given in a request; choose another id") }
        guard !builtinIDs.contains(id) else {
            throw FieldError(field: field, reason: "\"\(id)\" is a built-in law; choose another id (fitting under an existing fitted id replaces it)")
        }
    }

    static func options(_ o: Fields?, form: FitForm, limits: Server.Limits) throws(FieldError) -> FitOptions {
        var options = FitOptions()
        guard let o else { return options }
        try o.rejectUnknown(optionKeys)
        if let d = try o.optionalPositiveNumber("huberDelta") { options.huberDelta = d }
        if let v = o.value("bootstrap") {
            guard let n = v.double, n == n.rounded(), n >= 0, n <= Double(limits.maxBootstrap) else {
                throw FieldError(field: o.fieldPath("bootstrap"), reason: "expected a whole number of samples from 0 to \(limits.maxBootstrap) (the limit, serve --max-bootstrap), got \(Fields.describe(v))")
            }
            options.bootstrap = Int(n)
        }
        options.minTokens = try o.optionalNonNegativeNumber("minTokens")
        if let s = try o.optionalInteger("seed", in: 0...Int(Int64.max)) { options.seed = UInt64(s) }
        if let g = try o.optionalObject("grid") {
            var axes: [GridAxis] = []
            for (name, value) in g.object?.members ?? [] where !value.isNull {
                let field = g.fieldPath(name)
                guard value.kind == .array, value.count <= 10_000 else { throw FieldError(field: field, reason: "expected an array of start values (at most 10,000)") }
                var values: [Double] = []
                for (i, e) in value.elements.enumerated() {
                    guard let d = e.double else { throw FieldError(field: "\(field)[\(i)]", reason: "expected a number, got \(Fields.describe(e))") }
                    values.append(d)
                }
                axes.append(GridAxis(name: name, values: values))
            }
            options.grid = axes
        }
        if let h = o.value("holdout") {
            let field = o.fieldPath("holdout")
            switch h.kind {
            case .string where h.string == "largest": options.holdout = .largest
            case .string where h.string == "none": options.holdout = .none
            case .integer, .real: options.holdout = .fraction(h.double!)
            case .array:
                var names: [String] = []
                for (i, e) in h.elements.enumerated() {
                    guard let s = e.string else { throw FieldError(field: "\(field)[\(i)]", reason: "expected a run name, got \(Fields.describe(e))") }
                    names.append(s)
                }
                options.holdout = .names(names)
            default:
                throw FieldError(field: field, reason: "expected \"largest\", \"none\", a fraction in (0, 1) or an array of run names, got \(Fields.describe(h))")
            }
        }
        return options
    }

    /// `fit-` and 8 hex digits of an FNV-1a hash of the runs, form and options: the same
    /// request lands on the same id, so refitting replaces rather than piles up.
    static func defaultID(_ r: FitRequest) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ x: UInt64) { for k in 0..<8 { h ^= (x >> (8 * UInt64(k))) & 0xff; h = h &* 0x100_0000_01b3 } }
        for run in r.runs { mix(run.params.bitPattern); mix(run.tokens.bitPattern); mix(run.loss.bitPattern) }
        for b in r.form.rawValue.utf8 { mix(UInt64(b)) }
        mix(r.options.huberDelta.bitPattern); mix(UInt64(r.options.bootstrap)); mix(r.options.seed)
        mix(r.options.minTokens?.bitPattern ?? 0)
        for b in "\(r.options.holdout)|\(r.options.grid.map { "\($0)" } ?? "")".utf8 { mix(UInt64(b)) }
        return "fit-" + String(String(h, radix: 16).suffix(8))
    }
}
