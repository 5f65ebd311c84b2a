import JSON
import ScalingCore

/// Reads data/hardware.json (`{"comment", "accelerators": [row, ...]}`),
/// data/api-prices.json (`{"comment", "prices": [row, ...]}`) and data/reported-runs.json
/// (`{"comment", "runs": [row, ...]}`) with the JSON module, field for field onto `Accelerator`,
/// `ApiPrice` and `ReportedRun` (the mapping is documented on those structs).
/// Errors name the path inside the document: `hardware.json.accelerators[3].price.low`.
public enum HardwareCatalogJSON {
    /// Keys of a full accelerator row (a data file row, a state row, a `hardware/set` row).
    static let rowKeys: Set<String> = ["id", "name", "vendor", "peakFlopsPerSecond", "memoryBytes",
                                       "memoryBandwidthBytesPerSecond", "powerWatts", "interconnect",
                                       "matmulFraction", "price", "sources", "notes", "origin"]
    /// `mid` is accepted so a row read back from `hardware/get` can be sent as it is; it must
    /// then be the midpoint of low and high.
    static let priceKeys: Set<String> = ["low", "mid", "high", "date", "source"]
    static let citationKeys: Set<String> = ["title", "detail", "url"]

    /// The accelerator rows of data/hardware.json, each checked with `HardwareCatalog.validate`.
    public static func accelerators(_ document: JSON, file: String = "hardware.json") throws(FieldError) -> [Accelerator] {
        let root = Fields(document, path: file)
        guard document.kind == .object else { throw FieldError(field: file, reason: "expected an object with an \"accelerators\" array") }
        guard let entries = try root.optionalArray("accelerators", maxCount: 10_000) else {
            throw FieldError(field: root.fieldPath("accelerators"), reason: "is required: expected an array of accelerators")
        }
        var rows: [Accelerator] = []
        var seen: Set<String> = []
        for (i, entry) in entries.enumerated() {
            let path = root.fieldPath("accelerators") + "[\(i)]"
            var row = try accelerator(entry, path: path)
            row.origin = "builtin"
            guard seen.insert(row.id).inserted else {
                throw FieldError(field: path + ".id", reason: "duplicate accelerator id '\(row.id)'")
            }
            rows.append(row)
        }
        return rows
    }

    /// One full row; `path` names it in errors. The row is validated (positive figures,
    /// price low ≤ high, a dated price) with the field named under `path`.
    public static func accelerator(_ value: JSON, path: String, defaultPriceSource: Citation? = nil) throws(FieldError) -> Accelerator {
        guard value.kind == .object else { throw FieldError(field: path, reason: "expected an accelerator object, got \(Fields.describe(value))") }
        let f = Fields(value, path: path)
        try f.rejectUnknown(rowKeys)
        let row = Accelerator(
            id: try f.string("id"), name: try f.string("name"), vendor: try f.string("vendor"),
            peakFlopsPerSecond: try peaks(f),
            memoryBytes: try f.number("memoryBytes"),
            memoryBandwidthBytesPerSecond: try f.number("memoryBandwidthBytesPerSecond"),
            powerWatts: try f.optionalNumber("powerWatts"),
            interconnect: try f.optionalString("interconnect"),
            matmulFraction: try f.optionalNumber("matmulFraction"),
            price: try price(f, defaultSource: defaultPriceSource),
            sources: try sources(f),
            notes: try notes(f),
            origin: try f.optionalString("origin") ?? "builtin")
        try validated(row, path: path)
        return row
    }

    /// The citation of a figure a user gave through `hardware/set` without naming a source.
    static let userCitation = Citation(title: "given by the user (hardware/set)",
                                       detail: "not from the built-in hardware table; no source was given with the figure")

