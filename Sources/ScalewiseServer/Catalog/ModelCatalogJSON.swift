import JSON
import ScalingCore

/// Reads data/models.json (`{"comment": String, "models": [row, ...]}`) into a `ModelCatalog`, field
/// for field as documented on `ReferenceModel`. Errors name the path inside the document
/// (`models.json.models[7].architecture.kvHeads`).
enum ModelCatalogJSON {
    static let rowKeys: Set<String> = ["id", "name", "parameters", "activeParameters", "architecture", "training", "sources", "notes"]
    static let architectureKeys: Set<String> = ["layers", "hidden", "heads", "kvHeads", "headDim", "intermediate", "vocabulary",
                                                "context", "gatedMLP", "qkvBias", "tiedEmbeddings", "moe", "mla",
                                                "slidingWindow", "outputBias", "attentionSinks", "normsPerLayer", "qkNorm"]
    static let moeKeys: Set<String> = ["routedExperts", "sharedExperts", "expertsPerToken", "expertIntermediate", "denseLayers",
                                       "layerStep", "sharedIntermediate", "expertBias", "routerBias"]
    static let windowKeys: Set<String> = ["size", "localLayers", "globalLayers"]
    static let mlaKeys: Set<String> = ["qLoraRank", "kvLoraRank", "qkNopeHeadDim", "qkRopeHeadDim", "vHeadDim"]
    static let trainingKeys: Set<String> = ["tokens", "flops", "gpuHours", "gpuType", "costUsd"]
    /// Integers in a model config: layers, widths, vocabulary, context. 1e9 is far above any published one.
    static let dimensionRange = 0...1_000_000_000

    static func decode(_ document: JSON, file: String = "models.json") throws(FieldError) -> ModelCatalog {
        guard document.kind == .object else { throw FieldError(field: file, reason: "expected an object with a models array") }
        let root = Fields(document, path: file)
        guard let entries = try root.optionalArray("models", maxCount: 10_000) else {
            throw FieldError(field: root.fieldPath("models"), reason: "is required: expected an array of models")
        }
        var rows: [ReferenceModel] = []
        for (i, entry) in entries.enumerated() {
            let path = root.fieldPath("models") + "[\(i)]"
            guard entry.kind == .object else { throw FieldError(field: path, reason: "expected an object") }
            rows.append(try row(Fields(entry, path: path)))
        }
        do {
            return try ModelCatalog(models: rows)
        } catch {
            if case .invalidInput(let field, let reason) = error { throw FieldError(field: "\(file).\(field)", reason: reason) }
            throw FieldError(field: file, reason: "\(error)")
        }
    }

    static func row(_ f: Fields) throws(FieldError) -> ReferenceModel {
        try f.rejectUnknown(rowKeys)
        let training = try f.optionalObject("training")
        try training?.rejectUnknown(trainingKeys)
        return ReferenceModel(
            id: try f.string("id"), name: try f.string("name"),
            parameters: try f.positiveNumber("parameters"),
            activeParameters: try f.optionalPositiveNumber("activeParameters"),
            architecture: try architecture(f.object("architecture")),
            training: TrainingFacts(tokens: try training?.optionalNumber("tokens"), flops: try training?.optionalNumber("flops"),
                                    gpuHours: try training?.optionalNumber("gpuHours"), gpuType: try training?.optionalString("gpuType"),
                                    costUsd: try training?.optionalNumber("costUsd")),
            sources: try LawDecoding.citations(f, "sources"),
            notes: try strings(f, "notes"))
    }

