import JSON
import ScalingCore

/// Wire → domain for the cost methods. Every error names the field by its full path
/// (`params.options[1].inference.hardware`).
enum CostDecoding {
    static let maxCount = 1 << 40

    /// cost/training's architecture: data/models.json's members (experts, latent attention, windows, tied
    /// embeddings …), with the earlier wire names ffnHidden, vocab and gatedFFN as aliases, the training
    /// sequenceLength, and an optional attention kind to check the heads against.
    static let architectureKeys: Set<String> = ModelCatalogJSON.architectureKeys
        .union(["ffnHidden", "vocab", "gatedFFN", "sequenceLength", "attention"])
    /// cost/inference's architecture members (its KV-cache shape reads layers, kvHeads and headDim).
    static let kvShapeKeys: Set<String> = ["layers", "hidden", "heads", "kvHeads", "headDim", "ffnHidden", "vocab",
                                           "sequenceLength", "gatedFFN"]
    static let architectureAliases = ["intermediate": "ffnHidden", "vocabulary": "vocab", "gatedMLP": "gatedFFN"]

    /// A hardware id from the catalog; unknown ids list the known ones, closest first.
    static func hardware(_ f: Fields, _ catalog: HardwareCatalog, key: String = "hardware") throws -> Accelerator {
        guard let v = f.value(key) else {
            throw FieldError(field: f.fieldPath(key), reason: "is required: expected an accelerator id; known: \(catalog.ids.joined(separator: ", "))")
        }
        guard let id = v.string else {
            throw FieldError(field: f.fieldPath(key), reason: "expected an accelerator id (a string; see hardware/list), got \(Fields.describe(v))")
        }
        return try catalog.accelerator(id: id, field: f.fieldPath(key))
    }

    static func precision(_ f: Fields, key: String = "precision") throws(FieldError) -> Precision {
        guard let s = try f.optionalString(key) else { return .bf16 }
        guard let p = Precision(rawValue: s) else {
            throw FieldError(field: f.fieldPath(key), reason: "expected one of \(Precision.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(s)\"")
        }
        return p
    }

    /// MFU and other utilisations: in (0, 1].
    static func unitFraction(_ f: Fields, _ key: String) throws(FieldError) -> Double? {
        try f.optionalNumber(key, in: 0...1, excludingLower: true)
    }

    /// `{low, high}` with 0 ≤ low ≤ high; mid is their midpoint.
    static func fractionRange(_ f: Fields, _ key: String) throws(FieldError) -> FractionRange? {
        guard let r = try f.optionalObject(key) else { return nil }
        try r.rejectUnknown(["low", "high"])
        let low = try r.number("low"), high = try r.number("high")
        guard low >= 0 else { throw FieldError(field: r.fieldPath("low"), reason: "expected a number ≥ 0, got \(low)") }
        guard high >= 0 else { throw FieldError(field: r.fieldPath("high"), reason: "expected a number ≥ 0, got \(high)") }
        guard low <= high else {
            throw FieldError(field: r.fieldPath("low"), reason: "low (\(low)) must not exceed high (\(high))")
        }
        return FractionRange(low: low, high: high)
    }

    static func positiveInt(_ f: Fields, _ key: String, required: Bool, what: String) throws(FieldError) -> Int? {
        if required, !f.has(key) { throw FieldError(field: f.fieldPath(key), reason: "is required: expected a positive integer (\(what))") }
        return try f.optionalInteger(key, in: 1...maxCount)
    }

