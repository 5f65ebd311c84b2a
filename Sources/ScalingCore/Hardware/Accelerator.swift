/// An accelerator row: peak dense throughput per precision, memory, bandwidth, power,
/// interconnect, achievable matmul fraction and an hourly price range, every figure cited.
///
/// JSON mapping (data/hardware.json is `{"comment": String, "accelerators": [row, ...]}`; the
/// server parses it with jansson and builds one Accelerator per row, field for field; all
/// quantities are plain numbers in base units; `origin` is not in the file: the server sets
/// "builtin" for file rows and HardwareCatalog sets "user" for added or overridden rows):
///
/// ```
/// {
///   "id": "h100-sxm",                       -> Accelerator.id (lowercase, [a-z0-9-])
///   "name": "NVIDIA H100 SXM",              -> name
///   "vendor": "NVIDIA",                     -> vendor
///   "peakFlopsPerSecond": {                 -> peakFlopsPerSecond: [Precision: Double]
///     "fp32": 67e12, "tf32": 494.5e12,         dense (not sparse) FLOP/s (int8/int4: op/s);
///     "fp16": 989e12, "bf16": 989e12, "fp8": 1979e12,
///     "int8": 1979e12, "int4": null            keys are Precision raw values; null or
///   },                                         absent = not published / not supported
///   "memoryBytes": 80e9,                    -> memoryBytes (bytes, decimal GB × 1e9)
///   "memoryBandwidthBytesPerSecond": 3.35e12,-> memoryBandwidthBytesPerSecond
///   "powerWatts": 700,                      -> powerWatts (TDP/TBP; null = not published)
///   "interconnect": "NVLink 4, 900 GB/s",   -> interconnect (free text; null = none)
///   "matmulFraction": 0.803,                -> matmulFraction (measured max achievable
///                                              matmul / peak bf16; null = not published)
///   "price": {                              -> price: PriceRange? (null = no published price)
///     "low": 2.85, "high": 4.20,               US dollars per accelerator-hour
///     "date": "2025",                          when the prices were published or read
///     "source": {"title": ..., "detail": ..., "url": ...}   -> Citation
///   },
///   "sources": {                            -> sources: [String: Citation]; one entry per
///     "peakFlopsPerSecond.bf16": {...},        non-null figure, keyed by its JSON path
///     "memoryBytes": {...}, ...                ("peakFlopsPerSecond.<precision>",
///   },                                         "memoryBytes", "memoryBandwidthBytesPerSecond",
///   "notes": ["..."]                           "powerWatts", "interconnect", "matmulFraction")
/// }                                         -> notes: [String]
/// ```
/// A citation object is `{"title": String, "detail": String?, "url": String?}` (Citation).
public struct Accelerator: Sendable, Equatable {
    public var id: String
    public var name: String
    public var vendor: String
    /// Dense peak per precision in FLOP/s (op/s for int8/int4).
    public var peakFlopsPerSecond: [Precision: Double]
    public var memoryBytes: Double
    public var memoryBandwidthBytesPerSecond: Double
    public var powerWatts: Double?
    public var interconnect: String?
    /// Measured maximum achievable matmul throughput divided by the bf16 peak.
    public var matmulFraction: Double?
    public var price: PriceRange?
    /// Citation per figure, keyed by the figure's JSON path.
    public var sources: [String: Citation]
    public var notes: [String]
    /// "builtin" for rows from data/hardware.json, "user" for rows a user added or overrode.
    public var origin: String

    public init(id: String, name: String, vendor: String, peakFlopsPerSecond: [Precision: Double],
                memoryBytes: Double, memoryBandwidthBytesPerSecond: Double, powerWatts: Double? = nil,
                interconnect: String? = nil, matmulFraction: Double? = nil, price: PriceRange? = nil,
                sources: [String: Citation] = [:], notes: [String] = [], origin: String = "builtin") {
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
        self.origin = origin
    }

