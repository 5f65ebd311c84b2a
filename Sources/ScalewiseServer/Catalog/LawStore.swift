import JSON
import RPC
import ScalingCore
import Synchronization

/// The laws the daemon answers with, shared between the reader loop and long work.
/// Built-ins never change; fitted laws are added by `scaling/fit` (on a worker thread) and
/// removed by `scaling/forget` (on the reader). Every change writes `fitted-laws.json` first
/// and updates memory only when the write succeeded, under one lock, so memory and the
/// state file never disagree and a failed write changes nothing.
public final class LawStore: Sendable {
    public static let fileName = "fitted-laws.json"

    struct Contents: Sendable {
        var catalog: LawCatalog
        /// Fit records of fitted laws, by law id (bootstrap samples for prediction bands).
        var records: [String: FitRecord] = [:]
    }

    private let contents: Mutex<Contents>
    public let builtinIDs: Set<String>
    private let state: StateStore

    init(builtins: LawCatalog, state: StateStore) {
        contents = Mutex(Contents(catalog: builtins))
        builtinIDs = Set(builtins.ids)
        self.state = state
    }

    /// A snapshot: built-ins first, then fitted laws in the order they were added.
    public var catalog: LawCatalog { contents.withLock { $0.catalog } }

    public func record(id: String) -> FitRecord? { contents.withLock { $0.records[id] } }


    /// Adds (or replaces) a fitted law and persists all fitted laws atomically.
    func addFitted(_ law: ScalingLaw, record: FitRecord) throws {
        try contents.withLock { c in
            var next = c
            next.catalog.add(law)
            next.records[law.id] = record
            try persist(next)
            c = next
        }
    }

    /// Removes a fitted law; false when no fitted law has that id.
    func removeFitted(id: String) throws -> Bool {
        try contents.withLock { c in
            guard c.records[id] != nil else { return false }
            var next = c
            next.records[id] = nil
            next.catalog = LawCatalog(laws: c.catalog.laws.filter { $0.id != id })
            try persist(next)
            c = next
            return true
        }
    }

    private func persist(_ c: Contents) throws {
        let fitted = c.catalog.laws.filter { c.records[$0.id] != nil }
        let document = try FittedLawsFile.encode(fitted.map { ($0, c.records[$0.id]!) })
        var bytes: [UInt8] = []
        document.dump(into: &bytes)
        try state.write(LawStore.fileName, bytes)
    }

    /// Reads fitted laws from the state directory at start-up. A file that does not parse or
    /// decode is moved aside (`state.quarantine`) with a warning; the daemon starts without it.
    func loadFitted() {
        guard let bytes = state.read(LawStore.fileName) else { return }
        let entries: [(ScalingLaw, FitRecord)]
        do {
            let document = try JSON.parse(bytes)
            entries = try FittedLawsFile.decode(document)
        } catch {
            state.quarantine(LawStore.fileName, reason: "\(error)")
            return
        }
        contents.withLock { c in
            for (law, record) in entries where !builtinIDs.contains(law.id) {
                c.catalog.add(law)
                c.records[law.id] = record
            }
        }
        if !entries.isEmpty { Log.info("loaded \(entries.count) fitted law(s) from \(state.path(LawStore.fileName) ?? "")") }
    }
}