    /// A dense or MoE/MLA architecture object. Also used for a user's `architecture` param: `aliases` maps a
    /// member to another wire name read when the member is absent (cost/training's `vocab` for `vocabulary`),
    /// `fallbacks` likewise but both may be given (cost/training's sequenceLength for a missing context),
    /// `gatedDefault` is gatedMLP's default; the caller rejects unknown keys when it passes aliases.
    static func architecture(_ a: Fields, aliases: [String: String] = [:], fallbacks: [String: String] = [:],
                             gatedDefault: Bool = true) throws(FieldError) -> ModelArchitecture {
        if aliases.isEmpty, fallbacks.isEmpty { try a.rejectUnknown(architectureKeys) }
        for (member, alias) in aliases.sorted(by: { $0.key < $1.key }) where a.has(member) && a.has(alias) {
            throw FieldError(field: a.fieldPath(alias), reason: "give either \(member) or \(alias), not both")
        }
        func k(_ member: String) -> String { a.has(member) ? member : aliases[member] ?? fallbacks[member] ?? member }
        var moe: MoEArchitecture?
        if let m = try a.optionalObject("moe") {
            try m.rejectUnknown(moeKeys)
            moe = MoEArchitecture(routedExperts: try int(m, "routedExperts", min: 1), sharedExperts: try int(m, "sharedExperts"),
                                  expertsPerToken: try int(m, "expertsPerToken", min: 1),
                                  expertIntermediate: try int(m, "expertIntermediate", min: 1), denseLayers: try int(m, "denseLayers"),
                                  layerStep: try m.optionalInteger("layerStep", in: 1...dimensionRange.upperBound) ?? 1,
                                  sharedIntermediate: try m.optionalInteger("sharedIntermediate", in: 1...dimensionRange.upperBound),
                                  expertBias: try m.optionalBool("expertBias") ?? false,
                                  routerBias: try m.optionalBool("routerBias") ?? false)
        }
        var mla: MLAArchitecture?
        if let m = try a.optionalObject("mla") {
            try m.rejectUnknown(mlaKeys)
            mla = MLAArchitecture(qLoraRank: try int(m, "qLoraRank"), kvLoraRank: try int(m, "kvLoraRank"),
                                  qkNopeHeadDim: try int(m, "qkNopeHeadDim"), qkRopeHeadDim: try int(m, "qkRopeHeadDim"),
                                  vHeadDim: try int(m, "vHeadDim"))
        }
        var window: SlidingWindow?
        if let w = try a.optionalObject("slidingWindow") {
            try w.rejectUnknown(windowKeys)
            window = SlidingWindow(size: try int(w, "size", min: 1),
                                   localLayers: try w.optionalInteger("localLayers", in: 1...dimensionRange.upperBound) ?? 1,
                                   globalLayers: try w.optionalInteger("globalLayers", in: dimensionRange) ?? 0)
        }
        var qkNorm = QKNorm.none
        if let text = try a.optionalString("qkNorm") {
            guard let q = QKNorm(rawValue: text) else {
                throw FieldError(field: a.fieldPath("qkNorm"), reason: "expected one of none, perHead, full; got \"\(text)\"")
            }
            qkNorm = q
        }
        let heads = try int(a, "heads", min: 1), hidden = try int(a, "hidden", min: 1)
        // headDim defaults to hidden/heads (the Llama convention) when a user omits it, and only when exact.
        var headDim = try a.optionalInteger("headDim", in: 1...dimensionRange.upperBound)
        if headDim == nil {
            do {
                headDim = try ModelArchitecture.defaultHeadDim(hidden: hidden, heads: heads)
            } catch {
                throw FieldError(field: a.fieldPath("heads"), reason: "hidden (\(hidden)) is not divisible by heads (\(heads)); give headDim")
            }
        }
        return ModelArchitecture(
            layers: try int(a, "layers", min: 1), hidden: hidden, heads: heads,
            kvHeads: try a.optionalInteger("kvHeads", in: 1...dimensionRange.upperBound) ?? heads,
            headDim: headDim ?? 1, intermediate: try a.optionalInteger(k("intermediate"), in: 1...dimensionRange.upperBound),
            vocabulary: try int(a, k("vocabulary"), min: 1), context: try int(a, k("context"), min: 1),
            gatedMLP: try a.optionalBool(k("gatedMLP")) ?? gatedDefault, qkvBias: try a.optionalBool("qkvBias") ?? false,
            tiedEmbeddings: try a.optionalBool("tiedEmbeddings") ?? false, moe: moe, mla: mla, slidingWindow: window,
            outputBias: try a.optionalBool("outputBias") ?? false, attentionSinks: try a.optionalBool("attentionSinks") ?? false,
            normsPerLayer: try a.optionalInteger("normsPerLayer", in: 0...16) ?? 2, qkNorm: qkNorm)
    }

    /// A required whole number in [min, 1e9].
    static func int(_ f: Fields, _ key: String, min: Int = 0) throws(FieldError) -> Int {
        let range = min...dimensionRange.upperBound
        guard let v = try f.optionalInteger(key, in: range) else {
            throw FieldError(field: f.fieldPath(key), reason: "is required: expected an integer in [\(range.lowerBound), \(range.upperBound)]")
        }
        return v
    }

    static func strings(_ f: Fields, _ key: String) throws(FieldError) -> [String] {
        var out: [String] = []
        for (i, item) in (try f.optionalArray(key, maxCount: 1_000) ?? []).enumerated() {
            guard let s = item.string else {
                throw FieldError(field: f.fieldPath(key) + "[\(i)]", reason: "expected a string, got \(Fields.describe(item))")
            }
            out.append(s)
        }
        return out
    }
}

/// A Hugging Face config.json as `HFConfigArchitecture` reads it: `ModelCatalogJSON.configValues(json)`
/// then `HFConfigArchitecture.count(config:)` gives total and active parameters with the breakdown.
extension ModelCatalogJSON {
    /// The top-level object's members (empty for a document that is not an object). Nesting is kept
    /// to `depth` levels (text_config sits one level down); deeper values read as null.
    static func configValues(_ json: JSON, depth: Int = 4) -> [String: HFConfigValue] {
        guard json.kind == .object, case .object(let members) = configValue(json, depth: depth) else { return [:] }
        return members
    }

    static func configValue(_ json: JSON, depth: Int) -> HFConfigValue {
        switch json.kind {
        case .integer, .real: return json.double.map { .number($0) } ?? .null
        case .bool: return json.bool.map { .bool($0) } ?? .null
        case .string: return json.string.map { .string($0) } ?? .null
        case .null: return .null
        case .array:
            guard depth > 0 else { return .null }
            return .array((0..<min(json.count, 100_000)).compactMap { json[$0] }.map { configValue($0, depth: depth - 1) })
        case .object:
            guard depth > 0 else { return .null }
            var members: [String: HFConfigValue] = [:]
            for key in json.keys { if let v = json[key] { members[key] = configValue(v, depth: depth - 1) } }
            return .object(members)
        }
    }
}
