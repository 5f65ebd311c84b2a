import Foundation
import Testing
import DataFixtures
@testable import ScalingCore

/// data/reported-runs.json against cost/training's default answer (TrainingCost.estimate, the
/// function the method calls). Acceptance (issue 13): reported hours inside {low, high} for at
/// least 90 % of rows, mid within 25 % for at least 70 %, no range wider than high / low = 2;
/// with the reported MFU given, within 5 %.
@Suite struct CalibrationTests {
    static func comparisons() throws -> [ReportedRunComparison] {
        let catalog = try HardwareFixtures.catalog()
        return try HardwareFixtures.reportedRuns().map { try ReportedRuns.compare($0, catalog: catalog) }
    }

    /// The table bench/RESULTS.md shows; `SCALEWISE_PRINT_CALIBRATION=1` prints it.
    static func table(_ c: [ReportedRunComparison]) -> String {
        func m(_ x: Double) -> String { String(format: "%.4g", x) }
        var lines = ["| run | accelerator | precision | reported h | low | mid | high | reported / mid | inside | reported MFU (FLOP count), goodput: mid, ratio |",
                     "|---|---|---|---:|---:|---:|---:|---:|:-:|---|"]
        for x in c {
            let h = x.estimate.gpuHoursRange
            let mfu = x.withReportedMfu.map { e in
                let given = x.run.reportedMfu!, g = e.goodput
                let what = "\(String(format: "%.1f", given.low * 100))\(given.high > given.low ? String(format: "–%.1f", given.high * 100) : "") % (\(x.run.mfuDefinition!.flops.rawValue)), goodput \(String(format: "%.2f", g.low))\(g.high > g.low ? String(format: "–%.2f", g.high) : "")"
                let ratio = String(format: "%.3f", x.ratioWithReportedMfu!)
                return x.run.hoursNotComparable == nil ? "\(what): \(m(e.gpuHoursRange.mid)), \(ratio)" : "\(what): \(m(e.gpuHoursRange.mid)), \(ratio) (not comparable: downtime)"
            } ?? "—"
            lines.append("| \(x.run.id) | \(x.run.accelerator) | \(x.run.precision.rawValue) | \(m(x.run.reportedHours)) | \(m(h.low)) | \(m(h.mid)) | \(m(h.high)) | \(String(format: "%.3f", x.ratio)) | \(x.inside ? "yes" : "no") | \(mfu) |")
        }
        let k = ReportedRuns.coverage(c)
        lines.append("")
        lines.append("rows \(k.rows) (\(k.organizations) organizations, \(k.generations) generations); inside {low, high}: \(k.inside) (\(String(format: "%.0f", 100 * Double(k.inside) / Double(k.rows))) %); mid within 25 %: \(k.midWithin25) (\(String(format: "%.0f", 100 * Double(k.midWithin25) / Double(k.rows))) %); widest high / low \(String(format: "%.3f", k.widest)); with reported MFU within 5 %: \(k.withMfuWithin5) of \(k.withMfuComparable) comparable (\(k.withMfu) rows report one)")
        return lines.joined(separator: "\n")
    }

    @Test func tableCoversPublishedRuns() throws {
        let c = try Self.comparisons()
        if ProcessInfo.processInfo.environment["SCALEWISE_PRINT_CALIBRATION"] == "1" { print(Self.table(c)) }
        let k = ReportedRuns.coverage(c)
        #expect(k.rows >= 25)
        #expect(k.organizations >= 8)
        #expect(k.generations >= 4)
        #expect(Double(k.inside) >= 0.9 * Double(k.rows), "inside \(k.inside) of \(k.rows)")
        #expect(Double(k.midWithin25) >= 0.7 * Double(k.rows), "mid within 25 %: \(k.midWithin25) of \(k.rows)")
        #expect(k.widest <= 2, "widest range \(k.widest)")
    }

