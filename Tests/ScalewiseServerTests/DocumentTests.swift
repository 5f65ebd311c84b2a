import Testing
@testable import ScalewiseServer
import ScalingCore

/// Llama-3.1-8B's config.json as published on the Hugging Face Hub (meta-llama/Llama-3.1-8B).
let llama31_8B = #"""
{
  "architectures": [
    "LlamaForCausalLM"
  ],
  "attention_bias": false,
  "attention_dropout": 0.0,
  "bos_token_id": 128000,
  "eos_token_id": 128001,
  "hidden_act": "silu",
  "hidden_size": 4096,
  "initializer_range": 0.02,
  "intermediate_size": 14336,
  "max_position_embeddings": 131072,
  "mlp_bias": false,
  "model_type": "llama",
  "num_attention_heads": 32,
  "num_hidden_layers": 32,
  "num_key_value_heads": 8,
  "pretraining_tp": 1,
  "rms_norm_eps": 1e-05,
  "rope_scaling": {
    "factor": 8.0,
    "low_freq_factor": 1.0,
    "high_freq_factor": 4.0,
    "original_max_position_embeddings": 8192,
    "rope_type": "llama3"
  },
  "rope_theta": 500000.0,
  "tie_word_embeddings": false,
  "torch_dtype": "bfloat16",
  "transformers_version": "4.43.0.dev0",
  "use_cache": true,
  "vocab_size": 128256
}
"""#

/// GPT-2 small's config.json (openai-community/gpt2 on the Hugging Face Hub).
let gpt2Small = #"""
{
  "activation_function": "gelu_new",
  "architectures": ["GPT2LMHeadModel"],
  "attn_pdrop": 0.1,
  "bos_token_id": 50256,
  "embd_pdrop": 0.1,
  "eos_token_id": 50256,
  "initializer_range": 0.02,
  "layer_norm_epsilon": 1e-05,
  "model_type": "gpt2",
  "n_ctx": 1024,
  "n_embd": 768,
  "n_head": 12,
  "n_layer": 12,
  "n_positions": 1024,
  "resid_pdrop": 0.1,
  "summary_activation": null,
  "summary_first_dropout": 0.1,
  "summary_proj_to_labels": true,
  "summary_type": "cls_index",
  "summary_use_proj": true,
  "task_specific_params": {"text-generation": {"do_sample": true, "max_length": 50}},
  "vocab_size": 50257
}
"""#

func facts(_ text: String, _ syntax: ConfigSyntax) -> ConfigFacts {
    ConfigFacts.read(ConfigScanner.scan(Array(text.utf8), syntax: syntax, wanted: ConfigFacts.wantedKeys))
}

func paramCount(_ text: String, _ syntax: ConfigSyntax = .json) -> Double? {
    facts(text, syntax).architecture.map { ArchitectureCount.count($0).total }
}

let chinchilla = ScalingLaw(id: "chinchilla", title: "Chinchilla (Hoffmann et al. 2022, Approach 3)",
                            form: .chinchilla(ChinchillaForm(E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28)),
                            sources: [Citation(title: "Hoffmann et al. 2022")], notes: [])

@Suite struct ParameterCountTests {
    @Test func llama31_8BHasEightPointZeroThreeBillion() {
        // By hand, per layer: attention 4096·(4096 + 2·8·128) + 4096·4096 = 41,943,040;
        // gated MLP 3·4096·14,336 = 176,160,768; 2 RMSNorms 8,192 → 218,112,000 × 32 layers
        // = 6,979,584,000; final norm 4,096; untied embeddings 2·128,256·4,096 = 1,050,673,152.
        // Total 8,030,261,248 — the count Meta and the Hub give as 8.03B.
        #expect(paramCount(llama31_8B) == 8_030_261_248)
    }

    @Test func gpt2SmallHas124M() {
        // By hand: per layer attention 4·768² = 2,359,296 + biases 3,072; MLP 2·768·3,072 = 4,718,592
        // + biases 3,840; 2 LayerNorms 3,072 → 7,087,872 × 12 = 85,054,464; final LayerNorm 1,536;
        // tied token embeddings 50,257·768 = 38,597,376; positions 1,024·768 = 786,432.
        // Total 124,439,808 (GPT-2 small, "124M").
        #expect(paramCount(gpt2Small) == 124_439_808)
    }

    @Test func plainMHAWithoutBiasesIsTwelveLHSquaredPlusEmbeddings() {
        let input = ArchitectureCount.Input(layers: 24, hidden: 2048, heads: 16, vocab: 50_000, rmsNorm: true)
        let b = ArchitectureCount.count(input)
        #expect(b.attention + b.mlp == 12 * 24 * 2048 * 2048)
        #expect(b.embeddings == 50_000 * 2048)
    }
}

@Suite struct ConfigScannerTests {
    @Test func yamlNestedKeysByLastComponent() {
        let f = facts("model:\n  n_layer: 12\n  n_embd: 768 # width\ntraining:\n  max_iters: 600_000\n  load_in_4bit: true\n  lora_r: 16\n", .yaml)
        #expect(f.layers?.value == 12)
        #expect(f.layers?.line == 1)
        #expect(f.hidden?.value == 768)
        #expect(f.steps?.value == 600_000)
        #expect(f.loadIn4bit?.value == true)
        #expect(f.loraRank?.value == 16)
    }

    @Test func tomlDottedKeysAndUnderscores() {
        let f = facts("[model]\nmodel.num_layers = 24\nvocab_size = 50_304\n", .toml)
        #expect(f.layers?.value == 24)
        #expect(f.vocab?.value == 50_304)
    }

    @Test func pythonAssignments() {
        let f = facts("n_params = 7e9\ntrain_tokens: int = 2_000_000_000_000  # 2T\nself.max_steps = 10\nbatch_size = compute(3)\n", .python)
        #expect(f.explicitParams?.value == 7e9)
        #expect(f.trainTokens?.value == 2e12)
        #expect(f.trainTokens?.line == 1)
        #expect(f.steps?.value == 10)
        #expect(f.microBatch == nil)
    }

    @Test func nonFiniteAndMalformedNumbersAreIgnored() {
        let f = facts("{\"hidden_size\": 1e999, \"num_hidden_layers\": NaN, \"vocab_size\": 1__2, \"n_head\": 1.2.3}", .json)
        #expect(f.hidden == nil)
        #expect(f.layers == nil)
        #expect(f.vocab == nil)
        #expect(f.heads == nil)
    }

    @Test func halfTypedAndMinifiedJSON() {
        let f = facts("{\"num_hidden_layers\": 32, \"hidden_size\": 40", .json)
        #expect(f.layers?.value == 32)
        #expect(f.hidden?.value == 40)
        #expect(facts("{\"num_hidden_layers\": 3", .json).layers?.value == 3)
        #expect(facts("{\"num_hidden_layers\": ", .json).layers == nil)
        #expect(facts("{\"num_hidden_lay", .json).layers == nil)
    }

    @Test func hintColumnCountsUTF16() {
        // "é" is one UTF-16 unit (2 bytes), "😀" two (4 bytes).
        let e = ConfigScanner.scan(Array("n_layer: 2 # é😀\n".utf8), syntax: .yaml, wanted: ["n_layer"])
        #expect(e.first?.lineEndUTF16 == 16)  // 13 ASCII + é + 😀 (2)
    }

    @Test func stepsTimesBatchTimesSequence() {
        let f = facts("max_steps: 1000\nglobal_batch_size: 512\nseq_length: 2048\n", .yaml)
        #expect(f.trainingTokens.map { $0.tokens } == 1_048_576_000.0)  // 1000 × 512 × 2048
        let g = facts("max_iters: 10\nbatch_size: 12\ngradient_accumulation_steps: 40\nblock_size: 1024\n", .yaml)
        #expect(g.trainingTokens.map { $0.tokens } == 4_915_200.0)  // 10 × 12 × 40 × 1024
    }
}

@Suite struct DocumentStoreTests {
    @Test func incrementalEditsUseUTF16Positions() {
        let store = DocumentStore()
        store.open(uri: "u", languageId: "yaml", version: 1, text: "a: 😀x\nn_layer: 1\n")
        // Replace "x" (after the emoji: UTF-16 column 5) with "y", then "1" on line 1.
        store.change(uri: "u", version: 2, changes: [
            .init(range: ((0, 5), (0, 6)), text: "y"),
            .init(range: ((1, 9), (1, 10)), text: "32"),
        ])
        #expect(String(decoding: store.document("u")!.bytes!, as: UTF8.self) == "a: 😀y\nn_layer: 32\n")
        // Past the end of a line clamps to its end; a full change replaces everything.
        store.change(uri: "u", version: 3, changes: [.init(range: ((0, 99), (0, 99)), text: "!")])
        #expect(String(decoding: store.document("u")!.bytes!, as: UTF8.self) == "a: 😀y!\nn_layer: 32\n")
        store.change(uri: "u", version: 4, changes: [.init(range: nil, text: "x")])
        #expect(store.document("u")!.bytes! == Array("x".utf8))
        #expect(store.document("u")!.version == 4)
    }

    @Test func limitsAndBinaryContent() {
        let store = DocumentStore(limits: .init(maxDocuments: 1, maxBytes: 10))
        store.open(uri: "a", languageId: nil, version: 1, text: "0123456789A")
        #expect(store.document("a")!.bytes == nil)
        store.change(uri: "a", version: 2, changes: [.init(range: nil, text: "ok")])
        #expect(store.document("a")!.bytes == Array("ok".utf8))
        store.open(uri: "b", languageId: nil, version: 1, text: "x")
        #expect(store.document("b")!.bytes == nil)
        store.change(uri: "a", version: 3, changes: [.init(range: nil, text: "a\u{0}b")])
        #expect(store.document("a")!.bytes == nil)
        #expect(store.document("a")!.whyUntracked == "binary content")
    }
}

@Suite struct HintEngineTests {
    @Test func optimalForParamsInvertsTheAllocation() throws {
        let a = try #require(HintEngine.optimalForParams(law: chinchilla, params: 8.03e9))
        #expect(abs(a.params / 8.03e9 - 1) < 1e-9)
        #expect(abs(a.flops - 6 * a.params * a.tokens) / a.flops < 1e-12)
    }

    @Test func undertrainedRunIsWarned() {
        let f = facts("n_params = 7e9\ntrain_tokens = 14e9\n", .python)
        let hints = HintEngine.hints(facts: f, law: chinchilla, compute: nil)
        let warning = hints.first { $0.severity == .warning }
        #expect(warning?.line == 1)
        let optimal = HintEngine.optimalForParams(law: chinchilla, params: 7e9)!
        #expect(warning?.label.hasPrefix("undertrained by Chinchilla: \(Format.sig3(optimal.tokens / 14e9))× fewer tokens") == true)
        #expect(hints.first?.label.hasPrefix("≈ 7.00B params") == true)
    }

    @Test func gpuHoursOnlyWithPeakAndMFU() {
        let f = facts("n_params = 1e9\ntrain_tokens = 20e9\n", .python)
        let compute = ComputeSettings(peakFlops: 1e15, mfu: 0.5, gpus: 8, peakSource: "test")
        let hints = HintEngine.hints(facts: f, law: chinchilla, compute: compute)
        // 6·1e9·20e9 = 1.2e20 FLOPs / (1e15 · 0.5) = 240,000 s = 66.7 GPU-hours.
        #expect(hints[1].label.contains("66.7 GPU-h"))
        #expect(!HintEngine.hints(facts: f, law: chinchilla, compute: nil)[1].label.contains("GPU-h"))
    }

    @Test func nothingSensibleNoHint() {
        #expect(HintEngine.hints(facts: facts("lr: 3e-4\n", .yaml), law: chinchilla, compute: nil).isEmpty)
    }
}

@Suite struct MCPDetectionTests {
    @Test func dateShapedProtocolVersionIsMCP() {
        let params = JSONHelpers.fields(#"{"protocolVersion":"2025-11-25","clientInfo":{"name":"x","version":"1"}}"#)
        #expect(MCP.isMCPInitialize(params))
        #expect(!MCP.isMCPInitialize(JSONHelpers.fields(#"{"protocolVersion":"1.0"}"#)))
        #expect(!MCP.isMCPInitialize(JSONHelpers.fields(#"{"processId":1,"capabilities":{}}"#)))
        #expect(MCP.toolName("scaling/optimal") == "scaling_optimal")
    }
}

import JSON

enum JSONHelpers {
    static func fields(_ text: String) -> Fields { Fields(try! JSON.parse(text), path: "params") }
}

import Foundation
import DataFixtures

/// Published example configs (Tests/e2e/fixtures/configs, sources in its README) read as an editor
/// would, with the models table from data/models.json.
enum PublishedConfigs {
    static let directory = HardwareFixtures.dataDirectory.deletingLastPathComponent()
        .appendingPathComponent("Tests/e2e/fixtures/configs")
    static let models: ModelCatalog = try! ModelCatalogJSON.decode(JSON.parse(String(decoding: try! HardwareFixtures.bytes("models.json"), as: UTF8.self)))

    static func text(_ name: String) throws -> String {
        String(decoding: try Data(contentsOf: directory.appendingPathComponent(name)), as: UTF8.self)
    }

    static func facts(_ name: String) throws -> ConfigFacts {
        ConfigFacts.read(ConfigScanner.scan(Array(try text(name).utf8), syntax: .yaml, wanted: ConfigFacts.wantedKeys), models: models)
    }

    static func hints(_ name: String, compute: ComputeSettings? = nil) throws -> [DocumentHint] {
        HintEngine.hints(facts: try facts(name), law: chinchilla, compute: compute)
    }
}

// Llama-3-8B's shape, by hand (as in llama31_8BHasEightPointZeroThreeBillion): linear layers per layer
// attention 41,943,040 + gated MLP 176,160,768 = 218,103,808, × 32 = 6,979,321,856; the rest
// (norms 65·4,096 = 266,240, untied embeddings 2·128,256·4,096 = 1,050,673,152) = 1,050,939,392;
// total 8,030,261,248.
// LoRA on every linear layer, per layer Σ(d_in + d_out): q 4,096+4,096, k and v 4,096+1,024 each,
// o 4,096+4,096, gate, up, down 4,096+14,336 each = 81,920; × 32 layers = 2,621,440 per unit of rank:
// r=8 → 20,971,520 and r=32 → 83,886,080.
// QLoRA weights: NF4 4 bit + double-quantized constants 8/64 + 32/(64·256) = 0.126953125 bit
// (Dettmers et al. 2023, section 3): 6,979,321,856 × 4.126953125 / 8 = 3,600,416,768 B, plus the rest
// in bf16 1,050,939,392 × 2 = 2,101,878,784 B → 5,702,295,552 B = 5.70 GB. Adapters with AdamW at
// 16 B/param: r=32 83,886,080 × 16 = 1,342,177,280 B = 1.34 GB; r=8 20,971,520 × 16 = 335,544,320 B = 336 MB.
@Suite struct PublishedConfigTests {
    @Test func megatronSwigluYAMLIsGatedUntiedRMSNormWithoutBiases() throws {
        // NVIDIA/Megatron-LM examples/cli-arg-yaml-cfgs/baichuan-7b.yaml. No vocabulary in the file, so
        // the count is the non-embedding one, by hand: attention 32·(4,096·(4,096 + 2·4,096) + 4,096²)
        // = 2,147,483,648; gated MLP 32·3·4,096·11,008 = 4,328,521,728; RMSNorms 65·4,096 = 266,240;
        // total 6,476,271,616. (Baichuan-7B's 64,000-token vocabulary, untied, would add 524,288,000:
        // 7.00B, the model's name.) Read as a plain MLP, as before, it was 5.03B.
        let f = try PublishedConfigs.facts("megatron-lm-baichuan-7b.yaml")
        let input = try #require(f.architecture)
        #expect(input.gated)
        #expect(input.rmsNorm)
        #expect(!input.attentionBias && !input.mlpBias)
        #expect(!input.tiedEmbeddings)
        #expect(ArchitectureCount.count(input).total == 6_476_271_616)
    }

    @Test func nemoLlama3_8BYAMLCountsEightPointZeroThreeBillionAndItsTokens() throws {
        // NVIDIA/NeMo-Framework-Launcher launcher_scripts/conf/training/llama/llama3_8b.yaml:
        // activation fast-swiglu (gated), num_query_groups 8, share_embeddings_and_output_weights false,
        // bias false, rmsnorm; the vocabulary is the tokenizer's (meta-llama/Meta-Llama-3-8B → the
        // models table, 128,256). Total 8,030,261,248, as above.
        let f = try PublishedConfigs.facts("nemo-launcher-llama3_8b.yaml")
        let input = try #require(f.architecture)
        #expect(ArchitectureCount.count(input).total == 8_030_261_248)
        #expect(f.baseModel?.match.model.id == "llama-3.1-8b")
        // Tokens: trainer.max_steps 300,000 × global_batch_size 2,048 × encoder_seq_length 8,192
        // = 5,033,164,800,000; GPUs: num_nodes 16 × devices 8 = 128.
        #expect(f.trainingTokens?.tokens == 5_033_164_800_000)
        #expect(f.gpus?.count == 128)
        let hints = HintEngine.hints(facts: f, law: chinchilla, compute: nil)
        #expect(hints.first?.label.hasPrefix("≈ 8.03B params") == true)
        #expect(hints.contains { $0.label.hasPrefix("5.03T tokens · 627 tok/param") })
        // With a peak and an MFU, the 128 GPUs of the file give the wall-clock: 6·8.03e9·5.03e12
        // = 2.425e23 FLOPs / (1e15 · 0.4) / 3600 = 168,395 GPU-hours / 128 / 24 = 54.8 days.
        let compute = ComputeSettings(peakFlops: 1e15, mfu: 0.4, peakSource: "test")
        let run = try #require(HintEngine.hints(facts: f, law: chinchilla, compute: compute).first { $0.label.hasPrefix("5.03T") })
        #expect(run.label.contains("168K GPU-h (54.8 d on 128)"))
    }

    @Test func axolotlQLoRAFindsTheBaseModelRankAndFourBitMemory() throws {
        // axolotl-ai-cloud/axolotl examples/llama-3/qlora.yml: base_model NousResearch/Meta-Llama-3-8B,
        // lora_r 32, lora_target_linear true, load_in_4bit true.
        let f = try PublishedConfigs.facts("axolotl-llama-3-qlora.yml")
        let base = try #require(f.baseModel)
        #expect(base.match.model.id == "llama-3.1-8b")
        #expect(base.match.note?.contains("Table 3") == true)
        #expect(f.loraModules?.modules == Set(LoRAModule.allCases))
        let hints = try PublishedConfigs.hints("axolotl-llama-3-qlora.yml")
        #expect(hints.map(\.line) == [0, 25, 8])
        #expect(hints[0].label == "base model Llama 3.1 8B · 8.03B params")
        #expect(hints[1].label == "LoRA r=32 on all linear layers ≈ 83.9M trainable params (1%)")
        #expect(hints[1].hover.contains("83,886,080"))
        #expect(hints[2].label == "QLoRA memory ≈ 5.70 GB 4-bit weights + 1.34 GB LoRA r=32 with AdamW (before activations)")
        #expect(hints[2].hover.contains("6,979,321,856"))
    }

    @Test func torchtuneQLoRABuilderNamesModelTargetsAndQuantization() throws {
        // pytorch/torchtune recipes/configs/llama3_1/8B_qlora_single_device.yaml: the builder
        // qlora_llama3_1_8b, lora_attn_modules [q, v, k, output_proj] + apply_lora_to_mlp, rank 8.
        let f = try PublishedConfigs.facts("torchtune-llama3_1-8B_qlora_single_device.yaml")
        #expect(f.baseModel?.match.model.id == "llama-3.1-8b")
        #expect(f.baseModel?.match.note == nil)
        #expect(f.loraModules?.modules == Set(LoRAModule.allCases))
        let hints = try PublishedConfigs.hints("torchtune-llama3_1-8B_qlora_single_device.yaml")
        #expect(hints.count == 3)
        #expect(hints[1].label == "LoRA r=8 on all linear layers ≈ 21.0M trainable params (0.26%)")
        #expect(hints[2].label == "QLoRA memory ≈ 5.70 GB 4-bit weights + 336 MB LoRA r=8 with AdamW (before activations)")
    }

    @Test func llamaFactoryQuantizationBitAndLoraTargetAll() throws {
        // hiyouga/LLaMA-Factory examples/train_qlora/llama3_lora_sft_otfq.yaml: Meta-Llama-3-8B-Instruct,
        // quantization_bit 4, lora_rank 8, lora_target all.
        let hints = try PublishedConfigs.hints("llama-factory-llama3-lora-sft-otfq.yaml")
        #expect(hints.map(\.line) == [1, 10, 2])
        #expect(hints[0].label == "base model Llama 3.1 8B · 8.03B params")
        #expect(hints[1].label == "LoRA r=8 on all linear layers ≈ 21.0M trainable params (0.26%)")
        #expect(hints[2].label.hasPrefix("QLoRA memory ≈ 5.70 GB 4-bit weights + 336 MB"))
    }

    @Test func fewerTargetsFewerAdapters() {
        // q_proj and v_proj only, r=16: 16 · 32 · ((4,096 + 4,096) + (4,096 + 1,024)) = 6,815,744.
        let text = "base_model: meta-llama/Llama-3.1-8B\nlora_r: 16\nlora_target_modules:\n  - q_proj\n  - v_proj\n"
        let f = ConfigFacts.read(ConfigScanner.scan(Array(text.utf8), syntax: .yaml, wanted: ConfigFacts.wantedKeys), models: PublishedConfigs.models)
        #expect(f.loraTargets?.value == "q_proj,v_proj")
        #expect(f.loraTargets?.line == 2)
        let hints = HintEngine.hints(facts: f, law: chinchilla, compute: nil)
        #expect(hints[1].label == "LoRA r=16 on q,v ≈ 6.82M trainable params (0.085%)")
    }

    @Test func modelNamesMatchTheTableOrNothing() {
        let m = PublishedConfigs.models
        #expect(BaseModelMatch.find("meta-llama/Meta-Llama-3.1-70B-Instruct", in: m)?.model.id == "llama-3.1-70b")
        #expect(BaseModelMatch.find("Qwen/Qwen2.5-7B-Instruct", in: m)?.model.id == "qwen2.5-7b")
        #expect(BaseModelMatch.find("/tmp/Meta-Llama-3.1-8B-Instruct/", in: m)?.model.id == "llama-3.1-8b")
        #expect(BaseModelMatch.find("mistralai/Mixtral-8x7B-v0.1", in: m) == nil)
        #expect(BaseModelMatch.find("alpaca", in: m) == nil)
    }

    @Test func inlineAndBlockListsAreReadAsNames() {
        let e = ConfigScanner.scan(Array("target_modules: ['q_proj', \"k_proj\", v_proj]\nx: [1, 2]\n".utf8), syntax: .yaml, wanted: ["target_modules", "x"])
        #expect(e.map(\.value) == [.string("q_proj,k_proj,v_proj")])
        let j = ConfigScanner.scan(Array(#"{"target_modules": ["q_proj", "v_proj"], "r": 8}"#.utf8), syntax: .json, wanted: ["target_modules", "r"])
        #expect(j.map(\.value) == [.string("q_proj,v_proj"), .number(8)])
    }
}
