import JSON
import ScalingCore

/// `models/list`: the reference models, one summary each.
enum ModelsListMethod: TypedFastMethod {
    static let name = "models/list"
    static let summary = "The reference models with parameter counts. Example: {}."
    static let fields: [FieldSpec] = []

    static func decode(_ params: Fields, _ server: Server) throws -> NoParams { NoParams() }

    static func compute(_ params: NoParams, _ server: Server) throws -> [ReferenceModel] { server.models.models }

    static func encode(_ models: [ReferenceModel], _ server: Server) throws -> JSON {
        let list = JSON.array()
        for m in models { list.append(try ModelJSON.summary(m)) }
        let result = JSON.object()
        result.set("models", list)
        result.set("sources", DomainJSON.citations([Citation(title: "Scalewise reference models",
            detail: "one row per model; every row cites its own sources (models/get)")]))
        return result
    }
}

extension Typed {
    public static let modelsList = TypedCall(ModelsListMethod.self)
}
