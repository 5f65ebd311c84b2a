import Foundation
import JSON
import RPC
import ScalingCore
import Testing
@testable import ScalewiseServer

/// An independent decoding of data/models.json with Foundation, field for field as documented on
/// ReferenceModel (the mapping Tests/ScalingCoreTests/ModelFixtures.swift uses), to check the jansson loader.
enum ModelFoundationMapping {
    static let dataDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data")

    static func rows() throws -> [ReferenceModel] {
        let data = try Data(contentsOf: dataDirectory.appendingPathComponent("models.json"))
        let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        return (root["models"] as! [[String: Any]]).map(model)
    }

    static func number(_ any: Any?) -> Double? { (any as? NSNumber)?.doubleValue }
    static func int(_ any: Any?) -> Int? { (any as? NSNumber)?.intValue }

    static func model(_ r: [String: Any]) -> ReferenceModel {
        let a = r["architecture"] as! [String: Any]
        var moe: MoEArchitecture?
        if let m = a["moe"] as? [String: Any] {
            moe = MoEArchitecture(routedExperts: int(m["routedExperts"])!, sharedExperts: int(m["sharedExperts"])!,
                                  expertsPerToken: int(m["expertsPerToken"])!, expertIntermediate: int(m["expertIntermediate"])!,
                                  denseLayers: int(m["denseLayers"])!, layerStep: int(m["layerStep"]) ?? 1,
                                  sharedIntermediate: int(m["sharedIntermediate"]), expertBias: m["expertBias"] as? Bool ?? false,
                                  routerBias: m["routerBias"] as? Bool ?? false)
        }
        var mla: MLAArchitecture?
        if let m = a["mla"] as? [String: Any] {
            mla = MLAArchitecture(qLoraRank: int(m["qLoraRank"])!, kvLoraRank: int(m["kvLoraRank"])!,
                                  qkNopeHeadDim: int(m["qkNopeHeadDim"])!, qkRopeHeadDim: int(m["qkRopeHeadDim"])!,
                                  vHeadDim: int(m["vHeadDim"])!)
        }
        var window: SlidingWindow?
        if let w = a["slidingWindow"] as? [String: Any] {
            window = SlidingWindow(size: int(w["size"])!, localLayers: int(w["localLayers"]) ?? 1, globalLayers: int(w["globalLayers"]) ?? 0)
        }
        let arch = ModelArchitecture(layers: int(a["layers"])!, hidden: int(a["hidden"])!, heads: int(a["heads"])!,
                                     kvHeads: int(a["kvHeads"])!, headDim: int(a["headDim"])!, intermediate: int(a["intermediate"]),
                                     vocabulary: int(a["vocabulary"])!, context: int(a["context"])!,
                                     gatedMLP: a["gatedMLP"] as! Bool, qkvBias: a["qkvBias"] as! Bool,
                                     tiedEmbeddings: a["tiedEmbeddings"] as! Bool, moe: moe, mla: mla, slidingWindow: window,
                                     outputBias: a["outputBias"] as? Bool ?? false, attentionSinks: a["attentionSinks"] as? Bool ?? false,
                                     normsPerLayer: int(a["normsPerLayer"]) ?? 2,
                                     qkNorm: QKNorm(rawValue: a["qkNorm"] as? String ?? "none")!)
        let t = r["training"] as? [String: Any] ?? [:]
        let sources = (r["sources"] as? [[String: Any]] ?? []).map {
            Citation(title: $0["title"] as! String, detail: $0["detail"] as? String, url: $0["url"] as? String)
        }
        return ReferenceModel(id: r["id"] as! String, name: r["name"] as! String, parameters: number(r["parameters"])!,
                              activeParameters: number(r["activeParameters"]), architecture: arch,
                              training: TrainingFacts(tokens: number(t["tokens"]), flops: number(t["flops"]),
                                                      gpuHours: number(t["gpuHours"]), gpuType: t["gpuType"] as? String,
                                                      costUsd: number(t["costUsd"])),
                              sources: sources, notes: r["notes"] as? [String] ?? [])
    }
}

func loadModels() throws -> ModelCatalog {
    let path = ModelFoundationMapping.dataDirectory.appendingPathComponent("models.json").path
    return try ModelCatalogJSON.decode(Server.readJSON(path))
}

@Test func modelLoaderMatchesTheFoundationMappingRowForRow() throws {
    let loaded = try loadModels().models
    let expected = try ModelFoundationMapping.rows()
    #expect(loaded.count == expected.count)
    #expect(loaded.count >= 25)
    for (a, b) in zip(loaded, expected) {
        #expect(a == b, "row \(b.id) differs")
    }
}