    /// A partial row for `hardware/set` on an existing id: every field but `id` optional.
    /// A figure given without its own entry in `sources` is cited as user-given, so the built-in
    /// citation never stays attached to a number it no longer describes.
    static func patch(_ f: Fields) throws(FieldError) -> AcceleratorPatch {
        var p = AcceleratorPatch(
            id: try f.string("id"), name: try f.optionalString("name"), vendor: try f.optionalString("vendor"),
            peakFlopsPerSecond: try peaks(f),
            memoryBytes: try f.optionalNumber("memoryBytes"),
            memoryBandwidthBytesPerSecond: try f.optionalNumber("memoryBandwidthBytesPerSecond"),
            powerWatts: try f.optionalNumber("powerWatts"),
            interconnect: try f.optionalString("interconnect"),
            matmulFraction: try f.optionalNumber("matmulFraction"),
            price: try price(f, defaultSource: userCitation),
            sources: try sources(f),
            notes: try notes(f))
        var given = p.peakFlopsPerSecond.keys.map { "peakFlopsPerSecond.\($0.rawValue)" }
        if p.memoryBytes != nil { given.append("memoryBytes") }
        if p.memoryBandwidthBytesPerSecond != nil { given.append("memoryBandwidthBytesPerSecond") }
        if p.powerWatts != nil { given.append("powerWatts") }
        if p.interconnect != nil { given.append("interconnect") }
        if p.matmulFraction != nil { given.append("matmulFraction") }
        for key in given where p.sources[key] == nil { p.sources[key] = userCitation }
        return p
    }

    /// A new row from `hardware/set`: a full row; figures without a source are cited as user-given.
    static func userRow(_ value: JSON, path: String) throws(FieldError) -> Accelerator {
        var row = try accelerator(value, path: path, defaultPriceSource: userCitation)
        var given = row.peakFlopsPerSecond.keys.map { "peakFlopsPerSecond.\($0.rawValue)" } + ["memoryBytes", "memoryBandwidthBytesPerSecond"]
        if row.powerWatts != nil { given.append("powerWatts") }
        if row.interconnect != nil { given.append("interconnect") }
        if row.matmulFraction != nil { given.append("matmulFraction") }
        for key in given where row.sources[key] == nil { row.sources[key] = userCitation }
        row.origin = "user"
        return row
    }

    /// `HardwareCatalog.validate` with its field names put under `path`.
    static func validated(_ row: Accelerator, path: String) throws(FieldError) {
        do { try HardwareCatalog.validate(row, fieldPrefix: path) } catch {
            throw fieldError(error, path: path)
        }
    }

    static func fieldError(_ error: DomainError, path: String) -> FieldError {
        switch error {
        case .invalidInput(let field, let reason): return FieldError(field: field, reason: reason)
        case .unanswerable(let m), .numerical(let m): return FieldError(field: path, reason: m)
        }
    }

    static func peaks(_ f: Fields) throws(FieldError) -> [Precision: Double] {
        guard let p = try f.optionalObject("peakFlopsPerSecond") else { return [:] }
        try p.rejectUnknown(Set(Precision.allCases.map(\.rawValue)))
        var out: [Precision: Double] = [:]
        for precision in Precision.allCases {
            if let v = try p.optionalNumber(precision.rawValue) { out[precision] = v }
        }
        return out
    }

    /// `defaultSource` makes `source` optional (user prices, such as a negotiated rate).
    static func price(_ f: Fields, defaultSource: Citation? = nil) throws(FieldError) -> PriceRange? {
        guard let p = try f.optionalObject("price") else { return nil }
        try p.rejectUnknown(priceKeys)
        let source: Citation
        if let defaultSource, !p.has("source") { source = defaultSource } else { source = try citation(p.object("source")) }
        let range = PriceRange(low: try p.number("low"), high: try p.number("high"), date: try p.string("date"),
                               source: source)
        if let mid = try p.optionalNumber("mid"), abs(mid - range.mid) > 1e-9 * max(1, abs(range.mid)) {
            throw FieldError(field: p.fieldPath("mid"), reason: "mid is always (low + high) / 2 = \(range.mid); leave it out or send that value, got \(mid)")
        }
        return range
    }

