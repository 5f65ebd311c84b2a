import Foundation
import ScalingCore

/// GPU-hours come from FLOPs when the user's settings give a peak and an MFU (one figure), or
/// an accelerator from the catalog without an MFU: then the range published runs reached on it,
/// as `cost/training` answers (`1.2–2.0M GPU-h`). Dollars need a price: the setting's, or the
/// accelerator row's dated range.
public struct ComputeSettings: Sendable, Equatable {
    public var peakFlops: Double
    public var mfu: Double?
    public var gpus: Double?
    public var pricePerHour: Double?
    /// Where the peak came from: "peakFlops setting" or the hardware row and its source.
    public var peakSource: String
    /// The catalog row, when the settings name one: its utilization band and prices.
    public var accelerator: Accelerator?

    public init(peakFlops: Double, mfu: Double?, gpus: Double? = nil, pricePerHour: Double? = nil, peakSource: String,
                accelerator: Accelerator? = nil) {
        self.peakFlops = peakFlops; self.mfu = mfu; self.gpus = gpus; self.pricePerHour = pricePerHour
        self.peakSource = peakSource
        self.accelerator = accelerator
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

    public static func hints(facts f: ConfigFacts, law: ScalingLaw, compute settings: ComputeSettings?) -> [DocumentHint] {
        var out: [DocumentHint] = []
        // GPUs the config names count when the editor settings give none.
        var compute = settings
        if compute != nil, compute?.gpus == nil, let g = f.gpus { compute?.gpus = g.count }
        if let sweep = sweepHint(f, law: law) { out.append(sweep) }
        // The parameter count: from the architecture, else the base model's row, else an explicit number.
        var params: Double? = nil
        var paramsHover = ""
        var anchor: (line: Int, end: Int)? = nil
        var archLines: [Int] = []
        // Shape and linear-layer parameters for the LoRA and QLoRA hints.
        var shape: ArchitectureCount.Input? = nil
        var linearParams: Double? = nil
        if let input = f.architecture {
            let b = ArchitectureCount.count(input)
            params = b.total
            shape = input
            linearParams = b.attention + b.mlp
            let facts: [(line: Int, end: Int)?] = [
                f.layers.map { ($0.line, $0.lineEndUTF16) }, f.hidden.map { ($0.line, $0.lineEndUTF16) },
                f.heads.map { ($0.line, $0.lineEndUTF16) }, f.kvHeads.map { ($0.line, $0.lineEndUTF16) },
                f.ffn.map { ($0.line, $0.lineEndUTF16) }, f.vocab.map { ($0.line, $0.lineEndUTF16) },
            ]
            let present = facts.compactMap { $0 }
            archLines = present.map(\.line)
            anchor = present.min { $0.line < $1.line }
            paramsHover = breakdownMarkdown(b, input)
            if let mix = f.mixture {
                // Experts: the dense count above misses them; the whole-config count does not.
                params = mix.total
                paramsHover = "**Parameters** \(Format.int(mix.total)) in total, \(Format.int(mix.active)) active per token "
                    + "(mixture of experts: \(mix.activeExperts) of \(mix.experts) routed experts per token; counted from the whole config.json as `models/get` counts its rows)\n"
            }
        } else if let base = f.baseModel {
            let m = base.match.model
            params = m.parameters
            anchor = (base.fact.line, base.fact.lineEndUTF16)
            archLines = [base.fact.line]
            shape = input(of: m.architecture)
            linearParams = m.architecture.moe == nil ? LoRAAdapters.linearParameterCount(m.architecture) : nil
        } else if let p = f.explicitParams, p.value >= 1 {
            params = p.value
            anchor = (p.line, p.lineEndUTF16)
            archLines = [p.line]
            paramsHover = "**Parameters** \(Format.short(p.value)) (`\(p.key)` = \(Format.sci(p.value)), as written)\n"
        }
        guard let n = params, n.isFinite, n >= 1, let anchor else { return out }
        if let base = f.baseModel, f.architecture == nil {
            // A fine-tuning config: what the base model is, its adapters and its 4-bit memory.
            out.append(baseModelHint(base, anchor: anchor))
            out += fineTuneHints(f, params: n, shape: shape, linearParams: linearParams)
            return out
        }
        // A mixture of experts computes with its active parameters: FLOPs and the allocation use them.
        let active = f.mixture?.active ?? n
        guard let optimal = optimalForParams(law: law, params: active) else { return out }

        let size = f.mixture.map { "≈ \(Format.short($0.total)) params, \(Format.short($0.active)) active" } ?? "≈ \(Format.short(n)) params"
        var label = "\(size) · \(Format.sig3(optimal.tokensPerParam)) tok/param → \(Format.short(optimal.tokens)) tokens optimal · \(Format.sci(optimal.flops)) FLOPs"
        let optimalCompute = compute.flatMap { computeFigures(flops: optimal.flops, params: active, $0) }
        if let c = optimalCompute { label += " · " + c.short }
        var hover = paramsHover
        hover += "\n**Compute-optimal for \(Format.short(active)) \(f.mixture == nil ? "" : "active ")parameters** under law `\(law.id)` (\(law.title)):\n"
        if f.mixture != nil {
            hover += "- a dense law applied to the active parameters, which set the compute per token; how total parameters change the loss is not in it\n"
        }
        hover += "- tokens D_opt = \(Format.short(optimal.tokens)) (\(Format.sig3(optimal.tokensPerParam)) tokens per parameter)\n"
        hover += "- training compute C = 6·N·D = \(Format.sci(optimal.flops)) FLOPs\n"
        hover += "- predicted loss \(String(format: "%.3f", optimal.loss)) nats/token\n"
        if let c = optimalCompute { hover += c.markdown }
        hover += assumptionsAndSources(optimal.assumptions, law: law, compute: compute)
        out.append(DocumentHint(line: anchor.line, character: anchor.end, label: label, severity: .hint,
                                hoverLines: Array(Set(archLines + [anchor.line])).sorted(), hover: hover))

        // What the config actually trains on.
        if let (d, fact, how) = f.trainingTokens, d.isFinite, d >= 1 {
            let flops = ComputeOptimal.flopsPerParamToken * active * d
            let ratio = d / active
            let loss = law.loss(params: active, tokens: d)
            var text = "\(Format.short(d)) tokens · \(Format.sig3(ratio)) tok/param · \(Format.sci(flops)) FLOPs"
            if loss.isFinite { text += " · loss \(String(format: "%.2f", loss))" }
            let figures = compute.flatMap { computeFigures(flops: flops, params: active, $0) }
            if let c = figures { text += " · " + c.short }
            var h = "**Training run**: \(Format.short(n)) parameters on \(Format.short(d)) tokens\n"
            h += "- tokens: \(how) = \(Format.sci(d))\n"
            h += "- \(Format.sig3(ratio)) tokens per parameter (compute-optimal under `\(law.id)`: \(Format.sig3(optimal.tokensPerParam)))\n"
            h += "- training compute C = 6·N·D = \(Format.sci(flops)) FLOPs\n"
            if let g = f.gpus { h += "- GPUs: \(g.how) = \(Format.int(g.count))\(settings?.gpus == nil ? "" : " (your gpus setting is used instead)")\n" }
            if loss.isFinite { h += "- predicted loss \(String(format: "%.3f", loss)) nats/token (compute-optimal at this N: \(String(format: "%.3f", optimal.loss)))\n" }
            if let c = figures { h += c.markdown }
            h += assumptionsAndSources([ComputeOptimal.costAssumption], law: law, compute: compute)
            out.append(DocumentHint(line: fact.line, character: fact.lineEndUTF16, label: text, severity: .hint,
                                    hoverLines: [fact.line], hover: h))
            let factor = optimal.tokens / d
            // Flag only what is clearly off: under 5 tok/param and short of the law's optimum.
            if ratio < undertrainedTokensPerParam && factor > 1 {
                let msg = "undertrained by Chinchilla: \(Format.sig3(factor))× fewer tokens than compute-optimal (\(Format.sig3(ratio)) tok/param; \(Format.short(optimal.tokens)) tokens is optimal for \(Format.short(n)) params under \(law.id))"
                out.append(DocumentHint(line: fact.line, character: fact.lineEndUTF16, label: msg, severity: .warning,
                                        hoverLines: [], hover: ""))
            }
        }

        out += fineTuneHints(f, params: n, shape: shape, linearParams: linearParams)
        return out
    }

    /// "base model Llama 3.1 8B · 8.03B params", with the row's sources on hover.
    static func baseModelHint(_ base: ConfigFacts.BaseModel, anchor: (line: Int, end: Int)) -> DocumentHint {
        let m = base.match.model
        let label = "base model \(m.name) · \(Format.short(m.parameters)) params"
        var h = "**Base model** `\(base.fact.value)` (`\(base.fact.key)`) → models table row `\(m.id)`: \(m.name), \(Format.int(m.parameters)) parameters"
        let a = m.architecture
        h += " (\(a.layers) layers, hidden \(a.hidden), \(a.heads) heads, \(a.kvHeads) KV heads, FFN \(a.intermediate.map { String($0) } ?? "unpublished"), vocabulary \(a.vocabulary)).\n"
        if let note = base.match.note { h += "\n\(note).\n" }
        h += "\n**Sources**\n"
        for c in m.sources { h += "- \(c.title)\(c.detail.map { ": \($0)" } ?? "")\(c.url.map { " <\($0)>" } ?? "")\n" }
        return DocumentHint(line: anchor.line, character: anchor.end, label: label, severity: .hint,
                            hoverLines: [anchor.line], hover: h)
    }

    /// LoRA adapter size (rank and targets as the config gives them) and, for 4-bit base weights,
    /// the QLoRA memory of weights, adapters and their optimizer state.
    static func fineTuneHints(_ f: ConfigFacts, params n: Double, shape: ArchitectureCount.Input?,
                              linearParams: Double?) -> [DocumentHint] {
        var out: [DocumentHint] = []
        var adapterParams: Double? = nil
        var adapterWhat = ""
        if let r = f.loraRank, let input = shape, r.value >= 1, r.value < 1e5 {
            let targets = f.loraModules
            let modules = targets?.modules ?? Set(LoRAModule.allCases)
            let lora = r.value * loraWidthPerLayer(input, modules) * input.layers
            adapterParams = lora
            let names = LoRAModule.allCases.filter { modules.contains($0) && ($0 != .gate || input.gated) }.map(\.rawValue)
            adapterWhat = "LoRA r=\(Format.int(r.value))"
            let scope = modules == Set(LoRAModule.allCases) ? "all linear layers" : names.joined(separator: ",")
            let label = "LoRA r=\(Format.int(r.value)) on \(scope) ≈ \(Format.short(lora)) trainable params (\(String(format: "%.2g", 100 * lora / n))%)"
            var hv = "**LoRA adapters**: r·(d_in + d_out) per adapted matrix (Hu et al. 2021, https://arxiv.org/abs/2106.09685), on \(names.joined(separator: ", ")) of all \(Format.int(input.layers)) layers = \(Format.int(lora)) parameters.\n"
            hv += targets.map { "\nTargets from the file: `\($0.how)`.\n" }
                ?? "\nNo target modules in the file: every linear layer assumed (q,v only would be r·\(Format.int(loraWidthPerLayer(input, [.q, .v])))·\(Format.int(input.layers)) = \(Format.short(r.value * loraWidthPerLayer(input, [.q, .v]) * input.layers))).\n"
            out.append(DocumentHint(line: r.line, character: r.lineEndUTF16, label: label, severity: .hint, hoverLines: [r.line], hover: hv))
        }
        if let q = f.fourBit {
            let bits = 4 + FineTuneMemory.quantizationConstantBits(doubleQuantization: true)
            let linear = min(linearParams ?? n, n)
            let weights = linear * bits / 8 + (n - linear) * 2
            // Trained adapters: bf16 weights and gradients, fp32 master copy and AdamW moments (16 B/param).
            let adapterBytes = (adapterParams ?? 0) * 16
            var label = "QLoRA memory ≈ \(gb(weights)) 4-bit weights"
            if adapterParams != nil { label += " + \(gb(adapterBytes)) \(adapterWhat) with AdamW" }
            label += " (before activations)"
            var h = "**QLoRA memory** (Dettmers et al. 2023, QLoRA, section 3, https://arxiv.org/abs/2305.14314), `\(q.key)`:\n"
            h += "- linear layers in NF4 with double-quantized constants: \(Format.int(linear)) × \(String(format: "%.4f", bits)) bit / 8 = \(gb(linear * bits / 8))\n"
            h += "- embeddings, output head and norms in bf16: \(Format.int(n - linear)) × 2 B = \(gb((n - linear) * 2))\n"
            if let a = adapterParams {
                h += "- \(adapterWhat) adapters: \(Format.int(a)) × 16 B (bf16 weight and gradient 2 + 2, fp32 master copy 4, AdamW moments 8) = \(gb(adapterBytes))\n"
            }
            h += "\nExcludes activations (they grow with sequence length and micro-batch), the dequantization buffer and framework overhead; `finetune/recommend` gives the full per-GPU peak. GB = 10⁹ bytes.\n"
            out.append(DocumentHint(line: q.line, character: q.lineEndUTF16, label: label, severity: .hint, hoverLines: [q.line], hover: h))
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
        var hover = "**Sweep of \(runs.count) runs**: \(sizes.count) sizes from \(Format.short(sizes.min()!)) to \(Format.short(sizes.max()!)), \(Format.sci(runs.reduce(0) { $0 + $1.flops })) FLOPs in all\n"
        guard let q = ExperimentPlanner.linearizedInterval(runs: runs, targetFlops: target, prior: prior) else {
            hover += "\nThese runs cannot pin the law's 5 constants (too few distinct sizes or token counts): a fit would not identify N* at \(Format.sci(target)) FLOPs.\n"
            return DocumentHint(line: first.line, character: first.lineEndUTF16, label: "\(runs.count) runs: too few distinct sizes or token counts to fit a law",
                                severity: .warning, hoverLines: lines, hover: hover)
        }
        let width = q.high / q.low
        let label = "\(runs.count) runs → N* at \(Format.sci(target)) FLOPs within ×\(Format.sig3(width)) (80 %, linearised)"
        hover += "\n**N* at \(Format.sci(target)) FLOPs** (target: \(targetHow)) under law `\(law.id)`: \(Format.short(q.mid)); a fit of these runs would land in \(Format.short(q.low))–\(Format.short(q.high)) 80 % of the time.\n"
        hover += "\n**How**: delta method on a least-squares fit of L = E + A/N^α + B/D^β with normal noise of SD \(PlanNoise.epochResidualSD) on log loss (the Epoch runs' spread, Besiroglu et al. 2024); no simulation. For simulated fits with bootstrap and other designs to compare, call `scaling/planExperiments` with `designs: [{kind: \"custom\", runs}]`.\n"
        return DocumentHint(line: first.line, character: first.lineEndUTF16, label: label, severity: .hint, hoverLines: lines, hover: hover)
    }

    /// Σ (d_in + d_out) over the adapted matrices of one layer (GQA-aware: k, v project to kvHeads·headDim).
    static func loraWidthPerLayer(_ a: ArchitectureCount.Input, _ modules: Set<LoRAModule>) -> Double {
        let h = a.hidden, heads = a.heads ?? 0
        let hd = a.headDim ?? (heads > 0 ? h / heads : h)
        let q = heads > 0 ? heads * hd : h, kv = heads > 0 ? (a.kvHeads ?? heads) * hd : h
        let ffn = a.ffn ?? 4 * h
        var w = 0.0
        for m in modules {
            switch m {
            case .q: w += h + q
            case .k, .v: w += h + kv
            case .o: w += q + h
            case .gate: if a.gated { w += h + ffn }
            case .up, .down: w += h + ffn
            }
        }
        return w
    }

    static func input(of a: ModelArchitecture) -> ArchitectureCount.Input {
        ArchitectureCount.Input(layers: Double(a.layers), hidden: Double(a.hidden), heads: Double(a.heads),
                                kvHeads: Double(a.kvHeads), headDim: Double(a.headDim), ffn: a.intermediate.map(Double.init),
                                vocab: Double(a.vocabulary), gated: a.gatedMLP, tiedEmbeddings: a.tiedEmbeddings,
                                attentionBias: a.qkvBias, mlpBias: false, rmsNorm: true)
    }

    static func gb(_ bytes: Double) -> String {
        bytes >= 1e9 ? "\(Format.sig3(bytes / 1e9)) GB" : "\(Format.sig3(bytes / 1e6)) MB"
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

    static func computeFigures(flops: Double, params: Double, _ c: ComputeSettings) -> Figures? {
        guard let mfu = c.mfu else { return c.accelerator.flatMap { rangeFigures(flops: flops, params: params, $0, c) } }
        let gpuHours = flops / (c.peakFlops * mfu) / 3600
        // Settings such as mfu 1e-300 would print "inf GPU-h": no figure rather than a wrong one.
        guard gpuHours.isFinite, gpuHours < 1e30 else { return nil }
        var short = "\(Format.short(gpuHours)) GPU-h"
        var md = "- GPU-hours = C / (peak × MFU) / 3600 = \(Format.sci(flops)) / (\(Format.sci(c.peakFlops)) FLOP/s × \(mfu)) / 3600 = \(Format.int(gpuHours)) (peak: \(c.peakSource))\n"
        if let g = c.gpus, g >= 1 {
            let days = gpuHours / g / 24
            short += days >= 1 ? " (\(Format.sig3(days)) d on \(Format.int(g)))" : " (\(Format.sig3(days * 24)) h on \(Format.int(g)))"
            md += "- wall-clock on \(Format.int(g)) GPUs: \(Format.sig3(days)) days (perfect scaling assumed)\n"
        }
        if let p = c.pricePerHour, p > 0 {
            let dollars = gpuHours * p
            short += " · $\(Format.short(dollars))"
            md += "- cost at your pricePerHour $\(p)/GPU-hour: $\(Format.int(dollars))\n"
        }
        return Figures(short: short, markdown: md)
    }

    /// No MFU set: what `cost/training` answers for these FLOPs on the accelerator, as ranges.
    static func rangeFigures(flops: Double, params: Double, _ a: Accelerator, _ c: ComputeSettings) -> Figures? {
        let gpus = max(1, Int(exactly: (c.gpus ?? 1).rounded()) ?? 1)
        let price = c.pricePerHour.map { FractionRange(low: $0, high: $0) }
        guard let r = try? TrainingCost.estimate(TrainingCostRequest(flops: flops, hardware: a, gpus: gpus, activeParams: params,
                                                                      pricePerHour: price)) else { return nil }
        let h = r.gpuHoursRange, d = r.wallClockDaysRange, m = r.mfuRange
        var short = "\(Format.range(h.low, h.high)) GPU-h"
        var md = "- GPU-hours \(Format.int(h.low))–\(Format.int(h.high)) (mid \(Format.int(h.mid))): MFU \(Format.sig3(m.low * 100))–\(Format.sig3(m.high * 100)) % as published runs reached on \(a.name), goodput \(Format.sig3(r.goodput.low * 100))–\(Format.sig3(r.goodput.high * 100)) % (set `scalewise.mfu` for one figure)\n"
        if c.gpus != nil {
            short += " (\(Format.sig3(d.low))–\(Format.sig3(d.high)) d on \(gpus))"
            md += "- wall-clock on \(gpus) GPUs: \(Format.sig3(d.low))–\(Format.sig3(d.high)) days\n"
        }
        if let usd = r.usd {
            short += " · \(Format.usdRange(usd.low, usd.high))"
            md += "- cost \(Format.usdRange(usd.low, usd.high)) (mid \(Format.usd(usd.mid)))" + (c.pricePerHour == nil ? " at the \(a.id) row's dated price range\n" : " at your pricePerHour\n")
        }
        return Figures(short: short, markdown: md)
    }

    static func breakdownMarkdown(_ b: ArchitectureCount.Breakdown, _ a: ArchitectureCount.Input) -> String {
        var md = "**Parameters** ≈ \(Format.short(b.total)) (\(Format.int(b.total)))\n\n"
        md += "| part | parameters |\n|---|---:|\n"
        md += "| attention Q, K, V, O (\(Format.int(a.layers)) layers) | \(Format.int(b.attention)) |\n"
        md += "| MLP (\(a.gated ? "gated, 3" : "2") matrices) | \(Format.int(b.mlp)) |\n"
        if b.biases > 0 { md += "| biases | \(Format.int(b.biases)) |\n" }
        md += "| norms | \(Format.int(b.norms)) |\n"
        md += "| embeddings | \(Format.int(b.embeddings)) |\n"
        if b.positions > 0 { md += "| position embeddings | \(Format.int(b.positions)) |\n" }
        md += "| non-embedding | \(Format.int(b.nonEmbedding)) |\n"
        md += "\nFormula per layer: attention h·(q + 2·kv) + q·h (q = heads·headDim, kv = kvHeads·headDim), MLP \(a.gated ? "3" : "2")·h·ffn; plus norms, embeddings vocab·h (×2 if untied).\n"
        md += "\nRead from the file: " + b.assumptions.joined(separator: "; ") + ".\n"
        return md
    }

    static func assumptionsAndSources(_ assumptions: [String], law: ScalingLaw, compute: ComputeSettings?) -> String {
        var md = "\n**Assumptions**\n"
        for a in assumptions { md += "- \(a)\n" }
        if compute == nil { md += "- no GPU-hours: set `scalewise.hardware` (a range from published runs), or `scalewise.peakFlops` with `scalewise.mfu`\n" }
        md += "\n**Sources**\n"
        for c in law.sources + [ComputeOptimal.costCitation] {
            md += "- \(c.title)\(c.detail.map { ": \($0)" } ?? "")\(c.url.map { " <\($0)>" } ?? "")\n"
        }
        return md
    }
}