    /// The architecture to count training FLOPs from, with attention counted as `attention` says. gatedMLP
    /// defaults to true with `intermediate` (models.json's convention) and to false with `ffnHidden`.
    static func architecture(_ f: Fields, attention: AttentionFlopCount) throws(FieldError) -> TransformerArchitecture? {
        guard let a = try f.optionalObject("architecture") else { return nil }
        try a.rejectUnknown(architectureKeys)
        guard let sequence = try positiveInt(a, "sequenceLength", required: false, what: "training sequence length") else {
            throw FieldError(field: a.fieldPath("sequenceLength"), reason: "is required: the training sequence length (attention FLOPs grow with it)")
        }
        var kind: AttentionKind?
        if let text = try a.optionalString("attention") {
            guard let k = AttentionKind(rawValue: text.lowercased()) else {
                throw FieldError(field: a.fieldPath("attention"), reason: "expected one of mha, gqa, mqa, mla; got \"\(text)\"")
            }
            kind = k
        }
        var m = try ModelCatalogJSON.architecture(a, aliases: architectureAliases, fallbacks: ["context": "sequenceLength"],
                                                  gatedDefault: !a.has("ffnHidden"))
        if kind == .mqa, !a.has("kvHeads") { m.kvHeads = 1 }
        if let k = kind, k != m.attentionKind {
            throw FieldError(field: a.fieldPath("attention"), reason: "\(k.rawValue) does not match the heads given (heads \(m.heads), kvHeads \(m.kvHeads)\(m.mla == nil ? "" : ", mla") make it \(m.attentionKind.rawValue))")
        }
        do {
            try m.validate(prefix: a.fieldPath(""))
        } catch {
            if case .invalidInput(let field, let reason) = error { throw FieldError(field: field, reason: reason) }
            throw FieldError(field: a.fieldPath("layers"), reason: "\(error)")
        }
        guard m.parameterCount() != nil else {
            throw FieldError(field: a.fieldPath("intermediate"), reason: "is required: the dense feed-forward width (ffnHidden)")
        }
        return TransformerArchitecture(m, sequenceLength: sequence, attention: attention)
    }

    /// `attentionFlops`: causal (default) or full.
    static func attentionFlops(_ f: Fields) throws(FieldError) -> AttentionFlopCount {
        guard let s = try f.optionalString("attentionFlops") else { return .causal }
        guard let a = AttentionFlopCount(rawValue: s) else {
            throw FieldError(field: f.fieldPath("attentionFlops"), reason: "expected causal or full, got \"\(s)\"")
        }
        return a
    }

    /// The KV-cache shape: layers, kvHeads and headDim (or hidden/heads); the other members of a
    /// full architecture are accepted so one object serves cost/training and cost/inference.
    static func kvShape(_ f: Fields) throws(FieldError) -> KVCacheShape {
        let a = try f.object("architecture")
        try a.rejectUnknown(kvShapeKeys)
        let layers = try positiveInt(a, "layers", required: true, what: "layers")!
        let kvHeads = try positiveInt(a, "kvHeads", required: true, what: "KV heads")!
        if let d = try positiveInt(a, "headDim", required: false, what: "head dimension") {
            return KVCacheShape(layers: layers, kvHeads: kvHeads, headDim: d)
        }
        guard let h = try positiveInt(a, "hidden", required: false, what: "hidden"),
              let heads = try positiveInt(a, "heads", required: false, what: "heads") else {
            throw FieldError(field: a.fieldPath("headDim"), reason: "is required (or give hidden and heads, headDim = hidden / heads)")
        }
        guard h % heads == 0 else {
            throw FieldError(field: a.fieldPath("heads"), reason: "hidden (\(h)) is not divisible by heads (\(heads)); give headDim")
        }
        return KVCacheShape(layers: layers, kvHeads: kvHeads, headDim: h / heads)
    }