    static func sources(_ f: Fields) throws(FieldError) -> [String: Citation] {
        guard let s = try f.optionalObject("sources") else { return [:] }
        var out: [String: Citation] = [:]
        for (key, value) in s.object?.members ?? [] where !value.isNull {
            out[key] = try citation(s.object(key))
        }
        return out
    }

    static func notes(_ f: Fields) throws(FieldError) -> [String] {
        let items = try f.optionalArray("notes", maxCount: 100) ?? []
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard let s = item.string else {
                throw FieldError(field: f.fieldPath("notes") + "[\(i)]", reason: "expected a string, got \(Fields.describe(item))")
            }
            out.append(s)
        }
        return out
    }

    static func citation(_ c: Fields) throws(FieldError) -> Citation {
        try c.rejectUnknown(citationKeys)
        return Citation(title: try c.string("title"), detail: try c.optionalString("detail"), url: try c.optionalString("url"))
    }

    /// The rows of data/api-prices.json.
    public static func apiPrices(_ document: JSON, file: String = "api-prices.json") throws(FieldError) -> [ApiPrice] {
        guard document.kind == .object else { throw FieldError(field: file, reason: "expected an object with a \"prices\" array") }
        let root = Fields(document, path: file)
        guard let entries = try root.optionalArray("prices", maxCount: 10_000) else {
            throw FieldError(field: root.fieldPath("prices"), reason: "is required: expected an array of API prices")
        }
        var out: [ApiPrice] = []
        var seen: Set<String> = []
        for (i, entry) in entries.enumerated() {
            let path = root.fieldPath("prices") + "[\(i)]"
            guard entry.kind == .object else { throw FieldError(field: path, reason: "expected an object, got \(Fields.describe(entry))") }
            let f = Fields(entry, path: path)
            try f.rejectUnknown(["id", "provider", "model", "usdPerMillionInputTokens", "usdPerMillionOutputTokens", "date", "source"])
            let price = ApiPrice(id: try f.string("id"), provider: try f.string("provider"), model: try f.string("model"),
                                 usdPerMillionInputTokens: try nonNegative(f, "usdPerMillionInputTokens"),
                                 usdPerMillionOutputTokens: try nonNegative(f, "usdPerMillionOutputTokens"),
                                 date: try f.string("date"), source: try citation(f.object("source")))
            guard seen.insert(price.id).inserted else {
                throw FieldError(field: path + ".id", reason: "duplicate API price id '\(price.id)'")
            }
            out.append(price)
        }
        return out
    }

    static let runKeys: Set<String> = ["id", "model", "organization", "modelId", "parameters", "activeParameters", "tokens",
                                       "flops", "accelerator", "acceleratorCount", "precision", "reportedHours", "hoursBasis",
                                       "reportedMfu", "mfuDefinition", "sequenceLength", "architecture", "goodput",
                                       "hoursNotComparable", "energyKwh", "co2Tonnes", "sources", "notes"]

    /// The rows of data/reported-runs.json, each validated; with `catalog`, every accelerator
    /// id must name one of its rows.
    public static func reportedRuns(_ document: JSON, catalog: HardwareCatalog? = nil,
                                    file: String = "reported-runs.json") throws(FieldError) -> [ReportedRun] {
        guard document.kind == .object else { throw FieldError(field: file, reason: "expected an object with a \"runs\" array") }
        let root = Fields(document, path: file)
        guard let entries = try root.optionalArray("runs", maxCount: 10_000) else {
            throw FieldError(field: root.fieldPath("runs"), reason: "is required: expected an array of reported runs")
        }
        var out: [ReportedRun] = []
        var seen: Set<String> = []
        for (i, entry) in entries.enumerated() {
            let path = root.fieldPath("runs") + "[\(i)]"
            guard entry.kind == .object else { throw FieldError(field: path, reason: "expected an object, got \(Fields.describe(entry))") }
            let f = Fields(entry, path: path)
            try f.rejectUnknown(runKeys)
            let precisionName = try f.string("precision")
            guard let precision = Precision(rawValue: precisionName) else {
                throw FieldError(field: f.fieldPath("precision"), reason: "expected one of \(Precision.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(precisionName)\"")
            }
            var mfu: FractionRange?
            if let m = try f.optionalObject("reportedMfu") {
                try m.rejectUnknown(["low", "high"])
                mfu = FractionRange(low: try m.number("low"), high: try m.number("high"))
            }
            var definition: MFUDefinition?
            if let m = try f.optionalObject("mfuDefinition") {
                try m.rejectUnknown(["flops", "words"])
                let name = try m.string("flops")
                guard let flops = MFUFlops(rawValue: name) else {
                    throw FieldError(field: m.fieldPath("flops"), reason: "expected one of \(MFUFlops.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(name)\"")
                }
                definition = MFUDefinition(flops: flops, words: try m.string("words"))
            }
            var goodput: ReportedGoodput?
            if let g = try f.optionalObject("goodput") {
                try g.rejectUnknown(["low", "high", "basis"])
                goodput = ReportedGoodput(range: FractionRange(low: try g.number("low"), high: try g.number("high")), basis: try g.string("basis"))
            }
            let architecture = try f.optionalObject("architecture").map { a throws(FieldError) in try ModelCatalogJSON.architecture(a) }
            let items = try f.optionalArray("sources", maxCount: 100) ?? []
            var sources: [Citation] = []
            for (j, item) in items.enumerated() {
                guard item.kind == .object else {
                    throw FieldError(field: f.fieldPath("sources") + "[\(j)]", reason: "expected a citation object, got \(Fields.describe(item))")
                }
                sources.append(try citation(Fields(item, path: f.fieldPath("sources") + "[\(j)]")))
            }
            var count: Int?
            if let n = try f.optionalNumber("acceleratorCount") {
                guard n == n.rounded(), n >= 1, n <= 1e7 else {
                    throw FieldError(field: f.fieldPath("acceleratorCount"), reason: "expected a whole number of accelerators, got \(n)")
                }
                count = Int(n)
            }
            let run = ReportedRun(
                id: try f.string("id"), model: try f.string("model"), organization: try f.string("organization"),
                modelId: try f.optionalString("modelId"), parameters: try f.number("parameters"),
                activeParameters: try f.optionalNumber("activeParameters"), tokens: try f.number("tokens"),
                flops: try f.optionalNumber("flops"), accelerator: try f.string("accelerator"), acceleratorCount: count,
                precision: precision, reportedHours: try f.number("reportedHours"), hoursBasis: try f.string("hoursBasis"),
                reportedMfu: mfu, mfuDefinition: definition,
                sequenceLength: try f.optionalInteger("sequenceLength", in: 1...ModelCatalogJSON.dimensionRange.upperBound),
                architecture: architecture, goodput: goodput, hoursNotComparable: try f.optionalString("hoursNotComparable"),
                energyKwh: try f.optionalNumber("energyKwh"), co2Tonnes: try f.optionalNumber("co2Tonnes"),
                sources: sources, notes: try notes(f))
            do { try run.validate(prefix: path) } catch { throw fieldError(error, path: path) }
            if let catalog, catalog.rows[run.accelerator] == nil {
                throw FieldError(field: f.fieldPath("accelerator"), reason: "unknown accelerator '\(run.accelerator)' (not in hardware.json)")
            }
            guard seen.insert(run.id).inserted else {
                throw FieldError(field: path + ".id", reason: "duplicate run id '\(run.id)'")
            }
            out.append(run)
        }
        return out
    }

    static func nonNegative(_ f: Fields, _ key: String) throws(FieldError) -> Double {
        let v = try f.number(key)
        guard v >= 0 else { throw FieldError(field: f.fieldPath(key), reason: "expected a price ≥ 0, got \(v)") }
        return v
    }
}
