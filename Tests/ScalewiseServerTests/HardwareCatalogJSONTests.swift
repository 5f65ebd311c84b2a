import Foundation
import JSON
import ScalingCore
import Testing
import DataFixtures
@testable import ScalewiseServer

@Suite struct HardwareCatalogJSONTests {
    @Test func loaderMatchesFoundationMappingRowForRow() throws {
        let expected = try HardwareFixtures.accelerators()
        let loaded = try HardwareCatalogJSON.accelerators(JSON.parse(HardwareFixtures.bytes("hardware.json")))
        #expect(loaded.count == expected.count)
        #expect(loaded.count >= 19)
        for (a, b) in zip(loaded, expected) {
            #expect(a == b, "row \(a.id)")
        }
        // Spot values from REFERENCES.md, independent of both decoders: H100 SXM 989 TFLOP/s
        // bf16 dense, 80 GB, 3.35 TB/s, 700 W; Troughia's Table VII price 2.85–4.20 $/h.
        let h100 = try #require(loaded.first { $0.id == "h100-sxm" })
        #expect(h100.peakFlopsPerSecond[.bf16] == 989e12)
        #expect(h100.memoryBytes == 80e9)
        #expect(h100.memoryBandwidthBytesPerSecond == 3.35e12)
        #expect(h100.powerWatts == 700)
        #expect(h100.price?.low == 2.85 && h100.price?.high == 4.20)
        #expect(h100.origin == "builtin")
        #expect(h100.sources["peakFlopsPerSecond.bf16"] != nil)
    }

    @Test func apiPricesMatchFoundationMapping() throws {
        let expected = try HardwareFixtures.apiPrices()
        let loaded = try HardwareCatalogJSON.apiPrices(JSON.parse(HardwareFixtures.bytes("api-prices.json")))
        #expect(loaded == expected)
        #expect(!loaded.isEmpty)
    }

    @Test func errorsNameThePathInsideTheDocument() throws {
        let doc = try JSON.parse("""
        {"accelerators": [{"id": "x1", "name": "X", "vendor": "V", "peakFlopsPerSecond": {"bf16": 1e15},
          "memoryBytes": 8e10, "memoryBandwidthBytesPerSecond": 2e12,
          "price": {"low": 5, "high": 3, "date": "2025", "source": {"title": "t"}}}]}
        """)
        #expect(throws: FieldError.self) { try HardwareCatalogJSON.accelerators(doc) }
        do { _ = try HardwareCatalogJSON.accelerators(doc) } catch {
            #expect(error.field == "hardware.json.accelerators[0].price.low")
        }
        let missing = try JSON.parse(#"{"accelerators": [{"id": "x1", "name": "X", "vendor": "V", "memoryBytes": "lots"}]}"#)
        do { _ = try HardwareCatalogJSON.accelerators(missing); Issue.record("expected an error") } catch {
            #expect(error.field == "hardware.json.accelerators[0].memoryBytes")
        }
        let prices = try JSON.parse(#"{"prices": [{"id": "p"}]}"#)
        do { _ = try HardwareCatalogJSON.apiPrices(prices); Issue.record("expected an error") } catch {
            #expect(error.field == "api-prices.json.prices[0].provider")
        }
    }

    @Test func encoderRoundTripsEveryRow() throws {
        let loaded = try HardwareCatalogJSON.accelerators(JSON.parse(HardwareFixtures.bytes("hardware.json")))
        for a in loaded {
            let encoded = try HardwareJSON.accelerator(a)
            #expect(encoded["origin"]?.string == "builtin")
            if let p = a.price {
                // mid = (low + high) / 2
                #expect(encoded["price"]?["mid"]?.double == (p.low + p.high) / 2)
            }
            let back = try HardwareCatalogJSON.accelerator(JSON.parse(encoded.dumped()), path: "row")
            #expect(back == a, "row \(a.id)")
        }
    }
}

@Suite struct ReportedRunsJSONTests {
    @Test func loaderMatchesFoundationMapping() throws {
        let expected = try HardwareFixtures.reportedRuns()
        let catalog = try HardwareFixtures.catalog()
        let loaded = try HardwareCatalogJSON.reportedRuns(JSON.parse(HardwareFixtures.bytes("reported-runs.json")), catalog: catalog)
        #expect(loaded == expected)
        #expect(loaded.count >= 25)
    }

    @Test func errorsNameThePath() throws {
        let doc = try JSON.parse("""
        {"runs": [{"id": "x", "model": "X", "organization": "O", "parameters": 7e9, "activeParameters": 8e9, "tokens": 1e12,
          "accelerator": "h100-sxm", "precision": "bf16", "reportedHours": 1000, "hoursBasis": "reported",
          "sources": [{"title": "t"}]}]}
        """)
        do { _ = try HardwareCatalogJSON.reportedRuns(doc); Issue.record("expected an error") } catch {
            #expect(error.field == "reported-runs.json.runs[0].activeParameters")
        }
        let bad = try JSON.parse(#"{"runs": [{"id": "x", "model": "X", "organization": "O", "parameters": 7e9, "tokens": 1e12, "accelerator": "nope", "precision": "fp12", "reportedHours": 1, "hoursBasis": "r", "sources": []}]}"#)
        do { _ = try HardwareCatalogJSON.reportedRuns(bad); Issue.record("expected an error") } catch {
            #expect(error.field == "reported-runs.json.runs[0].precision")
        }
    }
}
