import Foundation
import ScalingCore

/// What a training or model config says, read from scanner entries by key aliases
/// (Hugging Face config.json; Megatron-LM and NeMo model YAML; axolotl, torchtune and
/// LLaMA-Factory fine-tuning YAML; nanoGPT-style Python; TOML). The first occurrence of a key
/// wins. Pure: no I/O.

public struct ConfigFacts: Sendable, Equatable {
    /// A value with the line it came from.
    public struct Fact<T: Sendable & Equatable>: Sendable, Equatable {
        public var value: T
        public var key: String
        public var line: Int
        public var lineEndUTF16: Int
    }

    public var layers: Fact<Double>?
    public var hidden: Fact<Double>?
    public var heads: Fact<Double>?
    public var kvHeads: Fact<Double>?
    public var headDim: Fact<Double>?
    public var ffn: Fact<Double>?
    public var vocab: Fact<Double>?
    public var sequence: Fact<Double>?
    public var tiedEmbeddings: Fact<Bool>?
    public var modelType: Fact<String>?
    public var activation: Fact<String>?
    public var rmsNorm: Fact<Double>?
    public var attentionBias: Fact<Bool>?
    public var mlpBias: Fact<Bool>?
    public var ropeTheta: Fact<Double>?
    /// `n_positions` / `block_size`: GPT-2 and nanoGPT learn absolute position embeddings.
    public var learnedPositions: Fact<Double>?
    public var explicitParams: Fact<Double>?
    public var trainTokens: Fact<Double>?
    public var steps: Fact<Double>?
    public var globalBatch: Fact<Double>?
    public var microBatch: Fact<Double>?
    public var gradAccum: Fact<Double>?
    public var worldSize: Fact<Double>?
    public var loraRank: Fact<Double>?
    public var loadIn4bit: Fact<Bool>?
    /// Megatron-LM `swiglu`, Megatron-Core `gated_linear_unit`.
    public var gatedFlag: Fact<Bool>?
    /// Megatron/NeMo `normalization: rmsnorm | RMSNorm | layernorm`.
    public var normalization: Fact<String>?
    /// Biases on every linear layer: NeMo `bias`, Megatron `add_bias_linear`, or the inverse of
    /// Megatron's `disable_bias_linear`.
    public var linearBias: Fact<Bool>?
    /// Model names that may be in the models table, in file order: `base_model`,
    /// `model_name_or_path`, tokenizer ids, torchtune builders, checkpoint directories.
    public var modelNames: [Fact<String>] = []
    /// The first of `modelNames` found in the table (set by `read(_:models:)`).
    public var baseModel: BaseModel?
    /// A Hugging Face config.json counted whole (experts, latent attention, windows): set by the
    /// server when the document parses as JSON and names experts.
    public var mixture: Mixture?
    public struct Mixture: Sendable, Equatable {
        public var total: Double
        public var active: Double
        public var experts: Int
        public var activeExperts: Int
    }
    public struct BaseModel: Sendable, Equatable {
        public var match: BaseModelMatch
        public var fact: Fact<String>
    }
    /// LoRA target modules as written (`q_proj,v_proj`, `all`), or true for "all linear layers".
    public var loraTargets: Fact<String>?
    public var loraAllLinear: Fact<Bool>?
    /// torchtune: `apply_lora_to_mlp` adds gate, up and down to `lora_attn_modules`.
    public var loraOnMLP: Fact<Bool>?
    /// 4-bit base weights: `quantization_bit: 4` (LLaMA-Factory), `adapter: qlora` (axolotl),
    /// a torchtune `qlora_*` builder.
    public var quantizationBits: Fact<Double>?
    public var adapter: Fact<String>?
    /// PyTorch Lightning / NeMo `trainer.devices` and `trainer.num_nodes`.
    public var devicesPerNode: Fact<Double>?
    public var nodes: Fact<Double>?
    /// A sweep: every params key followed by a tokens key before the next params key, in order.
    public var sweepRuns: [SweepRun] = []
    public var targetFlops: Fact<Double>?

    /// One run of a sweep config.
    public struct SweepRun: Sendable, Equatable {
        public var params: Fact<Double>
        public var tokens: Fact<Double>
    }

    public init() {}


