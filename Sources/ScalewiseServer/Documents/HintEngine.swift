import Foundation
import ScalingCore

/// GPU-hours come from FLOPs only when the user's settings give a peak and an MFU; dollars
/// only when they also give a price. Nothing here is a default price or a default MFU.
public struct ComputeSettings: Sendable, Equatable {
    public var peakFlops: Double
    public var mfu: Double
    public var gpus: Double?
    public var pricePerHour: Double?
    /// Where the peak came from: "peakFlops setting" or the hardware row and its source.
    public var peakSource: String

    public init(peakFlops: Double, mfu: Double, gpus: Double? = nil, pricePerHour: Double? = nil, peakSource: String) {
        self.peakFlops = peakFlops; self.mfu = mfu; self.gpus = gpus; self.pricePerHour = pricePerHour
        self.peakSource = peakSource
    }
}

/// One thing to say about one line: an inlay hint, the same text as a diagnostic, and a hover.
public struct DocumentHint: Sendable, Equatable {
    public enum Severity: Int, Sendable { case warning = 2, hint = 4 }
    public var line: Int
    public var character: Int
    public var label: String
    public var severity: Severity
    /// Lines whose hover shows `hover` (the anchor line and the keys it rests on).
    public var hoverLines: [Int]
    public var hover: String
}

/// Turns what a config says into hints. Pure: no I/O.
public enum HintEngine {
    /// Below this many tokens per parameter a run is flagged as clearly undertrained.
    public static let undertrainedTokensPerParam = 5.0

