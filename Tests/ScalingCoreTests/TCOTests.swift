import Foundation
import Testing
import DataFixtures
@testable import ScalingCore

@Suite struct TCOTests {
    let h100 = HardwareFixtures.h100

    @Test func courseModuleBreakEvenExamples() throws {
        // Rules of thumb of the course module "Scaling Laws: The Science of Model Scaling" (docs/REFERENCES.md,
        // "Costs of ownership"): $10M training, $0.01 per request, 1e9 requests/day:
        // inference spends 0.01 · 1e9 = $10M a day → exceeds training after 10e6 / 10e6 = 1 day.
        #expect(try TCO.daysUntilInferenceExceedsTraining(trainingUsd: 10e6, usdPerRequest: 0.01, requestsPerDay: 1e9) == 1)
        // $5M extra training, $0.001 saved per request, 1e7 requests/day → $10,000/day → 500 days.
        #expect(try Overtrain.breakEvenDays(extraTrainingUsd: 5e6, savingPerRequest: 0.001, requestsPerDay: 1e7) == 500)
    }

    @Test func overtrainWithHardwareByHand() throws {
        // Large 13e9 params on 260e9 tokens vs small 7e9 on 2e12 tokens, 1e7 requests/day of 1000 tokens:
        // extra training 6·7e9·2e12 − 6·13e9·260e9 = 8.4e22 − 2.028e22 = 6.372e22 FLOPs;
        // inference saved 2 · (13e9 − 7e9) · 1000 · 1e7 = 1.2e20 FLOPs/day;
        // same price and utilisation for both → break-even 6.372e22 / 1.2e20 = 531 days.
        let r = try Overtrain.estimate(OvertrainRequest(large: ModelRun(params: 13e9, tokens: 260e9),
                                                        small: ModelRun(params: 7e9, tokens: 2e12),
                                                        requestsPerDay: 1e7, tokensPerRequest: 1000, hardware: h100))
        #expect(close(r.extraTrainingFlops, 6.372e22))
        #expect(r.inferenceFlopsSavedPerDay == 1.2e20)
        #expect(close(r.breakEvenDays!.mid, 531))
        #expect(close(r.breakEvenDays!.low, 531) && close(r.breakEvenDays!.high, 531))
        // Utilisation: the Hopper band 43 % × 0.6 for a 7e9 model = 25.8 %, low 25.8 / 1.75 = 14.743 %, mid 20.271 %;
        // × the mid goodput 0.9 = 18.244 % of the wall clock.
        // Dollars: 6.372e22 / (989e12 · 0.182443 · 3600) = 98,096 GPU-hours · 3.525 $/h (mid).
        let utilisation = (0.43 * 0.6 + 0.43 * 0.6 / 1.75) / 2 * 0.9
        #expect(close(r.extraTrainingUsd.mid, 6.372e22 / (989e12 * utilisation * 3600) * 3.525))
        #expect(r.assumptions.first?.contains("utilisation 18.2 %") == true)
    }

    func sampleRequest() -> TCORequest {
        TCORequest(
            months: 12, training: .amount(FractionRange(low: 1e6, high: 2e6)), tokensPerMonth: 5e9, growthPerMonth: 0.2,
            contextTokens: 1000, outputTokens: 200,
            options: [
                DeploymentOption(name: "api", kind: .api, usdPerMillionTokens: FractionRange(low: 2, high: 4)),
                DeploymentOption(name: "self", kind: .selfHosted,
                                 inference: InferenceCostRequest(params: 69e9, architecture: KVCacheShape(layers: 80, kvHeads: 8, headDim: 128),
                                                                 hardware: h100, contextTokens: 0, outputTokens: 0, batch: 32),
                                 people: [Staffing(role: "seniorMLEngineer", fte: 1)]),
            ],
            priceDeclinePerYear: 0.2)
    }

    @Test func rowsSumToTotals() throws {
        let r = try TCO.estimate(sampleRequest())
        for o in r.options {
            #expect(o.months.count == 12)
            var running = CostRange.zero
            for m in o.months {
                let parts = m.training + m.inference + m.infrastructure + m.operations + m.people
                #expect(close(parts.low, m.total.low) && close(parts.mid, m.total.mid) && close(parts.high, m.total.high))
                running = running + m.total
                #expect(close(running.mid, m.cumulative.mid))
            }
            #expect(close(o.months.last!.cumulative.low, o.totals.total.low))
            #expect(close(o.months.last!.cumulative.mid, o.totals.total.mid))
            #expect(close(o.months.last!.cumulative.high, o.totals.total.high))
            let t = o.totals
            #expect(close((t.training + t.inference + t.infrastructure + t.operations + t.people).mid, t.total.mid))
        }
        // Training lands once, in month 1, on the self-hosted option only (api excludes it by default).
        #expect(r.options[1].months[0].training == CostRange(low: 1e6, mid: 1.5e6, high: 2e6))
        #expect(r.options[1].months[1].training == .zero)
        #expect(r.options[0].totals.training == .zero)
        // One senior ML engineer: 85–150 $/h · 40 · 52 / 12 h → mid 117.5 · 173.33 = 20,366.67 $/month.
        #expect(close(r.options[1].months[0].people.mid, 20_366.666666666668))
        // API month 1: 5e9 tokens / 1e6 · 3 $/1M (mid) = 15,000; month 2 grows 20 % and prices fall
        // 20 %/year: 6e9 / 1e6 · 3 · 0.8^(1/12) = 18,000 · 0.98157 = 17,668.3.
        #expect(close(r.options[0].months[0].inference.mid, 15_000))
        #expect(close(r.options[0].months[1].inference.mid, 18_000 * pow(0.8, 1.0 / 12)))
    }

