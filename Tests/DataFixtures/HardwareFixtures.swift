import Foundation
import ScalingCore

/// Test-only decoding of data/hardware.json and data/api-prices.json with Foundation: the 1:1
/// mapping the server implements with jansson, written independently, shared by the domain
/// tests and the server's loader tests. Product code never uses it.
public enum HardwareFixtures {
    public static let dataDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("data")

    public static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: dataDirectory.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    public static func hardwareRows() throws -> [[String: Any]] {
        try json("hardware.json")["accelerators"] as! [[String: Any]]
    }

    public static func citation(_ any: Any?) -> Citation? {
        guard let d = any as? [String: Any], let title = d["title"] as? String else { return nil }
        return Citation(title: title, detail: d["detail"] as? String, url: d["url"] as? String)
    }

    public static func number(_ any: Any?) -> Double? { (any as? NSNumber)?.doubleValue }

    /// The 1:1 mapping the server implements with jansson, written with Foundation.
    public static func accelerator(_ r: [String: Any]) -> Accelerator {
        var peaks: [Precision: Double] = [:]
        for (k, v) in r["peakFlopsPerSecond"] as? [String: Any] ?? [:] {
            if let p = Precision(rawValue: k), let x = number(v) { peaks[p] = x }
        }
        var price: PriceRange?
        if let p = r["price"] as? [String: Any] {
            price = PriceRange(low: number(p["low"])!, high: number(p["high"])!, date: p["date"] as! String,
                               source: citation(p["source"])!)
        }
        var sources: [String: Citation] = [:]
        for (k, v) in r["sources"] as? [String: Any] ?? [:] { sources[k] = citation(v) }
        return Accelerator(id: r["id"] as! String, name: r["name"] as! String, vendor: r["vendor"] as! String,
                           peakFlopsPerSecond: peaks, memoryBytes: number(r["memoryBytes"])!,
                           memoryBandwidthBytesPerSecond: number(r["memoryBandwidthBytesPerSecond"])!,
                           powerWatts: number(r["powerWatts"]), interconnect: r["interconnect"] as? String,
                           matmulFraction: number(r["matmulFraction"]), price: price, sources: sources,
                           notes: r["notes"] as? [String] ?? [])
    }

    public static func accelerators() throws -> [Accelerator] {
        try hardwareRows().map(accelerator)
    }

