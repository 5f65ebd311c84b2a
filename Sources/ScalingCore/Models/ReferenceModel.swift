/// A published model: architecture, training facts and where each figure comes from.
///
/// Mapping from `data/models.json` (one object of the top-level `models` array), field for field:
///
///     {
///       "id": "llama-3.1-8b",                       -> id: String
///       "name": "Llama 3.1 8B",                     -> name: String
///       "parameters": 8030261248,                   -> parameters: Double (total, incl. embeddings)
///       "activeParameters": null,                   -> activeParameters: Double? (MoE: parameters minus the
///                                                      routed experts a token does not use)
///       "architecture": {                           -> architecture: ModelArchitecture
///         "layers": 32, "hidden": 4096, "heads": 32, "kvHeads": 8, "headDim": 128,   (Int)
///         "intermediate": 14336,                    -> intermediate: Int? (null: not published)
///         "vocabulary": 128256, "context": 131072,  (Int)
///         "gatedMLP": true, "qkvBias": false, "tiedEmbeddings": false,            (Bool)
///         "moe": null | {"routedExperts", "sharedExperts", "expertsPerToken",
///                        "expertIntermediate", "denseLayers",                     -> MoEArchitecture? (Int fields)
///                        "layerStep"? (1), "sharedIntermediate"? (null),
///                        "expertBias"? (false), "routerBias"? (false)}
///         "mla": null | {"qLoraRank", "kvLoraRank", "qkNopeHeadDim",
///                        "qkRopeHeadDim", "vHeadDim"}                             -> MLAArchitecture? (Int fields)
///         "slidingWindow"?: null | {"size", "localLayers"? (1),                   -> SlidingWindow?
///                                   "globalLayers"? (0: every layer windowed)}
///         "outputBias"? (false), "attentionSinks"? (false),                        (Bool)
///         "normsPerLayer"? (2), "qkNorm"? ("none" | "perHead" | "full")
///       },
///       "training": {                               -> training: TrainingFacts (each Double?/String?, null allowed)
///         "tokens", "flops", "gpuHours", "gpuType", "costUsd"
///       },
///       "sources": [{"title", "detail"?, "url"?}],  -> sources: [Citation]
///       "notes": ["..."]                            -> notes: [String]
///     }
///
/// Numbers are plain base units (parameters, tokens, FLOPs, GPU-hours, US dollars). A null means the
/// source does not publish the figure; the row's `notes` say so. Nothing here is estimated.
public struct ReferenceModel: Sendable, Equatable, Hashable {
    public var id: String
    public var name: String
    public var parameters: Double
    public var activeParameters: Double?
    public var architecture: ModelArchitecture
    public var training: TrainingFacts
    public var sources: [Citation]
    public var notes: [String]

    public init(id: String, name: String, parameters: Double, activeParameters: Double? = nil,
                architecture: ModelArchitecture, training: TrainingFacts = TrainingFacts(),
                sources: [Citation], notes: [String] = []) {
        self.id = id
        self.name = name
        self.parameters = parameters
        self.activeParameters = activeParameters
        self.architecture = architecture
        self.training = training
        self.sources = sources
        self.notes = notes
    }

    /// Checks a row (from data/models.json or a user) and names the offending field.
    public func validate(prefix: String = "") throws(DomainError) {
        if id.isEmpty { throw .invalidInput(field: prefix + "id", reason: "must not be empty") }
        guard parameters.isFinite, parameters > 0 else {
            throw .invalidInput(field: prefix + "parameters", reason: "must be a positive number of parameters")
        }
        if let a = activeParameters, !(a.isFinite && a > 0 && a <= parameters) {
            throw .invalidInput(field: prefix + "activeParameters", reason: "must be positive and at most parameters")
        }
        try architecture.validate(prefix: prefix + "architecture.")
        for (name, value) in [("tokens", training.tokens), ("flops", training.flops),
                              ("gpuHours", training.gpuHours), ("costUsd", training.costUsd)] {
            if let v = value, !(v.isFinite && v > 0) {
                throw .invalidInput(field: prefix + "training." + name, reason: "must be positive or null")
            }
        }
    }
}

/// Published pre-training facts; nil where the source does not publish the figure.
public struct TrainingFacts: Sendable, Equatable, Hashable {
    public var tokens: Double?
    public var flops: Double?
    public var gpuHours: Double?
    public var gpuType: String?
    public var costUsd: Double?

    public init(tokens: Double? = nil, flops: Double? = nil, gpuHours: Double? = nil,
                gpuType: String? = nil, costUsd: Double? = nil) {
        self.tokens = tokens
        self.flops = flops
        self.gpuHours = gpuHours
        self.gpuType = gpuType
        self.costUsd = costUsd
    }
}
