import JSON
import ScalingCore

/// `scaling/forget`: removes a fitted law from memory and the state directory.
enum ScalingForgetMethod: FastMethod {
    static let name = "scaling/forget"
    static let summary = "Removes a fitted law by id. Example: {\"law\": \"fit-1a2b3c4d\"}."
    static let fields: [FieldSpec] = [FieldSpec("law", .string, required: true, "Id of a fitted law")]

    static func decode(_ params: Fields, _ server: Server) throws -> String {
        let id = try params.string("law")
        if server.lawStore.builtinIDs.contains(id) {
            throw FieldError(field: "params.law", reason: "\"\(id)\" is a built-in law (scaling/laws lists it); only fitted laws can be forgotten")
        }
        return id
    }

    static func answer(_ id: String, _ server: Server) throws -> JSON {
        let store = server.lawStore
        guard try store.removeFitted(id: id) else {
            let fitted = server.laws.ids.filter { !store.builtinIDs.contains($0) }
            throw FieldError(field: "params.law", reason: "no fitted law \"\(id)\"; fitted laws: \(fitted.isEmpty ? "none" : fitted.joined(separator: ", "))")
        }
        let result = JSON.object()
        result.set("removed", id)
        result.set("laws", strings: server.laws.ids)
        return result
    }
}
