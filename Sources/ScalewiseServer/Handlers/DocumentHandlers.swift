import Foundation
import JSON
import RPC
import ScalingCore

/// Editor settings: `initializationOptions` and `workspace/didChangeConfiguration`, either
/// `{scalewise: {...}}` or the inner object itself.
struct EditorSettings: Equatable {
    var law = PrintedChinchilla.refitID
    var hardware: String?
    var gpus: Double?
    var mfu: Double?
    var peakFlops: Double?
    var pricePerHour: Double?
    var maxDocuments = DocumentStore.Limits().maxDocuments
    var maxDocumentBytes = DocumentStore.Limits().maxBytes

    /// Unusable fields are skipped with a warning on stderr: a typo in a setting must not
    /// take the hints away.
    static func parse(_ raw: JSON?) -> EditorSettings? {
        guard var raw, raw.kind == .object else { return nil }
        if let inner = raw["scalewise"], inner.kind == .object { raw = inner }
        let f = Fields(raw, path: "scalewise")
        var s = EditorSettings()
        func attempt<T>(_ body: () throws -> T?) -> T? {
            do { return try body() } catch { Log.warn("setting ignored: \(error)"); return nil }
        }
        if let law = attempt({ try f.optionalString("law") }) { s.law = law }
        s.hardware = attempt { try f.optionalString("hardware") }
        s.gpus = attempt { try f.optionalNumber("gpus", in: 1...1e7) }
        s.mfu = attempt { try f.optionalNumber("mfu", in: 0...1, excludingLower: true) }
        s.peakFlops = attempt { try f.optionalPositiveNumber("peakFlops") }
        s.pricePerHour = attempt { try f.optionalNonNegativeNumber("pricePerHour") }
        if let m = attempt({ try f.optionalInteger("maxDocuments", in: 1...100_000) }) { s.maxDocuments = m }
        if let m = attempt({ try f.optionalInteger("maxDocumentBytes", in: 1...(1 << 30)) }) { s.maxDocumentBytes = m }
        return s
    }
}

/// Per-connection editor state: open documents, settings, what each document's hints are.
final class EditorState {
    var store = DocumentStore()
    var settings = EditorSettings()
    var hints: [String: [DocumentHint]] = [:]
    /// Set by `serve`: where server→client notifications (publishDiagnostics) go.
    var output: Output?
}

extension Server {
    func registerDocuments() {
        dispatcher.onNotification("textDocument/didOpen") { [unowned self] params in
            guard let doc = try? params.object("textDocument"), let uri = try? doc.string("uri"),
                  let text = try? doc.string("text") else { Log.warn("didOpen without textDocument.uri/text"); return }
            editor.store.open(uri: uri, languageId: try? doc.optionalString("languageId"),
                              version: (try? doc.optionalInteger("version", in: Int(Int32.min)...Int(Int32.max))) ?? nil, text: text)
            refresh(uri: uri)
        }
        dispatcher.onNotification("textDocument/didChange") { [unowned self] params in
            guard let doc = try? params.object("textDocument"), let uri = try? doc.string("uri"),
                  let changes = try? params.optionalArray("contentChanges", maxCount: 100_000) else {
                Log.warn("didChange without textDocument.uri/contentChanges"); return
            }
            let parsed: [DocumentStore.Change]
            switch DocumentStore.decodeChanges(changes, path: "params.contentChanges") {
            case .success(let c): parsed = c
            case .failure(let e):
                logWarning("didChange for \(uri) refused, the document is unchanged: \(e)")
                return
            }
            let version = (try? doc.optionalInteger("version", in: Int(Int32.min)...Int(Int32.max))) ?? nil
            guard editor.store.change(uri: uri, version: version, changes: parsed) else {
                Log.warn("didChange for \(uri), which is not open"); return
            }
            refresh(uri: uri)
        }
        dispatcher.onNotification("textDocument/didClose") { [unowned self] params in
            guard let uri = try? params.object("textDocument").string("uri") else { return }
            editor.store.close(uri: uri)
            editor.hints.removeValue(forKey: uri)
            publish(uri: uri, version: nil, hints: [])
        }
        dispatcher.onNotification("workspace/didChangeConfiguration") { [unowned self] params in
            // VS Code sends {settings: {scalewise: …}}; some clients send null and expect a pull.
            guard let s = EditorSettings.parse(params.value("settings")) else { return }
            apply(settings: s)
        }
    }

    func apply(settings: EditorSettings) {
        editor.settings = settings
        editor.store.limits = .init(maxDocuments: min(settings.maxDocuments, limits.maxDocuments),
                                    maxBytes: min(settings.maxDocumentBytes, limits.maxDocumentBytes))
        for uri in editor.store.uris { refresh(uri: uri) }
    }