    /// `model` stands for `params`: a mixture of experts trains on its active parameters per token; with
    /// `sequenceLength` its published architecture is counted matmul by matmul, attention included.
    static func training(_ f: Fields, catalog: HardwareCatalog, models: ModelCatalog) throws -> TrainingCostRequest {
        var params = try f.optionalPositiveNumber("params")
        var active = try f.optionalPositiveNumber("activeParams")
        let attention = try attentionFlops(f)
        var architecture = try architecture(f, attention: attention)
        let sequence = try f.optionalInteger("sequenceLength", in: 1...maxCount)
        var notes: [String] = []
        if f.has("model") {
            if f.has("activeParams") {
                throw FieldError(field: f.fieldPath("activeParams"), reason: "give either model or params with activeParams, not both")
            }
            if f.has("architecture") {
                throw FieldError(field: f.fieldPath("architecture"), reason: "give either model or architecture, not both")
            }
            let (_, m) = try ModelParams.parameters(f, catalog: models, allowMoE: true)
            params = m?.parameters
            active = m?.activeParameters
            if let m, let s = sequence { architecture = TransformerArchitecture(m.architecture, sequenceLength: s, attention: attention) }
            if let m, sequence == nil {
                notes.append("\(m.id) has a published architecture: pass sequenceLength (its training sequence length) to count its FLOPs matmul by matmul with attention instead of 6·N\(m.activeParameters == nil ? "" : "_active")·D")
            }
        } else if sequence != nil {
            throw FieldError(field: f.fieldPath("sequenceLength"), reason: "goes with model (an architecture carries its own sequenceLength)")
        }
        if f.has("attentionFlops"), architecture == nil {
            throw FieldError(field: f.fieldPath("attentionFlops"), reason: "applies to FLOPs counted from an architecture: give model with sequenceLength, or architecture")
        }
        var mfu: Double?
        var mfuRange: FractionRange?
        if let v = f.value("mfu"), v.kind == .object {
            mfuRange = try unitRange(f, "mfu")
        } else {
            mfu = try unitFraction(f, "mfu")
        }
        var request = TrainingCostRequest(
            params: params, tokens: try f.optionalPositiveNumber("tokens"),
            flops: try f.optionalPositiveNumber("flops"), architecture: architecture,
            recomputeActivations: try f.optionalBool("recomputeActivations") ?? false,
            hardware: try hardware(f, catalog), gpus: try positiveInt(f, "gpus", required: true, what: "number of accelerators")!,
            mfu: mfu, mfuRange: mfuRange, activeParams: active, precision: try precision(f),
            goodput: try unitRange(f, "goodput"),
            pricePerHour: try fractionRange(f, "pricePerHour"), pricing: try pricing(f),
            overhead: try fractionRange(f, "overhead"),
            pue: try f.optionalNumber("pue"), carbonIntensity: try f.optionalNumber("carbonIntensity"))
        request.notes = notes
        return request
    }

    /// A utilisation in (0, 1] given as a number or as `{low, high}`.
    static func unitRange(_ f: Fields, _ key: String) throws(FieldError) -> FractionRange? {
        guard let v = f.value(key) else { return nil }
        if v.kind == .object {
            let r = try f.object(key)
            try r.rejectUnknown(["low", "high"])
            let low = try r.optionalNumber("low", in: 0...1, excludingLower: true)
            let high = try r.optionalNumber("high", in: 0...1, excludingLower: true)
            guard let low, let high else {
                throw FieldError(field: r.fieldPath(low == nil ? "low" : "high"), reason: "is required: expected a fraction in (0, 1]")
            }
            guard low <= high else { throw FieldError(field: r.fieldPath("low"), reason: "low (\(low)) must not exceed high (\(high))") }
            return FractionRange(low: low, high: high)
        }
        guard let x = try unitFraction(f, key) else { return nil }
        return FractionRange(low: x, high: x)
    }

    /// `pricing`: a PricingPlan raw value; default on-demand.
    static func pricing(_ f: Fields) throws(FieldError) -> PricingPlan {
        guard let s = try f.optionalString("pricing") else { return .onDemand }
        guard let p = PricingPlan(rawValue: s) else {
            throw FieldError(field: f.fieldPath("pricing"), reason: "expected one of \(PricingPlan.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(s)\"")
        }
        return p
    }