/// Llama 3.1 8B against its published config (Hugging Face meta-llama/Llama-3.1-8B config.json:
/// num_hidden_layers 32, hidden_size 4096, num_attention_heads 32, num_key_value_heads 8,
/// intermediate_size 14336, vocab_size 128256, max_position_embeddings 131072, tie_word_embeddings false).
@Test func llama31_8BRowMatchesThePublishedConfig() throws {
    let m = try loadModels().model(id: "Llama-3.1-8B")
    let a = m.architecture
    #expect(m.id == "llama-3.1-8b")
    #expect(a.layers == 32 && a.hidden == 4096 && a.heads == 32 && a.kvHeads == 8 && a.headDim == 128)
    #expect(a.intermediate == 14336 && a.vocabulary == 128_256 && a.context == 131_072)
    #expect(!a.tiedEmbeddings && a.gatedMLP && !a.qkvBias)
    // 32·(4096·4096·2 + 2·4096·1024 + 3·4096·14336 + 2·4096) + 2·128256·4096 + 4096 = 8,030,261,248
    #expect(m.parameters == 8_030_261_248)
    #expect(a.denseParameterCount == 8_030_261_248)
}

@Test func modelLoaderErrorsNameThePathInTheDocument() throws {
    func error(_ text: String) -> FieldError? {
        do { _ = try ModelCatalogJSON.decode(try JSON.parse(text)); return nil } catch let e as FieldError { return e } catch { return nil }
    }
    let row = #"{"id": "x", "name": "X", "parameters": 1e9, "architecture": {"layers": 2, "hidden": 64, "heads": 4, "kvHeads": KV, "headDim": 16, "intermediate": 256, "vocabulary": 100, "context": 128}, "sources": []}"#
    #expect(error(#"{"models": [\#(row.replacingOccurrences(of: "KV", with: "4"))]}"#) == nil)
    let fractional = error(#"{"models": [\#(row.replacingOccurrences(of: "KV", with: "2.5"))]}"#)
    #expect(fractional?.field == "models.json.models[0].architecture.kvHeads")
    let indivisible = error(#"{"models": [\#(row.replacingOccurrences(of: "KV", with: "3"))]}"#)
    #expect(indivisible?.field == "models.json.models[0].architecture.kvHeads")
    let duplicate = error(#"{"models": [\#(row.replacingOccurrences(of: "KV", with: "4")), \#(row.replacingOccurrences(of: "KV", with: "4"))]}"#)
    #expect(duplicate?.field == "models.json.models[1].id")
    #expect(error(#"{"rows": []}"#)?.field == "models.json.models")   // required array missing
    #expect(error(#"{"models": [{"id": "x"}]}"#)?.field == "models.json.models[0].name")
}

/// The same handlers the wire uses, called in-process.
func server() throws -> Server {
    try Server(dataDirectory: ModelFoundationMapping.dataDirectory.path, stateDirectory: nil)
}

func params(_ text: String) throws -> JSON { try JSON.parse(text) }

@Test func unknownModelIsInvalidParamsWithCloseMatches() throws {
    let s = try server()
    let p = try params(#"{"id": "mistral-8b"}"#)
    do {
        _ = try s.call("models/get", p)
        Issue.record("an unknown id was accepted")
    } catch {
        #expect(error.code == -32602)
        #expect(error.field == "params.id")
        #expect(error.reason?.contains("mistral-7b") == true)
    }
}

@Test func fractionalLoraRankIsRejectedByIndex() throws {
    let s = try server()
    let p = try params(#"{"model": "llama-3.1-8b", "examples": 1000, "tokensPerExample": 256, "hardware": "rtx-4090", "options": {"loraRanks": [8, 8.5]}}"#)
    do {
        _ = try s.call("finetune/recommend", p)
        Issue.record("8.5 was accepted as a rank")
    } catch {
        #expect(error.code == -32602)
        #expect(error.field == "params.options.loraRanks[1]")
    }
}

@Test func finetuneOnTheWireEqualsTheDomainCall() throws {
    // The handler must only translate: the same request built by hand gives the same numbers.
    let s = try server()
    let r = try s.call("finetune/recommend", params(#"{"model": "llama-3.1-8b", "examples": 500, "tokensPerExample": 1024, "hardware": "rtx-4090"}"#))
    let m = try loadModels().model(id: "llama-3.1-8b")
    let device = DeviceSpec(name: "NVIDIA GeForce RTX 4090", memoryBytes: 24e9, peakFlopsBF16: 165.2e12,
                            pricePerHourLow: 0.34, pricePerHourHigh: 0.60)   // data/hardware.json row rtx-4090
    let domain = try FineTuneAdvisor.recommend(FineTuneRequest(model: ModelSpec(m), examples: 500, tokensPerExample: 1024, device: device))
    #expect(r["recommended"]?["approach"]?.string == domain.recommended?.kind)
    #expect(r["recommended"]?["rank"]?.int64.map(Int.init) == domain.recommended?.rank)
    let wire = r["approaches"]?.elements ?? []
    #expect(wire.count == domain.estimates.count)
    for (w, d) in zip(wire, domain.estimates) {
        #expect(w["memoryBytes"]?["total"]?.double == d.memory.total)
        #expect(w["training"]?["flops"]?.double == d.compute.flops)
        #expect(w["fits"]?.bool == d.fits)
    }
}

/// A user's architecture without headDim: hidden / heads only when exact; the new members decode and are checked.
@Test func architectureObjectRefusesInexactHeadDimAndReadsWindowsAndExperts() throws {
    func decode(_ text: String) throws -> ModelArchitecture { try ModelCatalogJSON.architecture(Fields(try JSON.parse(text), path: "params.architecture")) }
    func field(_ text: String) -> String? {
        do { _ = try decode(text); return nil } catch let e as FieldError { return e.field } catch { return "\(error)" }
    }
    let base = #""layers": 2, "vocabulary": 100, "context": 128, "intermediate": 64"#
    #expect(field("{\(base), \"hidden\": 4100, \"heads\": 32}") == "params.architecture.heads")
    #expect(field("{\(base), \"hidden\": 8, \"heads\": 32}") == "params.architecture.heads")
    #expect(try decode("{\(base), \"hidden\": 4096, \"heads\": 32}").headDim == 128)
    #expect(field("{\(base), \"hidden\": 4096, \"heads\": 32, \"qkNorm\": \"some\"}") == "params.architecture.qkNorm")
    let a = try decode("""
        {\(base), "hidden": 4096, "heads": 32, "kvHeads": 8, "slidingWindow": {"size": 1024, "localLayers": 5, "globalLayers": 1},
         "moe": {"routedExperts": 8, "sharedExperts": 1, "expertsPerToken": 2, "expertIntermediate": 512, "denseLayers": 0, "layerStep": 2},
         "qkNorm": "perHead", "normsPerLayer": 4}
        """)
    #expect(a.slidingWindow == SlidingWindow(size: 1024, localLayers: 5, globalLayers: 1))
    #expect(a.moe?.layerStep == 2 && a.qkNorm == .perHead && a.normsPerLayer == 4 && a.attentionKind == .gqa)
    #expect(field("{\(base), \"hidden\": 4096, \"heads\": 32, \"slidingWindow\": {\"size\": 0}}") == "params.architecture.slidingWindow.size")
}

/// A config.json text (DeepSeek-V3's fields, Hugging Face deepseek-ai/DeepSeek-V3) read through jansson and counted:
/// 671,026,419,200 total and 37,552,297,472 per token (report: 671B, 37B), as the models.json row counts.
@Test func configJSONCountsThroughJansson() throws {
    let text = #"""
    {"architectures": ["DeepseekV3ForCausalLM"], "model_type": "deepseek_v3", "num_hidden_layers": 61, "hidden_size": 7168,
     "num_attention_heads": 128, "num_key_value_heads": 128, "intermediate_size": 18432, "moe_intermediate_size": 2048,
     "n_routed_experts": 256, "n_shared_experts": 1, "num_experts_per_tok": 8, "first_k_dense_replace": 3,
     "q_lora_rank": 1536, "kv_lora_rank": 512, "qk_nope_head_dim": 128, "qk_rope_head_dim": 64, "v_head_dim": 128,
     "vocab_size": 129280, "max_position_embeddings": 163840, "tie_word_embeddings": false, "rope_scaling": {"factor": 40}}
    """#
    let c = try HFConfigArchitecture.count(config: ModelCatalogJSON.configValues(try JSON.parse(text)))
    #expect(c.total == 671_026_419_200 && c.active == 37_552_297_472)
    let row = try loadModels().model(id: "deepseek-v3").architecture.parameterCount()
    #expect(row?.total == c.total && row?.active == c.active)
    #expect(ModelCatalogJSON.configValues(try JSON.parse("[1, 2]")).isEmpty)
}
