import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit a scaling law to training runs in a CSV file (params,tokens,loss[,name]) and keep it in the state directory.",
        discussion: "Same fit and same JSON as the daemon's scaling/fit. The fitted law is usable afterwards as --law <id>.")

    @Option(help: "CSV of runs: a header naming params, tokens and loss columns (name optional).") var csv: String
    @Option(help: "Law form to fit: chinchilla or kaplan.") var form: FitForm = .chinchilla
    @Option(help: "Leave out the K runs with the highest loss (Besiroglu et al. 2024 dropped 5 from the Epoch file).")
    var dropHighestLoss: Int = 0
    @Option(help: "Bootstrap samples for 95 % intervals (0: none).") var bootstrap: Int = 0
    @Option(help: "Runs kept out to measure extrapolation: largest, none, a fraction such as 0.2, or run names separated by commas.")
    var holdout: String?
    @Option(parsing: .unconditional, help: "Runs with fewer tokens are left out.") var minTokens: Quantity?
    @Option(help: "Huber threshold on log-loss residuals.") var huberDelta: Double?
    @Option(help: "Seed for the bootstrap and a fractional holdout.") var seed: Int = 0
    @Option(help: "Id to store the law under (default fit-<hash of the request>).") var id: String?
    @OptionGroup var data: DataOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard dropHighestLoss >= 0 else { throw ValidationError("--drop-highest-loss must be ≥ 0") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be ≥ 0") }
        guard seed >= 0 else { throw ValidationError("--seed must be ≥ 0") }
    }

    func run() throws {
        guard let bytes = FileManager.default.contents(atPath: csv) else {
            throw CLIFailure(message: "cannot read \(csv)")
        }
        var runs: [TrainingRun]
        do {
            runs = try RunCSV.parse(String(decoding: bytes, as: UTF8.self))
        } catch {
            throw CLIFailure(message: "\(csv): \(error.description)")
        }
        guard dropHighestLoss < runs.count else {
            throw CLIFailure(message: "--drop-highest-loss \(dropHighestLoss) leaves no runs of the \(runs.count) in \(csv)")
        }
        if dropHighestLoss > 0 {
            // Stable: among equal losses the later runs go first; the kept runs keep file order.
            let dropped = Set(runs.indices.sorted { (runs[$0].loss, $0) > (runs[$1].loss, $1) }.prefix(dropHighestLoss))
            runs = runs.indices.filter { !dropped.contains($0) }.map { runs[$0] }
        }
        let params = JSON.object()
        params.set("runs", try runs.json())
        params.set("form", form.rawValue)
        if let id { params.set("id", id) }
        let options = JSON.object()
        options.set("bootstrap", bootstrap)
        options.set("seed", seed)
        if let minTokens { try options.set("minTokens", minTokens.value) }
        if let huberDelta { try options.set("huberDelta", huberDelta) }
        if let holdout {
            if holdout == "largest" || holdout == "none" {
                options.set("holdout", holdout)
            } else if let f = Double(holdout) {
                try options.set("holdout", f)
            } else {
                options.set("holdout", strings: holdout.split(separator: ",").map { String($0) })
            }
        }
        params.set("options", options)
        let server = try data.makeServer()
        let result = try server.callForCLI("scaling/fit", params)
        output.emit(result) { r in FitText.render(r, csv: csv, runs: runs.count, dropped: dropHighestLoss,
                                                  stored: server.state.directory) }
    }
}

enum FitText {
    static func render(_ r: JSON, csv: String, runs: Int, dropped: Int, stored: String?) -> String {
        var rows: [(String, String)] = [
            ("law id", r["lawId"]?.string ?? ""),
            ("data", "\(csv): \(runs) runs" + (dropped > 0 ? " (\(dropped) highest-loss dropped)" : "")
                + ", \(r["trainingRuns"]?.int64 ?? 0) train, \(r["heldOutRuns"]?.int64 ?? 0) held out"),
        ]
        let ci = r["ci95"]
        rows.append(("", ""))
        rows.append(("parameter", "value            95 % interval"))
        for (name, value) in r["parameters"]?.members ?? [] {
            let v = value.double ?? .nan
            var line = number(v).padding(toLength: 17, withPad: " ", startingAt: 0)
            if let c = ci?[name], let lo = c["low"]?.double, let hi = c["high"]?.double {
                line += "\(number(lo)) – \(number(hi))"
            }
            rows.append(("  " + name, line))
        }
        let e = r["exponents"]
        for (key, label) in [("a", "  a (N_opt ∝ C^a)"), ("b", "  b (D_opt ∝ C^b)")] {
            var line = number(e?[key]?.double ?? .nan).padding(toLength: 17, withPad: " ", startingAt: 0)
            if let c = e?["ci95"]?[key], let lo = c["low"]?.double, let hi = c["high"]?.double {
                line += "\(number(lo)) – \(number(hi))"
            }
            rows.append((label, line))
        }
        rows.append(("", ""))
        rows.append(("train ARE", String(format: "%.2f %%", 100 * (r["trainARE"]?.double ?? .nan))))
        if let h = r["heldOutARE"]?["mean"]?.double {
            rows.append(("held-out ARE", String(format: "%.2f %% over %d held-out run(s)", 100 * h, r["heldOutARE"]?["perRun"]?.count ?? 0)))
        }
        rows.append(("objective", String(format: "%.12g (sum of Huber terms)", r["objective"]?.double ?? .nan)))
        rows.append(("starts", "\(r["startsTried"]?.int64 ?? 0) tried, \(r["startsAtBest"]?.int64 ?? 0) at the best; converged: \(r["converged"]?.bool == true ? "yes" : "no")"))
        rows.append(("bootstrap", "\(r["bootstrapSamples"]?.int64 ?? 0) samples"))
        rows.append(("elapsed", String(format: "%.0f ms", r["elapsedMs"]?.double ?? 0)))
        rows.append(("stored", stored.map { "\($0)/fitted-laws.json" } ?? "in memory only (--no-state)"))
        var text = Human.table(rows)
        let warnings = r["warnings"]?.elements ?? []
        if !warnings.isEmpty {
            text += "\n\nwarnings\n" + warnings.map { "  - [\($0["code"]?.string ?? "")] \($0["message"]?.string ?? "")" }.joined(separator: "\n")
        }
        return text + Text.assumptionsAndSources(r)
    }

    static func number(_ x: Double) -> String {
        abs(x) >= 1e4 || (abs(x) < 1e-3 && x != 0) ? String(format: "%.4e", x) : String(format: "%.6g", x)
    }
}
