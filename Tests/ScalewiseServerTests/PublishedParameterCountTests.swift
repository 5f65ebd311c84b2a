import Foundation
import ScalingCore
import Testing
@testable import ScalewiseServer

/// Every row of data/models.json, counted from its architecture, against the parameter figure its
/// publisher prints. A figure printed to few digits ("37B", "3.3B") is checked to within one unit of its
/// last digit where that is wider than 1 %; each such case is named in `note`.
struct PublishedCount: Sendable, CustomStringConvertible {
    var id: String
    var total: Double
    /// Published per-token figure (mixtures of experts), and whether it counts the embedding table.
    var active: Double? = nil
    var activeCountsEmbedding = true
    /// One unit of the last printed digit (0.1e9 for "3.3B").
    var unit: Double
    /// Parameters in the published total that the text model does not have (a vision encoder).
    var outsideTextModel: Double = 0
    var source: String
    var description: String { id }

    func tolerance(_ figure: Double) -> Double { max(0.01 * figure, unit) }
}

enum PublishedCounts {
    static let all: [PublishedCount] = [
        PublishedCount(id: "gpt-3-175b", total: 175.0e9, unit: 0.1e9, source: "Brown et al. 2020, Table 2.1: 175.0B"),
        PublishedCount(id: "llama-7b", total: 6.7e9, unit: 0.1e9, source: "Touvron et al. 2023, Table 2: 6.7B"),
        PublishedCount(id: "llama-65b", total: 65.2e9, unit: 0.1e9, source: "Touvron et al. 2023, Table 2: 65.2B"),
        PublishedCount(id: "llama-2-7b", total: 6.74e9, unit: 0.01e9, source: "Hugging Face meta-llama/Llama-2-7b-hf: 6.74B params"),
        PublishedCount(id: "llama-2-70b", total: 69e9, unit: 1e9, source: "Hugging Face meta-llama/Llama-2-70b-hf: 69B params"),
        PublishedCount(id: "llama-3.1-8b", total: 8.03e9, unit: 0.01e9, source: "Hugging Face meta-llama/Llama-3.1-8B: 8.03B params"),
        PublishedCount(id: "llama-3.1-70b", total: 70.6e9, unit: 0.1e9, source: "Hugging Face meta-llama/Llama-3.1-70B: 70.6B params"),
        PublishedCount(id: "llama-3.1-405b", total: 405e9, unit: 1e9, source: "Dubey et al. 2024, The Llama 3 Herd of Models: 405B"),
        PublishedCount(id: "mistral-7b", total: 7.3e9, unit: 0.1e9, source: "Jiang et al. 2023, Mistral 7B, abstract: 7.3B"),
        PublishedCount(id: "qwen2.5-7b", total: 7.61e9, unit: 0.01e9, source: "Qwen/Qwen2.5-7B model card: 7.61B"),
        PublishedCount(id: "deepseek-v3", total: 671e9, active: 37e9, unit: 1e9,
                       source: "DeepSeek-V3 Technical Report, abstract: 671B total, 37B activated (printed to two digits: the count, 37.55B, is within its last digit)"),
        PublishedCount(id: "mixtral-8x7b", total: 46.7e9, active: 12.9e9, unit: 0.1e9,
                       source: "Mistral AI, Mixtral of experts: 46.7B total, 12.9B per token"),
        PublishedCount(id: "mixtral-8x22b", total: 141e9, active: 39e9, unit: 1e9,
                       source: "Mistral AI, Mixtral 8x22B announcement: 39B active out of 141B"),
        PublishedCount(id: "qwen3-30b-a3b", total: 30.5e9, active: 3.3e9, unit: 0.1e9,
                       source: "Qwen/Qwen3-30B-A3B model card: 30.5B total, 3.3B activated (the count, 3.353B, is within its last digit)"),
        PublishedCount(id: "qwen3-235b-a22b", total: 235e9, active: 22e9, unit: 1e9,
                       source: "Qwen/Qwen3-235B-A22B model card: 235B total, 22B activated"),
        PublishedCount(id: "gpt-oss-20b", total: 20.91e9, active: 3.61e9, activeCountsEmbedding: false, unit: 0.01e9,
                       source: "gpt-oss model card, Table 1: 20.91B total, 3.61B active"),
        PublishedCount(id: "gpt-oss-120b", total: 116.83e9, active: 5.13e9, activeCountsEmbedding: false, unit: 0.01e9,
                       source: "gpt-oss model card, Table 1: 116.83B total, 5.13B active"),
        PublishedCount(id: "llama-4-scout", total: 109e9, active: 17e9, unit: 1e9, outsideTextModel: 871_932_416,
                       source: "Llama 4 model card: 109B total (with the vision encoder), 17B activated (the count, 17.17B, is within its last digit)"),
        PublishedCount(id: "llama-4-maverick", total: 400e9, active: 17e9, unit: 1e9,
                       source: "Llama 4 model card: 400B total, 17B activated (the count, 17.18B, is within its last digit)"),
        PublishedCount(id: "gemma-3-4b", total: 3_209e6 + 675e6 - 1152 * 2560, unit: 1e6,
                       source: "Gemma 3 Technical Report, Table 1: 3,209M non-embedding + 675M embedding (with the 1152·2560 vision projector)"),
        PublishedCount(id: "gemma-3-12b", total: 10_759e6 + 1_012e6 - 1152 * 3840, unit: 1e6,
                       source: "Gemma 3 Technical Report, Table 1: 10,759M non-embedding + 1,012M embedding (with the vision projector)"),
        PublishedCount(id: "gemma-3-27b", total: 25_600e6 + 1_416e6 - 1152 * 5376, unit: 1e6,
                       source: "Gemma 3 Technical Report, Table 1: 25,600M non-embedding + 1,416M embedding (with the vision projector)"),
        PublishedCount(id: "qwen2.5-72b", total: 72.7e9, unit: 0.1e9, source: "Qwen/Qwen2.5-72B model card: 72.7B"),
        PublishedCount(id: "phi-4", total: 14.7e9, unit: 0.1e9, source: "Hugging Face microsoft/phi-4: 14.7B params"),
        PublishedCount(id: "olmo-2-7b", total: 7.3e9, unit: 0.1e9, source: "Hugging Face allenai/OLMo-2-1124-7B: 7.3B params"),
        PublishedCount(id: "olmo-2-13b", total: 13.7e9, unit: 0.1e9, source: "Hugging Face allenai/OLMo-2-1124-13B: 13.7B params"),
        PublishedCount(id: "llama-3.2-1b", total: 1.23e9, unit: 0.01e9, source: "Llama 3.2 model card: 1.23B"),
        PublishedCount(id: "llama-3.2-3b", total: 3.21e9, unit: 0.01e9, source: "Llama 3.2 model card: 3.21B"),
    ]
    /// Rows whose feed-forward width is not published: no count is possible (their notes say so).
    static let uncountable: Set<String> = ["gopher-280b", "chinchilla-70b"]
}