    /// `contextTokens`/`outputTokens` are required unless the caller fills them (TCO does).
    /// `model` stands for `params` and `architecture` (a dense row: weights and FLOPs use one count).
    static func inference(_ f: Fields, catalog: HardwareCatalog, models: ModelCatalog, apiPrices: [ApiPrice],
                          links: [String: ServingLink] = [:], needsTokens: Bool = true) throws -> InferenceCostRequest {
        var apis = apiPrices
        if let ids = try f.optionalArray("apis", maxCount: 1000) {
            apis = []
            for (i, v) in ids.enumerated() {
                apis.append(try apiPrice(v, field: f.fieldPath("apis") + "[\(i)]", apiPrices: apiPrices))
            }
        }
        let context: Double, output: Double
        if needsTokens {
            guard f.has("contextTokens") else { throw FieldError(field: f.fieldPath("contextTokens"), reason: "is required: expected input tokens per request (a number ≥ 0)") }
            guard f.has("outputTokens") else { throw FieldError(field: f.fieldPath("outputTokens"), reason: "is required: expected output tokens per request (a number ≥ 0)") }
            context = try f.optionalNonNegativeNumber("contextTokens")!
            output = try f.optionalNonNegativeNumber("outputTokens")!
        } else {
            context = 0; output = 1
        }
        // A mixture of experts: weights from all parameters, FLOPs from the active ones.
        let (params, model) = try ModelParams.parameters(f, catalog: models, allowMoE: true)
        if model != nil, f.has("architecture") {
            throw FieldError(field: f.fieldPath("architecture"), reason: "give either model or params with architecture, not both")
        }
        let shape = try model.map { m in KVCacheShape(m.architecture) }
            ?? kvShape(f)
        var r = InferenceCostRequest(
            params: params, architecture: shape, hardware: try hardware(f, catalog),
            precision: try precision(f), kvCacheBytesPerElement: try f.optionalPositiveNumber("kvCacheBytesPerElement"),
            contextTokens: context, outputTokens: output,
            batch: try positiveInt(f, "batch", required: false, what: "batch size"),
            latencyTargetSecondsPerToken: try f.optionalPositiveNumber("latencyTargetSecondsPerToken"),
            tokensPerMonth: try f.optionalNonNegativeNumber("tokensPerMonth"),
            mfu: try unitFraction(f, "mfu"), pricePerHour: try fractionRange(f, "pricePerHour"),
            memoryUtilization: try unitFraction(f, "memoryUtilization"), apiPrices: apis)
        r.pricing = try pricing(f)
        try serving(f, model: model, into: &r, links: links)
        return r
    }

    /// The serving fields: active parameters, hidden size and attention width (from `model`,
    /// `architecture` or given), tensor parallel and the accelerator's link.
    static func serving(_ f: Fields, model: ReferenceModel?, into r: inout InferenceCostRequest,
                        links: [String: ServingLink]) throws(FieldError) {
        let active = try f.optionalPositiveNumber("activeParams")
        if active != nil, model != nil {
            throw FieldError(field: f.fieldPath("activeParams"), reason: "give either model or activeParams (the model's row has its active parameters)")
        }
        if let a = active, a > r.params {
            throw FieldError(field: f.fieldPath("activeParams"), reason: "expected at most params (\(r.params)), got \(a)")
        }
        r.activeParams = active ?? model?.activeParameters
        let arch = try f.optionalObject("architecture")
        if let m = model {
            r.hidden = Double(m.architecture.hidden)
            r.attentionWidth = Double(m.architecture.queryDim)
        } else if let a = arch, let h = try positiveInt(a, "hidden", required: false, what: "hidden") {
            r.hidden = Double(h)
            if let heads = try positiveInt(a, "heads", required: false, what: "heads") {
                r.attentionWidth = Double(heads * r.architecture.headDim)
            }
        }
        r.tensorParallel = try positiveInt(f, "tensorParallel", required: false, what: "number of accelerators")
        r.link = links[r.hardware.id]
        // A model with experts: its routed experts, split by tensor parallelism or (asked) attention DP + EP.
        let adp = try f.optionalBool("attentionDataParallel")
        r.experts = model.flatMap { ServingExperts($0.architecture, attentionDataParallel: adp ?? false) }
        if adp == true, r.experts == nil {
            throw FieldError(field: f.fieldPath("attentionDataParallel"), reason: "needs a mixture of experts: give a model whose architecture has experts (models/list)")
        }
    }

