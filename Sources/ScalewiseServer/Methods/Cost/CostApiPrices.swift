import JSON
import ScalingCore

/// `cost/apiPrices`: the API list prices the cost methods compare against (data/api-prices.json),
/// so a user can name them (`apis`, `apiPrice`).
enum CostApiPricesMethod: FastMethod {
    static let name = "cost/apiPrices"
    static let summary = "API list prices per 1M input and output tokens, dated and sourced. Example: {\"provider\": \"OpenAI\"}."
    static let fields: [FieldSpec] = [FieldSpec("provider", .string, "Only this provider's prices, e.g. Anthropic")]

    static func decode(_ params: Fields, _ server: Server) throws -> String? {
        guard let provider = try params.optionalString("provider") else { return nil }
        let known = Set(server.apiPrices.map(\.provider))
        guard known.contains(where: { $0.caseInsensitiveCompare(provider) == .orderedSame }) else {
            throw FieldError(field: "params.provider", reason: "no prices from '\(provider)'; known providers: \(known.sorted().joined(separator: ", "))")
        }
        return provider
    }

    static func answer(_ provider: String?, _ server: Server) throws -> JSON {
        let list = JSON.array()
        for p in server.apiPrices where provider.map({ p.provider.caseInsensitiveCompare($0) == .orderedSame }) ?? true {
            list.append(try HardwareJSON.apiPrice(p))
        }
        let result = JSON.object()
        result.set("prices", list)
        return result
    }
}
