import JSON
import ScalingCore

/// `models/get`: one reference model with its architecture, training facts and sources.
enum ModelsGetMethod: TypedFastMethod {
    static let name = "models/get"
    static let summary = "A reference model: architecture, total and active parameters, KV cache, training runs. Example: {\"id\": \"llama-3.1-8b\"}."
    static let fields: [FieldSpec] = [FieldSpec("id", .string, required: true, "Model id from models/list")]

    static func decode(_ params: Fields, _ server: Server) throws -> ReferenceModel {
        try ModelParams.model(params, key: "id", catalog: server.models)
    }

    static func compute(_ model: ReferenceModel, _ server: Server) throws -> ModelAnswer {
        let runs = try ReportedRuns.runs(forModel: model.id, in: server.reportedRuns).map {
            try ReportedRuns.compare($0, catalog: server.hardware)
        }
        return ModelAnswer(model: model, reportedRuns: runs)
    }

    static func encode(_ answer: ModelAnswer, _ server: Server) throws -> JSON {
        let result = try ModelJSON.model(answer.model)
        let runs = JSON.array()
        for run in answer.reportedRuns { runs.append(try CostJSON.reportedRun(run)) }
        result.set("reportedRuns", runs)
        return result
    }
}

extension Typed {
    public static let modelsGet = TypedCall(ModelsGetMethod.self)
}

/// `models/get`'s answer: the row, and each published training run of it beside the
/// `cost/training` estimate for that run.
public struct ModelAnswer: Sendable {
    public let model: ReferenceModel
    public let reportedRuns: [ReportedRunComparison]
}
