import JSON
import ScalingCore

/// The laws the daemon knows: built-ins from data/laws.json, fitted laws added at run time.
public struct LawCatalog: Sendable {
    public private(set) var laws: [ScalingLaw] = []

    public init(laws: [ScalingLaw] = []) {
        self.laws = laws
    }

    public func law(id: String) -> ScalingLaw? {
        laws.first { $0.id == id }
    }

    public mutating func add(_ law: ScalingLaw) {
        laws.removeAll { $0.id == law.id }
        laws.append(law)
    }

    public var ids: [String] { laws.map(\.id) }

    /// Reads data/laws.json (`{"laws": [...]}`); errors name the file path inside the document.
    public static func decode(_ document: JSON) throws(FieldError) -> LawCatalog {
        let root = Fields(document, path: "laws.json")
        guard let entries = try root.optionalArray("laws", maxCount: 10_000) else {
            throw FieldError(field: "laws.json.laws", reason: "is required: expected an array of laws")
        }
        var catalog = LawCatalog()
        for (i, entry) in entries.enumerated() {
            let path = "laws.json.laws[\(i)]"
            guard entry.kind == .object else { throw FieldError(field: path, reason: "expected an object") }
            let f = Fields(entry, path: path)
            let form = try LawDecoding.form(name: f.string("form"), parameters: f.object("parameters"))
            let law = ScalingLaw(id: try f.string("id"), title: try f.string("title"), form: form,
                                 sources: try LawDecoding.citations(f, "sources"),
                                 notes: try (f.optionalArray("notes", maxCount: 100) ?? []).compactMap(\.string))
            do { try law.form.validate(prefix: path + ".parameters.") } catch {
                throw FieldError(field: path, reason: "\(error)")
            }
            catalog.add(law)
        }
        return catalog
    }
}

/// Wire shapes of laws: `"chinchilla"` (an id) or an inline law object.
enum LawDecoding {
    static let chinchillaKeys: Set<String> = ["form", "E", "A", "B", "alpha", "beta"]
    static let kaplanKeys: Set<String> = ["form", "Nc", "Dc", "alphaN", "alphaD"]

    static func form(name: String, parameters p: Fields) throws(FieldError) -> LawForm {
        switch name {
        case "chinchilla":
            return .chinchilla(ChinchillaForm(E: try p.number("E"), A: try p.number("A"), B: try p.number("B"),
                                              alpha: try p.number("alpha"), beta: try p.number("beta")))
        case "kaplan":
            return .kaplan(KaplanForm(Nc: try p.number("Nc"), Dc: try p.number("Dc"),
                                      alphaN: try p.number("alphaN"), alphaD: try p.number("alphaD")))
        default:
            throw FieldError(field: p.path.replacingLast("parameters", with: "form"), reason: "expected \"chinchilla\" or \"kaplan\", got \"\(name)\"")
        }
    }

    static func citations(_ f: Fields, _ key: String) throws(FieldError) -> [Citation] {
        let items = try f.optionalArray(key, maxCount: 100) ?? []
        var out: [Citation] = []
        for (i, item) in items.enumerated() {
            let c = Fields(item, path: f.fieldPath(key) + "[\(i)]")
            out.append(Citation(title: try c.string("title"), detail: try c.optionalString("detail"), url: try c.optionalString("url")))
        }
        return out
    }

    /// Resolves the `law` param of a request: an id from the catalog (default `chinchilla-epoch`,
    /// the refit that reproduces Hoffmann et al.'s runs)
    /// or an inline `{form, …constants}` object, so a user can try a paper's variant.
    static func resolve(_ params: Fields, key: String = "law", catalog: LawCatalog) throws(FieldError) -> ScalingLaw {
        guard let value = params.value(key) else { return defaultLaw(catalog) }
        return try resolve(value: value, field: params.fieldPath(key), catalog: catalog)
    }

    /// The law a request without `law` uses.
    static func defaultLaw(_ catalog: LawCatalog) -> ScalingLaw {
        catalog.law(id: PrintedChinchilla.refitID) ?? catalog.laws[0]
    }

    static func resolve(value: JSON, field: String, catalog: LawCatalog) throws(FieldError) -> ScalingLaw {
        if let id = value.string {
            guard let law = catalog.law(id: id) else {
                throw FieldError(field: field, reason: "unknown law \"\(id)\"; known laws: \(catalog.ids.joined(separator: ", "))")
            }
            return law
        }
        guard value.kind == .object else {
            throw FieldError(field: field, reason: "expected a law id or an inline law object, got \(Fields.describe(value))")
        }
        let f = Fields(value, path: field)
        let formName = try f.optionalString("form") ?? "chinchilla"
        try f.rejectUnknown(formName == "kaplan" ? kaplanKeys : chinchillaKeys)
        let form = try LawDecoding.form(name: formName, parameters: f)
        do {
            try form.validate(prefix: field + ".")
            try form.checkGivenExponents(prefix: field + ".")
        } catch {
            if case .invalidInput(let fieldName, let reason) = error { throw FieldError(field: fieldName, reason: reason) }
            throw FieldError(field: field, reason: "\(error)")
        }
        return ScalingLaw(id: "inline", title: "inline \(formName) law", form: form,
                          sources: [Citation(title: "given in the request")])
    }
}

extension String {
    func replacingLast(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
