import Foundation
import JSON
import ScalingCore
import Testing
import DataFixtures
@testable import ScalewiseServer

@Suite struct ServingLinksJSONTests {
    @Test func loaderMatchesFoundationDecoding() throws {
        let loaded = try ServingLinksJSON.links(JSON.parse(HardwareFixtures.bytes("serving-links.json")))
        let rows = try HardwareFixtures.json("serving-links.json")["links"] as! [[String: Any]]
        #expect(loaded.count == rows.count)
        for r in rows {
            let id = r["accelerator"] as! String
            let link = try #require(loaded[id])
            #expect(link.bytesPerSecond == HardwareFixtures.number(r["bytesPerSecond"]))
            #expect(link.source == HardwareFixtures.citation(r["source"]))
        }
        // NVLink 4 on H100 SXM: 900 GB/s bidirectional (NVIDIA HGX H100 announcement) = 450e9 each way.
        #expect(loaded["h100-sxm"]?.bytesPerSecond == 450e9)
        // Every link belongs to an accelerator of data/hardware.json.
        let ids = Set(try HardwareFixtures.accelerators().map(\.id))
        #expect(Set(loaded.keys).isSubset(of: ids))
    }

    @Test func badRowsNameThePath() throws {
        let doc = try JSON.parse(Array(#"{"links": [{"accelerator": "h100-sxm", "bytesPerSecond": -1, "source": {"title": "x"}}]}"#.utf8))
        #expect(throws: FieldError(field: "serving-links.json.links[0].bytesPerSecond", reason: "expected a positive number of bytes per second, got -1.0")) {
            try ServingLinksJSON.links(doc)
        }
    }
}