    public static func hints(facts f: ConfigFacts, law: ScalingLaw, compute: ComputeSettings?) -> [DocumentHint] {
        var out: [DocumentHint] = []
        if let sweep = sweepHint(f, law: law) { out.append(sweep) }
        // The parameter count: from the architecture, else an explicit number.
        var params: Double? = nil
        var paramsHover = ""
        var anchor: (line: Int, end: Int)? = nil
        var archLines: [Int] = []
        if let input = f.architecture {
            let b = ArchitectureCount.count(input)
            params = b.total
            let facts: [(line: Int, end: Int)?] = [
                f.layers.map { ($0.line, $0.lineEndUTF16) }, f.hidden.map { ($0.line, $0.lineEndUTF16) },
                f.heads.map { ($0.line, $0.lineEndUTF16) }, f.kvHeads.map { ($0.line, $0.lineEndUTF16) },
                f.ffn.map { ($0.line, $0.lineEndUTF16) }, f.vocab.map { ($0.line, $0.lineEndUTF16) },
            ]
            let present = facts.compactMap { $0 }
            archLines = present.map(\.line)
            anchor = present.min { $0.line < $1.line }
            paramsHover = breakdownMarkdown(b, input)
        } else if let p = f.explicitParams, p.value >= 1 {
            params = p.value
            anchor = (p.line, p.lineEndUTF16)
            archLines = [p.line]
            paramsHover = "**Parameters** \(Fmt.short(p.value)) (`\(p.key)` = \(Fmt.sci(p.value)), as written)\n"
        }
        guard let n = params, n.isFinite, n >= 1, let anchor else { return out }
        guard let optimal = optimalForParams(law: law, params: n) else { return out }

        var label = "≈ \(Fmt.short(n)) params · \(Fmt.sig3(optimal.tokensPerParam)) tok/param → \(Fmt.short(optimal.tokens)) tokens optimal · \(Fmt.sci(optimal.flops)) FLOPs"
        let optimalCompute = compute.map { computeFigures(flops: optimal.flops, $0) }
        if let c = optimalCompute { label += " · " + c.short }
        var hover = paramsHover
        hover += "\n**Compute-optimal for \(Fmt.short(n)) parameters** under law `\(law.id)` (\(law.title)):\n"
        hover += "- tokens D_opt = \(Fmt.short(optimal.tokens)) (\(Fmt.sig3(optimal.tokensPerParam)) tokens per parameter)\n"
        hover += "- training compute C = 6·N·D = \(Fmt.sci(optimal.flops)) FLOPs\n"
        hover += "- predicted loss \(String(format: "%.3f", optimal.loss)) nats/token\n"
        if let c = optimalCompute { hover += c.markdown }
        hover += assumptionsAndSources(optimal.assumptions, law: law, compute: compute)
        out.append(DocumentHint(line: anchor.line, character: anchor.end, label: label, severity: .hint,
                                hoverLines: Array(Set(archLines + [anchor.line])).sorted(), hover: hover))

        // What the config actually trains on.
        if let (d, fact, how) = f.trainingTokens, d.isFinite, d >= 1 {
            let flops = ComputeOptimal.flopsPerParamToken * n * d
            let ratio = d / n
            let loss = law.loss(params: n, tokens: d)
            var text = "\(Fmt.short(d)) tokens · \(Fmt.sig3(ratio)) tok/param · \(Fmt.sci(flops)) FLOPs"
            if loss.isFinite { text += " · loss \(String(format: "%.2f", loss))" }
            let figures = compute.map { computeFigures(flops: flops, $0) }
            if let c = figures { text += " · " + c.short }
            var h = "**Training run**: \(Fmt.short(n)) parameters on \(Fmt.short(d)) tokens\n"
            h += "- tokens: \(how) = \(Fmt.sci(d))\n"
            h += "- \(Fmt.sig3(ratio)) tokens per parameter (compute-optimal under `\(law.id)`: \(Fmt.sig3(optimal.tokensPerParam)))\n"
            h += "- training compute C = 6·N·D = \(Fmt.sci(flops)) FLOPs\n"
            if loss.isFinite { h += "- predicted loss \(String(format: "%.3f", loss)) nats/token (compute-optimal at this N: \(String(format: "%.3f", optimal.loss)))\n" }
            if let c = figures { h += c.markdown }
            h += assumptionsAndSources([ComputeOptimal.costAssumption], law: law, compute: compute)
            out.append(DocumentHint(line: fact.line, character: fact.lineEndUTF16, label: text, severity: .hint,
                                    hoverLines: [fact.line], hover: h))
            let factor = optimal.tokens / d
            // Flag only what is clearly off: under 5 tok/param and short of the law's optimum.
            if ratio < undertrainedTokensPerParam && factor > 1 {
                let msg = "undertrained by Chinchilla: \(Fmt.sig3(factor))× fewer tokens than compute-optimal (\(Fmt.sig3(ratio)) tok/param; \(Fmt.short(optimal.tokens)) tokens is optimal for \(Fmt.short(n)) params under \(law.id))"
                out.append(DocumentHint(line: fact.line, character: fact.lineEndUTF16, label: msg, severity: .warning,
                                        hoverLines: [], hover: ""))
            }
        }

        if let q = f.loadIn4bit, q.value {
            let bytes = n * 0.5
            let size = bytes >= 1e9 ? "\(Fmt.sig3(bytes / 1e9)) GB" : "\(Fmt.sig3(bytes / 1e6)) MB"
            let label = "4-bit weights ≈ \(size) (0.5 byte/param)"
            let h = "**4-bit weights**: \(Fmt.short(n)) parameters × 0.5 byte = \(size) (GB = 10⁹ bytes).\n\nExcludes quantization constants (NF4 with double quantization adds ≈ 0.127 bit/param), activations, LoRA adapters and optimizer state.\n\nSource: Dettmers et al. 2023, QLoRA (https://arxiv.org/abs/2305.14314).\n"
            out.append(DocumentHint(line: q.line, character: q.lineEndUTF16, label: label, severity: .hint, hoverLines: [q.line], hover: h))
        }
        if let r = f.loraRank, let input = f.architecture, r.value >= 1, r.value < 1e5 {
            let b = ArchitectureCount.count(input)
            _ = b
            let h = input.hidden, heads = input.heads ?? 0
            let hd = input.headDim ?? (heads > 0 ? h / heads : h)
            let q = heads > 0 ? heads * hd : h, kv = heads > 0 ? (input.kvHeads ?? heads) * hd : h
            let ffn = input.ffn ?? 4 * h
            // r·(in + out) per adapted matrix; Q, K, V, O and the MLP matrices of every layer.
            var perLayer = (h + q) + 2 * (h + kv) + (q + h)
            perLayer += (input.gated ? 3 : 2) * (h + ffn)
            let lora = r.value * perLayer * input.layers
            let label = "LoRA r=\(Fmt.int(r.value)) on all linear layers ≈ \(Fmt.short(lora)) trainable params (\(String(format: "%.2g", 100 * lora / n))%)"
            let hv = "**LoRA adapters**: r·(d_in + d_out) per adapted matrix (Hu et al. 2021, https://arxiv.org/abs/2106.09685), on Q, K, V, O and the \(input.gated ? "gate, up, down" : "up, down") MLP matrices of all \(Fmt.int(input.layers)) layers = \(Fmt.int(lora)) parameters; fewer if only some modules are targeted (q,v only: r·\(Fmt.int((h + q) + (h + kv)))·\(Fmt.int(input.layers)) = \(Fmt.short(r.value * ((h + q) + (h + kv)) * input.layers))).\n"
            out.append(DocumentHint(line: r.line, character: r.lineEndUTF16, label: label, severity: .hint, hoverLines: [r.line], hover: hv))
        }
        return out
    }

