import Foundation
import Testing
import DataFixtures
@testable import ScalingCore

@Suite struct HardwareDataTests {
    @Test func everyFigureHasASource() throws {
        let rows = try HardwareFixtures.hardwareRows()
        #expect(rows.count >= 19)
        for r in rows {
            let id = r["id"] as! String
            let sources = r["sources"] as? [String: Any] ?? [:]
            var figures: [String] = []
            for (k, v) in r["peakFlopsPerSecond"] as? [String: Any] ?? [:] where !(v is NSNull) {
                figures.append("peakFlopsPerSecond.\(k)")
            }
            for k in ["memoryBytes", "memoryBandwidthBytesPerSecond", "powerWatts", "interconnect", "matmulFraction"]
            where r[k] != nil && !(r[k] is NSNull) {
                figures.append(k)
            }
            for f in figures {
                let c = HardwareFixtures.citation(sources[f])
                #expect(c != nil && !(c!.title.isEmpty), "\(id): \(f) has no source")
            }
            if let p = r["price"] as? [String: Any] {
                #expect(HardwareFixtures.citation(p["source"]) != nil, "\(id): price has no source")
                #expect(!((p["date"] as? String) ?? "").isEmpty, "\(id): price has no date")
            }
        }
    }

    @Test func requiredAcceleratorsArePresent() throws {
        let ids = Set(try HardwareFixtures.catalog().ids)
        for id in ["a100-80gb-sxm", "h100-sxm", "h100-pcie", "h200-sxm", "b200", "gb200", "l40s", "mi300x", "mi325x",
                   "tpu-v5e", "tpu-v5p", "tpu-v6e", "trainium2", "gaudi3", "rtx-4090", "rtx-3090", "rtx-a6000", "l4", "a10g"] {
            #expect(ids.contains(id), "missing \(id)")
        }
    }

    @Test func figuresMatchReferencesTable() throws {
        // REFERENCES.md hardware table (dense; TFLOP/s, GB, TB/s, W) and Troughia's Table VII prices.
        let c = try HardwareFixtures.catalog()
        let h100 = try c.accelerator(id: "h100-sxm")
        #expect(h100.peakFlopsPerSecond[.bf16] == 989e12)
        #expect(h100.peakFlopsPerSecond[.fp8] == 1979e12)
        #expect(h100.memoryBytes == 80e9)
        #expect(h100.memoryBandwidthBytesPerSecond == 3.35e12)
        #expect(h100.powerWatts == 700)
        #expect(h100.price?.low == 2.85 && h100.price?.high == 4.20)
        // "measured max matmul ≈ 795 (≈ 80 %)"
        #expect(abs(h100.matmulFraction! - 0.80) < 0.01)
        let a100 = try c.accelerator(id: "a100-80gb-sxm")
        #expect(a100.peakFlopsPerSecond[.bf16] == 312e12 && a100.peakFlopsPerSecond[.int8] == 624e12)
        #expect(a100.peakFlopsPerSecond[.fp8] == nil)
        #expect(a100.price?.low == 1.85 && a100.price?.high == 2.50)
        let b200 = try c.accelerator(id: "b200")
        #expect(b200.peakFlopsPerSecond[.bf16] == 2250e12 && b200.memoryBandwidthBytesPerSecond == 8e12)
        #expect(abs(b200.matmulFraction! - 0.78) < 0.005)
        let mi = try c.accelerator(id: "mi300x")
        #expect(mi.peakFlopsPerSecond[.bf16] == 1307e12 && mi.memoryBytes == 192e9 && mi.memoryBandwidthBytesPerSecond == 5.3e12)
        #expect(abs(mi.matmulFraction! - 0.51) < 0.01)
        let v5e = try c.accelerator(id: "tpu-v5e")
        #expect(v5e.peakFlopsPerSecond[.bf16] == 197e12 && v5e.peakFlopsPerSecond[.int8] == 394e12)
        #expect(v5e.price?.low == 1.35 && v5e.price?.high == 2.10)
        let trn = try c.accelerator(id: "trainium2")
        #expect(trn.peakFlopsPerSecond[.bf16] == 667e12 && trn.peakFlopsPerSecond[.fp8] == 1299e12)
        #expect(trn.price?.low == 1.90 && trn.price?.high == 2.80)
        #expect(try c.accelerator(id: "h100-pcie").peakFlopsPerSecond[.bf16] == 756e12)
        #expect(try c.accelerator(id: "h200-sxm").memoryBytes == 141e9)
        #expect(try c.accelerator(id: "l40s").peakFlopsPerSecond[.fp8] == 733e12)
        // Where no price was found the row says so with null rather than a guess.
        #expect(try c.accelerator(id: "gb200").price == nil)
        #expect(try c.accelerator(id: "tpu-v6e").price == nil)
    }

