import JSON
import ScalingCore

/// Wire shapes of hardware rows and API prices: the same field names as data/hardware.json,
/// plus `origin` ("builtin" or "user") and the price's `mid`.
enum HardwareJSON {
    /// `{low, mid, high, date, source}`: US dollars per accelerator-hour, mid = (low + high) / 2.
    static func price(_ p: PriceRange) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        try o.set("low", p.low)
        try o.set("mid", p.mid)
        try o.set("high", p.high)
        o.set("date", p.date)
        o.set("source", DomainJSON.citation(p.source))
        return o
    }

    /// A full row. Optional figures that are not published are left out; `sources` has one
    /// citation per figure keyed by its JSON path.
    static func accelerator(_ a: Accelerator) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("id", a.id)
        o.set("name", a.name)
        o.set("vendor", a.vendor)
        let peaks = JSON.object()
        for p in Precision.allCases {
            if let v = a.peakFlopsPerSecond[p] { try peaks.set(p.rawValue, v) }
        }
        o.set("peakFlopsPerSecond", peaks)
        try o.set("memoryBytes", a.memoryBytes)
        try o.set("memoryBandwidthBytesPerSecond", a.memoryBandwidthBytesPerSecond)
        try o.set("powerWatts", a.powerWatts)
        o.set("interconnect", a.interconnect)
        try o.set("matmulFraction", a.matmulFraction)
        if let p = a.price { o.set("price", try price(p)) }
        let sources = JSON.object()
        for key in a.sources.keys.sorted() { sources.set(key, DomainJSON.citation(a.sources[key]!)) }
        o.set("sources", sources)
        o.set("notes", strings: a.notes)
        o.set("origin", a.origin)
        return o
    }

    /// `{id, name}` for `initialize`.
    static func summary(_ a: Accelerator) -> JSON {
        let o = JSON.object()
        o.set("id", a.id)
        o.set("name", a.name)
        return o
    }

    static func apiPrice(_ p: ApiPrice) throws(JSONEncodingError) -> JSON {
        let o = JSON.object()
        o.set("id", p.id)
        o.set("provider", p.provider)
        o.set("model", p.model)
        try o.set("usdPerMillionInputTokens", p.usdPerMillionInputTokens)
        try o.set("usdPerMillionOutputTokens", p.usdPerMillionOutputTokens)
        o.set("date", p.date)
        o.set("source", DomainJSON.citation(p.source))
        return o
    }
}
