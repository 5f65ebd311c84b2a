import Testing
import DataFixtures
@testable import ScalingCore

/// The serving model by hand: prefill, decode step, all-reduce, the tensor-parallel default and
/// hostile inputs. Shapes from the published configs (meta-llama/Llama-3.1-8B-Instruct and
/// Llama-3.3-70B-Instruct config.json); H100 SXM figures from data/hardware.json.
@Suite struct ServingModelTests {
    let h100 = HardwareFixtures.h100
    /// NVLink 4: 900 GB/s bidirectional per GPU (NVIDIA HGX H100 blog) = 450e9 bytes/s each way.
    let nvlink = ServingLink(acceleratorId: "h100-sxm", bytesPerSecond: 450e9, source: Citation(title: "NVIDIA HGX H100"))
    /// One point per range, so the hand calculations have one answer.
    func exact(_ r: inout ServingRequest) {
        r.prefillEfficiency = CostRange(exactly: 0.5)
        r.decodeBandwidthEfficiency = CostRange(exactly: 0.8)
        r.stepOverheadSeconds = CostRange(exactly: 40e-6)
        r.allReduceLatencySeconds = CostRange(exactly: 10e-6)
    }

    /// Llama 3.1 8B in FP8: 8e9 weight bytes, 32 layers, hidden 4096, KV 2·32·8·128·1 = 65,536 bytes per token.
    func llama8B(input: Double, output: Double, concurrency: Double?) -> ServingRequest {
        var r = ServingRequest(weightBytes: 8e9, activeParams: 8e9, bytesPerParameter: 1, kvBytesPerToken: 65_536,
                               layers: 32, hidden: 4096, hardware: h100, precision: .fp8,
                               inputTokens: input, outputTokens: output, concurrency: concurrency)
        exact(&r)
        return r
    }

    @Test func oneRequestOnOneH100ByHand() throws {
        let r = try ServingModel.estimate(llama8B(input: 1000, output: 1000, concurrency: 1))
        #expect(r.tensorParallel == 1)
        #expect(r.batch == 1)
        // Prefill: (2·8e9·1000 + 2·32·4096·1000²) FLOPs / (1979e12 · 0.5) = 1.6262144e13 / 9.895e14 s;
        // the weights (8e9 bytes / (3.35e12 · 0.8) = 2.985 ms) take less; + 40 µs per step.
        let prefill = 1.6262144e13 / 9.895e14 + 40e-6
        #expect(close(r.timeToFirstTokenSeconds.mid, prefill))
        #expect(abs(r.timeToFirstTokenSeconds.mid - 0.0164747) < 1e-6)
        // Decode at context 1000 + 1000/2: weights 8e9/2.68e12 s, KV 65,536 · 1500 / 2.68e12 s, + 40 µs.
        let step = 8e9 / 2.68e12 + 65_536 * 1500 / 2.68e12 + 40e-6
        #expect(close(r.timePerOutputTokenSeconds.mid, step))
        #expect(abs(step - 0.00306176) < 1e-8)
        // One request: 1000 output tokens over its prefill plus 1000 steps.
        #expect(close(r.tokensPerSecond.mid, 1000 / (prefill + 1000 * step)))
        #expect(r.allReduceSecondsPerStep.mid == 0)
        // With one value per range the three bounds coincide.
        #expect(r.tokensPerSecond.low == r.tokensPerSecond.high)
    }

    @Test func twoAllReducesPerLayerOverTheRing() throws {
        // Llama 3.3 70B FP8 on two H100 (NIM's fp8 TP2 profile): 80 layers, hidden 8192.
        var q = ServingRequest(weightBytes: 70.6e9, activeParams: 70.6e9, bytesPerParameter: 1, kvBytesPerToken: 163_840,
                               layers: 80, hidden: 8192, hardware: h100, precision: .fp8,
                               inputTokens: 500, outputTokens: 2000, concurrency: 1, tensorParallel: 2, link: nvlink)
        exact(&q)
        let r = try ServingModel.estimate(q)
        // One token: 8192 · 2 = 16,384 bytes; ring over 2: 2·(1/2)·16,384 / 450e9 + 10 µs; 2 · 80 all-reduces.
        let one = 16_384 / 450e9 + 10e-6
        #expect(close(ServingModel.allReduceSeconds(bytes: 16_384, tp: 2, linkBytesPerSecond: 450e9, latency: 10e-6), one))
        #expect(close(r.allReduceSecondsPerStep.mid, 160 * one))
        #expect(abs(r.allReduceSecondsPerStep.mid - 0.00160583) < 1e-8)
        // Eight ranks move 2·7/8 of the message.
        #expect(close(ServingModel.allReduceSeconds(bytes: 1e6, tp: 8, linkBytesPerSecond: 450e9, latency: 0), 1.75e6 / 450e9))
        // Decode: (70.6e9 weights + 163,840 · 1500 KV) / (2 · 3.35e12 · 0.8) + all-reduces + 40 µs.
        let step = 70.6e9 / 5.36e12 + 163_840 * 1500 / 5.36e12 + 160 * one + 40e-6
        #expect(close(r.timePerOutputTokenSeconds.mid, step))
        // Without a link there is no answer for tensor parallel > 1.
        q.link = nil
        #expect(throws: DomainError.self) { try ServingModel.estimate(q) }
    }