    // Key aliases (lowercase, as written in the configs).
    static let layerKeys: Set<String> = ["num_hidden_layers", "n_layer", "num_layers", "n_layers"]
    static let hiddenKeys: Set<String> = ["hidden_size", "n_embd", "d_model"]
    static let headKeys: Set<String> = ["num_attention_heads", "n_head", "n_heads"]
    static let kvHeadKeys: Set<String> = ["num_key_value_heads", "n_kv_heads", "num_kv_heads", "num_query_groups"]
    static let ffnKeys: Set<String> = ["intermediate_size", "ffn_hidden_size", "n_inner", "ffn_dim", "d_ff"]
    static let vocabKeys: Set<String> = ["vocab_size", "padded_vocab_size", "n_vocab"]
    static let sequenceKeys: Set<String> = ["seq_length", "encoder_seq_length", "block_size", "n_positions", "n_ctx",
                                            "max_seq_length", "seq_len", "sequence_len", "sequence_length", "max_seq_len",
                                            "cutoff_len", "max_position_embeddings"]
    static let paramKeys: Set<String> = ["n_params", "num_params", "model_params", "param_count", "n_parameters",
                                         "num_parameters", "params", "parameters", "model_size"]
    static let tokenKeys: Set<String> = ["train_tokens", "training_tokens", "num_tokens", "total_tokens", "n_tokens",
                                         "tokens", "train_tokens_total", "dataset_tokens", "num_train_tokens"]
    static let stepKeys: Set<String> = ["max_steps", "train_steps", "num_train_steps", "total_steps", "train_iters",
                                        "max_iters", "num_training_steps", "total_training_steps"]
    static let globalBatchKeys: Set<String> = ["global_batch_size", "train_batch_size", "total_batch_size"]
    static let microBatchKeys: Set<String> = ["micro_batch_size", "per_device_train_batch_size", "batch_size",
                                              "train_micro_batch_size_per_gpu"]
    static let accumKeys: Set<String> = ["gradient_accumulation_steps", "grad_accum", "gradient_accumulation"]
    static let worldKeys: Set<String> = ["world_size", "num_gpus", "n_gpus", "num_processes"]
    static let targetFlopsKeys: Set<String> = ["target_flops", "targetFlops", "target_compute"]
    static let single: [String: Set<String>] = [
        "head_dim": ["head_dim", "kv_channels"],
        "tie": ["tie_word_embeddings", "tie_embeddings"],
        "model_type": ["model_type"],
        "act": ["hidden_act", "activation_function", "activation", "hidden_activation"],
        "rms": ["rms_norm_eps"],
        "attention_bias": ["attention_bias"],
        "mlp_bias": ["mlp_bias"],
        "rope": ["rope_theta"],
        "lora": ["lora_r", "lora_rank"],
        "4bit": ["load_in_4bit"],
        "gated": ["swiglu", "gated_linear_unit"],
        "norm": ["normalization"],
        "bias": ["bias", "add_bias_linear"],
        "nobias": ["disable_bias_linear"],
        "untie": ["untie_embeddings_and_output_weights"],
        "share": ["share_embeddings_and_output_weights"],
        "targets": ["lora_target", "lora_target_modules", "target_modules", "lora_attn_modules"],
        "targetLinear": ["lora_target_linear"],
        "loraMLP": ["apply_lora_to_mlp"],
        "bits": ["quantization_bit"],
        "adapter": ["adapter", "finetuning_type"],
        "devices": ["devices"],
        "nodes": ["num_nodes"],
    ]
    /// Keys whose value may name a model of the table.
    static let modelNameKeys: Set<String> = ["base_model", "model_name_or_path", "pretrained_model_name_or_path",
                                             "base_model_name_or_path", "tokenizer_model", "tokenizer_name_or_path",
                                             "_component_", "checkpoint_dir", "type"]

    /// Every key the scanner should keep.
    public static let wantedKeys: Set<String> = {
        var all = layerKeys.union(hiddenKeys).union(headKeys).union(kvHeadKeys).union(ffnKeys).union(vocabKeys)
            .union(sequenceKeys).union(paramKeys).union(tokenKeys).union(stepKeys).union(globalBatchKeys)
            .union(microBatchKeys).union(accumKeys).union(worldKeys).union(targetFlopsKeys)
        for (_, keys) in single { all.formUnion(keys) }
        return all.union(modelNameKeys)
    }()

