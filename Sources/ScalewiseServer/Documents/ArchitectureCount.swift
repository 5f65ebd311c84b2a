import Foundation
import ScalingCore

/// Parameter count of a dense decoder-only transformer from its config, matrix by matrix.
///
/// Per layer (h hidden, q = heads·headDim, kv = kvHeads·headDim, f = FFN width):
///   attention  h·(q + 2·kv) + q·h          (Q, K, V, O; GQA shrinks K and V)
///   MLP        3·h·f gated (SwiGLU), 2·h·f plain
///   biases     q + 2·kv + h (attention), 2·f + h or f + h (MLP) when the model has them
///   norms      2 per layer: h (RMSNorm) or 2h (LayerNorm with bias)
/// plus a final norm, token embeddings vocab·h (×2 if untied) and learned positions
/// (GPT-2: n_positions·h). With MHA, no biases and f = 4h this is the familiar 12·L·h².
public enum ArchitectureCount {
    public struct Input: Sendable, Equatable {
        public var layers: Double
        public var hidden: Double
        public var heads: Double?
        public var kvHeads: Double?
        public var headDim: Double?
        public var ffn: Double?
        public var vocab: Double?
        public var gated: Bool
        public var tiedEmbeddings: Bool
        public var attentionBias: Bool
        public var mlpBias: Bool
        public var rmsNorm: Bool
        public var learnedPositions: Double
        public var notes: [String]

        public init(layers: Double, hidden: Double, heads: Double? = nil, kvHeads: Double? = nil, headDim: Double? = nil,
                    ffn: Double? = nil, vocab: Double? = nil, gated: Bool = false, tiedEmbeddings: Bool = true,
                    attentionBias: Bool = false, mlpBias: Bool = false, rmsNorm: Bool = true,
                    learnedPositions: Double = 0, notes: [String] = []) {
            self.layers = layers; self.hidden = hidden; self.heads = heads; self.kvHeads = kvHeads
            self.headDim = headDim; self.ffn = ffn; self.vocab = vocab; self.gated = gated
            self.tiedEmbeddings = tiedEmbeddings; self.attentionBias = attentionBias; self.mlpBias = mlpBias
            self.rmsNorm = rmsNorm; self.learnedPositions = learnedPositions; self.notes = notes
        }
    }

    public struct Breakdown: Sendable, Equatable {
        public var attention: Double
        public var mlp: Double
        public var biases: Double
        public var norms: Double
        public var embeddings: Double
        public var positions: Double
        /// Everything but embeddings and positions (Kaplan's N).
        public var nonEmbedding: Double { attention + mlp + biases + norms }
        public var total: Double { nonEmbedding + embeddings + positions }
        public var assumptions: [String]
    }

    public static func count(_ a: Input) -> Breakdown {
        var assumptions = a.notes
        let h = a.hidden, l = a.layers
        let heads = a.heads ?? 0
        let headDim = a.headDim ?? (heads > 0 ? h / heads : h)
        if a.heads == nil { assumptions.append("attention heads not given: Q, K, V, O taken as h × h each") }
        let q = heads > 0 ? heads * headDim : h
        let kvHeads = a.kvHeads ?? heads
        let kv = heads > 0 ? kvHeads * headDim : h
        if a.kvHeads != nil && kvHeads < heads {
            assumptions.append("grouped-query attention: \(Format.int(kvHeads)) K/V heads of \(Format.int(headDim)) for \(Format.int(heads)) query heads")
        }
        let f: Double
        if let ffn = a.ffn { f = ffn } else {
            f = 4 * h
            assumptions.append("FFN width not given: 4·h = \(Format.int(f)) assumed")
        }
        let attention = l * (h * (q + 2 * kv) + q * h)
        let mlp = l * (a.gated ? 3 : 2) * h * f
        var biases = 0.0
        if a.attentionBias { biases += l * (q + 2 * kv + h) }
        if a.mlpBias { biases += l * ((a.gated ? 2 : 1) * f + h) }
        if biases > 0 { assumptions.append("linear layers have biases (\(a.attentionBias ? "attention" : "")\(a.attentionBias && a.mlpBias ? " and " : "")\(a.mlpBias ? "MLP" : ""))") }
        let normSize = a.rmsNorm ? h : 2 * h
        let norms = (2 * l + 1) * normSize
        assumptions.append("\(a.rmsNorm ? "RMSNorm (h weights)" : "LayerNorm (h weights + h biases)"): 2 per layer + 1 final")
        var embeddings = 0.0
        if let v = a.vocab {
            embeddings = v * h * (a.tiedEmbeddings ? 1 : 2)
            assumptions.append(a.tiedEmbeddings ? "embeddings vocab·h, shared with the output layer" : "embeddings vocab·h ×2 (untied input and output)")
        } else {
            assumptions.append("vocabulary size not given: embeddings not counted")
        }
        let positions = a.learnedPositions * h
        if positions > 0 { assumptions.append("learned absolute position embeddings: \(Format.int(a.learnedPositions))·h") }
        return Breakdown(attention: attention, mlp: mlp, biases: biases, norms: norms, embeddings: embeddings,
                         positions: positions, assumptions: assumptions)
    }
}