    @Test func breakEvenMonthByHand() throws {
        // api: 10 $/1M, no training. managed: 5 $/1M plus 1e6 training in month 1.
        // 1e11 tokens/month: api 1e5 · 10 = 1.0e6 a month; managed 1e5 · 5 = 0.5e6 a month.
        // Cumulative: month 1 api 1.0e6 vs managed 1.5e6; month 2 api 2.0e6 vs managed 2.0e6 → month 2.
        let r = try TCO.estimate(TCORequest(
            months: 6, training: .amount(FractionRange(low: 1e6, high: 1e6)), tokensPerMonth: 1e11,
            contextTokens: 1, outputTokens: 1,
            options: [DeploymentOption(name: "api", kind: .api, usdPerMillionTokens: FractionRange(low: 10, high: 10)),
                      DeploymentOption(name: "managed", kind: .managed, usdPerMillionTokens: FractionRange(low: 5, high: 5))]))
        #expect(r.breakEven == [BreakEven(cheaper: "managed", other: "api", month: 2)])
    }

    @Test func selfHostingOvertakesApiAtTheCrossoverVolume() throws {
        let req = sampleRequest()
        let r = try TCO.estimate(req)
        let x = try #require(r.selfHostingOvertakesApi.first?.mid)
        // Recompute both monthly costs at the crossover from the inference estimate (mid values):
        // self-hosted = replicas · GPUs · 730 h · 3.525 $/h · (1 + 0.325 + 0.275) + people;
        // API = tokens / 1e6 · 3 $/1M.
        var inf = req.options[1].inference!
        inf.contextTokens = 1000
        inf.outputTokens = 200
        let est = try InferenceCost.estimate(inf)
        let capacity = Double(est.gpusPerReplica) / est.gpuSecondsPerRequest * 730 * 3600 * 1200
        func selfCost(_ v: Double) -> Double {
            let replicas = max(1, (v / capacity).rounded(.up))
            return replicas * Double(est.gpusPerReplica) * 730 * 3.525 * 1.6 + 20_366.666666666668
        }
        #expect(abs(selfCost(x) - x / 1e6 * 3) / selfCost(x) < 1e-9 || selfCost(x) < x / 1e6 * 3)
        #expect(selfCost(x * 0.99) > x * 0.99 / 1e6 * 3)
    }

    @Test func ownedHardwareDepreciatesLinearlyUntilWrittenOff() throws {
        // One replica of a 69e9-param bf16 model at batch 32 (1000 + 200 tokens per sequence):
        // (138e9 + 32 · 393,216,000) / (0.9 · 80e9) = 150.58e9 / 72e9 = 2.09 → 3 H100s, owned,
        // 30,000 $ each, depreciated 50 %/year: 3 · 30,000 · 0.5 / 12 = 3,750 $/month for 24 months, then 0.
        // Infrastructure and operations overheads set to 0 to isolate depreciation.
        var req = sampleRequest()
        req.months = 26
        req.growthPerMonth = 0
        req.tokensPerMonth = 1e6
        req.priceDeclinePerYear = 0
        req.infrastructureOverhead = FractionRange(low: 0, high: 0)
        req.operationsOverhead = FractionRange(low: 0, high: 0)
        req.options[1].people = []
        req.options[1].ownership = Ownership(purchaseUsdPerAccelerator: FractionRange(low: 30_000, high: 30_000),
                                             depreciationPerYear: FractionRange(low: 0.5, high: 0.5))
        let o = try TCO.estimate(req).options[1]
        #expect(o.months[0].accelerators == 3)
        #expect(close(o.months[0].inference.mid, 3_750))
        #expect(close(o.months[23].inference.mid, 3_750))
        #expect(o.months[24].inference.mid.magnitude < 1e-6)
        #expect(close(o.totals.inference.mid, 90_000))
    }

    @Test func badInputsNameTheField() throws {
        func fieldOf(_ r: TCORequest) -> String? {
            do { _ = try TCO.estimate(r); return nil } catch { return field(of: error) }
        }
        var r = sampleRequest()
        r.months = -1
        #expect(fieldOf(r) == "months")
        r = sampleRequest(); r.tokensPerMonth = -5
        #expect(fieldOf(r) == "tokensPerMonth")
        r = sampleRequest(); r.growthPerMonth = -1
        #expect(fieldOf(r) == "growthPerMonth")
        r = sampleRequest(); r.infrastructureOverhead = FractionRange(low: 0.4, high: 0.25)
        #expect(fieldOf(r) == "infrastructureOverhead.low")
        r = sampleRequest(); r.options[0].usdPerMillionTokens = nil
        #expect(fieldOf(r) == "options[0].usdPerMillionTokens")
        r = sampleRequest(); r.options[1].people = [Staffing(role: "wizard", fte: 1)]
        #expect(fieldOf(r) == "options[1].people[0].usdPerHour")
        r = sampleRequest(); r.options[1].inference!.batch = 0
        #expect(fieldOf(r) == "options[1].inference.batch")
        r = sampleRequest(); r.training = .estimate(TrainingCostRequest(flops: 1e21, hardware: h100, gpus: 0))
        #expect(fieldOf(r) == "training.gpus")
    }
}