    /// With a models table, the first model name found in it becomes `baseModel`.
    public static func read(_ entries: [ConfigEntry], models: ModelCatalog?) -> ConfigFacts {
        var f = read(entries)
        if let models {
            for name in f.modelNames {
                if let m = BaseModelMatch.find(name.value, in: models) { f.baseModel = BaseModel(match: m, fact: name); break }
            }
        }
        return f
    }

    public static func read(_ entries: [ConfigEntry]) -> ConfigFacts {
        var f = ConfigFacts()
        func num(_ e: ConfigEntry, positive: Bool = true) -> Fact<Double>? {
            guard case .number(let d) = e.value, d.isFinite, !positive || d > 0 else { return nil }
            return Fact(value: d, key: e.key, line: e.line, lineEndUTF16: e.lineEndUTF16)
        }
        func bool(_ e: ConfigEntry) -> Fact<Bool>? {
            guard case .bool(let b) = e.value else { return nil }
            return Fact(value: b, key: e.key, line: e.line, lineEndUTF16: e.lineEndUTF16)
        }
        func str(_ e: ConfigEntry) -> Fact<String>? {
            guard case .string(let s) = e.value else { return nil }
            return Fact(value: s, key: e.key, line: e.line, lineEndUTF16: e.lineEndUTF16)
        }
        func first<T>(_ slot: inout Fact<T>?, _ value: Fact<T>?) { if slot == nil, let value { slot = value } }
        var pendingParams: Fact<Double>? = nil
        for e in entries {
            let k = e.key
            if paramKeys.contains(k) { pendingParams = num(e) }
            if tokenKeys.contains(k), let p = pendingParams, let t = num(e) {
                f.sweepRuns.append(SweepRun(params: p, tokens: t))
                pendingParams = nil
            }
            if targetFlopsKeys.contains(k) { first(&f.targetFlops, num(e)) }
            if layerKeys.contains(k) { first(&f.layers, num(e)) }
            if hiddenKeys.contains(k) { first(&f.hidden, num(e)) }
            if headKeys.contains(k) { first(&f.heads, num(e)) }
            if kvHeadKeys.contains(k) { first(&f.kvHeads, num(e)) }
            if ffnKeys.contains(k) { first(&f.ffn, num(e)) }
            if vocabKeys.contains(k) { first(&f.vocab, num(e)) }
            if sequenceKeys.contains(k) { first(&f.sequence, num(e)) }
            if k == "n_positions" || k == "block_size" { first(&f.learnedPositions, num(e)) }
            if paramKeys.contains(k) { first(&f.explicitParams, num(e)) }
            if tokenKeys.contains(k) { first(&f.trainTokens, num(e)) }
            if stepKeys.contains(k) { first(&f.steps, num(e)) }
            if globalBatchKeys.contains(k) { first(&f.globalBatch, num(e)) }
            if microBatchKeys.contains(k) { first(&f.microBatch, num(e)) }
            if accumKeys.contains(k) { first(&f.gradAccum, num(e)) }
            if worldKeys.contains(k) { first(&f.worldSize, num(e)) }
            if single["head_dim"]!.contains(k) { first(&f.headDim, num(e)) }
            if single["tie"]!.contains(k) { first(&f.tiedEmbeddings, bool(e)) }
            if single["model_type"]!.contains(k) { first(&f.modelType, str(e)) }
            if single["act"]!.contains(k) { first(&f.activation, str(e)) }
            if single["rms"]!.contains(k) { first(&f.rmsNorm, num(e)) }
            if single["attention_bias"]!.contains(k) { first(&f.attentionBias, bool(e)) }
            if single["mlp_bias"]!.contains(k) { first(&f.mlpBias, bool(e)) }
            if single["rope"]!.contains(k) { first(&f.ropeTheta, num(e)) }
            if single["lora"]!.contains(k) { first(&f.loraRank, num(e)) }
            if single["4bit"]!.contains(k) { first(&f.loadIn4bit, bool(e)) }
            if single["gated"]!.contains(k) { first(&f.gatedFlag, bool(e)) }
            if single["norm"]!.contains(k) { first(&f.normalization, str(e)) }
            if single["bias"]!.contains(k) { first(&f.linearBias, bool(e)) }
            if single["nobias"]!.contains(k), let b = bool(e) { first(&f.linearBias, Fact(value: !b.value, key: b.key, line: b.line, lineEndUTF16: b.lineEndUTF16)) }
            if single["untie"]!.contains(k), let b = bool(e) { first(&f.tiedEmbeddings, Fact(value: !b.value, key: b.key, line: b.line, lineEndUTF16: b.lineEndUTF16)) }
            if single["share"]!.contains(k) { first(&f.tiedEmbeddings, bool(e)) }
            if single["targets"]!.contains(k) { first(&f.loraTargets, str(e)) }
            if single["targetLinear"]!.contains(k) { first(&f.loraAllLinear, bool(e)) }
            if single["loraMLP"]!.contains(k) { first(&f.loraOnMLP, bool(e)) }
            if single["bits"]!.contains(k) { first(&f.quantizationBits, num(e)) }
            if single["adapter"]!.contains(k) { first(&f.adapter, str(e)) }
            if single["devices"]!.contains(k) { first(&f.devicesPerNode, num(e)) }
            if single["nodes"]!.contains(k) { first(&f.nodes, num(e)) }
            if modelNameKeys.contains(k), let s = str(e), s.value.count <= 200 { f.modelNames.append(s) }
        }
        return f
    }

