import JSON
import ScalingCore

/// `scaling/laws`: every law the daemon knows, built-in and fitted.
enum ScalingLawsMethod: FastMethod {
    static let name = "scaling/laws"
    static let summary = "The scaling laws known (built-in and fitted) with constants and sources. Example: {}."
    static let fields: [FieldSpec] = []

    static func decode(_ params: Fields, _ server: Server) throws -> NoParams { NoParams() }

    static func answer(_ params: NoParams, _ server: Server) throws -> JSON {
        let list = JSON.array()
        for law in server.laws.laws { list.append(try DomainJSON.law(law)) }
        let result = JSON.object()
        result.set("laws", list)
        return result
    }
}