@Suite struct PublishedParameterCountTests {
    let models = try! loadModels()

    @Test func everyRowIsCheckedOrNamedUncountable() {
        let checked = Set(PublishedCounts.all.map(\.id))
        for m in models.models {
            #expect(checked.contains(m.id) || PublishedCounts.uncountable.contains(m.id), "no published count for \(m.id)")
        }
        for id in PublishedCounts.uncountable {
            #expect((try? models.model(id: id))?.architecture.parameterCount() == nil)
        }
        #expect(models.models.count >= 25)
    }

    @Test(arguments: PublishedCounts.all)
    func countedParametersMatchThePublishedFigure(_ p: PublishedCount) throws {
        let m = try models.model(id: p.id)
        let count = try #require(m.architecture.parameterCount(), "\(p.id) has no count")
        let total = count.total + p.outsideTextModel
        #expect(abs(total - p.total) <= p.tolerance(p.total),
                "\(p.id): counted \(total), published \(p.total) (\(p.source))")
        // Rows whose config gives the shape store the count itself (the older rounded figures stay as printed).
        if m.parameters != p.total {
            #expect(m.parameters == count.total, "\(p.id): models.json parameters \(m.parameters) is neither the count nor the published figure")
        }
        if let published = p.active {
            let active = p.activeCountsEmbedding ? count.active : count.activeWithoutEmbedding
            #expect(abs(active - published) <= p.tolerance(published),
                    "\(p.id): counted \(active) active, published \(published) (\(p.source))")
            let stored = try #require(m.activeParameters)
            #expect(stored == count.active || stored == published)
        } else {
            #expect(m.activeParameters == nil && m.architecture.moe == nil)
        }
    }

    /// The strict 1 % criterion, reported row by row: the four per-token figures printed to two digits
    /// are the only ones outside it.
    @Test func withinOnePercentExceptFiguresPrintedToTwoDigits() throws {
        var outside: [String] = []
        for p in PublishedCounts.all {
            let c = try #require(try models.model(id: p.id).architecture.parameterCount())
            if abs((c.total + p.outsideTextModel) / p.total - 1) > 0.01 { outside.append(p.id + " total") }
            if let a = p.active, abs((p.activeCountsEmbedding ? c.active : c.activeWithoutEmbedding) / a - 1) > 0.01 {
                outside.append(p.id + " active")
            }
        }
        #expect(outside.sorted() == ["deepseek-v3 active", "llama-4-maverick active", "llama-4-scout active", "qwen3-30b-a3b active"])
    }

    /// gpt-oss model card, Table 1, by component: gpt-oss-120b MLP 114.71B, attention 0.96B, embedding +
    /// unembedding 1.16B; gpt-oss-20b MLP 19.12B, attention 0.64B.
    @Test func gptOssBreakdownMatchesTheModelCard() throws {
        let big = try #require(try models.model(id: "gpt-oss-120b").architecture.parameterCount()).breakdown
        // per layer: 128 experts · (2880·5760 + 5760 + 2880·2880 + 2880) = 128 · 24,891,840; router 2880·128 + 128
        #expect(big.experts == 36 * 128 * 24_891_840)
        #expect(abs((big.experts + big.router) / 114.71e9 - 1) < 0.001)
        // attention per layer: q 2880·4096 + 4096, k and v 2880·512 + 512 each, o 4096·2880 + 2880, sinks 64
        #expect(big.attention == 36 * 26_550_144)
        #expect(abs(big.attention / 0.96e9 - 1) < 0.01)
        #expect(abs((big.embedding + big.head) / 1.16e9 - 1) < 0.01)
        let small = try #require(try models.model(id: "gpt-oss-20b").architecture.parameterCount()).breakdown
        #expect(abs((small.experts + small.router) / 19.12e9 - 1) < 0.001)
        #expect(abs(small.attention / 0.64e9 - 1) < 0.01)
    }

    /// Qwen model cards print the non-embedding count: 29.9B (Qwen3-30B-A3B), 234B (Qwen3-235B-A22B), 6.53B (Qwen2.5-7B).
    @Test func nonEmbeddingCountsMatchTheModelCards() throws {
        for (id, figure, unit) in [("qwen3-30b-a3b", 29.9e9, 0.1e9), ("qwen3-235b-a22b", 234e9, 1e9), ("qwen2.5-7b", 6.53e9, 0.01e9)] {
            let b = try #require(try models.model(id: id).architecture.parameterCount()).breakdown
            #expect(abs(b.total - b.embedding - b.head - figure) <= unit / 2, "\(id)")
        }
        // Gemma 3 non-embedding, Table 1: 3,209M, 10,759M, 25,600M (to the million).
        for (id, figure) in [("gemma-3-4b", 3_209e6), ("gemma-3-12b", 10_759e6), ("gemma-3-27b", 25_600e6)] {
            let b = try #require(try models.model(id: id).architecture.parameterCount()).breakdown
            #expect(abs(b.total - b.embedding - figure) <= 0.5e6, "\(id)")
        }
    }
}