    /// Base weights held in 4 bits (QLoRA): `load_in_4bit: true`, `quantization_bit: 4`,
    /// `adapter: qlora`, or a torchtune `qlora_*` model builder.
    public var fourBit: (key: String, line: Int, lineEndUTF16: Int)? {
        if let q = loadIn4bit, q.value { return (q.key, q.line, q.lineEndUTF16) }
        if let b = quantizationBits, b.value == 4 { return (b.key, b.line, b.lineEndUTF16) }
        if let a = adapter, a.value.lowercased() == "qlora" { return (a.key, a.line, a.lineEndUTF16) }
        if let n = baseModel?.fact, n.key == "_component_", n.value.lowercased().contains(".qlora_") {
            return (n.key, n.line, n.lineEndUTF16)
        }
        return nil
    }

    /// GPUs the config asks for: `world_size`/`num_gpus`, or `num_nodes` × `devices`.
    public var gpus: (count: Double, how: String)? {
        if let w = worldSize { return (w.value, "\(w.key) = \(Format.int(w.value))") }
        guard let d = devicesPerNode, d.value >= 1, d.value < 1e5 else { return nil }
        let n = nodes?.value ?? 1
        return (d.value * n, "\(nodes?.key ?? "1 node") × \(d.key) = \(Format.int(n)) × \(Format.int(d.value))")
    }

    /// The LoRA-adapted modules, when the config says: `all`/`lora_target_linear` → every linear
    /// layer of the decoder; names map q_proj/wq → q, k_proj → k, v_proj → v, o_proj/output_proj/
    /// dense → o, gate_proj/w1 → gate, up_proj/w3 → up, down_proj/w2 → down.
    public var loraModules: (modules: Set<LoRAModule>, how: String)? {
        let all = Set(LoRAModule.allCases)
        if let t = loraAllLinear, t.value { return (all, "\(t.key): true") }
        guard let t = loraTargets else { return nil }
        var out = Set<LoRAModule>()
        for raw in t.value.split(separator: ",") {
            let name = raw.trimmingCharacters(in: .whitespaces).lowercased()
            switch name {
            case "all", "all-linear", "all_linear": out = all
            case "q_proj", "wq", "q", "query": out.insert(.q)
            case "k_proj", "wk", "k", "key": out.insert(.k)
            case "v_proj", "wv", "v", "value": out.insert(.v)
            case "o_proj", "output_proj", "wo", "o", "dense", "out_proj": out.insert(.o)
            case "gate_proj", "w1": out.insert(.gate)
            case "up_proj", "w3": out.insert(.up)
            case "down_proj", "w2": out.insert(.down)
            default: continue
            }
        }
        if let m = loraOnMLP, m.value { out.formUnion([.gate, .up, .down]) }
        guard !out.isEmpty else { return nil }
        return (out, "\(t.key): \(t.value)\(loraOnMLP.map { $0.value ? ", \($0.key): true" : "" } ?? "")")
    }

