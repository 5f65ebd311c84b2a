import Foundation
import Testing
import DataFixtures
@testable import ScalingCore

/// The serving model against published measured serving results (data/serving-measurements.json:
/// TensorRT-LLM perf-overview throughput tables and NVIDIA NIM latency tables). The issue's bar:
/// the measured figure inside {low, high} for at least 80 % of the rows, with high/low ≤ 2.5.
/// `bench/serving/compare.sh` prints the table this test computes (bench/RESULTS.md, "Serving").
@Suite struct ServingMeasurementTests {
    struct Row {
        let id: String, model: String, accelerator: String, metric: String, set: String
        let tensorParallel: Int, gpus: Int, inputTokens: Double, outputTokens: Double
        let concurrency: Double?, maxBatch: Double?, precision: Precision, kvBytesPerElement: Double, measured: Double
    }

    static let mixturesOfExperts: Set = ["qwen3-235b-a22b", "llama-4-maverick", "llama-4-scout"]

    struct Compared {
        let row: Row
        let range: CostRange
        var dense: Bool { !ServingMeasurementTests.mixturesOfExperts.contains(row.model) }
        var inside: Bool { range.low <= row.measured && row.measured <= range.high }
        var width: Double { range.high / range.low }
    }

    static func load() throws -> [Compared] {
        let doc = try HardwareFixtures.json("serving-measurements.json")
        let models = doc["models"] as! [String: [String: Any]]
        let links = try HardwareFixtures.json("serving-links.json")["links"] as! [[String: Any]]
        let catalog = try HardwareFixtures.catalog()
        func num(_ a: Any?) -> Double? { HardwareFixtures.number(a) }
        return try (doc["measurements"] as! [[String: Any]]).map { m in
            let row = Row(id: m["id"] as! String, model: m["model"] as! String, accelerator: m["accelerator"] as! String,
                          metric: m["metric"] as! String, set: m["set"] as! String, tensorParallel: Int(num(m["tensorParallel"])!), gpus: Int(num(m["gpus"])!),
                          inputTokens: num(m["inputTokens"])!, outputTokens: num(m["outputTokens"])!,
                          concurrency: num(m["concurrency"]), maxBatch: num(m["maxBatch"]),
                          precision: Precision(rawValue: m["precision"] as! String)!,
                          kvBytesPerElement: num(m["kvCacheBytesPerElement"])!, measured: num(m["measured"])!)
            let shape = models[row.model]!
            let hw = try catalog.accelerator(id: row.accelerator)
            let link = links.first { $0["accelerator"] as? String == row.accelerator }.map {
                ServingLink(acceleratorId: row.accelerator, bytesPerSecond: num($0["bytesPerSecond"])!,
                            source: HardwareFixtures.citation($0["source"])!)
            }
            let bpp = row.precision.bytesPerParameter
            // KV cache per token: 2 (K and V) · layers · KV heads · head dim · bytes per element.
            let kv = 2 * num(shape["layers"])! * num(shape["kvHeads"])! * num(shape["headDim"])! * row.kvBytesPerElement
            let r = try ServingModel.estimate(ServingRequest(
                weightBytes: num(shape["totalParams"])! * bpp, activeParams: num(shape["activeParams"])!, bytesPerParameter: bpp,
                kvBytesPerToken: kv, layers: Int(num(shape["layers"])!), hidden: num(shape["hidden"])!,
                attentionWidth: num(shape["attentionWidth"]), hardware: hw, precision: row.precision,
                inputTokens: row.inputTokens, outputTokens: row.outputTokens, concurrency: row.concurrency,
                maxBatch: row.maxBatch, tensorParallel: row.tensorParallel, link: link))
            let range: CostRange = switch row.metric {
            case "tokensPerSecond": r.tokensPerSecond * (Double(row.gpus) / Double(r.tensorParallel))
            case "timeToFirstTokenSeconds": r.timeToFirstTokenSeconds
            case "timePerOutputTokenSeconds": r.timePerOutputTokenSeconds
            default: throw DomainError.invalidInput(field: "metric", reason: row.metric)
            }
            return Compared(row: row, range: range)
        }
    }

