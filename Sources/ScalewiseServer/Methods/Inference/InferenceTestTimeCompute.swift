import JSON
import RPC
import ScalingCore

/// `inference/testTimeCompute`: a small model sampled several times vs a large model once, by
/// cost per request and quality.
enum InferenceTestTimeComputeMethod: FastMethod {
    static let name = "inference/testTimeCompute"
    static let summary = "A small model sampled n times vs a large model once: cost per request and quality. Example: {\"small\": {\"params\": 8e9}, \"large\": {\"params\": 70e9}, \"samples\": 4, \"tokensPerRequest\": 1000, \"hardware\": \"h100-sxm\"}."
    static let modelKeys: Set<String> = ["name", "model", "params", "costPerRequestUsd", "usdPerMillionTokens", "apiPrice"]
    static let fields: [FieldSpec] = [
        FieldSpec("small", .object, required: true, "{name?, model | params | costPerRequestUsd | usdPerMillionTokens | apiPrice}"),
        FieldSpec("large", .object, required: true, "The large model, same shape as small"),
        FieldSpec("samples", .integer, "Samples of the small model per request"),
        FieldSpec("budgetPerRequestUsd", .number, "$ per request to spend, instead of samples"),
        FieldSpec("tokensPerRequest", .number, "Tokens per request"),
        FieldSpec("inputTokensPerRequest", .number, "Input tokens per request"),
        FieldSpec("outputTokensPerRequest", .number, "Output tokens per request"),
        Shapes.hardwareField, Shapes.deviceField, Shapes.mfuField,
        FieldSpec("largeImprovement", .number, "Large model's quality gain over one small sample (fraction)"),
        FieldSpec("targetImprovement", .number, "Quality gain to reach, as a fraction"),
    ]

    struct Params {
        var request: TestTimeComputeRequest
        var device: ResolvedDevice?
        var notes: [String]
        var sources: [Citation]
    }

    static func decode(_ params: Fields, _ server: Server) throws -> Params {
        // Tokens per request: a total, or input and output separately (needed to blend an API's two prices).
        let input = try params.optionalNonNegativeNumber("inputTokensPerRequest")
        let output = try params.optionalNonNegativeNumber("outputTokensPerRequest")
        if (input == nil) != (output == nil) {
            throw FieldError(field: params.fieldPath(input == nil ? "inputTokensPerRequest" : "outputTokensPerRequest"),
                             reason: "is required with \(input == nil ? "outputTokensPerRequest" : "inputTokensPerRequest"): give both or neither")
        }
        let tokens: Double
        if let input, let output {
            if params.has("tokensPerRequest") {
                throw FieldError(field: params.fieldPath("tokensPerRequest"), reason: "give tokensPerRequest or inputTokensPerRequest with outputTokensPerRequest, not both")
            }
            tokens = input + output
            guard tokens > 0 else { throw FieldError(field: params.fieldPath("outputTokensPerRequest"), reason: "input and output tokens must not both be 0") }
        } else {
            tokens = try params.positiveNumber("tokensPerRequest")
        }
        let split = input.flatMap { i in output.map { (i, $0) } }
        let device = try DeviceParams.resolve(params, catalog: server.hardware, needsMemory: false, required: false)
        let mfu = try params.optionalNumber("mfu", in: 0...1, excludingLower: true) ?? 0.30
        var serving: ServingDevice?
        if let device {
            guard let lo = device.priceLow, let hi = device.priceHigh else {
                throw FieldError(field: params.fieldPath(device.hardwareId != nil ? "hardware" : "device.pricePerHour"),
                                 reason: "\(device.hardwareId ?? device.name) has no price per hour: give device with pricePerHour {low, high}")
            }
            serving = ServingDevice(pricePerHourLow: lo, pricePerHourHigh: hi, peakFlopsBF16: device.peakFlopsBF16, mfu: mfu)
        } else if params.has("mfu") {
            throw FieldError(field: params.fieldPath("mfu"), reason: "applies to a self-hosted device: give hardware or device")
        }
        var notes: [String] = [], sources: [Citation] = device?.sources ?? []
        let small = try model(params.object("small"), role: "small", split: split, server: server, notes: &notes, sources: &sources)
        let large = try model(params.object("large"), role: "large", split: split, server: server, notes: &notes, sources: &sources)
        let request = TestTimeComputeRequest(
            small: small, large: large,
            samples: try params.optionalInteger("samples", in: 1...1_000_000),
            budgetPerRequestUsd: try params.optionalPositiveNumber("budgetPerRequestUsd"),
            tokensPerRequest: tokens, device: serving,
            largeImprovement: try params.optionalNonNegativeNumber("largeImprovement"),
            targetImprovement: try params.optionalNonNegativeNumber("targetImprovement"))
        if request.samples != nil && request.budgetPerRequestUsd != nil {
            throw FieldError(field: params.fieldPath("budgetPerRequestUsd"), reason: "give samples or budgetPerRequestUsd, not both")
        }
        return Params(request: request, device: device, notes: notes, sources: sources)
    }

