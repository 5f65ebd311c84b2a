import JSON
import ScalingCore

/// `models/list`: the reference models, one summary each.
enum ModelsListMethod: FastMethod {
    static let name = "models/list"
    static let summary = "The reference models with parameter counts. Example: {}."
    static let fields: [FieldSpec] = []

    static func decode(_ params: Fields, _ server: Server) throws -> NoParams { NoParams() }

    static func answer(_ params: NoParams, _ server: Server) throws -> JSON {
        let list = JSON.array()
        for m in server.models.models { list.append(try ModelJSON.summary(m)) }
        let result = JSON.object()
        result.set("models", list)
        result.set("sources", DomainJSON.citations([Citation(title: "data/models.json",
            detail: "one row per model; every row cites its own sources (models/get)")]))
        return result
    }
}