    /// Recomputes a document's hints and pushes them as diagnostics.
    func refresh(uri: String) {
        guard let doc = editor.store.document(uri) else { return }
        let hints = doc.bytes.map { computeHints(bytes: $0, syntax: ConfigSyntax.detect(languageId: doc.languageId, uri: uri)) } ?? []
        if let why = doc.whyUntracked { Log.info("no hints for \(uri): \(why)") }
        editor.hints[uri] = hints
        publish(uri: uri, version: doc.version, hints: hints)
    }

    func computeHints(bytes: [UInt8], syntax: ConfigSyntax) -> [DocumentHint] {
        let entries = ConfigScanner.scan(bytes, syntax: syntax, wanted: ConfigFacts.wantedKeys)
        guard !entries.isEmpty else { return [] }
        var facts = ConfigFacts.read(entries, models: models)
        // The whole-document parse runs only for a model config that names experts, not on
        // every edit of every JSON file.
        if syntax == .json, facts.architecture != nil, Self.namesExperts(bytes) { facts.mixture = Self.mixture(bytes) }
        let s = editor.settings
        let law = laws.law(id: s.law) ?? laws.law(id: PrintedChinchilla.refitID) ?? laws.laws[0]
        return HintEngine.hints(facts: facts, law: law, compute: computeSettings())
    }

    /// Total and active parameters of a mixture-of-experts config.json, counted from the whole
    /// document (jansson) by the same code as data/models.json's rows; nil for dense configs.
    /// `experts"` appears in every mixture-of-experts config key HFConfigArchitecture reads
    /// (num_local_experts, n_routed_experts, num_experts, …).
    static func namesExperts(_ bytes: [UInt8]) -> Bool {
        let needle = Array("experts\"".utf8)
        guard bytes.count >= needle.count else { return false }
        return bytes.withUnsafeBufferPointer { b in
            (0...(b.count - needle.count)).contains { i in needle.indices.allSatisfy { b[i + $0] == needle[$0] } }
        }
    }

    static func mixture(_ bytes: [UInt8]) -> ConfigFacts.Mixture? {
        guard let doc = try? JSON.parse(bytes), doc.kind == .object else { return nil }
        let values = ModelCatalogJSON.configValues(doc)
        guard let a = try? HFConfigArchitecture.architecture(config: values), let moe = a.moe,
              let count = a.parameterCount() else { return nil }
        return .init(total: count.total, active: count.active, experts: moe.routedExperts, activeExperts: moe.expertsPerToken)
    }

    /// Peak from `peakFlops`, else the `hardware` row's bf16 peak. With `mfu`: one figure; without,
    /// the hardware row's published utilization range (a bare `peakFlops` has none: no hours).
    func computeSettings() -> ComputeSettings? {
        let s = editor.settings
        let row = s.hardware.flatMap { try? hardware.accelerator(id: $0) }
        if let p = s.peakFlops, s.mfu != nil {
            return ComputeSettings(peakFlops: p, mfu: s.mfu, gpus: s.gpus, pricePerHour: s.pricePerHour,
                                   peakSource: "peakFlops setting, \(Format.sci(p)) FLOP/s")
        }
        // The hardware catalog (built-in rows and the user's hardware/set rows).
        guard let row, let p = row.peakFlopsPerSecond[.bf16] else { return nil }
        let source = row.sources["peakFlopsPerSecond.bf16"]?.title ?? "no source recorded"
        return ComputeSettings(peakFlops: p, mfu: s.mfu, gpus: s.gpus, pricePerHour: s.pricePerHour,
                               peakSource: "\(row.id) bf16 dense \(Format.sci(p)) FLOP/s (\(source))", accelerator: row)
    }

    /// A `window/logMessage` warning for the editor (and the same on stderr).
    func logWarning(_ message: String) {
        Log.warn(message)
        guard let output = editor.output else { return }
        let params = JSON.object()
        params.set("type", 2)
        params.set("message", message)
        output.enqueue(Reply.notification("window/logMessage", params))
    }

    func publish(uri: String, version: Int?, hints: [DocumentHint]) {
        guard let output = editor.output else { return }
        let diagnostics = JSON.array()
        for h in hints {
            let d = JSON.object()
            let range = JSON.object()
            range.set("start", Self.position(h.line, 0))
            range.set("end", Self.position(h.line, h.character))
            d.set("range", range)
            d.set("severity", h.severity.rawValue)
            d.set("source", "scalewise")
            d.set("message", h.label)
            diagnostics.append(d)
        }
        let params = JSON.object()
        params.set("uri", uri)
        if let version { params.set("version", version) }
        params.set("diagnostics", diagnostics)
        output.enqueue(Reply.notification("textDocument/publishDiagnostics", params))
    }

    static func position(_ line: Int, _ character: Int) -> JSON {
        let p = JSON.object()
        p.set("line", line)
        p.set("character", character)
        return p
    }
}
