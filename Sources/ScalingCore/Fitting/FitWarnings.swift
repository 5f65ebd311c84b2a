import Foundation

/// The caveats a user needs before acting on a fit (thresholds from the practical guidance in Troughia's
/// survey, docs/REFERENCES.md "Fitting practice": ≥ 5 model sizes, ≥ 10B-token checkpoints, ~4 % ARE best
/// case, ≤ 20 % useful).
enum FitWarnings {
    static let minSizes = 5
    static let minSizeSpan = 10.0
    static let maxUsefulARE = 0.20
    static let earlyTokens = 1e10

    static func collect(result: FitResult, input: FitInput, options: FitOptions,
                        gridCoordinates: [Double], bootstrapFailures: Int, optimizerResult: Int32) -> [FitWarning] {
        var w: [FitWarning] = []
        let train = input.train
        let sizes = Set(train.map(\.params))
        if sizes.count < minSizes {
            w.append(FitWarning(code: "fewModelSizes", message: "only \(sizes.count) distinct model sizes; fit at least \(minSizes) spread over the range before trusting the exponents"))
        }
        if let lo = sizes.min(), let hi = sizes.max(), hi / lo < minSizeSpan {
            w.append(FitWarning(code: "narrowSizeRange", message: String(format: "model sizes span only %.1f× (%.3g to %.3g parameters), less than a decade: extrapolation is guesswork", hi / lo, lo, hi)))
        }
        if result.trainARE > maxUsefulARE {
            w.append(FitWarning(code: "highError", message: String(format: "mean absolute relative error on training runs is %.1f%%, above 20%%: not reliable for decisions", 100 * result.trainARE)))
        }
        if let h = result.heldOutARE, h > maxUsefulARE {
            w.append(FitWarning(code: "highHeldOutError", message: String(format: "mean absolute relative error on held-out runs is %.1f%%, above 20%%: not reliable for decisions", 100 * h)))
        }
        let early = train.filter { $0.tokens < earlyTokens }.count
        if early > 0 {
            w.append(FitWarning(code: "earlyCheckpoints", message: "\(early) training runs have fewer than 1e10 tokens; early checkpoints are noisy (set options.minTokens to drop them)"))
        }
        let edges = FitGrid.edges(of: gridCoordinates, axes: input.axes)
        if !edges.isEmpty {
            w.append(FitWarning(code: "gridEdge", message: "the optimum lies at or beyond the edge of the start grid for \(edges.joined(separator: ", ")); widen options.grid or treat those constants as unidentified"))
        }
        if !result.converged {
            w.append(FitWarning(code: "notConverged", message: "L-BFGS did not stop on a tolerance (NLopt result \(optimizerResult); 5 is the evaluation limit, negative a failure): the optimum may be imprecise"))
        }
        let exps = result.parameters.filter { ["alpha", "beta", "alphaN", "alphaD"].contains($0.name) }
        if let bad = exps.first(where: { !($0.value > 0) }) {
            w.append(FitWarning(code: "nonPhysical", message: "fitted \(bad.name) = \(bad.value) is not positive: loss does not fall with scale in this data, and the law cannot be used for allocation"))
        }
        if bootstrapFailures > 0 {
            w.append(FitWarning(code: "bootstrapFailures", message: "\(bootstrapFailures) of \(options.bootstrap) bootstrap refits failed and were left out of the intervals"))
        }
        return w
    }
}