    /// A sweep config (at least 5 runs of params and tokens): the linearised 80 % interval of N*
    /// the listed runs would give at the document's target_flops (else 1000× the largest run).
    static func sweepHint(_ f: ConfigFacts, law: ScalingLaw) -> DocumentHint? {
        guard f.sweepRuns.count >= 5, case .chinchilla(let prior) = law.form else { return nil }
        let runs = f.sweepRuns.map { PlannedRun(params: $0.params.value, tokens: $0.tokens.value) }
        let largest = runs.map(\.flops).max()!
        let target = f.targetFlops?.value ?? 1000 * largest
        let targetHow = f.targetFlops.map { "`\($0.key)`" } ?? "1000× the largest run (no target_flops in the file)"
        let first = f.sweepRuns[0].params
        let lines = f.sweepRuns.flatMap { [$0.params.line, $0.tokens.line] }
        let sizes = Set(runs.map(\.params))
        var hover = "**Sweep of \(runs.count) runs**: \(sizes.count) sizes from \(Fmt.short(sizes.min()!)) to \(Fmt.short(sizes.max()!)), \(Fmt.sci(runs.reduce(0) { $0 + $1.flops })) FLOPs in all\n"
        guard let q = ExperimentPlanner.linearizedInterval(runs: runs, targetFlops: target, prior: prior) else {
            hover += "\nThese runs cannot pin the law's 5 constants (too few distinct sizes or token counts): a fit would not identify N* at \(Fmt.sci(target)) FLOPs.\n"
            return DocumentHint(line: first.line, character: first.lineEndUTF16, label: "\(runs.count) runs: too few distinct sizes or token counts to fit a law",
                                severity: .warning, hoverLines: lines, hover: hover)
        }
        let width = q.high / q.low
        let label = "\(runs.count) runs → N* at \(Fmt.sci(target)) FLOPs within ×\(Fmt.sig3(width)) (80 %, linearised)"
        hover += "\n**N* at \(Fmt.sci(target)) FLOPs** (target: \(targetHow)) under law `\(law.id)`: \(Fmt.short(q.mid)); a fit of these runs would land in \(Fmt.short(q.low))–\(Fmt.short(q.high)) 80 % of the time.\n"
        hover += "\n**How**: delta method on a least-squares fit of L = E + A/N^α + B/D^β with normal noise of SD \(PlanNoise.epochResidualSD) on log loss (the Epoch runs' spread, Besiroglu et al. 2024); no simulation. For simulated fits with bootstrap and other designs to compare, call `scaling/planExperiments` with `designs: [{kind: \"custom\", runs}]`.\n"
        return DocumentHint(line: first.line, character: first.lineEndUTF16, label: label, severity: .hint, hoverLines: lines, hover: hover)
    }