    static func apiPrice(_ v: JSON, field: String, apiPrices: [ApiPrice]) throws(FieldError) -> ApiPrice {
        let ids = apiPrices.map(\.id)
        guard let id = v.string else { throw FieldError(field: field, reason: "expected an API price id, one of: \(ids.joined(separator: ", "))") }
        guard let p = apiPrices.first(where: { $0.id.caseInsensitiveCompare(id) == .orderedSame }) else {
            throw FieldError(field: field, reason: "unknown API price '\(id)'; known: \(ids.joined(separator: ", "))")
        }
        return p
    }

    static let optionKeys: Set<String> = ["name", "kind", "usdPerMillionTokens", "apiPrice", "inference", "ownership", "people", "includesTraining"]

    static func tco(_ f: Fields, catalog: HardwareCatalog, models: ModelCatalog, apiPrices: [ApiPrice]) throws -> TCORequest {
        guard f.has("months") else { throw FieldError(field: f.fieldPath("months"), reason: "is required: expected a positive whole number of months (at most 600)") }
        let months = try f.optionalInteger("months", in: 1...600)!
        guard f.has("tokensPerMonth") else { throw FieldError(field: f.fieldPath("tokensPerMonth"), reason: "is required: expected tokens served in month 1 (a number ≥ 0)") }
        var training: TrainingInput?
        if let t = try f.optionalObject("training") {
            if t.has("usd") {
                try t.rejectUnknown(["usd"])
                training = .amount(try fractionRange(t, "usd")!)
            } else {
                try t.rejectUnknown(CostTrainingMethod.fieldNames)
                training = .estimate(try CostDecoding.training(t, catalog: catalog, models: models))
            }
        }
        guard let list = try f.optionalArray("options", maxCount: 100) else {
            throw FieldError(field: f.fieldPath("options"), reason: "is required: expected an array of deployment options")
        }
        var options: [DeploymentOption] = []
        for (i, v) in list.enumerated() {
            let path = f.fieldPath("options") + "[\(i)]"
            guard v.kind == .object else { throw FieldError(field: path, reason: "expected an object, got \(Fields.describe(v))") }
            var option = try option(Fields(v, path: path), catalog: catalog, models: models, apiPrices: apiPrices)
            // The request's pricing applies to every self-hosted option that names none of its own.
            if f.has("pricing"), option.inference != nil, Fields(v, path: path).value("inference")?["pricing"] == nil {
                option.inference!.pricing = try pricing(f)
            }
            options.append(option)
        }
        guard f.has("contextTokens") else { throw FieldError(field: f.fieldPath("contextTokens"), reason: "is required: expected input tokens per request (a number ≥ 0)") }
        guard f.has("outputTokens") else { throw FieldError(field: f.fieldPath("outputTokens"), reason: "is required: expected output tokens per request (a number ≥ 0)") }
        return TCORequest(months: months, training: training, tokensPerMonth: try f.optionalNonNegativeNumber("tokensPerMonth")!,
                          growthPerMonth: try f.optionalNumber("growthPerMonth") ?? 0,
                          contextTokens: try f.optionalNonNegativeNumber("contextTokens")!,
                          outputTokens: try f.optionalNonNegativeNumber("outputTokens")!, options: options,
                          infrastructureOverhead: try fractionRange(f, "infrastructureOverhead"),
                          operationsOverhead: try fractionRange(f, "operationsOverhead"),
                          priceDeclinePerYear: try f.optionalNumber("priceDeclinePerYear") ?? 0)
    }

