import JSON
import ScalingCore

/// `cost/tco`: total cost of ownership month by month, API vs self-hosted options; or, with
/// `trainingUsd`, the days until inference spend exceeds the training cost.
enum CostTCOMethod: TypedFastMethod {
    static let name = "cost/tco"
    static let summary = "Monthly cost of ownership per option (API, managed, self-hosted) as {low, mid, high}, with break-even. Example: {\"months\": 12, \"tokensPerMonth\": 1e9, \"contextTokens\": 1000, \"outputTokens\": 200, \"options\": [{\"name\": \"api\", \"kind\": \"api\", \"apiPrice\": \"gpt-4o-mini\"}]}."
    static let simpleFields: Set<String> = ["trainingUsd", "usdPerRequest", "requestsPerDay"]
    static let fields: [FieldSpec] = [
        FieldSpec("months", .integer, "Months to project (1–600)"),
        FieldSpec("training", .object, "{usd: {low, high}} or a cost/training request"),
        FieldSpec("tokensPerMonth", .number, "Tokens served in month 1"),
        FieldSpec("growthPerMonth", .number, "Monthly traffic growth as a fraction (0.1 = 10 %)"),
        FieldSpec("contextTokens", .number, "Input tokens per request"),
        FieldSpec("outputTokens", .number, "Output tokens per request"),
        FieldSpec("options", .array, "[{name, kind: api|managed|selfHosted, usdPerMillionTokens?, apiPrice?, inference?, ownership?, people?}]"),
        FieldSpec("infrastructureOverhead", .object, "Fraction range {low, high} on top of compute"),
        FieldSpec("operationsOverhead", .object, "Fraction range {low, high} for operations"),
        FieldSpec("priceDeclinePerYear", .number, "Yearly decline of prices as a fraction"),
        Shapes.pricingField,
        FieldSpec("trainingUsd", .number, "Simple form: training cost in US dollars"),
        FieldSpec("usdPerRequest", .number, "Simple form: US dollars per request"),
        FieldSpec("requestsPerDay", .number, "Simple form: requests per day"),
    ]

    enum Params {
        case simple(training: Double, perRequest: Double, perDay: Double)
        case full(TCORequest, PricingPlan)
    }

    static func decode(_ params: Fields, _ server: Server) throws -> Params {
        if simpleFields.contains(where: params.has) {
            try params.rejectUnknown(simpleFields)
            return .simple(training: try BreakEven.required(params, "trainingUsd", "training cost in US dollars (≥ 0)"),
                           perRequest: try BreakEven.required(params, "usdPerRequest", "US dollars per request (> 0)"),
                           perDay: try BreakEven.required(params, "requestsPerDay", "requests per day (> 0)"))
        }
        return .full(try CostDecoding.tco(params, catalog: server.hardware, models: server.models, apiPrices: server.apiPrices),
                     try CostDecoding.pricing(params))
    }

    static func compute(_ p: Params, _ server: Server) throws -> TCOAnswer {
        switch p {
        case let .full(request, pricing):
            return .projection(TCOProjection(request: request, pricing: pricing, estimate: try TCO.estimate(request)))
        case let .simple(training, perRequest, perDay):
            let days = try TCO.daysUntilInferenceExceedsTraining(trainingUsd: training, usdPerRequest: perRequest, requestsPerDay: perDay)
            return .trainingBreakEven(TrainingBreakEven(trainingUsd: training, usdPerRequest: perRequest, requestsPerDay: perDay, days: days))
        }
    }

    static func encode(_ answer: TCOAnswer, _ server: Server) throws -> JSON {
        switch answer {
        case .projection(let p):
            let result = try CostJSON.tco(p.estimate)
            result.set("pricing", p.pricing.rawValue)
            return result
        case .trainingBreakEven(let b):
            let result = JSON.object()
            try result.set("daysUntilInferenceExceedsTraining", b.days)
            result.set("assumptions", strings: b.assumptions)
            result.set("sources", DomainJSON.citations(b.sources))
            return result
        }
    }
}

extension Typed {
    public static let costTCO = TypedCall(CostTCOMethod.self)
}

/// `cost/tco`'s answer: a projection when options are given, else the simple form's break-even.
public enum TCOAnswer: Sendable {
    case projection(TCOProjection)
    case trainingBreakEven(TrainingBreakEven)
}

/// The month-by-month projection of each option, with the pricing plan it used.
public struct TCOProjection: Sendable {
    public let request: TCORequest
    public let pricing: PricingPlan
    public let estimate: TCOResult

    /// The sources as the wire lists them: without repeats.
    public var sources: [Citation] { estimate.sources.withoutRepeats }
}

/// The simple form: days until inference spend (constant traffic and price) exceeds the training cost.
public struct TrainingBreakEven: Sendable {
    public let trainingUsd, usdPerRequest, requestsPerDay: Double
    public let days: Double

    public var assumptions: [String] {
        ["days = trainingUsd / (usdPerRequest × requestsPerDay) = \(Format.sig(trainingUsd, 6)) / (\(Format.sig(usdPerRequest, 6)) × \(Format.sig(requestsPerDay, 6)))",
         "constant traffic and price per request; inputs exact, so no range"]
    }

    public var sources: [Citation] { [BreakEven.citation] }
}
