import ArgumentParser
import JSON
import ScalewiseServer
import ScalingCore

struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan the small runs that fit a trustworthy scaling law for a target compute, on a budget.",
        discussion: "Same plan and same JSON as the daemon's scaling/planExperiments: an isoFLOP grid, a geometric grid and a design optimised for the target, each simulated (prior + noise, fitted with bootstrap, repeated); one is recommended.")

    @Option(help: "Compute of the run the law is for, in FLOPs (1e24).") var target: Quantity
    @Option(help: "Budget for the small runs in FLOPs (1e22).") var flops: Quantity?
    @Option(help: "Dollar budget instead of --flops (needs --hardware).") var usd: Double?
    @Option(help: "Accelerator id (see `scalewise hardware list`) for a dollar budget.") var hardware: String?
    @Option(help: "Model FLOPs utilization for a dollar budget (default: the published range for the hardware, as cost training uses).") var mfu: Double?
    @Option(help: "Law the losses are drawn from; default chinchilla-epoch.") var prior: String?
    @Option(help: "SD of noise on log loss (default 0.007556, the Epoch runs' spread).") var noise: Double?
    @Option(help: "Smallest model to train.") var minParams: Quantity?
    @Option(help: "Largest model to train.") var maxParams: Quantity?
    @Option(help: "Most runs per design.") var maxRuns: Int?
    @Option(help: "Designs to compare, separated by commas (isoflop,geometric,optimized).") var designs: String?
    @Option(help: "Simulated fits per design.") var repeats: Int = 200
    @Option(help: "Bootstrap refits per simulated fit.") var bootstrap: Int = 50
    @Option(help: "Simulated fits per variant when checking the guides' rules (0 skips).") var ruleRepeats: Int = 100
    @Option(help: "Seed: the same seed gives the same plan.") var seed: Int = 0
    @Flag(help: "List every design's runs.") var runs = false
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (flops == nil) != (usd == nil) else { throw ValidationError("give exactly one of --flops or --usd") }
        guard usd == nil || hardware != nil else { throw ValidationError("--usd needs --hardware") }
    }

    func run() throws {
        let server = try data.makeServer()
        let p = JSON.object()
        try p.set("targetFlops", target.value)
        if let flops { try p.set("flops", flops.value) }
        if let usd { try p.set("usd", usd) }
        p.set("hardware", hardware)
        try p.set("mfu", mfu)
        p.set("prior", prior)
        try p.set("noise", noise)
        let c = JSON.object()
        if let minParams { try c.set("minParams", minParams.value) }
        if let maxParams { try c.set("maxParams", maxParams.value) }
        if let maxRuns { c.set("maxRuns", maxRuns) }
        if minParams != nil || maxParams != nil || maxRuns != nil { p.set("constraints", c) }
        if let designs { p.set("designs", strings: designs.split(separator: ",").map(String.init)) }
        let o = JSON.object()
        o.set("repeats", repeats)
        o.set("bootstrap", bootstrap)
        o.set("ruleRepeats", ruleRepeats)
        o.set("seed", seed)
        p.set("options", o)
        let plan = try server.callForCLI(Typed.scalingPlanExperiments, p)
        try output.emit(plan, Typed.scalingPlanExperiments, server) { text(plan) }
    }

    func text(_ r: PlanResult) -> String {
        var lines: [String] = []
        lines.append("target \(Format.sci(r.targetFlops)) FLOPs, budget \(Format.sci(r.budgetFlops)) FLOPs; \(r.repeats) simulated fits per design, \(r.bootstrap) bootstrap refits each, seed \(r.seed)")
        lines.append("noise: \(r.noiseSource)")
        lines.append("")
        var rows: [(String, String)] = []
        for d in r.designs {
            let kind = d.kind.rawValue
            guard let n = d.nStar else {
                rows.append((kind, "not simulated: \(d.infeasible ?? "")"))
                continue
            }
            let identified = d.identifiedProbability.map { Format.fixed(100 * $0, 0) + " %" } ?? "not judged (no bootstrap)"
            rows.append((kind, "\(d.runs.count) runs, \(Format.fixed(100 * d.budgetShare, 0)) % of budget; N* 80 %: \(Format.short(n.low))–\(Format.short(n.high)) (×\(Format.fixed(n.widthFactor, 2))); α, β identified \(identified)"))
            if runs {
                for run in d.runs {
                    rows.append(("", "\(Format.short(run.params)) params × \(Format.short(run.tokens)) tokens = \(Format.sci(run.flops)) FLOPs"))
                }
            }
        }
        lines.append(Human.table(rows))
        lines.append("")
        lines.append("recommended: \(r.why)")
        for rule in r.rules {
            lines.append("rule — \(rule.rule): \(rule.verdict)")
        }
        return lines.joined(separator: "\n") + Text.basis(sources: PlanResult.sources)
    }
}