    /// Model families whose MLP is gated (SwiGLU/GeGLU: gate, up and down matrices).
    static let gatedModelTypes: Set<String> = ["llama", "mistral", "mixtral", "qwen2", "qwen3", "gemma", "gemma2", "gemma3",
                                               "phi3", "olmo", "olmo2", "cohere", "internlm2", "granite", "starcoder2x"]

    /// The architecture, when at least layers and hidden size are known.
    public var architecture: ArchitectureCount.Input? {
        guard let l = layers?.value, let h = hidden?.value, l < 1e6, h < 1e7 else { return nil }
        var notes: [String] = []
        let modelType = modelType?.value.lowercased()
        let act = activation?.value.lowercased()
        let gated: Bool
        if let modelType, ConfigFacts.gatedModelTypes.contains(modelType) {
            gated = true
            notes.append("gated MLP (3 matrices: gate, up, down) because model_type is \(modelType)")
        } else if let g = gatedFlag, g.value {
            gated = true
            notes.append("gated MLP (3 matrices: gate, up, down) because \(g.key) is true")
        } else if let act, act == "silu" || act == "swish" || act.hasSuffix("glu") {
            // swiglu, geglu, reglu and NeMo's fast-swiglu/fast-geglu/fast-reglu are all gated.
            gated = true
            notes.append("gated MLP (3 matrices) because the activation is \(act)")
        } else {
            gated = false
            notes.append("plain MLP (2 matrices: up, down)\(act.map { " with \($0)" } ?? "")")
        }
        let norm = normalization?.value.lowercased()
        let usesRMS = norm.map { $0.contains("rms") }
            ?? (rmsNorm != nil || (modelType.map { ConfigFacts.gatedModelTypes.contains($0) } ?? false))
        let biasDefault = linearBias?.value ?? !usesRMS
        var vocabulary = vocab?.value
        if vocabulary == nil, let base = baseModel {
            vocabulary = Double(base.match.model.architecture.vocabulary)
            notes.append("vocabulary \(Format.int(vocabulary!)) from the models table row \(base.match.model.id) (`\(base.fact.key)` = \(base.fact.value))")
        }
        let tied = tiedEmbeddings?.value ?? true
        if tiedEmbeddings == nil {
            notes.append("input and output embeddings tied (tie_word_embeddings absent; Hugging Face's default is true)")
        } else if let t = tiedEmbeddings, t.key != "tie_word_embeddings" {
            notes.append("input and output embeddings \(tied ? "tied" : "untied") (\(t.key))")
        }
        let positions = ropeTheta == nil ? (learnedPositions?.value ?? 0) : 0
        return ArchitectureCount.Input(
            layers: l, hidden: h, heads: heads?.value, kvHeads: kvHeads?.value, headDim: headDim?.value,
            ffn: ffn?.value, vocab: vocabulary, gated: gated, tiedEmbeddings: tied,
            attentionBias: attentionBias?.value ?? biasDefault, mlpBias: mlpBias?.value ?? biasDefault,
            rmsNorm: usesRMS, learnedPositions: positions, notes: notes)
    }

    /// Tokens seen in training: given directly, or steps × global batch × sequence length.
    public var trainingTokens: (tokens: Double, fact: Fact<Double>, how: String)? {
        if let t = trainTokens { return (t.value, t, "\(t.key) = \(Format.sci(t.value))") }
        guard let s = steps, let seq = sequence?.value else { return nil }
        if let g = globalBatch {
            return (s.value * g.value * seq, s,
                    "\(s.key) × \(g.key) × \(sequence!.key) = \(Format.int(s.value)) × \(Format.int(g.value)) × \(Format.int(seq))")
        }
        guard let m = microBatch else { return nil }
        let accum = gradAccum?.value ?? 1, world = worldSize?.value ?? 1
        var how = "\(s.key) × \(m.key) × \(gradAccum?.key ?? "1 accumulation step") × \(worldSize?.key ?? "1 device") × \(sequence!.key)"
        how += " = \(Format.int(s.value)) × \(Format.int(m.value)) × \(Format.int(accum)) × \(Format.int(world)) × \(Format.int(seq))"
        if worldSize == nil { how += " (no world_size/num_gpus in the file: one device assumed)" }
        return (s.value * m.value * accum * world * seq, s, how)
    }
}
