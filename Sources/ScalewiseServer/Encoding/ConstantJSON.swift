import JSON
import ScalingCore
import Synchronization

/// The constant parts of answers — a law's summary and the sources an answer about it cites —
/// built once and shared by every answer that cites them (jansson counts references
/// atomically, so worker threads may share them too). Shared trees are never mutated: code
/// that adds to an answer's `sources` builds a new array (`DomainJSON.caveat`).
///
/// Entries are found by the law's short id and checked against the law itself (a fitted law
/// refit under the same id is a different value), which costs less per request than hashing
/// a law with its titles and citations.
final class ConstantJSON: @unchecked Sendable {
    static let shared = ConstantJSON()

    /// What an answer cites besides the law's own sources.
    enum Extra: Int, CaseIterable {
        case none, computeCost, computeCostDataConstrained, computeCostInference

        var citations: [Citation] {
            switch self {
            case .none: []
            case .computeCost: [ComputeOptimal.costCitation]
            case .computeCostDataConstrained: [ComputeOptimal.costCitation, DataConstrained.citation]
            case .computeCostInference: [ComputeOptimal.costCitation, InferenceOptimal.citation]
            }
        }
    }

    /// Trees never mutated after they are built, so any thread may reference them.
    private final class Entry: @unchecked Sendable {
        let law: ScalingLaw
        let summary: JSON
        let sources: [JSON]
        init(_ law: ScalingLaw) throws(JSONEncodingError) {
            self.law = law
            summary = try DomainJSON.lawSummary(law)
            sources = Extra.allCases.map { DomainJSON.citations(law.sources + $0.citations) }
        }
    }

    /// Bounded, since fits add laws; inline laws (one-offs) are not kept.
    private static let capacity = 256
    private let entries = Mutex<[String: Entry]>([:])

    func lawSummary(_ law: ScalingLaw) throws(JSONEncodingError) -> JSON { try entry(law).summary }

    func sources(_ law: ScalingLaw, _ extra: Extra = .none) throws(JSONEncodingError) -> JSON {
        try entry(law).sources[extra.rawValue]
    }

    private func entry(_ law: ScalingLaw) throws(JSONEncodingError) -> Entry {
        if let e = entries.withLock({ $0[law.id] }), e.law == law { return e }
        let e = try Entry(law)
        guard law.id != "inline" else { return e }
        entries.withLock { table in
            if table.count >= Self.capacity { table.removeAll(keepingCapacity: true) }
            table[law.id] = e
        }
        return e
    }
}