    @Test func apiPricesAreDatedAndSourced() throws {
        let prices = try HardwareFixtures.apiPrices()
        #expect(prices.count >= 5)
        for p in prices {
            #expect(!p.date.isEmpty && !p.source.title.isEmpty)
            #expect(p.usdPerMillionInputTokens > 0 && p.usdPerMillionOutputTokens >= p.usdPerMillionInputTokens)
        }
    }
}

@Suite struct HardwareCatalogTests {
    @Test func unknownIdListsKnownIdsAndCloseMatches() throws {
        let c = try HardwareFixtures.catalog()
        do {
            _ = try c.accelerator(id: "h100")
            Issue.record("expected an error")
        } catch {
            guard case .invalidInput(let f, let reason) = error else { Issue.record("wrong error \(error)"); return }
            #expect(f == "hardware")
            #expect(reason.contains("did you mean 'h100-pcie' or 'h100-sxm'"))
            #expect(reason.contains("tpu-v6e"))
        }
        #expect(c.closeMatches(for: "rtx4090").first == "rtx-4090")
    }

    @Test func userRowValidationNamesTheField() throws {
        let c = try HardwareFixtures.catalog()
        var row = HardwareFixtures.h100
        row.id = "my-h100"
        row.price = PriceRange(low: 5, high: 3, date: "2026-11", source: Citation(title: "my contract"))
        #expect(throws: DomainError.invalidInput(field: "price.low", reason: "low (5.0) must not exceed high (3.0)")) {
            _ = try c.adding(row)
        }
        row.price = nil
        row.memoryBytes = -1
        do { _ = try c.adding(row); Issue.record("expected an error") } catch { #expect(field(of: error) == "memoryBytes") }
        row.memoryBytes = 80e9
        row.peakFlopsPerSecond[.bf16] = -5
        do { _ = try c.adding(row); Issue.record("expected an error") } catch { #expect(field(of: error) == "peakFlopsPerSecond.bf16") }
    }

    @Test func additionsAndOverridesMerge() throws {
        let c = try HardwareFixtures.catalog()
        var row = HardwareFixtures.h100
        row.id = "my-h100"
        let added = try c.adding(row)
        #expect(try added.accelerator(id: "my-h100").origin == "user")
        #expect(added.ids.count == c.ids.count + 1)
        // Override only the price of a built-in row; everything else stays.
        let patch = AcceleratorPatch(id: "h100-sxm", price: PriceRange(low: 1.9, high: 2.2, date: "2026-11", source: Citation(title: "our contract")))
        let patched = try c.applying(patch)
        let h = try patched.accelerator(id: "h100-sxm")
        #expect(h.price?.low == 1.9 && h.peakFlopsPerSecond[.bf16] == 989e12 && h.origin == "user")
        let bad = AcceleratorPatch(id: "h100-sxm", matmulFraction: 1.5)
        do { _ = try c.applying(bad); Issue.record("expected an error") } catch { #expect(field(of: error) == "matmulFraction") }
        do { _ = try c.applying(AcceleratorPatch(id: "nope")); Issue.record("expected an error") } catch { #expect(field(of: error) == "id") }
    }

    @Test func missingPrecisionIsAFieldError() throws {
        let a100 = try HardwareFixtures.catalog().accelerator(id: "a100-80gb-sxm")
        do { _ = try a100.peak(for: .fp8); Issue.record("expected an error") } catch {
            #expect(field(of: error) == "precision")
        }
        // int4 weight-only falls back to the bf16 peak when no int4 rate is published.
        #expect(try HardwareFixtures.h100.peak(for: .int4) == 989e12)
    }
}

@Suite struct PublishedRunAcceleratorTests {
    @Test func rowsPublishedRunsUsedArePresentWithDatasheetFigures() throws {
        let c = try HardwareFixtures.catalog()
        // NVIDIA V100 datasheet (SXM2): fp32 15.7, tensor 125 TFLOPS, 16/32 GB HBM2 at 900 GB/s, 300 W.
        for (id, gb) in [("v100-sxm2-16gb", 16e9), ("v100-sxm2-32gb", 32e9)] {
            let v = try c.accelerator(id: id)
            #expect(v.peakFlopsPerSecond == [.fp32: 15.7e12, .fp16: 125e12])
            #expect(v.memoryBytes == gb && v.memoryBandwidthBytesPerSecond == 900e9 && v.powerWatts == 300)
        }
        // NVIDIA A100 datasheet, 40GB SXM: tf32 156, fp16/bf16 312, int8 624 dense; 1,555 GB/s; 400 W.
        let a40 = try c.accelerator(id: "a100-40gb-sxm")
        #expect(a40.peakFlopsPerSecond[.tf32] == 156e12 && a40.peakFlopsPerSecond[.bf16] == 312e12 && a40.peakFlopsPerSecond[.int8] == 624e12)
        #expect(a40.memoryBytes == 40e9 && a40.memoryBandwidthBytesPerSecond == 1555e9)
        // H800: the H100 SXM's dense rates, NVLink cut to 400 GB/s; DeepSeek-V3's assumed $2/GPU-hour.
        let h800 = try c.accelerator(id: "h800")
        #expect(h800.peakFlopsPerSecond[.bf16] == 989e12 && h800.peakFlopsPerSecond[.fp8] == 1979e12)
        #expect(h800.price?.low == 2 && h800.price?.date == "2024-12")
        // H20: fp16 148 TFLOPS, int8 296 TOPS, 96 GB at 4.0 TB/s, 400 W.
        let h20 = try c.accelerator(id: "h20")
        #expect(h20.peakFlopsPerSecond[.fp16] == 148e12 && h20.peakFlopsPerSecond[.int8] == 296e12)
        #expect(h20.memoryBytes == 96e9 && h20.memoryBandwidthBytesPerSecond == 4e12 && h20.powerWatts == 400)
        // TPU v4: bf16 275 TFLOPS, 32 GB at 1.2 TB/s; MI250X: bf16 383, 128 GB at 3.28 TB/s, 560 W.
        let v4 = try c.accelerator(id: "tpu-v4")
        #expect(v4.peakFlopsPerSecond[.bf16] == 275e12 && v4.memoryBytes == 32e9 && v4.powerWatts == nil)
        let mi = try c.accelerator(id: "mi250x")
        #expect(mi.peakFlopsPerSecond[.bf16] == 383e12 && mi.memoryBandwidthBytesPerSecond == 3.28e12 && mi.powerWatts == 560)
        // Rows without a found price say why in their notes rather than carry a guess.
        for id in ["v100-sxm2-16gb", "h20", "tpu-v4", "mi250x"] {
            let r = try c.accelerator(id: id)
            #expect(r.price == nil && r.notes.contains { $0.hasPrefix("price: null") }, "\(id)")
        }
    }

    @Test func fp32Tf32Fp16WhereTheTablePublishesThem() throws {
        // stas00/ml-engineering TFLOPS table: A100 SXM 19.5 / 156 / 312; H100 SXM 67 / 494.5 / 989.
        let c = try HardwareFixtures.catalog()
        let a = try c.accelerator(id: "a100-80gb-sxm")
        #expect(a.peakFlopsPerSecond[.fp32] == 19.5e12 && a.peakFlopsPerSecond[.tf32] == 156e12 && a.peakFlopsPerSecond[.fp16] == 312e12)
        let h = try c.accelerator(id: "h100-sxm")
        #expect(h.peakFlopsPerSecond[.fp32] == 67e12 && h.peakFlopsPerSecond[.tf32] == 494.5e12 && h.peakFlopsPerSecond[.fp16] == 989e12)
        // The TPU publishes neither fp16 nor tf32: a request names precision and lists bf16, int8.
        do { _ = try c.accelerator(id: "tpu-v4").peak(for: .fp16); Issue.record("expected an error") } catch {
            guard case .invalidInput(let field, let reason) = error else { return }
            #expect(field == "precision" && reason.hasSuffix("published: bf16, int8"))
        }
    }

    @Test func everyBuiltInRowHasAGeneration() throws {
        for id in try HardwareFixtures.catalog().ids {
            #expect(Utilization.generationOfAccelerator[id] != nil, "\(id) has no generation in the utilisation table")
        }
    }
}

@Suite struct UtilizationAndPricingTests {
    @Test func bandsAreTheBestPublishedMfuDownToItsQuotient() throws {
        let c = try HardwareFixtures.catalog()
        // Ampere: best published 56.3 % (Korthikanti et al. 2022, 1T); low 56.3 / 1.75 = 32.17 %.
        let a = Utilization.estimate(accelerator: try c.accelerator(id: "a100-80gb-sxm"), precision: .bf16, activeParams: 7e9)
        #expect(close(a.mfu.high, 0.563) && close(a.mfu.low, 0.563 / 1.75))
        // Volta: Megatron-LM's 30 % single-GPU figure; TPU v4: PaLM's 46.2 %.
        #expect(close(Utilization.estimate(accelerator: try c.accelerator(id: "v100-sxm2-16gb"), precision: .fp16, activeParams: nil).mfu.high, 0.30))
        #expect(close(Utilization.estimate(accelerator: try c.accelerator(id: "tpu-v4"), precision: .bf16, activeParams: nil).mfu.high, 0.462))
        // Hopper scale classes: × 0.6 under 20B, × 0.35 under 1B (43 % → 25.8 %, 15.05 %).
        let h = try c.accelerator(id: "h100-sxm")
        #expect(close(Utilization.estimate(accelerator: h, precision: .bf16, activeParams: 8e9).mfu.high, 0.43 * 0.6))
        #expect(close(Utilization.estimate(accelerator: h, precision: .bf16, activeParams: 135e6).mfu.high, 0.43 * 0.35))
        #expect(close(Utilization.estimate(accelerator: h, precision: .bf16, activeParams: 70e9).mfu.high, 0.43))
        // An unclassified (user) row falls back to the Ampere band and says so.
        var user = h
        user.id = "my-chip"
        let u = Utilization.estimate(accelerator: user, precision: .bf16, activeParams: nil)
        #expect(u.bandGeneration == "ampere" && u.assumptions.contains { $0.contains("my-chip is not in") })
        // Blackwell has no published runs: the Hopper band, stated.
        let b = Utilization.estimate(accelerator: try c.accelerator(id: "b200"), precision: .bf16, activeParams: nil)
        #expect(b.bandGeneration == "hopper" && b.assumptions.contains { $0.contains("no published runs on blackwell") })
    }

    @Test func everyBandStaysUnderAFactorTwoInHours() {
        // 1.75 · 0.95 / 0.85 = 1.9559
        #expect(close(Utilization.bandWidth * Utilization.goodput.high / Utilization.goodput.low, 1.75 * 0.95 / 0.85))
        #expect(Utilization.bandWidth * Utilization.goodput.high / Utilization.goodput.low < 2)
    }

    @Test func pricingPlansApplyTheirDiscountRanges() {
        let list = CostRange(low: 2, mid: 3, high: 4)
        #expect(PricingPlan.onDemand.apply(to: list) == list)
        // committed 1 year 28–37 %: 2 × 0.63, 3 × (1 − 0.325), 4 × 0.72.
        let y1 = PricingPlan.committed1y.apply(to: list)
        #expect(close(y1.low, 1.26) && close(y1.mid, 2.025) && close(y1.high, 2.88))
        // committed 3 years 46–72 % (AWS Savings Plans 'up to 72 %'): 2 × 0.28, 3 × 0.41, 4 × 0.54.
        let y3 = PricingPlan.committed3y.apply(to: list)
        #expect(close(y3.low, 0.56) && close(y3.mid, 1.23) && close(y3.high, 2.16))
        #expect(PricingPlan.spot.discount == FractionRange(low: 0.60, high: 0.91))
        #expect(PricingPlan.allCases.map(\.rawValue) == ["onDemand", "committed1y", "committed3y", "spot"])
        for p in PricingPlan.allCases where p != .onDemand { #expect(!p.sources.isEmpty) }
    }
}

@Suite struct ReportedRunTests {
    @Test func runsAreSourcedAndNameKnownAccelerators() throws {
        let runs = try HardwareFixtures.reportedRuns()
        let c = try HardwareFixtures.catalog()
        #expect(runs.count >= 25)
        for r in runs {
            try r.validate(prefix: r.id)
            #expect(c.rows[r.accelerator] != nil, "\(r.id): unknown accelerator \(r.accelerator)")
            #expect(r.sources.allSatisfy { !$0.title.isEmpty && !($0.detail ?? "").isEmpty }, "\(r.id): a source without detail")
        }
        // Spot values against the papers: LLaMA-65B 1,022,362 GPU-hours (Touvron et al. 2023, Table 15);
        // DeepSeek-V3 2,664K H800 hours pre-training (Table 1); BLOOM 433,196 kWh (Luccioni et al.).
        let by = Dictionary(uniqueKeysWithValues: runs.map { ($0.id, $0) })
        #expect(by["llama-65b"]?.reportedHours == 1_022_362)
        #expect(by["deepseek-v3"]?.reportedHours == 2_664_000 && by["deepseek-v3"]?.activeParameters == 37e9)
        #expect(by["bloom-176b"]?.energyKwh == 433_196)
        // PaLM: 6,144 × 1,200 + 3,072 × 336 = 7,372,800 + 1,032,192 = 8,404,992 chip-hours.
        #expect(by["palm-540b"]?.reportedHours == Double(6144 * 1200 + 3072 * 336))
    }

    @Test func referenceModelsFindTheirRuns() throws {
        let runs = try HardwareFixtures.reportedRuns()
        #expect(ReportedRuns.runs(forModel: "deepseek-v3", in: runs).map(\.id) == ["deepseek-v3"])
        #expect(ReportedRuns.runs(forModel: "llama-3.1-405b", in: runs).first?.reportedHours == 30.84e6)
        #expect(ReportedRuns.runs(forModel: "mistral-7b", in: runs).isEmpty)
        // The comparison is the default cost/training answer beside the reported figure.
        let c = try HardwareFixtures.catalog()
        let x = try ReportedRuns.compare(ReportedRuns.runs(forModel: "llama-7b", in: runs)[0], catalog: c)
        #expect(close(x.ratio, 82_432 / x.estimate.gpuHoursRange.mid))
        #expect(x.estimate.mfuBasis == "table" && x.withReportedMfu == nil)
        // A run that reports a throughput gets the answer at that MFU beside it (section 2.4's 380 tokens/s/GPU).
        let y = try ReportedRuns.compare(ReportedRuns.runs(forModel: "llama-65b", in: runs)[0], catalog: c)
        #expect(y.estimate.mfuBasis == "table" && y.withReportedMfu?.mfuBasis == "given")
    }
}