    static func option(_ o: Fields, catalog: HardwareCatalog, models: ModelCatalog, apiPrices: [ApiPrice]) throws -> DeploymentOption {
        try o.rejectUnknown(optionKeys)
        let kindName = try o.string("kind")
        guard let kind = DeploymentKind(rawValue: kindName) else {
            throw FieldError(field: o.fieldPath("kind"), reason: "expected one of \(DeploymentKind.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(kindName)\"")
        }
        var inference: InferenceCostRequest?
        if let inf = try o.optionalObject("inference") {
            try inf.rejectUnknown(CostInferenceMethod.fieldNames.subtracting(["contextTokens", "outputTokens", "tokensPerMonth", "apis"]))
            inference = try CostDecoding.inference(inf, catalog: catalog, models: models, apiPrices: [], needsTokens: false)
        }
        var ownership: Ownership?
        if let own = try o.optionalObject("ownership") {
            try own.rejectUnknown(["purchaseUsdPerAccelerator", "depreciationPerYear"])
            guard let purchase = try fractionRange(own, "purchaseUsdPerAccelerator") else {
                throw FieldError(field: own.fieldPath("purchaseUsdPerAccelerator"), reason: "is required: expected {low, high} US dollars per accelerator")
            }
            ownership = Ownership(purchaseUsdPerAccelerator: purchase, depreciationPerYear: try fractionRange(own, "depreciationPerYear"))
        }
        var people: [Staffing] = []
        for (i, v) in (try o.optionalArray("people", maxCount: 100) ?? []).enumerated() {
            let p = Fields(v, path: o.fieldPath("people") + "[\(i)]")
            guard v.kind == .object else { throw FieldError(field: p.path, reason: "expected {role, fte, usdPerHour?}") }
            try p.rejectUnknown(["role", "fte", "usdPerHour"])
            guard p.has("fte") else { throw FieldError(field: p.fieldPath("fte"), reason: "is required: expected full-time equivalents (a number ≥ 0)") }
            people.append(Staffing(role: try p.string("role"), fte: try p.optionalNonNegativeNumber("fte")!,
                                   usdPerHour: try fractionRange(p, "usdPerHour")))
        }
        var api: ApiPrice?
        if let v = o.value("apiPrice") { api = try apiPrice(v, field: o.fieldPath("apiPrice"), apiPrices: apiPrices) }
        return DeploymentOption(name: try o.string("name"), kind: kind, usdPerMillionTokens: try fractionRange(o, "usdPerMillionTokens"),
                                apiPrice: api, inference: inference, ownership: ownership, people: people,
                                includesTraining: try o.optionalBool("includesTraining"))
    }

    /// `large` and `small` are `{params | model, tokens}`; a mixture of experts counts its active
    /// parameters (training and serving FLOPs both follow them).
    static func overtrain(_ f: Fields, catalog: HardwareCatalog, models: ModelCatalog) throws -> OvertrainRequest {
        func run(_ key: String) throws -> ModelRun {
            let r = try f.object(key)
            try r.rejectUnknown(["params", "model", "tokens"])
            let (n, m) = try ModelParams.parameters(r, catalog: models, allowMoE: true)
            return ModelRun(params: m.map { $0.activeParameters ?? $0.parameters } ?? n, tokens: try r.positiveNumber("tokens"))
        }
        guard f.has("requestsPerDay") else { throw FieldError(field: f.fieldPath("requestsPerDay"), reason: "is required: expected requests per day (a positive number)") }
        return OvertrainRequest(large: try run("large"), small: try run("small"),
                                requestsPerDay: try f.positiveNumber("requestsPerDay"),
                                tokensPerRequest: try f.positiveNumber("tokensPerRequest"),
                                hardware: try hardware(f, catalog), mfu: try unitFraction(f, "mfu"),
                                inferenceMfu: try unitFraction(f, "inferenceMfu"), precision: try precision(f),
                                pricePerHour: try fractionRange(f, "pricePerHour"))
    }
}