    /// Every row with a reported MFU, asked with that MFU applied to the FLOP count it was defined on and
    /// the goodput its source states (default 0.85–0.95 where it states none).
    ///   llama-65b      6ND: 6 · 65.2e9 · 1.4e12 = 5.4768e23 / (312e12 · 3600 · 0.4765 · 1) = 1,023,319 h; reported 1,022,362: 0.999.
    ///   llama-3.1-405b 6N+12LHQT from the architecture, full attention at 8,192 (per token 2.62543e12, see
    ///                  `definitionsCountWhatTheSourcesCount`) · 15.6e12 = 4.09567e25 / (989e12 · 3600 · 0.405 · 0.95)
    ///                  = 29,898,000 h; reported 30.84M: 1.031.
    ///   bloom-176b     Megatron with recomputation, 1.435563e12 per token · 366e9 = 5.25416e23 / (312e12 · 3600 · 0.4808 · 0.9)
    ///                  = 1,081,034 h; reported 1,082,990: 1.002.
    ///   gpt-3-175b     6N+12LHQT, 1.076373e12 per token · 300e9 = 3.22912e23 / (125e12 · 3600 · 0.213 · 0.9) = 3,743,257 h;
    ///                  reported 3,552,000: 0.949, 5.1 % under: PaLM's 21.3 % and Patterson et al.'s 14.8 days are two
    ///                  third-party estimates (OpenAI published neither); the reported hours sit inside the answer's
    ///                  {low, high} (goodput 0.95 → 3,546,243 h, 0.85 → 3,963,448 h).
    @Test func reportedMfuGivesTheReportedHours() throws {
        let c = try Self.comparisons()
        func ratio(_ id: String) throws -> Double { try #require(c.first { $0.run.id == id }?.ratioWithReportedMfu) }
        #expect(close(try ratio("llama-65b"), 1_022_362 / (6 * 65.2e9 * 1.4e12 / (312e12 * 3600 * 0.4765)), rel: 1e-9))
        #expect(close(try ratio("llama-3.1-405b"), 30.84e6 / 29_898_000, rel: 2e-4))
        #expect(close(try ratio("bloom-176b"), 1_082_990 / 1_081_034, rel: 1e-5))
        #expect(close(try ratio("gpt-3-175b"), 3_552_000 / 3_743_257, rel: 2e-4))
        let comparable = c.filter { $0.run.reportedMfu != nil && $0.run.hoursNotComparable == nil }
        let misses = comparable.filter { abs($0.ratioWithReportedMfu! - 1) > 0.05 }.map(\.run.id)
        #expect(misses == ["gpt-3-175b"], "outside 5 %: \(misses)")
        let gpt3 = try #require(c.first { $0.run.id == "gpt-3-175b" }?.withReportedMfu?.gpuHoursRange)
        #expect(gpt3.low <= 3_552_000 && 3_552_000 <= gpt3.high)
        let k = ReportedRuns.coverage(c)
        #expect(k.withMfu == 6 && k.withMfuComparable == 4 && k.withMfuWithin5 == 3)
    }

    /// What the FLOP count behind each reported MFU is, checked against the definition's own formula.
    @Test func definitionsCountWhatTheSourcesCount() throws {
        let catalog = try HardwareFixtures.catalog()
        let runs = try HardwareFixtures.reportedRuns()
        func perToken(_ id: String) throws -> Double {
            let run = try #require(runs.first { $0.id == id })
            let r = try ReportedRuns.request(for: run, catalog: catalog, useReportedMfu: true)
            return try TrainingCost.estimate(r).flops / run.tokens
        }
        // PaLM, Appendix B: 6N + 12LHQT = 6 · 540.35e9 + 12 · 118 · 48 · 256 · 2048 = 3.2421e12 + 3.5634e10 = 3.27774e12;
        // counted from Table 1's shape (tied embeddings: the head's 6·h·V stands for the table) within 0.01 %.
        let palmAttention: Double = 12 * 118 * 48 * 256 * 2048
        let palm: Double = 6 * 540.35e9 + palmAttention
        #expect(close(try perToken("palm-540b"), palm, rel: 1e-4))
        // × 780e9 tokens = 2.5566e24, Appendix B's 2.56e24 FLOPs.
        #expect(close(palm * 780e9, 2.56e24, rel: 0.002))
        // Section 4: 238.3K tokens/s on 6,144 chips of 275 TFLOP/s: 46.2 % with that count, 45.7 % with 6N alone.
        #expect(close(238.3e3 * palm / (6144 * 275e12), 0.462, rel: 0.001))
        #expect(close(238.3e3 * 6 * 540.35e9 / (6144 * 275e12), 0.457, rel: 0.001))
        // Llama 3.1 405B, PaLM's definition: 6 · 405,853,388,800 + 12 · 126 · 128 · 128 · 8192 = 2.63804e12; the
        // architecture counts matmuls only (the 2.1e9-parameter input table is a lookup): 2.62543e12, 0.48 % less.
        let llamaAttention: Double = 12 * 126 * 128 * 128 * 8192
        let llama: Double = 6 * 405_853_388_800 + llamaAttention
        #expect(close(try perToken("llama-3.1-405b"), 2.62543e12, rel: 1e-5))
        #expect(close(try perToken("llama-3.1-405b") / llama, 0.9952, rel: 1e-3))
        // GPT-3: 6 · 175e9 + 12 · 96 · 96 · 128 · 2048 = 1.07899e12; counted 1.076373e12 (0.24 % less).
        #expect(close(try perToken("gpt-3-175b"), 1.076373e12, rel: 1e-6))
        // BLOOM, Megatron-DeepSpeed's logged formula with checkpointing: 96 · l · h² · (1 + s/(6h) + V/(16·l·h))
        // = 96 · 70 · 14336² · (1 + 2048/86016 + 250880/16,056,320) = 1.435563e12: the architecture count with
        // recomputation and full attention is that formula (biases are not matmuls and are left out of both).
        let megatronScale: Double = 96 * 70 * 14336 * 14336
        let megatronTerms: Double = 1 + 2048.0 / (6 * 14336) + 250_880.0 / (16 * 70 * 14336)
        let megatron = megatronScale * megatronTerms
        let bloom = try perToken("bloom-176b")
        #expect(close(bloom, megatron, rel: 1e-12), "\(bloom) vs \(megatron)")
        // LLaMA-65B, 6ND: 6 · 65.2e9 exactly; its MFU follows from section 2.4's 380 tokens/s/GPU: 6 · 65.2e9 · 380 / 312e12.
        #expect(try perToken("llama-65b") == 6 * 65.2e9)
        #expect(close(runs.first { $0.id == "llama-65b" }!.reportedMfu!.mid, 6 * 65.2e9 * 380 / 312e12, rel: 1e-4))
        // BLOOM's and OPT's MFU: the published TFLOP/s over the A100's 312 TFLOP/s datasheet peak.
        #expect(close(runs.first { $0.id == "bloom-176b" }!.reportedMfu!.mid, 150 / 312, rel: 1e-4))
        #expect(close(runs.first { $0.id == "opt-175b" }!.reportedMfu!.mid, 147 / 312, rel: 1e-4))
        // The shapes behind them count the published totals within 1 %: PaLM 540.35B, BLOOM 176,247M.
        let palmShape = try #require(runs.first { $0.id == "palm-540b" }?.architecture?.parameterCount()?.total)
        #expect(close(palmShape, 540.35e9, rel: 0.01))
        let bloomShape = try #require(runs.first { $0.id == "bloom-176b" }?.architecture?.parameterCount()?.total)
        #expect(close(bloomShape, 176_247e6, rel: 0.01))
    }

    /// Rows whose hours cannot be checked against their MFU still say something: hours that include
    /// unquantified downtime are at least the compute time at the reported MFU with no downtime.
    @Test func hoursWithDowntimeExceedTheComputeTime() throws {
        let catalog = try HardwareFixtures.catalog()
        let runs = try HardwareFixtures.reportedRuns()
        let excluded = runs.filter { $0.hoursNotComparable != nil }.map(\.id)
        #expect(excluded == ["opt-175b", "palm-540b"])
        func computeHours(_ id: String) throws -> Double {
            var r = try ReportedRuns.request(for: try #require(runs.first { $0.id == id }), catalog: catalog, useReportedMfu: true)
            r.goodput = FractionRange(low: 1, high: 1)
            return try TrainingCost.estimate(r).gpuHoursRange.mid
        }
        // PaLM: 2.55664e24 FLOPs / (275e12 · 3600 · 0.462) = 5,589,800 chip-hours at 46.2 % without downtime; the
        // reported 8,404,992 are 1.504× that: a third of the chip time went to downtime and repeated steps.
        let palmAttention: Double = 12 * 118 * 48 * 256 * 2048
        let palmFlops: Double = 780e9 * (6 * 540.35e9 + palmAttention)
        #expect(close(try computeHours("palm-540b"), palmFlops / (275e12 * 3600 * 0.462), rel: 1e-4))
        #expect(8_404_992 / (try computeHours("palm-540b")) > 1.4)
        // OPT-175B: 6 · 175e9 · 180e9 / (312e12 · 3600 · 0.4712) = 357,109 GPU-hours at its best 147 TFLOP/s; the
        // reported 809,472 are 2.27× that.
        let optFlops: Double = 6 * 175e9 * 180e9
        #expect(close(try computeHours("opt-175b"), optFlops / (312e12 * 3600 * 0.4712), rel: 1e-9))
        #expect(809_472 / (try computeHours("opt-175b")) > 2)
    }
}
