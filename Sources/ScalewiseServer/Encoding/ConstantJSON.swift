import JSON
import ScalingCore
import Synchronization

/// The constant parts of answers — a law's summary, a list of sources — built once and shared
/// by every answer that cites them (jansson counts references atomically, so worker threads may
/// share them too). Shared trees are never mutated: code that adds to an answer's `sources`
/// builds a new array (`DomainJSON.caveat`).
final class ConstantJSON: @unchecked Sendable {
    static let shared = ConstantJSON()

    /// Bounded, since fits add laws; inline laws (one-offs) are not kept.
    private static let capacity = 256
    private let summaries = Mutex<[ScalingLaw: Shared]>([:])
    private let citationLists = Mutex<[[Citation]: Shared]>([:])

    /// A tree that is never mutated after it is built, so any thread may reference it.
    private final class Shared: @unchecked Sendable {
        let json: JSON
        init(_ json: JSON) { self.json = json }
    }

    func lawSummary(_ law: ScalingLaw) throws(JSONEncodingError) -> JSON {
        if let j = summaries.withLock({ $0[law] }) { return j.json }
        let j = Shared(try DomainJSON.lawSummary(law))
        if law.id != "inline" { summaries.withLock { Self.insert(law, j, into: &$0) } }
        return j.json
    }

    func citations(_ list: [Citation]) -> JSON {
        if let j = citationLists.withLock({ $0[list] }) { return j.json }
        let j = Shared(DomainJSON.citations(list))
        citationLists.withLock { Self.insert(list, j, into: &$0) }
        return j.json
    }

    private static func insert<K: Hashable>(_ key: K, _ value: Shared, into table: inout [K: Shared]) {
        if table.count >= capacity { table.removeAll(keepingCapacity: true) }
        table[key] = value
    }
}