    @Test func tensorParallelDefaultIsTheLeastThatFits() throws {
        // A 7B in bf16 (14e9 bytes) at 60 requests of 1000 + 1000 tokens, KV 131,072 bytes per token:
        // 14e9 + 60 · 2000 · 131,072 = 2.97e10 bytes fit in one H100's 0.9 · 80e9 = 7.2e10.
        var seven = ServingRequest(weightBytes: 14e9, activeParams: 7e9, bytesPerParameter: 2, kvBytesPerToken: 131_072,
                                   layers: 32, hidden: 4096, hardware: h100, precision: .bf16,
                                   inputTokens: 1000, outputTokens: 1000, concurrency: 60)
        #expect(try ServingModel.estimate(seven).tensorParallel == 1)
        // Llama 3.3 70B FP8 at 60 requests of 5000 + 500: 70.6e9 + 60 · 5500 · 163,840 = 1.247e11 bytes → 2 GPUs.
        let seventy = ServingRequest(weightBytes: 70.6e9, activeParams: 70.6e9, bytesPerParameter: 1, kvBytesPerToken: 163_840,
                                     layers: 80, hidden: 8192, hardware: h100, precision: .fp8,
                                     inputTokens: 5000, outputTokens: 500, concurrency: 60, link: nvlink)
        let r = try ServingModel.estimate(seventy)
        #expect(r.tensorParallel == 2)
        #expect(r.assumptions.contains { $0.hasPrefix("tensor parallel 2: the least power of two") })
        // Llama 3.1 405B in bf16 (811.7e9 bytes): 16 H100 (1.152e12 bytes); 8 hold 5.76e11.
        seven.weightBytes = 811.7e9; seven.activeParams = 405.85e9; seven.concurrency = 1; seven.link = nvlink
        #expect(try ServingModel.estimate(seven).tensorParallel == 16)
    }

    @Test func rangesAreOrderedAndBusierMeansSlowerPerRequest() throws {
        var one = llama8B(input: 1000, output: 1000, concurrency: 1)
        one.prefillEfficiency = nil; one.decodeBandwidthEfficiency = nil; one.stepOverheadSeconds = nil; one.allReduceLatencySeconds = nil
        let a = try ServingModel.estimate(one)
        for x in [a.tokensPerSecond, a.timeToFirstTokenSeconds, a.timePerOutputTokenSeconds] {
            #expect(x.low < x.mid && x.mid < x.high)
        }
        #expect(a.sources.contains(ServingDefaults.calibrationCitation))
        var many = one
        many.concurrency = 64
        let b = try ServingModel.estimate(many)
        #expect(b.timePerOutputTokenSeconds.mid > a.timePerOutputTokenSeconds.mid)
        #expect(b.timeToFirstTokenSeconds.mid > a.timeToFirstTokenSeconds.mid)
        #expect(b.tokensPerSecond.mid > 20 * a.tokensPerSecond.mid)
        // Beyond what the KV cache holds (8B FP8: (72e9 − 8e9) / (65,536 · 2000) = 488 sequences) the rest wait.
        many.concurrency = 976
        many.tensorParallel = 1
        let c = try ServingModel.estimate(many)
        #expect(c.maxBatchByMemory == 488)
        #expect(c.batch == 488)
        #expect(c.timeToFirstTokenSeconds.mid > 1000 * c.timePerOutputTokenSeconds.mid)
    }

    @Test func hostileInputsNameTheField() {
        func fieldOf(_ change: (inout ServingRequest) -> Void) -> String? {
            var r = llama8B(input: 1000, output: 1000, concurrency: nil)
            r.link = nvlink
            change(&r)
            do { _ = try ServingModel.estimate(r); return nil } catch { return field(of: error) }
        }
        #expect(fieldOf { $0.weightBytes = 1e30; $0.activeParams = 1e30 } == "weightBytes")
        #expect(fieldOf { $0.inputTokens = 1e300 } == "inputTokens")
        #expect(fieldOf { $0.outputTokens = 1e300 } == "outputTokens")
        #expect(fieldOf { $0.kvBytesPerToken = 1e300 } == "kvBytesPerToken")
        #expect(fieldOf { $0.kvBytesPerToken = 1e-300 } == "kvBytesPerToken")
        #expect(fieldOf { $0.concurrency = 1e300 } == "concurrency")
        #expect(fieldOf { $0.activeParams = 1e300 } == "activeParams")
        #expect(fieldOf { $0.tensorParallel = 0 } == "tensorParallel")
        #expect(fieldOf { $0.prefillEfficiency = CostRange(low: 0.7, mid: 0.5, high: 0.9) } == "prefillEfficiency")
        #expect(fieldOf { $0.decodeBandwidthEfficiency = CostRange(low: 1e-300, mid: 0.5, high: 0.9) } == nil)
        #expect(fieldOf { $0.layers = 0 } == "layers")
    }
}
