import Foundation
import JSON
import RPC
import ScalingCore
import Testing
import DataFixtures
@testable import ScalewiseServer

/// The hardware and cost methods called in-process (`Server.call`, the CLI's path).
@Suite struct CostHandlerTests {
    static let dataDirectory = HardwareFixtures.dataDirectory.path

    func server(state: String? = nil) throws -> Server {
        try Server(dataDirectory: Self.dataDirectory, stateDirectory: state)
    }

    func params(_ text: String) throws -> JSON { try JSON.parse(text) }

    func tempDir() -> String {
        let dir = NSTemporaryDirectory() + "scalewise-cost-\(UUID().uuidString)"
        return dir
    }

    func close(_ a: Double, _ b: Double, rel: Double = 1e-12) -> Bool { abs(a - b) <= rel * abs(b) }

    func fieldOf(_ body: () throws -> Void) -> String? {
        do { try body() } catch let e as RPCError { return e.field } catch { return "unexpected \(error)" }
        return nil
    }

    @Test func trainingCostMatchesHandCalculation() throws {
        let s = try server()
        let r = try s.call("cost/training", params(#"{"params": 175e9, "tokens": 300e9, "hardware": "h100-sxm", "gpus": 1024, "mfu": 0.4}"#))
        // 6 × 175e9 × 300e9 = 3.15e23 FLOPs; / (989e12 × 0.4 × 3600 = 1.42416e18) = 221,183.01 GPU-hours
        #expect(r["flops"]?.double == 3.15e23)
        let hours = 3.15e23 / 1.42416e18
        #expect(abs(r["gpuHours"]!.double! - hours) < 1e-6 * hours)
        // × 2.85 $/h (the low H100 price of Troughia's Table VII) = $630,371.59
        #expect(abs(r["usd"]!["low"]!.double! - hours * 2.85) < 1e-3)
        #expect((r["sources"]?.count ?? 0) > 0)
    }

    /// cost/training's architecture is data/models.json's description (ScalingCoreTests' deepseekV3ByHand
    /// counts the same shape by hand: 250,458,221,568 FLOPs per token at 4,096, causal).
    @Test func trainingArchitectureTakesTheModelsDescription() throws {
        let s = try server()
        let deepseek = #"{"layers": 61, "hidden": 7168, "heads": 128, "headDim": 128, "intermediate": 18432, "vocabulary": 129280, "context": 131072, "sequenceLength": 4096, "attention": "mla", "moe": {"routedExperts": 256, "sharedExperts": 1, "expertsPerToken": 8, "expertIntermediate": 2048, "denseLayers": 3, "routerBias": true}, "mla": {"qLoraRank": 1536, "kvLoraRank": 512, "qkNopeHeadDim": 128, "qkRopeHeadDim": 64, "vHeadDim": 128}}"#
        let r = try s.call("cost/training", params(#"{"architecture": "# + deepseek + #", "tokens": 14.8e12, "hardware": "h800", "gpus": 2048, "precision": "fp8"}"#))
        #expect(close(r["flops"]!.double!, 250_458_221_568 * 14.8e12))
        #expect(r["flopsMethod"]?.string == "architecture")
        // The reference model's own architecture with the training sequence length: the same count.
        let m = try s.call("cost/training", params(#"{"model": "deepseek-v3", "sequenceLength": 4096, "tokens": 14.8e12, "hardware": "h800", "gpus": 2048, "precision": "fp8"}"#))
        #expect(m["flops"]?.double == r["flops"]?.double)
        // Without sequenceLength the model is counted on 6·N_active·D, and the answer says how to count it fully.
        let six = try s.call("cost/training", params(#"{"model": "deepseek-v3", "tokens": 14.8e12, "hardware": "h800", "gpus": 2048, "precision": "fp8"}"#))
        #expect(six["flops"]?.double == 6 * 37e9 * 14.8e12)
        #expect(six["assumptions"]?.elements.contains { $0.string?.contains("pass sequenceLength") == true } == true)
        // The earlier names (ffnHidden, vocab; ungated by default) with attention over the whole sequence are the
        // cookbook's GPT-3 count, 1,076,442,955,776 per token (TrainingCostTests.architectureCountMatchesCookbookForGPT3).
        let g = try s.call("cost/training", params(#"{"architecture": {"layers": 96, "hidden": 12288, "heads": 96, "kvHeads": 96, "ffnHidden": 49152, "vocab": 51200, "sequenceLength": 2048}, "attentionFlops": "full", "tokens": 300e9, "hardware": "h100-sxm", "gpus": 1024, "mfu": 0.4}"#))
        #expect(close(g["flops"]!.double!, 1_076_442_955_776 * 300e9))
        let bad = #"{"tokens": 1e12, "hardware": "h100-sxm", "gpus": 8, "architecture": "#
        #expect(fieldOf { _ = try s.call("cost/training", params(bad + #"{"layers": 2, "hidden": 64, "heads": 4, "intermediate": 128, "vocab": 10, "vocabulary": 10, "sequenceLength": 8}}"#)) } == "params.architecture.vocab")
        #expect(fieldOf { _ = try s.call("cost/training", params(bad + #"{"layers": 2, "hidden": 64, "heads": 4, "intermediate": 128, "vocabulary": 10, "sequenceLength": 8, "attention": "gqa"}}"#)) } == "params.architecture.attention")
        #expect(fieldOf { _ = try s.call("cost/training", params(bad + #"{"layers": 2, "hidden": 64, "heads": 4, "vocabulary": 10, "sequenceLength": 8}}"#)) } == "params.architecture.intermediate")
        #expect(fieldOf { _ = try s.call("cost/training", params(bad + #"{"layers": 2, "hidden": 64, "heads": 4, "intermediate": 128, "vocabulary": 10}}"#)) } == "params.architecture.sequenceLength")
        #expect(fieldOf { _ = try s.call("cost/training", params(#"{"params": 7e9, "tokens": 1e12, "hardware": "h100-sxm", "gpus": 8, "sequenceLength": 4096}"#)) } == "params.sequenceLength")
        #expect(fieldOf { _ = try s.call("cost/training", params(#"{"model": "llama-3.1-8b", "tokens": 1e12, "hardware": "h100-sxm", "gpus": 8, "attentionFlops": "full"}"#)) } == "params.attentionFlops")
    }

    @Test func badInputNamesTheField() throws {
        let s = try server()
        #expect(fieldOf { _ = try s.call("cost/training", params(#"{"params": 7e9, "tokens": 1e12, "hardware": "h100-sxm", "gpus": 0}"#)) } == "params.gpus")
        #expect(fieldOf { _ = try s.call("cost/training", params(#"{"params": 7e9, "tokens": 1e12, "hardware": "h100-sxm", "gpus": 8, "mfu": 0}"#)) } == "params.mfu")
        #expect(fieldOf { _ = try s.call("cost/training", params(#"{"params": 7e9, "tokens": 1e12, "hardware": "x", "gpus": 8}"#)) } == "params.hardware")
        #expect(fieldOf { _ = try s.call("cost/training", params(#"{"params": 7e9, "tokens": 1e12, "hardware": "h100-sxm", "gpus": 8, "pricePerHour": {"low": 4, "high": 2}}"#)) } == "params.pricePerHour.low")
        #expect(fieldOf { _ = try s.call("cost/tco", params(#"{"months": 0, "tokensPerMonth": 1, "contextTokens": 1, "outputTokens": 1, "options": [{"name": "a", "kind": "api", "usdPerMillionTokens": {"low": 1, "high": 2}}]}"#)) } == "params.months")
    }

    @Test func setPersistsFailedSetChangesNothingResetRestores() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let s = try server(state: dir)
        let builtin = try #require(s.hardware.rows["h100-sxm"])
        _ = try s.call("hardware/set", params(#"{"id": "h100-sxm", "price": {"low": 2, "high": 2.5, "date": "2026-01"}}"#))
        #expect(s.hardware.rows["h100-sxm"]?.price?.low == 2)
        #expect(s.hardware.rows["h100-sxm"]?.peakFlopsPerSecond == builtin.peakFlopsPerSecond)
        // A failing override leaves memory and disk as they were.
        let before = s.hardware
        let onDisk = s.state.read("hardware.json")
        #expect(fieldOf { _ = try s.call("hardware/set", params(#"{"id": "h100-sxm", "memoryBytes": -1}"#)) } == "params.memoryBytes")
        #expect(s.hardware == before)
        #expect(s.state.read("hardware.json") == onDisk)

        let restarted = try server(state: dir)
        #expect(restarted.hardware.rows["h100-sxm"]?.price?.low == 2)
        #expect(restarted.hardware.rows["h100-sxm"]?.origin == "user")
        let reset = try restarted.call("hardware/reset", params(#"{}"#))
        #expect(reset["restored"]?.elements.compactMap(\.string) == ["h100-sxm"])
        #expect(restarted.hardware.rows["h100-sxm"] == builtin)
        #expect(try server(state: dir).hardware.rows["h100-sxm"] == builtin)
    }

    @Test func corruptStateFileIsMovedAside() throws {
        let dir = tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data("not json".utf8).write(to: URL(fileURLWithPath: dir + "/hardware.json"))
        let s = try server(state: dir)
        #expect(s.hardware.rows["h100-sxm"]?.origin == "builtin")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!names.contains("hardware.json"))
        #expect(names.contains { $0.hasPrefix("hardware.json.corrupt-") })
    }

    @Test func dollarBudgetBecomesFlops() throws {
        let s = try server()
        let r = try s.call("scaling/optimal", params(#"{"usd": 1e6, "hardware": "h100-sxm", "mfu": 0.4}"#))
        // $1M / 3.525 $/h (midpoint of 2.85–4.20) × 989e12 × 0.4 × 3600 = 4.0402e23 FLOPs
        let mid = 1e6 / 3.525 * 989e12 * 0.4 * 3600
        let got = try #require(r["budget"]?["flops"]?["mid"]?.double)
        #expect(abs(got - mid) < 1e-9 * mid)
        #expect(abs(r["flops"]!.double! - mid) < 1e-6 * mid)
    }

    @Test func dollarBudgetWithoutMfuTakesTheUtilisationRange() throws {
        let s = try server()
        let r = try s.call("scaling/optimal", params(#"{"usd": 1e6, "hardware": "h100-sxm"}"#))
        // Hopper band 43 % down to 43 / 1.75 = 24.571 % (no scale class), goodput 0.85–0.95:
        // low 0.24571 · 0.85 = 0.20886 at 4.20 $/h; mid 0.33786 · 0.9 = 0.30407 at 3.525; high 0.43 · 0.95 = 0.4085 at 2.85.
        let b = try #require(r["budget"]?["flops"])
        let perDollarHour = 1e6 * 989e12 * 3600
        #expect(close(b["low"]!.double!, perDollarHour / 4.20 * (0.43 / 1.75 * 0.85), rel: 1e-9))
        #expect(close(b["mid"]!.double!, perDollarHour / 3.525 * ((0.43 + 0.43 / 1.75) / 2 * 0.9), rel: 1e-9))
        #expect(close(b["high"]!.double!, perDollarHour / 2.85 * (0.43 * 0.95), rel: 1e-9))
        #expect(close(r["budget"]!["mfu"]!.double!, (0.43 + 0.43 / 1.75) / 2 * 0.9, rel: 1e-9))
    }
}
