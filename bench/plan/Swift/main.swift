// Times `ExperimentPlanner.plan` and checks a plan against the Epoch runs; prints one JSON
// object per line. Bench code: reads the CSV itself and formats its own output.
import Foundation
import ScalingCore

let args: [String: String] = {
    var out = [String: String]()
    var it = CommandLine.arguments.dropFirst().makeIterator()
    while let k = it.next() { out[k] = it.next() ?? "" }
    return out
}()
func num(_ k: String, _ d: Double) -> Double { args[k].flatMap(Double.init) ?? d }
func int(_ k: String, _ d: Int) -> Int { args[k].flatMap(Int.init) ?? d }

let mode = args["--mode"] ?? "plan"
let target = num("--target", 1e24)
let budget = num("--budget", 1e22)
let seed = UInt64(int("--seed", 0))
let repeats = int("--repeats", 200)
let bootstrap = int("--bootstrap", 50)
var constraints = PlanConstraints()
if let v = args["--max-params"].flatMap(Double.init) { constraints.maxParams = v }
if let v = args["--min-params"].flatMap(Double.init) { constraints.minParams = v }
if let v = args["--max-tokens"].flatMap(Double.init) { constraints.maxTokens = v }
if let v = args["--min-tokens"].flatMap(Double.init) { constraints.minTokens = v }
if let v = args["--min-run-flops"].flatMap(Double.init) { constraints.minRunFlops = v }
let designs: [PlanDesignSpec] = (args["--designs"] ?? "isoflop,geometric,optimized").split(separator: ",").map {
    PlanDesignSpec(kind: PlanDesignKind(rawValue: String($0))!)
}

func g(_ x: Double) -> String { x.isFinite ? String(format: "%.6g", x) : "null" }
func g(_ x: Double?) -> String { x.map { g($0) } ?? "null" }

let request = PlanRequest(targetFlops: target, budget: .flops(budget), constraints: constraints, designs: designs,
                          options: PlanOptions(repeats: repeats, bootstrap: bootstrap, seed: seed,
                                               curveRepeats: int("--curve-repeats", 0), ruleRepeats: int("--rule-repeats", 0)))
let clock = ContinuousClock()
let t0 = clock.now
let plan = try ExperimentPlanner.plan(request)
let wall = clock.now - t0
let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) * 1e-18
print("{\"kind\": \"plan\", \"seconds\": \(g(seconds)), \"repeats\": \(plan.repeats), \"bootstrap\": \(plan.bootstrap), \"recommended\": \"\(plan.designs[plan.recommended].kind.rawValue)\"}")
for d in plan.designs {
    let f = d.nStarErrorFactor80
    print("{\"kind\": \"design\", \"design\": \"\(d.kind.rawValue)\", \"runs\": \(d.runs.count), \"sizes\": \(d.distinctSizes), \"sizeSpan\": \(g(d.sizeSpan)), \"budgetShare\": \(g(d.budgetShare)), \"nStarLow\": \(g(d.nStar?.low)), \"nStarMid\": \(g(d.nStar?.mid)), \"nStarHigh\": \(g(d.nStar?.high)), \"nStarTruth\": \(g(d.nStar?.truth)), \"width\": \(g(d.nStar?.widthFactor)), \"errLow\": \(g(f?.low)), \"errHigh\": \(g(f?.high)), \"lossLow\": \(g(d.lossAtTarget?.low)), \"lossHigh\": \(g(d.lossAtTarget?.high)), \"identified\": \(g(d.identifiedProbability)), \"bootCoverage\": \(g(d.bootstrapCoverage80)), \"failed\": \(d.failedFits), \"linSD\": \(g(d.linearizedSDLogNStar)), \"curve\": [\(d.curve.map { "[\(g($0.budgetMultiple)), \(g($0.predictedWidthFactor)), \(g($0.simulatedWidthFactor))]" }.joined(separator: ", "))], \"label\": \"\(d.label)\", \"runList\": [\(d.runs.map { String(format: "[%.17g, %.17g]", $0.params, $0.tokens) }.joined(separator: ", "))]}")
}
for r in plan.rules {
    print("{\"kind\": \"rule\", \"rule\": \"\(r.rule)\", \"holds\": \(r.holds.map { "\($0)" } ?? "null"), \"following\": \(g(r.followingWidth)), \"breaking\": \(g(r.breakingWidth)), \"verdict\": \"\(r.verdict)\"}")
}

if mode == "world", let path = args["--world"] {
    // The Epoch runs less their 5 highest losses (Besiroglu et al. 2024), fitted in full.
    let all = try RunCSV.parse(String(contentsOfFile: path, encoding: .utf8))
    let cut = all.map(\.loss).sorted(by: >)[4]
    let world = all.filter { $0.loss < cut }
    let full = try ScalingFit.fit(FitRequest(runs: world))
    guard case .chinchilla(let law) = full.lawForm else { fatalError("chinchilla fit expected") }
    let reference = law.allocationScale * pow(target / 6, law.paramsExponent)
    for d in plan.designs where d.nStarErrorFactor80 != nil {
        let t1 = clock.now
        let check = try PlanWorldCheck.run(world: world, design: d.runs.map { PlannedRun(params: $0.params, tokens: $0.tokens) },
                                           errorFactor80: d.nStarErrorFactor80!, targetFlops: target, referenceNStar: reference,
                                           prior: request.prior, repeats: int("--world-repeats", 200), bootstrap: bootstrap,
                                           seed: seed, jitter: num("--jitter", 0.1))
        let s = clock.now - t1
        print("{\"kind\": \"world\", \"design\": \"\(d.kind.rawValue)\", \"repeats\": \(check.repeats), \"fitted\": \(check.fitted), \"coverage\": \(g(check.coverage)), \"bootCoverage\": \(g(check.bootstrapCoverage)), \"reference\": \(g(reference)), \"nStarLow\": \(g(check.nStar?.low)), \"nStarMid\": \(g(check.nStar?.mid)), \"nStarHigh\": \(g(check.nStar?.high)), \"matchDistance\": \(g(check.medianMatchDistance)), \"seconds\": \(g(Double(s.components.seconds) + Double(s.components.attoseconds) * 1e-18))}")
    }
}
