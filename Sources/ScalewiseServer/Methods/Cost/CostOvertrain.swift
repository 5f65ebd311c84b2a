import JSON
import ScalingCore

/// `cost/overtrain`: whether training a smaller model longer pays back in cheaper serving.
enum CostOvertrainMethod: FastMethod {
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

    static func answer(_ p: Params, _ server: Server) throws -> JSON {
        switch p {
        case .full(let request):
            return try CostJSON.overtrain(Overtrain.estimate(request), request: request)
        case let .simple(extra, saving, perDay):
            let days = try Overtrain.breakEvenDays(extraTrainingUsd: extra, savingPerRequest: saving, requestsPerDay: perDay)
            let result = JSON.object()
            result.set("breakEvenDays", try DomainJSON.range(CostRange(exactly: days)))
            result.set("assumptions", strings: [
                "break-even days = extraTrainingUsd / (savingPerRequest × requestsPerDay) = \(Format.sig(extra, 6)) / (\(Format.sig(saving, 6)) × \(Format.sig(perDay, 6)))",
                "constant traffic and saving per request; inputs exact, so low = mid = high",
            ])
            result.set("sources", DomainJSON.citations([BreakEven.citation]))
            return result
        }
    }
}