    static func answer(_ p: Params, _ server: Server) throws -> JSON {
        let r = try TestTimeAdvisor.compare(p.request)
        return try InferenceJSON.testTime(r, request: p.request, device: p.device, notes: p.notes, sources: p.sources)
    }

    /// `{name?, model | params | costPerRequestUsd | usdPerMillionTokens | apiPrice}`: exactly one way to price it.
    static func model(_ f: Fields, role: String, split: (Double, Double)?, server: Server, notes: inout [String],
                      sources: inout [Citation]) throws -> TestTimeModel {
        try f.rejectUnknown(modelKeys)
        let ways = ["model", "params", "costPerRequestUsd", "usdPerMillionTokens", "apiPrice"].filter { f.has($0) }
        guard ways.count == 1 else {
            throw FieldError(field: ways.isEmpty ? f.path : f.fieldPath(ways[1]),
                             reason: ways.isEmpty ? "give one of model, params, costPerRequestUsd, usdPerMillionTokens or apiPrice"
                                                  : "give only one of \(ways.joined(separator: ", "))")
        }
        var m = TestTimeModel(name: try f.optionalString("name") ?? role)
        switch ways[0] {
        case "model":
            let ref = try ModelParams.model(f, catalog: server.models)
            m.name = try f.optionalString("name") ?? ref.name
            // Inference FLOPs follow the parameters used per token: active ones for a mixture of experts.
            m.params = ref.activeParameters ?? ref.parameters
            notes.append("\(role): \(ref.id), \(Int(m.params!)) parameters" + (ref.activeParameters != nil ? " active per token (mixture of experts)" : "") + " (models/get)")
            sources += ref.sources
        case "params":
            m.params = try f.positiveNumber("params")
        case "costPerRequestUsd":
            guard let c = try f.optionalNonNegativeNumber("costPerRequestUsd") else { break }
            m.costPerRequestUsd = c
        case "usdPerMillionTokens":
            guard let c = try f.optionalNonNegativeNumber("usdPerMillionTokens") else { break }
            m.usdPerMillionTokens = c
        default:
            let id = try f.string("apiPrice")
            guard let price = server.apiPrices.first(where: { $0.id.caseInsensitiveCompare(id) == .orderedSame }) else {
                throw FieldError(field: f.fieldPath("apiPrice"), reason: "unknown API price \"\(id)\"; known: \(server.apiPrices.map(\.id).joined(separator: ", "))")
            }
            guard let (input, output) = split else {
                throw FieldError(field: f.fieldPath("apiPrice"), reason: "\(id) prices input and output tokens differently: "
                    + "give inputTokensPerRequest and outputTokensPerRequest instead of tokensPerRequest")
            }
            m.name = try f.optionalString("name") ?? price.model
            m.usdPerMillionTokens = price.blendedUsdPerMillion(inputTokens: input, outputTokens: output)
            notes.append("\(role): \(price.provider) \(price.model) list price $\(price.usdPerMillionInputTokens)/1M input, "
                + "$\(price.usdPerMillionOutputTokens)/1M output (\(price.date)), blended over \(String(format: "%.0f", input)) input + \(String(format: "%.0f", output)) output tokens")
            sources.append(price.source)
        }
        return m
    }
}
