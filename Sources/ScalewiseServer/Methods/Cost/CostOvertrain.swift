import JSON
import ScalingCore

/// `cost/overtrain`: whether training a smaller model longer pays back in cheaper serving.
enum CostOvertrainMethod: TypedFastMethod {
    static let name = "cost/overtrain"
    static let summary = "Does training a smaller model longer pay back in serving? Break-even days {low, mid, high}. Example: {\"extraTrainingUsd\": 5e6, \"savingPerRequest\": 0.001, \"requestsPerDay\": 1e7}."
    static let simpleFields: Set<String> = ["extraTrainingUsd", "savingPerRequest", "requestsPerDay"]
    static let fields: [FieldSpec] = [
        FieldSpec("large", .object, "The compute-optimal model {params | model, tokens}"),
        FieldSpec("small", .object, "The overtrained model {params | model, tokens}"),
        FieldSpec("requestsPerDay", .number, "Requests served per day"),
        FieldSpec("tokensPerRequest", .number, "Tokens per request"),
        Shapes.hardwareField, Shapes.mfuField,
        FieldSpec("inferenceMfu", .number, "Utilization while serving in (0, 1]"),
        Shapes.precisionField, Shapes.pricePerHourField,
        FieldSpec("extraTrainingUsd", .number, "Simple form: extra training cost in US dollars"),
        FieldSpec("savingPerRequest", .number, "Simple form: US dollars saved per request"),
    ]

    enum Params {
        case simple(extra: Double, saving: Double, perDay: Double)
        case full(OvertrainRequest)
    }

    static func decode(_ params: Fields, _ server: Server) throws -> Params {
        if params.has("extraTrainingUsd") || params.has("savingPerRequest") {
            try params.rejectUnknown(simpleFields)
            return .simple(extra: try BreakEven.required(params, "extraTrainingUsd", "extra training cost in US dollars (≥ 0)"),
                           saving: try BreakEven.required(params, "savingPerRequest", "US dollars saved per request (> 0)"),
                           perDay: try BreakEven.required(params, "requestsPerDay", "requests per day (> 0)"))
        }
        return .full(try CostDecoding.overtrain(params, catalog: server.hardware, models: server.models))
    }

    static func compute(_ p: Params, _ server: Server) throws -> OvertrainAnswer {
        switch p {
        case .full(let request):
            return .full(try Overtrain.estimate(request), request: request)
        case let .simple(extra, saving, perDay):
            let days = try Overtrain.breakEvenDays(extraTrainingUsd: extra, savingPerRequest: saving, requestsPerDay: perDay)
            return .simple(OvertrainAnswer.Simple(extraTrainingUsd: extra, savingPerRequest: saving, requestsPerDay: perDay, breakEvenDays: days))
        }
    }

    static func encode(_ r: OvertrainAnswer, _ server: Server) throws -> JSON {
        switch r {
        case let .full(result, request):
            return try CostJSON.overtrain(result, request: request)
        case .simple(let s):
            let result = JSON.object()
            result.set("breakEvenDays", try DomainJSON.range(CostRange(exactly: s.breakEvenDays)))
            result.set("assumptions", strings: s.assumptions)
            result.set("sources", DomainJSON.citations([BreakEven.citation]))
            return result
        }
    }
}

extension Typed {
    public static let costOvertrain = TypedCall(CostOvertrainMethod.self)
}

/// `cost/overtrain`'s answer: the one-division form, or the estimate from two runs on hardware.
public enum OvertrainAnswer: Sendable {
    /// extraTrainingUsd / (savingPerRequest × requestsPerDay), inputs exact.
    public struct Simple: Sendable {
        public let extraTrainingUsd, savingPerRequest, requestsPerDay, breakEvenDays: Double

        public var assumptions: [String] {
            [
                "break-even days = extraTrainingUsd / (savingPerRequest × requestsPerDay) = \(Format.sig(extraTrainingUsd, 6)) / (\(Format.sig(savingPerRequest, 6)) × \(Format.sig(requestsPerDay, 6)))",
                "constant traffic and saving per request; inputs exact, so low = mid = high",
            ]
        }
    }

    case simple(Simple)
    case full(OvertrainResult, request: OvertrainRequest)

    /// Days until the serving saving repays the extra training; nil when serving saves nothing.
    public var breakEvenDays: CostRange? {
        switch self {
        case .simple(let s): CostRange(exactly: s.breakEvenDays)
        case .full(let r, _): r.breakEvenDays
        }
    }

    public var assumptions: [String] {
        switch self {
        case .simple(let s): s.assumptions
        case .full(let r, _): r.assumptions
        }
    }

    /// As the encoding cites them: without repeats, in first-seen order.
    public var sources: [Citation] {
        switch self {
        case .simple: return [BreakEven.citation]
        case .full(let r, _): return r.sources.withoutRepeats
        }
    }
}
