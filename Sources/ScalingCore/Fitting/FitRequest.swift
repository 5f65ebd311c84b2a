/// One training run: a model of `params` parameters trained on `tokens` tokens reached `loss` (nats).
public struct TrainingRun: Sendable, Equatable, Hashable {
    public var params: Double
    public var tokens: Double
    public var loss: Double
    /// A label; several runs may share one (the Sardana file names runs by model size).
    public var name: String?

    public init(params: Double, tokens: Double, loss: Double, name: String? = nil) {
        self.params = params
        self.tokens = tokens
        self.loss = loss
        self.name = name
    }
}

/// Which law to fit.
public enum FitForm: String, Sendable, Equatable, CaseIterable {
    /// L = E + A/N^α + B/D^β, fitted in (a, b, e, α, β) with A = e^a, B = e^b, E = e^e.
    case chinchilla
    /// L = [(Nc/N)^(αN/αD) + Dc/D]^αD, fitted in (log Nc, log Dc, αN, αD).
    case kaplan
}

/// Runs kept out of the fit to measure how well the law extrapolates.
public enum Holdout: Sendable, Equatable {
    case none
    /// Every run of the largest model size: the usual "does it extrapolate up" check.
    case largest
    /// This fraction of runs, drawn with the request's seed.
    case fraction(Double)
    /// Every run whose name is listed.
    case names([String])
}

/// One axis of the start grid: a parameter name of the form and its start values.
public struct GridAxis: Sendable, Equatable {
    public var name: String
    public var values: [Double]

    public init(name: String, values: [Double]) {
        self.name = name
        self.values = values
    }
}

public struct FitOptions: Sendable, Equatable {
    /// Huber threshold on log-loss residuals (Hoffmann et al. 2022 use 1e-3).
    public var huberDelta: Double = 1e-3
    /// Start grid; nil means the form's default (`FitGrid.defaultAxes(for:)`).
    public var grid: [GridAxis]? = nil
    /// Bootstrap samples for the 95 % intervals (0: no intervals).
    public var bootstrap: Int = 0
    /// Runs with fewer tokens are dropped (early checkpoints are noisy).
    public var minTokens: Double? = nil
    public var holdout: Holdout = .none
    public var seed: UInt64 = 0

    public init(huberDelta: Double = 1e-3, grid: [GridAxis]? = nil, bootstrap: Int = 0,
                minTokens: Double? = nil, holdout: Holdout = .none, seed: UInt64 = 0) {
        self.huberDelta = huberDelta
        self.grid = grid
        self.bootstrap = bootstrap
        self.minTokens = minTokens
        self.holdout = holdout
        self.seed = seed
    }
}

/// Limits that keep one request from taking the daemon down; the server may lower them.
public struct FitLimits: Sendable, Equatable {
    public var maxRuns: Int = 100_000
    public var maxBootstrap: Int = 100_000
    public var maxStarts: Int = 100_000
    /// Where `maxStarts` is set, named in the error that refuses a larger grid (the daemon
    /// passes its flag), so a user knows what to change.
    public var maxStartsSetting: String?

    public init(maxRuns: Int = 100_000, maxBootstrap: Int = 100_000, maxStarts: Int = 100_000, maxStartsSetting: String? = nil) {
        self.maxRuns = maxRuns
        self.maxBootstrap = maxBootstrap
        self.maxStarts = maxStarts
        self.maxStartsSetting = maxStartsSetting
    }
}

/// The params of `scaling/fit`, as domain values.
public struct FitRequest: Sendable, Equatable {
    public var runs: [TrainingRun]
    public var form: FitForm
    public var options: FitOptions

    public init(runs: [TrainingRun], form: FitForm = .chinchilla, options: FitOptions = FitOptions()) {
        self.runs = runs
        self.form = form
        self.options = options
    }
}
