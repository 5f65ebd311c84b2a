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
}