    @Test func measuredFiguresFallInsideOurRanges() throws {
        let all = try Self.load()
        let rows = all.filter { $0.row.set == "calibration" }
        #expect(rows.count >= 15)
        let inside = rows.filter(\.inside).count
        let coverage = Double(inside) / Double(rows.count)
        #expect(coverage >= 0.8, "only \(inside) of \(rows.count) measured figures inside the range")
        for c in all {
            #expect(c.width <= 2.5, "\(c.row.id): high/low = \(c.width)")
            #expect(c.range.low <= c.range.mid && c.range.mid <= c.range.high, "\(c.row.id)")
        }
        if ProcessInfo.processInfo.environment["SCALEWISE_SERVING_TABLE"] != nil { Self.printTable(all) }
    }

    /// Out of sample: the TensorRT-LLM cells never used to set the model. Dense models hold the bar;
    /// mixtures of experts do not yet (bench/RESULTS.md, "Serving", known differences).
    @Test func heldOutDenseRowsFallInsideToo() throws {
        let held = try Self.load().filter { $0.row.set == "heldOut" && $0.dense }
        #expect(held.count >= 30)
        let inside = held.filter(\.inside).count
        #expect(Double(inside) / Double(held.count) >= 0.8, "\(inside) of \(held.count)")
    }

    /// Every dense calibration row but one inside; the other misses are mixtures of experts.
    @Test func denseCalibrationRowsAllButOneInside() throws {
        let dense = try Self.load().filter { $0.row.set == "calibration" && $0.dense }
        #expect(dense.filter { !$0.inside }.count <= 1, "\(dense.filter { !$0.inside }.map(\.row.id))")
    }

    static func printTable(_ all: [Compared]) {
        func f(_ x: Double) -> String { x >= 100 ? String(format: "%.0f", x) : x >= 1 ? String(format: "%.2f", x) : String(format: "%.4f", x) }
        func pct(_ rows: [Compared]) -> String {
            let n = rows.filter(\.inside).count
            return "\(n) of \(rows.count) (\(String(format: "%.1f", 100 * Double(n) / Double(max(rows.count, 1)))) %)"
        }
        func table(_ rows: [Compared]) {
            print("| row | metric | measured | low | mid | high | measured / mid | high / low | inside |")
            print("|---|---|---|---|---|---|---|---|---|")
            for c in rows {
                let unit = c.row.metric == "tokensPerSecond" ? "tokens/s" : c.row.metric == "timeToFirstTokenSeconds" ? "TTFT s" : "TPOT s"
                print("| \(c.row.id) | \(unit) | \(f(c.row.measured)) | \(f(c.range.low)) | \(f(c.range.mid)) | \(f(c.range.high)) | \(String(format: "%.2f", c.row.measured / c.range.mid)) | \(String(format: "%.2f", c.width)) | \(c.inside ? "yes" : "**no**") |")
            }
        }
        let calibration = all.filter { $0.row.set == "calibration" }
        let held = all.filter { $0.row.set == "heldOut" }
        print("Calibration rows:\n")
        table(calibration)
        print("\ninside: \(pct(calibration)); dense \(pct(calibration.filter(\.dense))); mixtures of experts \(pct(calibration.filter { !$0.dense })); widest high/low \(String(format: "%.2f", all.map(\.width).max() ?? 0))")
        print("\nHeld-out rows outside the range:\n")
        table(held.filter { !$0.inside })
        let moe = held.filter { !$0.dense }.map { $0.row.measured / $0.range.mid }.sorted()
        print("\nheld out: \(pct(held)); dense \(pct(held.filter(\.dense))); mixtures of experts \(pct(held.filter { !$0.dense })), measured / mid \(String(format: "%.2f", moe.first ?? 0))–\(String(format: "%.2f", moe.last ?? 0))")
    }
}