    public static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: dataDirectory.appendingPathComponent(name)))
    }

    public static func catalog() throws -> HardwareCatalog {
        try HardwareCatalog(builtIns: try accelerators())
    }

    public static func apiPrices() throws -> [ApiPrice] {
        (try json("api-prices.json")["prices"] as! [[String: Any]]).map { r in
            ApiPrice(id: r["id"] as! String, provider: r["provider"] as! String, model: r["model"] as! String,
                     usdPerMillionInputTokens: number(r["usdPerMillionInputTokens"])!,
                     usdPerMillionOutputTokens: number(r["usdPerMillionOutputTokens"])!,
                     date: r["date"] as! String, source: citation(r["source"])!)
        }
    }

    /// data/reported-runs.json decoded with Foundation, independently of the server's loader.
    public static func reportedRuns() throws -> [ReportedRun] {
        (try json("reported-runs.json")["runs"] as! [[String: Any]]).map { r in
            var mfu: FractionRange?
            if let m = r["reportedMfu"] as? [String: Any] { mfu = FractionRange(low: number(m["low"])!, high: number(m["high"])!) }
            let definition = (r["mfuDefinition"] as? [String: Any]).map {
                MFUDefinition(flops: MFUFlops(rawValue: $0["flops"] as! String)!, words: $0["words"] as! String)
            }
            let goodput = (r["goodput"] as? [String: Any]).map {
                ReportedGoodput(range: FractionRange(low: number($0["low"])!, high: number($0["high"])!), basis: $0["basis"] as! String)
            }
            return ReportedRun(id: r["id"] as! String, model: r["model"] as! String, organization: r["organization"] as! String,
                               modelId: r["modelId"] as? String, parameters: number(r["parameters"])!,
                               activeParameters: number(r["activeParameters"]), tokens: number(r["tokens"])!,
                               flops: number(r["flops"]), accelerator: r["accelerator"] as! String,
                               acceleratorCount: (r["acceleratorCount"] as? NSNumber)?.intValue,
                               precision: Precision(rawValue: r["precision"] as! String)!,
                               reportedHours: number(r["reportedHours"])!, hoursBasis: r["hoursBasis"] as! String,
                               reportedMfu: mfu, mfuDefinition: definition,
                               sequenceLength: (r["sequenceLength"] as? NSNumber)?.intValue,
                               architecture: (r["architecture"] as? [String: Any]).map(architecture),
                               goodput: goodput, hoursNotComparable: r["hoursNotComparable"] as? String,
                               energyKwh: number(r["energyKwh"]), co2Tonnes: number(r["co2Tonnes"]),
                               sources: (r["sources"] as! [Any]).map { citation($0)! }, notes: r["notes"] as? [String] ?? [])
        }
    }

    /// A data/models.json-style architecture object (dense, or with moe / mla / slidingWindow), decoded
    /// with Foundation; absent flags take the models.json defaults.
    public static func architecture(_ a: [String: Any]) -> ModelArchitecture {
        func int(_ k: String) -> Int? { (a[k] as? NSNumber)?.intValue }
        func int(_ o: [String: Any], _ k: String) -> Int? { (o[k] as? NSNumber)?.intValue }
        let moe = (a["moe"] as? [String: Any]).map { m in
            MoEArchitecture(routedExperts: int(m, "routedExperts")!, sharedExperts: int(m, "sharedExperts")!,
                            expertsPerToken: int(m, "expertsPerToken")!, expertIntermediate: int(m, "expertIntermediate")!,
                            denseLayers: int(m, "denseLayers")!, layerStep: int(m, "layerStep") ?? 1,
                            sharedIntermediate: int(m, "sharedIntermediate"), expertBias: m["expertBias"] as? Bool ?? false,
                            routerBias: m["routerBias"] as? Bool ?? false)
        }
        let mla = (a["mla"] as? [String: Any]).map { m in
            MLAArchitecture(qLoraRank: int(m, "qLoraRank")!, kvLoraRank: int(m, "kvLoraRank")!, qkNopeHeadDim: int(m, "qkNopeHeadDim")!,
                            qkRopeHeadDim: int(m, "qkRopeHeadDim")!, vHeadDim: int(m, "vHeadDim")!)
        }
        let window = (a["slidingWindow"] as? [String: Any]).map { w in
            SlidingWindow(size: int(w, "size")!, localLayers: int(w, "localLayers") ?? 1, globalLayers: int(w, "globalLayers") ?? 0)
        }
        let heads = int("heads")!
        return ModelArchitecture(layers: int("layers")!, hidden: int("hidden")!, heads: heads, kvHeads: int("kvHeads") ?? heads,
                                 headDim: int("headDim") ?? int("hidden")! / heads, intermediate: int("intermediate"),
                                 vocabulary: int("vocabulary")!, context: int("context")!, gatedMLP: a["gatedMLP"] as? Bool ?? true,
                                 qkvBias: a["qkvBias"] as? Bool ?? false, tiedEmbeddings: a["tiedEmbeddings"] as? Bool ?? false,
                                 moe: moe, mla: mla, slidingWindow: window, outputBias: a["outputBias"] as? Bool ?? false,
                                 attentionSinks: a["attentionSinks"] as? Bool ?? false, normsPerLayer: int("normsPerLayer") ?? 2,
                                 qkNorm: QKNorm(rawValue: a["qkNorm"] as? String ?? "none") ?? .none)
    }

    /// An H100 SXM row written out by hand from REFERENCES.md (989 TFLOP/s bf16, 80 GB, 3.35 TB/s,
    /// 700 W; price 2.85–4.20 $/h from Troughia's Table VII), independent of data/hardware.json.
    public static let h100 = Accelerator(
        id: "h100-sxm", name: "NVIDIA H100 SXM", vendor: "NVIDIA",
        peakFlopsPerSecond: [.bf16: 989e12, .fp8: 1979e12], memoryBytes: 80e9, memoryBandwidthBytesPerSecond: 3.35e12,
        powerWatts: 700, price: PriceRange(low: 2.85, high: 4.20, date: "2025", source: Citation(title: "Troughia 2025, Table VII")))
}
