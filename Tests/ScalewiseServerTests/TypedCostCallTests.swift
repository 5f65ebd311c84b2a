import DataFixtures
import Foundation
import JSON
import RPC
import ScalingCore
import Testing
@testable import ScalewiseServer

/// The typed calls the CLI makes for the cost, hardware, model and fine-tuning commands: each
/// answer's members hold the published or hand-computed figure, and its encoding is the JSON
/// the wire answers for the same params, byte for byte.
@Suite struct TypedCostCallTests {
    let server: Server

    init() throws {
        server = try Server(dataDirectory: HardwareFixtures.dataDirectory.path, stateDirectory: nil)
    }

    /// The typed answer for `params`, after checking its encoding against the wire's answer.
    func typed<R>(_ call: TypedCall<R>, _ method: String, _ params: String) throws -> R {
        let answer = try server.call(call, JSON.parse(params))
        #expect(try server.json(call, answer).dumped() == server.call(method, JSON.parse(params)).dumped())
        return answer
    }

    func field(_ body: () throws -> Void) -> String? {
        do { try body() } catch let e as RPCError { return e.field } catch { return "unexpected \(error)" }
        return nil
    }

    @Test func trainingCost() throws {
        let r = try typed(Typed.costTraining, "cost/training",
                          #"{"params": 175e9, "tokens": 300e9, "hardware": "h100-sxm", "gpus": 1024, "mfu": 0.4}"#)
        // 6 × 175e9 × 300e9 = 3.15e23 FLOPs; / (989e12 × 0.4 × 3600 = 1.42416e18) = 221,183.01 GPU-hours;
        // over 1024 GPUs 216.0 hours = 9.0 days.
        #expect(r.estimate.flops == 3.15e23)
        #expect(abs(r.estimate.gpuHours - 221_183.01) < 0.01)
        #expect(abs(r.estimate.wallClockDays - 221_183.01 / 1024 / 24) < 1e-4)
        // × 2.85 $/h, the low H100 price of Troughia's Table VII.
        #expect(abs(try #require(r.estimate.usd).low - 221_183.01 * 2.85) < 0.1)
        #expect(r.request.hardware.name == "NVIDIA H100 SXM" && r.request.gpus == 1024)
        #expect(r.sources.count == Set(r.sources).count && Set(r.sources) == Set(r.estimate.sources))
    }

    @Test func inferenceCost() throws {
        let r = try typed(Typed.costInference, "cost/inference",
                          #"{"model": "llama-3.1-8b", "hardware": "h100-sxm", "contextTokens": 1000, "outputTokens": 200, "apis": ["gpt-4o-mini"]}"#)
        // Llama 3.1 8B (config.json): 8,030,261,248 parameters × 2 bytes in bf16; KV cache per token
        // 2 (K and V) · 32 layers · 8 KV heads · 128 head dim · 2 bytes = 131,072 bytes.
        #expect(r.estimate.weightBytes == 16_060_522_496)
        #expect(r.estimate.kvCacheBytesPerToken == 131_072)
        #expect(r.request.hardware.id == "h100-sxm")
        // GPT-4o mini, 0.15 $/1M input and 0.60 $/1M output: (1000 × 0.15 + 200 × 0.60) / 1200 = 0.225 $/1M.
        #expect(r.estimate.apiComparison.map(\.id) == ["gpt-4o-mini"])
        #expect(abs(r.estimate.apiComparison[0].usdPerMillionTokens - 0.225) < 1e-12)
    }

    @Test func tcoProjectionAndBreakEven() throws {
        let p = try typed(Typed.costTCO, "cost/tco", #"{"months": 2, "tokensPerMonth": 1e9, "contextTokens": 1000, "outputTokens": 200, "options": [{"name": "api", "kind": "api", "usdPerMillionTokens": {"low": 1, "high": 2}}]}"#)
        guard case .projection(let projection) = p else { Issue.record("expected a projection"); return }
        // 1e9 tokens × 1–2 $/1M = $1,000–2,000 a month (mid $1,500); two months cumulate to $3,000 mid.
        let months = try #require(projection.estimate.options.first).months
        #expect(months.map(\.total.mid) == [1500, 1500])
        #expect(months[1].cumulative == CostRange(low: 2000, mid: 3000, high: 4000))
        #expect(projection.pricing == .onDemand && projection.request.months == 2)

        let b = try typed(Typed.costTCO, "cost/tco", #"{"trainingUsd": 10e6, "usdPerRequest": 0.01, "requestsPerDay": 1e9}"#)
        guard case .trainingBreakEven(let days) = b else { Issue.record("expected the simple form"); return }
        // The course module's example: $10M / ($0.01 × 1e9 a day) = 1 day.
        #expect(days.days == 1)
        #expect(days.assumptions[0].hasSuffix("= 1e07 / (0.01 × 1e09)"))
    }

    @Test func hardware() throws {
        let amd = try typed(Typed.hardwareList, "hardware/list", #"{"vendor": "amd"}"#)
        #expect(amd.map(\.id) == ["mi250x", "mi300x", "mi325x"])
        #expect(field { _ = try server.call(Typed.hardwareList, JSON.parse(#"{"vendor": "nope"}"#)) } == "params.vendor")
        let all = try typed(Typed.hardwareList, "hardware/list", "{}")
        #expect(all.count == (try HardwareFixtures.hardwareRows()).count)

        let h = try typed(Typed.hardwareGet, "hardware/get", #"{"id": "h100-sxm"}"#)
        // H100 SXM: 989 TFLOP/s dense BF16, 80 GB, 3.35 TB/s, 700 W (stas00/ml-engineering accelerator tables).
        #expect(h.peakFlopsPerSecond[.bf16] == 989e12)
        #expect(h.memoryBytes == 80e9 && h.memoryBandwidthBytesPerSecond == 3.35e12 && h.powerWatts == 700)
        #expect(field { _ = try server.call(Typed.hardwareGet, JSON.parse(#"{"id": "h1OO"}"#)) } == "params.id")
    }

    @Test func models() throws {
        let list = try typed(Typed.modelsList, "models/list", "{}")
        #expect(list.first { $0.id == "llama-3.1-8b" }?.parameters == 8_030_261_248)

        let m = try typed(Typed.modelsGet, "models/get", #"{"id": "llama-3.1-8b"}"#)
        #expect(m.model.architecture.kvHeads == 8 && m.model.training.gpuHours == 1.46e6)
        // The model card's run: 1.46M H100 GPU-hours for 6 × 8,030,261,248 × 15e12 = 7.2272e23 FLOPs.
        let run = try #require(m.reportedRuns.first)
        #expect(m.reportedRuns.count == 1 && run.run.reportedHours == 1.46e6)
        #expect(abs(run.estimate.flops - 6 * 8_030_261_248 * 15e12) < 1e9)
        #expect(abs(run.ratio - 1.46e6 / run.estimate.gpuHoursRange.mid) < 1e-12)
    }

    @Test func fineTune() throws {
        let r = try typed(Typed.fineTuneRecommend, "finetune/recommend",
                          #"{"model": "llama-3.1-8b", "examples": 5000, "tokensPerExample": 512, "hardware": "rtx-4090"}"#)
        #expect(r.recommendation.recommended == .lora(rank: 64))
        #expect(r.hardwareId == "rtx-4090" && r.reference?.id == "llama-3.1-8b")
        #expect(r.assumptions.last == "model: llama-3.1-8b from the reference models (Llama 3.1 8B, 8030261248 parameters)")
        // Full fine-tuning with AdamW holds 16 bytes per parameter before activations: 128.5 GB > 24 GB.
        let full = try #require(r.recommendation.estimates.first { $0.approach == .full })
        #expect(!full.fits && full.memory.total > 16 * 8_030_261_248)
    }
}
