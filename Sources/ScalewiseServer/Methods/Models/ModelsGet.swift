import JSON
import ScalingCore

/// `models/get`: one reference model with its architecture, training facts and sources.
enum ModelsGetMethod: FastMethod {
    static let name = "models/get"
    static let summary = "A reference model: architecture, total and active parameters, KV cache, training runs. Example: {\"id\": \"llama-3.1-8b\"}."
    static let fields: [FieldSpec] = [FieldSpec("id", .string, required: true, "Model id from models/list")]

    static func decode(_ params: Fields, _ server: Server) throws -> ReferenceModel {
        try ModelParams.model(params, key: "id", catalog: server.models)
    }

    static func answer(_ model: ReferenceModel, _ server: Server) throws -> JSON {
        let result = try ModelJSON.model(model)
        let runs = JSON.array()
        for run in ReportedRuns.runs(forModel: model.id, in: server.reportedRuns) {
            runs.append(try CostJSON.reportedRun(ReportedRuns.compare(run, catalog: server.hardware)))
        }
        result.set("reportedRuns", runs)
        return result
    }
}