    /// The peak a computation at `precision` runs at, or an error naming `field`.
    /// int4 is served as weight-only quantization (AWQ/GPTQ style): weights are stored in
    /// 4 bits but matmuls run at bf16, so int4 falls back to the bf16 peak when the chip
    /// publishes no int4 rate. fp8 and int8 need their own published rate.
    public func peak(for precision: Precision, field: String = "precision") throws(DomainError) -> Double {
        if let p = peakFlopsPerSecond[precision] { return p }
        if precision == .int4, let bf16 = peakFlopsPerSecond[.bf16] { return bf16 }
        let known = Precision.allCases.filter { peakFlopsPerSecond[$0] != nil }.map(\.rawValue)
        throw .invalidInput(field: field, reason: "\(id) has no published dense \(precision.rawValue) throughput; published: \(known.isEmpty ? "none" : known.joined(separator: ", "))")
    }

    /// Critical arithmetic intensity in FLOPs per byte: peak / memory bandwidth
    /// (jax-ml scaling-book roofline; ≈ 295 for H100 SXM in bf16).
    public func criticalIntensity(_ precision: Precision) throws(DomainError) -> Double {
        try peak(for: precision) / memoryBandwidthBytesPerSecond
    }
}

/// Numeric precisions the cost model knows. Raw values are the wire names.
/// fp32 is the vector (non-tensor-core) rate where a datasheet gives one, tf32 the tensor-core
/// rate for 32-bit inputs (NVIDIA Ampere and later), fp16/bf16 the half-precision tensor rate.
public enum Precision: String, Sendable, CaseIterable, Hashable {
    case fp32, tf32, fp16, bf16, fp8, int8, int4

    /// Bytes per stored parameter (weights) at this precision.
    public var bytesPerParameter: Double {
        switch self {
        case .fp32, .tf32: 4
        case .fp16, .bf16: 2
        case .fp8, .int8: 1
        case .int4: 0.5
        }
    }
}

/// An hourly price range for one accelerator, dated and sourced.
public struct PriceRange: Sendable, Equatable {
    /// US dollars per accelerator-hour.
    public var low: Double
    public var high: Double
    /// When the price was published or read ("2026-03", "2025").
    public var date: String
    public var source: Citation

    public init(low: Double, high: Double, date: String, source: Citation) {
        self.low = low
        self.high = high
        self.date = date
        self.source = source
    }

    /// The midpoint (low + high) / 2; every cost answer that uses `mid` says so.
    public var mid: Double { (low + high) / 2 }
    public var range: CostRange { CostRange(low: low, mid: mid, high: high) }
}

/// An API model's list price, dated and sourced (data/api-prices.json).
///
/// data/api-prices.json is `{"comment": String, "prices": [row, ...]}`.
/// JSON row: `{"id": "gpt-4o-2024-08-06", "provider": "OpenAI", "model": "GPT-4o (2024-08-06)",
/// "usdPerMillionInputTokens": 2.5, "usdPerMillionOutputTokens": 10, "date": "2024-08",
/// "source": {"title": ..., "detail": ..., "url": ...}}` — field for field onto this struct.
public struct ApiPrice: Sendable, Equatable {
    public var id: String
    public var provider: String
    public var model: String
    public var usdPerMillionInputTokens: Double
    public var usdPerMillionOutputTokens: Double
    public var date: String
    public var source: Citation

    public init(id: String, provider: String, model: String, usdPerMillionInputTokens: Double,
                usdPerMillionOutputTokens: Double, date: String, source: Citation) {
        self.id = id
        self.provider = provider
        self.model = model
        self.usdPerMillionInputTokens = usdPerMillionInputTokens
        self.usdPerMillionOutputTokens = usdPerMillionOutputTokens
        self.date = date
        self.source = source
    }

    /// Blended US dollars per million tokens for requests with this input:output mix.
    public func blendedUsdPerMillion(inputTokens: Double, outputTokens: Double) -> Double {
        let total = inputTokens + outputTokens
        guard total > 0 else { return 0 }
        return (inputTokens * usdPerMillionInputTokens + outputTokens * usdPerMillionOutputTokens) / total
    }
}
