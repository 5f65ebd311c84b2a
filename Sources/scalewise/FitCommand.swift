import ArgumentParser
import Foundation
import JSON
import ScalewiseServer
import ScalingCore

struct Fit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
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
        let answer = try server.callForCLI(Typed.scalingFit, params)
        try output.emit(answer, Typed.scalingFit, server) {
            FitText.render(answer, csv: csv, runs: runs.count, dropped: dropHighestLoss, stored: server.state.directory)
        }
    }
}

enum FitText {
    static func render(_ answer: FitAnswer, csv: String, runs: Int, dropped: Int, stored: String?) -> String {
        let r = answer.fit
        var rows: [(String, String)] = [
            ("law id", answer.law.id),
            ("data", "\(csv): \(runs) runs" + (dropped > 0 ? " (\(dropped) highest-loss dropped)" : "")
                + ", \(r.record.trainingRuns.count) train, \(r.record.heldOutRuns.count) held out"),
        ]
        // Intervals only when the fit was bootstrapped (as the answer gives them).
        let intervals = r.bootstrapSamples > 0
        func line(_ value: Double, _ ci: Interval?) -> String {
            var text = number(value).padding(toLength: 17, withPad: " ", startingAt: 0)
            if let ci { text += "\(number(ci.low)) – \(number(ci.high))" }
            return text
        }
        rows.append(("", ""))
        rows.append(("parameter", "value            95 % interval"))
        for p in r.parameters {
            rows.append(("  " + p.name, line(p.value, intervals ? p.ci95 : nil)))
        }
        // The exponents' intervals come as a pair or not at all.
        let pair = r.paramsExponent.ci95 != nil && r.tokensExponent.ci95 != nil
        rows.append(("  a (N_opt ∝ C^a)", line(r.paramsExponent.value, pair ? r.paramsExponent.ci95 : nil)))
        rows.append(("  b (D_opt ∝ C^b)", line(r.tokensExponent.value, pair ? r.tokensExponent.ci95 : nil)))
        rows.append(("", ""))
        rows.append(("train ARE", String(format: "%.2f %%", 100 * r.trainARE)))
        if let h = r.heldOutARE {
            rows.append(("held-out ARE", String(format: "%.2f %% over %d held-out run(s)", 100 * h, answer.heldOutResiduals.count)))
        }
        rows.append(("objective", String(format: "%.12g (sum of Huber terms)", r.objective)))
        rows.append(("starts", "\(r.startsTried) tried, \(r.startsAtBest) at the best; converged: \(r.converged ? "yes" : "no")"))
        rows.append(("bootstrap", "\(r.bootstrapSamples) samples"))
        rows.append(("elapsed", String(format: "%.0f ms", r.elapsed * 1000)))
        rows.append(("stored", stored.map { "\($0)/fitted-laws.json" } ?? "in memory only (--no-state)"))
        var text = Human.table(rows)
        if !r.warnings.isEmpty {
            text += "\n\nwarnings\n" + r.warnings.map { "  - [\($0.code)] \($0.message)" }.joined(separator: "\n")
        }
        return text + Text.basis(assumptions: answer.assumptions, sources: answer.sources)
    }

    static func number(_ x: Double) -> String {
        abs(x) >= 1e4 || (abs(x) < 1e-3 && x != 0) ? String(format: "%.4e", x) : String(format: "%.6g", x)
    }
}
