/// The accelerators the daemon knows: built-in rows (data/hardware.json) merged with user
/// additions and overrides. A value type: every change returns a new catalog.
public struct HardwareCatalog: Sendable, Equatable {
    public private(set) var rows: [String: Accelerator]

    /// Builds a catalog from built-in rows, validating each; ids must be unique.
    public init(builtIns: [Accelerator]) throws(DomainError) {
        rows = [:]
        for (i, a) in builtIns.enumerated() {
            try Self.validate(a, fieldPrefix: "[\(i)]")
            guard rows[a.id] == nil else {
                throw .invalidInput(field: "[\(i)].id", reason: "duplicate accelerator id '\(a.id)'")
            }
            rows[a.id] = a
        }
    }

    /// All rows sorted by id.
    public var all: [Accelerator] { rows.values.sorted { $0.id < $1.id } }
    public var ids: [String] { rows.keys.sorted() }

    /// The row for `id`, or `.invalidInput(field:)` listing known ids, closest first.
    /// Ids are matched case-insensitively (`H100-SXM` is `h100-sxm`), as model ids are.
    public func accelerator(id: String, field: String = "hardware") throws(DomainError) -> Accelerator {
        if let a = rows[id] { return a }
        if let a = rows.values.first(where: { $0.id.caseInsensitiveCompare(id) == .orderedSame }) { return a }
        let close = closeMatches(for: id)
        var reason = "unknown accelerator '\(id)'"
        if !close.isEmpty { reason += "; did you mean \(close.map { "'\($0)'" }.joined(separator: " or "))?" }
        reason += " Known: \(ids.joined(separator: ", "))"
        throw .invalidInput(field: field, reason: reason)
    }

    /// Adds a user row (a new id) or replaces a row entirely; the row is validated first.
    public func adding(_ row: Accelerator, fieldPrefix: String = "") throws(DomainError) -> HardwareCatalog {
        try Self.validate(row, fieldPrefix: fieldPrefix)
        var copy = self
        var r = row
        r.origin = "user"
        copy.rows[row.id] = r
        return copy
    }

    /// Applies a partial override to an existing row; the merged row is validated.
    public func applying(_ patch: AcceleratorPatch, fieldPrefix: String = "") throws(DomainError) -> HardwareCatalog {
        let base = try accelerator(id: patch.id, field: Self.join(fieldPrefix, "id"))
        let merged = patch.merged(onto: base)
        return try adding(merged, fieldPrefix: fieldPrefix)
    }

    /// Validates a row; errors name the field relative to `fieldPrefix` ("price.low").
    public static func validate(_ a: Accelerator, fieldPrefix: String = "") throws(DomainError) {
        func f(_ name: String) -> String { join(fieldPrefix, name) }
        guard !a.id.isEmpty, a.id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" || $0 == "." }),
              a.id.allSatisfy(\.isASCII) else {
            throw .invalidInput(field: f("id"), reason: "expected a lowercase id of letters, digits, '-' and '.', got '\(a.id)'")
        }
        // An empty peak table is allowed (a row whose vendor publishes no tensor rate, like the
        // A10G); cost questions on it fail with a field error naming the missing precision.
        for p in Precision.allCases {
            if let v = a.peakFlopsPerSecond[p] {
                try Check.positive(v, field: f("peakFlopsPerSecond.\(p.rawValue)"), what: "FLOP/s")
            }
        }
        try Check.positive(a.memoryBytes, field: f("memoryBytes"), what: "number of bytes")
        try Check.positive(a.memoryBandwidthBytesPerSecond, field: f("memoryBandwidthBytesPerSecond"), what: "bytes/s")
        if let w = a.powerWatts { try Check.positive(w, field: f("powerWatts"), what: "power in watts") }
        if let m = a.matmulFraction { try Check.unitFraction(m, field: f("matmulFraction")) }
        if let p = a.price {
            try Check.nonNegative(p.low, field: f("price.low"), what: "price in US dollars per hour")
            try Check.nonNegative(p.high, field: f("price.high"), what: "price in US dollars per hour")
            guard p.low <= p.high else {
                throw .invalidInput(field: f("price.low"), reason: "low (\(p.low)) must not exceed high (\(p.high))")
            }
            guard !p.date.isEmpty else {
                throw .invalidInput(field: f("price.date"), reason: "a price needs the date it was published or read")
            }
        }
    }

    /// Known ids nearest to `id`, closest first (see `CloseMatches`).
    public func closeMatches(for id: String, limit: Int = 3) -> [String] {
        CloseMatches.find(id, in: ids, limit: limit)
    }

    static func join(_ prefix: String, _ name: String) -> String {
        prefix.isEmpty ? name : "\(prefix).\(name)"
    }
}

/// A partial override of an existing row: only the non-nil fields replace the base row's.
/// Peak entries and sources merge key by key. JSON: the same field names as a row, all optional
/// except `id`; `"price": null` is not a removal (send a full row to remove a price).
public struct AcceleratorPatch: Sendable, Equatable {
    public var id: String
    public var name: String?
    public var vendor: String?
    public var peakFlopsPerSecond: [Precision: Double]
    public var memoryBytes: Double?
    public var memoryBandwidthBytesPerSecond: Double?
    public var powerWatts: Double?
    public var interconnect: String?
    public var matmulFraction: Double?
    public var price: PriceRange?
    public var sources: [String: Citation]
    public var notes: [String]

    public init(id: String, name: String? = nil, vendor: String? = nil, peakFlopsPerSecond: [Precision: Double] = [:],
                memoryBytes: Double? = nil, memoryBandwidthBytesPerSecond: Double? = nil, powerWatts: Double? = nil,
                interconnect: String? = nil, matmulFraction: Double? = nil, price: PriceRange? = nil,
                sources: [String: Citation] = [:], notes: [String] = []) {
        self.id = id
        self.name = name
        self.vendor = vendor
        self.peakFlopsPerSecond = peakFlopsPerSecond
        self.memoryBytes = memoryBytes
        self.memoryBandwidthBytesPerSecond = memoryBandwidthBytesPerSecond
        self.powerWatts = powerWatts
        self.interconnect = interconnect
        self.matmulFraction = matmulFraction
        self.price = price
        self.sources = sources
        self.notes = notes
    }

    public func merged(onto base: Accelerator) -> Accelerator {
        var r = base
        if let v = name { r.name = v }
        if let v = vendor { r.vendor = v }
        r.peakFlopsPerSecond.merge(peakFlopsPerSecond) { _, new in new }
        if let v = memoryBytes { r.memoryBytes = v }
        if let v = memoryBandwidthBytesPerSecond { r.memoryBandwidthBytesPerSecond = v }
        if let v = powerWatts { r.powerWatts = v }
        if let v = interconnect { r.interconnect = v }
        if let v = matmulFraction { r.matmulFraction = v }
        if let v = price { r.price = v }
        r.sources.merge(sources) { _, new in new }
        r.notes += notes
        return r
    }
}