    /// The compute-optimal allocation whose model has `params` parameters.
    public static func optimalForParams(law: ScalingLaw, params n: Double) -> Allocation? {
        switch law.form {
        case .chinchilla(let f):
            // N = G·(C/6)^a  ⇒  C = 6·(N/G)^(1/a)
            let c = ComputeOptimal.flopsPerParamToken * pow(n / f.allocationScale, 1 / f.paramsExponent)
            guard c.isFinite, c >= ComputeOptimal.minimumFlops else { return nil }
            return try? ComputeOptimal.allocate(law: law, flops: c)
        case .kaplan:
            var lo = log(ComputeOptimal.minimumFlops * 10), hi = log(1e45)
            guard let top = try? ComputeOptimal.allocate(law: law, flops: exp(hi)), top.params >= n else { return nil }
            for _ in 0..<60 {
                let mid = (lo + hi) / 2
                guard let a = try? ComputeOptimal.allocate(law: law, flops: exp(mid)) else { return nil }
                if a.params < n { lo = mid } else { hi = mid }
            }
            return try? ComputeOptimal.allocate(law: law, flops: exp(hi))
        }
    }

    struct Figures { var short: String; var markdown: String }

    static func computeFigures(flops: Double, _ c: ComputeSettings) -> Figures {
        let gpuHours = flops / (c.peakFlops * c.mfu) / 3600
        var short = "\(Fmt.short(gpuHours)) GPU-h"
        var md = "- GPU-hours = C / (peak × MFU) / 3600 = \(Fmt.sci(flops)) / (\(Fmt.sci(c.peakFlops)) FLOP/s × \(c.mfu)) / 3600 = \(Fmt.int(gpuHours)) (peak: \(c.peakSource))\n"
        if let g = c.gpus, g >= 1 {
            let days = gpuHours / g / 24
            short += days >= 1 ? " (\(Fmt.sig3(days)) d on \(Fmt.int(g)))" : " (\(Fmt.sig3(days * 24)) h on \(Fmt.int(g)))"
            md += "- wall-clock on \(Fmt.int(g)) GPUs: \(Fmt.sig3(days)) days (perfect scaling assumed)\n"
        }
        if let p = c.pricePerHour, p > 0 {
            let dollars = gpuHours * p
            short += " · $\(Fmt.short(dollars))"
            md += "- cost at your pricePerHour $\(p)/GPU-hour: $\(Fmt.int(dollars))\n"
        }
        return Figures(short: short, markdown: md)
    }

    static func breakdownMarkdown(_ b: ArchitectureCount.Breakdown, _ a: ArchitectureCount.Input) -> String {
        var md = "**Parameters** ≈ \(Fmt.short(b.total)) (\(Fmt.int(b.total)))\n\n"
        md += "| part | parameters |\n|---|---:|\n"
        md += "| attention Q, K, V, O (\(Fmt.int(a.layers)) layers) | \(Fmt.int(b.attention)) |\n"
        md += "| MLP (\(a.gated ? "gated, 3" : "2") matrices) | \(Fmt.int(b.mlp)) |\n"
        if b.biases > 0 { md += "| biases | \(Fmt.int(b.biases)) |\n" }
        md += "| norms | \(Fmt.int(b.norms)) |\n"
        md += "| embeddings | \(Fmt.int(b.embeddings)) |\n"
        if b.positions > 0 { md += "| position embeddings | \(Fmt.int(b.positions)) |\n" }
        md += "| non-embedding | \(Fmt.int(b.nonEmbedding)) |\n"
        md += "\nFormula per layer: attention h·(q + 2·kv) + q·h (q = heads·headDim, kv = kvHeads·headDim), MLP \(a.gated ? "3" : "2")·h·ffn; plus norms, embeddings vocab·h (×2 if untied).\n"
        md += "\nRead from the file: " + b.assumptions.joined(separator: "; ") + ".\n"
        return md
    }

    static func assumptionsAndSources(_ assumptions: [String], law: ScalingLaw, compute: ComputeSettings?) -> String {
        var md = "\n**Assumptions**\n"
        for a in assumptions { md += "- \(a)\n" }
        if compute == nil { md += "- no GPU-hours: set `scalewise.peakFlops` (or `hardware`) and `scalewise.mfu` to get them\n" }
        md += "\n**Sources**\n"
        for c in law.sources + [ComputeOptimal.costCitation] {
            md += "- \(c.title)\(c.detail.map { ": \($0)" } ?? "")\(c.url.map { " <\($0)>" } ?? "")\n"
        }
        return md
    }
}
