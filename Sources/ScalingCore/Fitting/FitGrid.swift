/// Start points for the multi-start L-BFGS search.
enum FitGrid {
    /// Axis names a request may give under `options.grid`, in internal order.
    static func axisNames(_ form: FitForm) -> [String] {
        switch form {
        case .chinchilla: ["a", "b", "e", "alpha", "beta"]
        case .kaplan: ["logNc", "logDc", "alphaN", "alphaD"]
        }
    }

    /// Chinchilla: Hoffmann et al. 2022 / Besiroglu et al. 2024 grid, α, β ∈ {0, 0.5, …, 2},
    /// e ∈ {−1, −0.5, …, 1}, a, b ∈ {0, 5, …, 25}: 6·6·5·5·5 = 4,500 starts.
    /// Kaplan: around Kaplan et al. 2020's Table 2 (Nc 6.4e13 ≈ e^31.8, Dc 1.8e13 ≈ e^30.5,
    /// αN 0.076, αD 0.103), a decade or more either side: 5·5·4·4 = 400 starts. (MPT runs put
    /// Dc near e^35, so the log axes reach e^40.)
    static func defaultAxes(for form: FitForm) -> [GridAxis] {
        switch form {
        case .chinchilla:
            let ab = stride(from: 0.0, through: 25, by: 5).map { $0 }
            return [GridAxis(name: "a", values: ab), GridAxis(name: "b", values: ab),
                    GridAxis(name: "e", values: [-1, -0.5, 0, 0.5, 1]),
                    GridAxis(name: "alpha", values: [0, 0.5, 1, 1.5, 2]),
                    GridAxis(name: "beta", values: [0, 0.5, 1, 1.5, 2])]
        case .kaplan:
            return [GridAxis(name: "logNc", values: [20, 25, 30, 35, 40]),
                    GridAxis(name: "logDc", values: [20, 25, 30, 35, 40]),
                    GridAxis(name: "alphaN", values: [0.03, 0.07, 0.15, 0.3]),
                    GridAxis(name: "alphaD", values: [0.03, 0.07, 0.15, 0.3])]
        }
    }

    /// Puts user axes in internal order and checks them; field paths are "options.grid.<name>".
    static func resolve(_ axes: [GridAxis]?, form: FitForm, maxStarts: Int, setting: String? = nil) throws(DomainError) -> [GridAxis] {
        let names = axisNames(form)
        let defaults = defaultAxes(for: form)
        guard let axes else { return try checked(defaults, maxStarts: maxStarts, setting: setting) }
        var byName: [String: GridAxis] = [:]
        for axis in axes {
            let field = "options.grid.\(axis.name)"
            guard names.contains(axis.name) else {
                throw .invalidInput(field: field, reason: "unknown axis for the \(form.rawValue) form; expected \(names.joined(separator: ", "))")
            }
            guard byName[axis.name] == nil else { throw .invalidInput(field: field, reason: "given twice") }
            guard !axis.values.isEmpty else { throw .invalidInput(field: field, reason: "needs at least one start value") }
            if let i = axis.values.firstIndex(where: { !$0.isFinite }) {
                throw .invalidInput(field: "\(field)[\(i)]", reason: "must be a finite number")
            }
            if form == .kaplan, axis.name == "alphaD", let i = axis.values.firstIndex(of: 0) {
                throw .invalidInput(field: "\(field)[\(i)]", reason: "αD = 0 makes the Kaplan law constant; use a nonzero start")
            }
            byName[axis.name] = axis
        }
        return try checked(names.enumerated().map { i, name in byName[name] ?? defaults[i] }, maxStarts: maxStarts, setting: setting)
    }

    private static func checked(_ axes: [GridAxis], maxStarts: Int, setting: String?) throws(DomainError) -> [GridAxis] {
        let starts = axes.reduce(1.0) { $0 * Double($1.values.count) }
        guard starts <= Double(maxStarts) else {
            throw .invalidInput(field: "options.grid", reason: "\(Format.general(starts)) starts exceed the limit of \(maxStarts)"
                + (setting.map { " (\($0))" } ?? ""))
        }
        return axes
    }

    /// The k-th point of the Cartesian product (last axis fastest), in grid coordinates.
    static func point(_ k: Int, axes: [GridAxis]) -> [Double] {
        var rest = k
        var p = [Double](repeating: 0, count: axes.count)
        for j in stride(from: axes.count - 1, through: 0, by: -1) {
            let n = axes[j].values.count
            p[j] = axes[j].values[rest % n]
            rest /= n
        }
        return p
    }

    static func count(_ axes: [GridAxis]) -> Int {
        axes.reduce(1) { $0 * $1.values.count }
    }

    /// Axes on which the optimum sits at or beyond the grid's range (within 1 % of its span):
    /// the grid may not have bracketed the optimum, or the data cannot pin that constant.
    static func edges(of coordinates: [Double], axes: [GridAxis]) -> [String] {
        var names: [String] = []
        for (j, axis) in axes.enumerated() {
            guard let lo = axis.values.min(), let hi = axis.values.max(), hi > lo else { continue }
            let margin = 0.01 * (hi - lo)
            if coordinates[j] <= lo + margin || coordinates[j] >= hi - margin { names.append(axis.name) }
        }
        return names
    }
}
