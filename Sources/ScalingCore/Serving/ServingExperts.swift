import Foundation

/// A mixture of experts as serving sees it: which weights every token reads (attention, dense and
/// shared layers, embeddings) and which only the tokens routed to them (the routed experts).
public struct ServingExperts: Sendable, Equatable {
    /// Layers whose MLP is a mixture of experts.
    public var moeLayers: Int
    /// Routed experts per MoE layer (E).
    public var routedExperts: Int
    /// Routed experts each token is sent to (k).
    public var expertsPerToken: Int
    /// Parameters of one routed expert in one layer (gate, up and down: 3 · hidden · expert width).
    public var parametersPerExpert: Double
    /// Attention data parallel with expert parallel (TensorRT-LLM `enable_attention_dp` with `--ep`):
    /// every accelerator holds all non-expert weights and its own requests' KV cache, the routed experts
    /// are split across accelerators, and each MoE layer all-gathers the tokens and reduce-scatters the
    /// results instead of two tensor-parallel all-reduces per layer. false: experts split by tensor parallelism.
    public var attentionDataParallel: Bool

    public init(moeLayers: Int, routedExperts: Int, expertsPerToken: Int, parametersPerExpert: Double,
                attentionDataParallel: Bool = false) {
        self.moeLayers = moeLayers
        self.routedExperts = routedExperts
        self.expertsPerToken = expertsPerToken
        self.parametersPerExpert = parametersPerExpert
        self.attentionDataParallel = attentionDataParallel
    }

    /// From a model's architecture: gated MLPs have 3 matrices per expert, others 2 (expert biases left out).
    public init?(_ a: ModelArchitecture, attentionDataParallel: Bool = false) {
        guard let m = a.moe else { return nil }
        let matrices = a.gatedMLP ? 3.0 : 2.0
        self.init(moeLayers: a.moeLayers, routedExperts: m.routedExperts, expertsPerToken: m.expertsPerToken,
                  parametersPerExpert: matrices * Double(a.hidden) * Double(m.expertIntermediate),
                  attentionDataParallel: attentionDataParallel)
    }

    /// All routed experts' parameters.
    public var routedParameters: Double { Double(moeLayers) * Double(routedExperts) * parametersPerExpert }
    /// Routed-expert parameters one token passes through.
    public var activeRoutedParameters: Double { Double(moeLayers) * Double(expertsPerToken) * parametersPerExpert }

    /// Expected distinct experts of one layer that `tokens` tokens touch, each sent to k of E experts
    /// uniformly at random: E · (1 − (1 − k/E)^tokens), at most E. One token touches k; a large batch all E.
    public static func distinctExperts(routed e: Int, perToken k: Int, tokens: Double) -> Double {
        guard tokens > 0 else { return 0 }
        let E = Double(e), K = Double(k)
        return min(E, E * (1 - pow(1 - K / E, tokens)))
    }

    public func distinctExperts(tokens: Double) -> Double {
        Self.distinctExperts(routed: routedExperts, perToken: expertsPerToken, tokens: tokens)
    }

    func validate() throws(DomainError) {
        try Check.positive(moeLayers, field: "experts.moeLayers")
        try Check.positive(routedExperts, field: "experts.routedExperts")
        guard expertsPerToken >= 1, expertsPerToken <= routedExperts else {
            throw .invalidInput(field: "experts.expertsPerToken", reason: "expected 1 to \(routedExperts) (routedExperts), got \(expertsPerToken)")
        }
        try Check.positive(parametersPerExpert, field: "experts.parametersPerExpert", what: "number of parameters")
    }
}
