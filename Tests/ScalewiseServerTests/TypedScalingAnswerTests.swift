import Foundation
import JSON
import RPC
import ScalingCore
import Testing
@testable import ScalewiseServer

/// The typed answers the CLI reads (scaling/optimal, laws, inferenceOptimal, sweep, fit,
/// planExperiments; cost/overtrain, apiPrices) against the wire: each typed member must be the
/// number, text or citation the JSON carries (decoded here with Foundation, independently of
/// the encoders), and the figures the sources print or a hand calculation gives.
@Suite struct TypedScalingAnswerTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let dataDir = root + "/data"

    static func server() throws -> Server { try Server(dataDirectory: dataDir, stateDirectory: nil) }

    /// The wire result as Foundation values.
    static func wire(_ server: Server, _ method: String, _ params: String) throws -> [String: Any] {
        let text = try server.call(method, JSON.parse(params)).dumped()
        return try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    }

    static func file(_ name: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dataDir + "/" + name))) as! [String: Any]
    }

    /// Citations as (title, detail, url), the wire's three members.
    static func cited(_ cs: [Citation]) -> [[String?]] { cs.map { [$0.title, $0.detail, $0.url] } }
    static func cited(_ wire: Any?) -> [[String?]] {
        (wire as? [[String: Any]] ?? []).map { [$0["title"] as? String, $0["detail"] as? String, $0["url"] as? String] }
    }

    static func close(_ a: Double, _ b: Double, _ rel: Double = 1e-12) -> Bool { abs(a - b) <= rel * abs(b) }

    /// The wire prints 15 significant digits (and nothing for a missing member).
    static func same(_ a: Double?, _ b: Any?) -> Bool {
        guard let a, let b = b as? Double else { return a == nil && b == nil }
        return close(a, b, 1e-14)
    }

    static func same(_ a: [Double]?, _ b: Any?) -> Bool {
        guard let a, let b = b as? [Double] else { return a == nil && b == nil }
        return a.count == b.count && zip(a, b).allSatisfy { close($0, $1, 1e-14) }
    }

    @Test(arguments: [
        #"{"flops": 1e24}"#,
        #"{"flops": 1e24, "law": "chinchilla"}"#,
        #"{"flops": 1e22, "law": "kaplan"}"#,
        #"{"targetLoss": 2.1}"#,
        #"{"flops": 1e23, "constraints": {"maxTokens": 1e11}}"#,
        #"{"flops": 1e23, "constraints": {"maxParams": 1e10}}"#,
        #"{"usd": 1e6, "hardware": "h100-sxm"}"#,
        #"{"usd": 1e6, "hardware": "h100-sxm", "mfu": 0.4, "pricePerHour": {"low": 2, "high": 3}, "law": "chinchilla"}"#,
    ])
    func optimalTypedIsTheWire(_ params: String) throws {
        let server = try Self.server()
        let answer = try server.call(Typed.scalingOptimal, JSON.parse(params))
        let w = try Self.wire(server, "scaling/optimal", params)
        #expect(!answer.isComparison && answer.allocations.count == 1)
        let r = answer.allocations[0]
        #expect(Self.same(r.allocation.params, w["params"]))
        #expect(Self.same(r.allocation.tokens, w["tokens"]))
        #expect(Self.same(r.allocation.flops, w["flops"]))
        #expect(Self.same(r.allocation.loss, w["loss"]))
        #expect(r.allocation.method == w["method"] as? String)
        #expect(Self.same(r.targetLoss, w["targetLoss"]))
        #expect(r.law.id == (w["law"] as? [String: Any])?["id"] as? String)
        #expect(r.assumptions == w["assumptions"] as? [String])
        #expect(Self.cited(r.sources) == Self.cited(w["sources"]))
        #expect((r.warning.map { [$0] } ?? []) == (w["warnings"] as? [String] ?? []))
        let t5 = w["kaplanTable5"] as? [String: Any]
        #expect(Self.same(r.kaplanTable5?.params, t5?["params"]))
        #expect(Self.same(r.kaplanTable5?.tokens, t5?["tokens"]))
        #expect(Self.same(r.budget?.flops.mid, ((w["budget"] as? [String: Any])?["flops"] as? [String: Any])?["mid"]))
        // The whole wire answer is the typed answer's encoding.
        #expect(try server.json(Typed.scalingOptimal, answer).dumped() == server.call("scaling/optimal", JSON.parse(params)).dumped())
    }

    @Test func optimalDollarBudgetByHand() throws {
        let server = try Self.server()
        let b = try #require(try server.call(Typed.scalingOptimal, JSON.parse(#"{"usd": 1e6, "hardware": "h100-sxm"}"#)).allocations[0].budget)
        // data/hardware.json: h100-sxm $2.85–4.20/hour (Troughia 2025, Table VII), bf16 peak 989 TFLOP/s
        // (stas00/ml-engineering). Utilisation without mfu: the Hopper MFU band, 43 % (Llama 3 405B,
        // Dubey et al. 2024 Table 4) down to 43 % / 1.75, times goodput 0.85–0.95.
        // $1e6 / $3.525 = 283,687.94 hours (mid); mid utilisation ((0.43/1.75 + 0.43)/2) × 0.9 = 0.30407.
        let peak: Double = 9.89e14, low: Double = 0.43 / 1.75 * 0.85, high: Double = 0.43 * 0.95
        let mid: Double = (0.43 / 1.75 + 0.43) / 2 * 0.9
        let hours: Double = 1e6 / 3.525
        #expect(Self.close(b.gpuHours.mid, hours))
        #expect(Self.close(b.mfu, mid))
        #expect(Self.close(b.flops.mid, hours * peak * mid * 3600))
        #expect(Self.close(b.flops.low, 1e6 / 4.2 * peak * low * 3600))
        #expect(Self.close(b.flops.high, 1e6 / 2.85 * peak * high * 3600))
        #expect(!b.mfuGiven && b.hardware.id == "h100-sxm")
    }

    @Test func optimalKaplanTable5ByHand() throws {
        let server = try Self.server()
        let r = try server.call(Typed.scalingOptimal, JSON.parse(#"{"flops": 1e22, "law": "kaplan"}"#)).allocations[0]
        // Kaplan et al. 2020 Table 5: N_opt = 1.3e9·C^0.73, D_opt = 2e10·C^0.27, C in PF-days (8.64e19 FLOPs).
        let c = r.allocation.flops / 8.64e19
        let t5 = try #require(r.kaplanTable5)
        #expect(Self.close(t5.params, 1.3e9 * pow(c, 0.73)))
        #expect(Self.close(t5.tokens, 2e10 * pow(c, 0.27)))
    }

    @Test func optimalComparisonKeepsLawOrder() throws {
        let server = try Self.server()
        let params = #"{"laws": ["chinchilla", "chinchilla-epoch"], "flops": 1e24}"#
        let answer = try server.call(Typed.scalingOptimal, JSON.parse(params))
        let w = try Self.wire(server, "scaling/optimal", params)
        let comparison = try #require(w["comparison"] as? [[String: Any]])
        #expect(answer.isComparison && answer.flops == 1e24)
        #expect(answer.allocations.map(\.law.id) == ["chinchilla", "chinchilla-epoch"])
        for (a, x) in zip(answer.allocations, comparison) {
            #expect(Self.same(a.allocation.params, x["params"]))
            #expect(Self.cited(a.sources) == Self.cited(x["sources"]))
        }
    }

    @Test func lawsAreTheCatalogWithTheWiresConstants() throws {
        let server = try Self.server()
        let answer = try server.call(Typed.scalingLaws, JSON.object())
        // Built-ins only (no state directory): data/laws.json, in file order.
        let ids = try (Self.file("laws.json")["laws"] as! [[String: Any]]).map { $0["id"] as! String }
        #expect(answer.laws.map(\.id) == ids)
        let wire = try server.call("scaling/laws", JSON.object())
        for (law, w) in zip(answer.laws, wire["laws"]!.elements) {
            let parameters = w["parameters"]!.members
            #expect(law.form.constants.map(\.name) == parameters.map(\.key))
            #expect(law.form.constants.map(\.value) == parameters.map { $0.value.double! })
        }
        // Hoffmann et al. 2022 eq. (10), as printed: E 1.69, A 406.4, B 410.7, α 0.34, β 0.28.
        let chinchilla = try #require(answer.laws.first { $0.id == "chinchilla" })
        #expect(chinchilla.form.constants.map(\.value) == [1.69, 406.4, 410.7, 0.34, 0.28])
    }

    @Test(arguments: [
        #"{"targetLoss": 2.0, "inferenceTokens": 2e12}"#,
        #"{"flops": 1e23, "inferenceTokens": 2e12, "law": "chinchilla"}"#,
    ])
    func inferenceOptimalTypedIsTheWire(_ params: String) throws {
        let server = try Self.server()
        let r = try server.call(Typed.scalingInferenceOptimal, JSON.parse(params))
        let w = try Self.wire(server, "scaling/inferenceOptimal", params)
        let a = r.allocation, c = a.chinchillaOptimal
        #expect(Self.same(a.params, w["params"]))
        #expect(Self.same(a.totalFlops, w["totalFlops"]))
        #expect(Self.same(c.totalFlops, (w["chinchillaOptimal"] as? [String: Any])?["totalFlops"]))
        // flopsSaved and savings are the two models' lifetime totals, subtracted and divided.
        #expect(Self.same(c.totalFlops - a.totalFlops, w["flopsSaved"]))
        #expect(Self.close(a.savings, 1 - a.totalFlops / c.totalFlops))
        #expect(Self.same(r.flops, w["flops"]) && Self.same(r.targetLoss, w["targetLoss"]))
        #expect(a.assumptions == w["assumptions"] as? [String])
        #expect(Self.cited(r.sources) == Self.cited(w["sources"]))
        #expect((r.warning.map { [$0] } ?? []) == (w["warnings"] as? [String] ?? []))
        #expect(try server.json(Typed.scalingInferenceOptimal, r).dumped() == server.call("scaling/inferenceOptimal", JSON.parse(params)).dumped())
    }

    @Test func overtrainSimpleIsTheModulesExample() throws {
        let server = try Self.server()
        let params = #"{"extraTrainingUsd": 5e6, "savingPerRequest": 0.001, "requestsPerDay": 1e7}"#
        let r = try server.call(Typed.costOvertrain, JSON.parse(params))
        // The course module's example: $5M / ($0.001 × 1e7 per day) = 500 days.
        let days = try #require(r.breakEvenDays)
        #expect(days.low == 500 && days.mid == 500 && days.high == 500)
        let w = try Self.wire(server, "cost/overtrain", params)
        #expect(r.assumptions == w["assumptions"] as? [String])
        #expect(Self.cited(r.sources) == Self.cited(w["sources"]))
    }

    @Test func overtrainFullTypedIsTheWire() throws {
        let server = try Self.server()
        let params = #"{"large": {"params": 7e10, "tokens": 1.4e12}, "small": {"params": 3e10, "tokens": 4e12}, "requestsPerDay": 1e7, "tokensPerRequest": 1000, "hardware": "h100-sxm"}"#
        let r = try server.call(Typed.costOvertrain, JSON.parse(params))
        let w = try Self.wire(server, "cost/overtrain", params)
        guard case let .full(e, request) = r else { Issue.record("expected the full form"); return }
        // 6·(3e10·4e12 − 7e10·1.4e12) = 6·(1.2e23 − 9.8e22) = 1.32e23 extra training FLOPs;
        // 2·(7e10 − 3e10)·1000·1e7 = 8e20 serving FLOPs saved per day.
        #expect(Self.close(e.extraTrainingFlops, 1.32e23))
        #expect(Self.close(e.inferenceFlopsSavedPerDay, 8e20))
        #expect(Self.same(e.extraTrainingFlops, w["extraTrainingFlops"]))
        #expect(Self.same(r.breakEvenDays?.mid, (w["breakEvenDays"] as? [String: Any])?["mid"]))
        #expect(request.hardware.id == (w["hardware"] as? [String: Any])?["id"] as? String)
        #expect(r.assumptions == w["assumptions"] as? [String])
        #expect(Self.cited(r.sources) == Self.cited(w["sources"]))
    }

    @Test func apiPricesFilterByProviderInFileOrder() throws {
        let server = try Self.server()
        let r = try server.call(Typed.costApiPrices, JSON.parse(#"{"provider": "anthropic"}"#))
        let rows = try (Self.file("api-prices.json")["prices"] as! [[String: Any]]).filter { $0["provider"] as? String == "Anthropic" }
        #expect(!rows.isEmpty)
        #expect(r.prices.map(\.id) == rows.map { $0["id"] as! String })
        #expect(r.prices.map(\.usdPerMillionOutputTokens) == rows.map { $0["usdPerMillionOutputTokens"] as! Double })
    }

    @Test(arguments: [
        #"{"kind": "optimal", "budgets": [1e21, 1e24], "constraints": {"maxTokens": 1e11}}"#,
        #"{"kind": "optimal", "budgets": {"from": 1e20, "to": 1e24, "count": 3}, "law": "chinchilla"}"#,
        #"{"kind": "predict", "params": [1e8, 1e9], "tokens": [1e10, 1e11], "uniqueTokens": 5e10}"#,
        #"{"kind": "predict", "params": [1e8, 1e9], "tokens": [1e10, 1e11], "law": "chinchilla"}"#,
    ])
    func sweepTypedIsTheWire(_ params: String) throws {
        let server = try Self.server()
        let r = try server.call(Typed.scalingSweep, JSON.parse(params))
        let w = try Self.wire(server, "scaling/sweep", params)
        let columns = try #require(w["columns"] as? [String: Any])
        #expect(r.kind == w["kind"] as? String && r.count == w["count"] as? Int)
        switch r.grid {
        case .predict(let s, _):
            #expect(Self.same(s.params, columns["params"]) && Self.same(s.tokens, columns["tokens"]))
            #expect(Self.same(s.loss, columns["loss"]))
        case .optimal(let s, _):
            #expect(Self.same(s.flops, columns["flops"]) && Self.same(s.params, columns["params"]))
            #expect(Self.same(s.epochs, columns["epochs"]))
        }
        #expect(r.assumptions == w["assumptions"] as? [String])
        #expect(Self.cited(r.sources) == Self.cited(w["sources"]))
        #expect((r.warning.map { [$0] } ?? []) == (w["warnings"] as? [String] ?? []))
        #expect(try server.json(Typed.scalingSweep, r).dumped() == server.call("scaling/sweep", JSON.parse(params)).dumped())
    }

    @Test func sweepOfBudgetsIsOptimalAtEachBudget() throws {
        let server = try Self.server()
        let sweep = try server.call(Typed.scalingSweep, JSON.parse(#"{"kind": "optimal", "budgets": [1e24]}"#))
        let single = try server.call(Typed.scalingOptimal, JSON.parse(#"{"flops": 1e24}"#)).allocations[0].allocation
        guard case .optimal(let s, _) = sweep.grid else { Issue.record("expected kind optimal"); return }
        #expect(s.params == [single.params] && s.tokens == [single.tokens] && s.loss == [single.loss])
    }

    @Test func planTypedIsTheWire() throws {
        let server = try Self.server()
        let params = #"{"targetFlops": 1e22, "flops": 1e20, "designs": ["isoflop", "geometric"], "options": {"repeats": 10, "bootstrap": 0, "ruleRepeats": 0}}"#
        let r = try server.call(Typed.scalingPlanExperiments, JSON.parse(params))
        let w = try Self.wire(server, "scaling/planExperiments", params)
        #expect(r.targetFlops == 1e22 && r.budgetFlops == 1e20)
        #expect(r.designs[r.recommended].kind.rawValue == w["recommended"] as? String)
        let designs = try #require(w["designs"] as? [[String: Any]])
        #expect(r.designs.map(\.kind.rawValue) == designs.map { $0["kind"] as? String })
        // Same seed, same simulated fits: the typed call and the wire agree to the digits printed.
        for (d, x) in zip(r.designs, designs) { #expect(Self.same(d.nStar?.low, (x["nStar"] as? [String: Any])?["low"])) }
        #expect(r.why == w["why"] as? String)
        #expect(Self.cited(PlanResult.sources) == Self.cited(w["sources"]))
    }

    @Test func fitTypedStoresTheLawAndIsTheWire() throws {
        let server = try Self.server()
        let params = try FitHandlerTests.fitParams(id: "typed", bootstrap: 0)
        let r = try server.call(Typed.scalingFit, params)
        // Noise-free runs on Hoffmann et al.'s printed law: the fit recovers E 1.69, α 0.34, β 0.28.
        #expect(abs(r.fit.value("E")! - 1.69) < 1e-3)
        #expect(abs(r.fit.value("alpha")! - 0.34) < 1e-3)
        #expect(abs(r.fit.value("beta")! - 0.28) < 1e-3)
        #expect(r.law.id == "typed" && server.laws.law(id: "typed") != nil)
        let w = try JSONSerialization.jsonObject(with: Data(server.json(Typed.scalingFit, r).dumped().utf8)) as! [String: Any]
        #expect(w["lawId"] as? String == "typed")
        #expect(r.fit.record.trainingRuns.count == w["trainingRuns"] as? Int)
        #expect(r.heldOutResiduals.count == w["heldOutRuns"] as? Int)
        #expect(r.assumptions == w["assumptions"] as? [String])
        #expect(Self.cited(r.sources) == Self.cited(w["sources"]))
        #expect(w["ci95"] == nil)  // no bootstrap, no intervals
    }
}
