import JSON
import ScalingCore

/// `cost/apiPrices`: the API list prices the cost methods compare against (data/api-prices.json),
/// so a user can name them (`apis`, `apiPrice`).
enum CostApiPricesMethod: TypedFastMethod {
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

    static func compute(_ provider: String?, _ server: Server) throws -> ApiPricesAnswer {
        ApiPricesAnswer(prices: server.apiPrices.filter { p in
            provider.map { p.provider.caseInsensitiveCompare($0) == .orderedSame } ?? true
        })
    }

    static func encode(_ r: ApiPricesAnswer, _ server: Server) throws -> JSON {
        let list = JSON.array()
        for p in r.prices { list.append(try HardwareJSON.apiPrice(p)) }
        let result = JSON.object()
        result.set("prices", list)
        return result
    }
}

extension Typed {
    public static let costApiPrices = TypedCall(CostApiPricesMethod.self)
}

/// `cost/apiPrices`' answer: the list prices in data/api-prices.json order.
public struct ApiPricesAnswer: Sendable {
    public let prices: [ApiPrice]
}
