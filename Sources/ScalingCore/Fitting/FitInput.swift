/// What the fit did with each run of the request.
public enum RunRole: String, Sendable, Equatable {
    case train
    case heldOut
    /// Fewer tokens than options.minTokens.
    case belowMinTokens
}

/// A request checked and split into training and held-out runs.
struct FitInput {
    var runs: [TrainingRun]
    var roles: [RunRole]
    var axes: [GridAxis]

    var train: [TrainingRun] { zip(runs, roles).filter { $0.1 == .train }.map(\.0) }
    var heldOut: [TrainingRun] { zip(runs, roles).filter { $0.1 == .heldOut }.map(\.0) }

    /// Checks everything a fit needs; every error names the request field at fault.
    static func prepare(_ request: FitRequest, limits: FitLimits) throws(DomainError) -> FitInput {
        let runs = request.runs
        let options = request.options
        guard runs.count <= limits.maxRuns else {
            throw .invalidInput(field: "runs", reason: "at most \(limits.maxRuns) runs per fit, got \(runs.count)")
        }
        for (i, run) in runs.enumerated() {
            for (name, value) in [("params", run.params), ("tokens", run.tokens), ("loss", run.loss)] {
                guard value.isFinite, value > 0 else {
                    throw .invalidInput(field: "runs[\(i)].\(name)", reason: "must be a positive finite number, got \(value)")
                }
            }
        }
        var seen: [TrainingRun: Int] = [:]
        for (i, run) in runs.enumerated() {
            let key = TrainingRun(params: run.params, tokens: run.tokens, loss: run.loss)
            if let first = seen[key] {
                throw .invalidInput(field: "runs[\(i)]", reason: "duplicates runs[\(first)] (same params, tokens and loss); a run counted twice skews the fit")
            }
            seen[key] = i
        }
        guard options.huberDelta.isFinite, options.huberDelta > 0 else {
            throw .invalidInput(field: "options.huberDelta", reason: "must be a positive finite number, got \(options.huberDelta)")
        }
        guard options.bootstrap >= 0, options.bootstrap <= limits.maxBootstrap else {
            throw .invalidInput(field: "options.bootstrap", reason: "must be between 0 and \(limits.maxBootstrap) samples, got \(options.bootstrap)")
        }
        if let m = options.minTokens, !(m.isFinite && m >= 0) {
            throw .invalidInput(field: "options.minTokens", reason: "must be a finite number ≥ 0, got \(m)")
        }
        let axes = try FitGrid.resolve(options.grid, form: request.form, maxStarts: limits.maxStarts,
                                        setting: limits.maxStartsSetting)

        var roles = runs.map { run -> RunRole in
            if let m = options.minTokens, run.tokens < m { return .belowMinTokens }
            return .train
        }
        try assignHoldout(options.holdout, runs: runs, roles: &roles, seed: options.seed)

        let dimension = FitParameterization.dimension(request.form)
        let train = zip(runs, roles).filter { $0.1 == .train }.map(\.0)
        guard train.count >= dimension else {
            throw .invalidInput(field: "runs", reason: "the \(request.form.rawValue) form has \(dimension) constants and needs at least \(dimension) training runs; \(train.count) remain of \(runs.count) after options.minTokens and options.holdout")
        }
        guard Set(train.map(\.params)).count > 1 else {
            throw .invalidInput(field: "runs", reason: "all training runs have one model size (\(train[0].params) parameters): the parameter term cannot be told apart from the constant; fit at least 5 sizes")
        }
        guard Set(train.map(\.tokens)).count > 1 else {
            throw .invalidInput(field: "runs", reason: "all training runs saw one token count (\(train[0].tokens)): the data term cannot be told apart from the constant")
        }
        return FitInput(runs: runs, roles: roles, axes: axes)
    }

    private static func assignHoldout(_ holdout: Holdout, runs: [TrainingRun], roles: inout [RunRole],
                                      seed: UInt64) throws(DomainError) {
        switch holdout {
        case .none:
            return
        case .largest:
            let kept = roles.indices.filter { roles[$0] == .train }
            guard let largest = kept.map({ runs[$0].params }).max() else { return }
            for i in kept where runs[i].params == largest { roles[i] = .heldOut }
        case .fraction(let f):
            guard f.isFinite, f > 0, f < 1 else {
                throw .invalidInput(field: "options.holdout", reason: "a fraction must be strictly between 0 and 1, got \(f)")
            }
            // Seeded shuffle of the kept runs; the first ⌈f·n⌉ are held out.
            var kept = roles.indices.filter { roles[$0] == .train }
            var rng = SplitMix64(seed: seed, stream: 0x401D)
            for i in stride(from: kept.count - 1, to: 0, by: -1) { kept.swapAt(i, rng.below(i + 1)) }
            let n = Int((f * Double(kept.count)).rounded(.up))
            for i in kept.prefix(n) { roles[i] = .heldOut }
        case .names(let names):
            let known = Set(runs.compactMap(\.name))
            for (j, name) in names.enumerated() where !known.contains(name) {
                throw .invalidInput(field: "options.holdout[\(j)]", reason: "no run is named '\(name)'")
            }
            let wanted = Set(names)
            for i in roles.indices where roles[i] == .train {
                if let name = runs[i].name, wanted.contains(name) { roles[i] = .heldOut }
            }
        }
    }
}
