import JSON

/// Open documents (LSP text sync), kept as UTF-8 bytes. Bounded: at most `maxDocuments`
/// documents of at most `maxBytes` each. A document over the size limit, or one that looks
/// binary (NUL or many control bytes), is remembered by URI only: it gets no hints until a
/// full-text change brings it back within the limits. Pure: no I/O.
public final class DocumentStore {
    public struct Limits: Sendable {
        public var maxDocuments: Int
        public var maxBytes: Int
        public init(maxDocuments: Int = 200, maxBytes: Int = 4 << 20) {
            self.maxDocuments = maxDocuments
            self.maxBytes = maxBytes
        }
    }

    public struct Document {
        public var uri: String
        public var languageId: String?
        public var version: Int?
        /// nil when untracked (too large, binary, or over the document count).
        public var bytes: [UInt8]?
        public var whyUntracked: String?
    }

    /// A text edit: `range` nil replaces the whole text. Positions are LSP's (line, UTF-16 unit).
    public struct Change {
        public var range: (start: (line: Int, character: Int), end: (line: Int, character: Int))?
        public var text: String
        public init(range: (start: (line: Int, character: Int), end: (line: Int, character: Int))?, text: String) {
            self.range = range
            self.text = text
        }
    }

    public var limits: Limits
    public private(set) var documents: [String: Document] = [:]

    public init(limits: Limits = Limits()) { self.limits = limits }

    public var uris: [String] { documents.keys.sorted() }

    public func document(_ uri: String) -> Document? { documents[uri] }

    public func open(uri: String, languageId: String?, version: Int?, text: String) {
        var doc = Document(uri: uri, languageId: languageId, version: version, bytes: nil, whyUntracked: nil)
        let tracked = documents.values.filter { $0.bytes != nil }.count
        if documents[uri] == nil && tracked >= limits.maxDocuments {
            doc.whyUntracked = "more than \(limits.maxDocuments) documents open (setting scalewise.maxDocuments, at most serve --max-documents)"
        } else {
            setText(&doc, Array(text.utf8))
        }
        documents[uri] = doc
    }

    public func close(uri: String) { documents.removeValue(forKey: uri) }

    /// Applies changes in order. Returns false when the document is unknown. The text is
    /// checked (size, binary) once, after the last change; edits go through a chunked copy,
    /// so the cost is linear in the document plus the edits.
    @discardableResult
    public func change(uri: String, version: Int?, changes: [Change]) -> Bool {
        guard var doc = documents[uri] else { return false }
        doc.version = version ?? doc.version
        // Edited in place (one owner, so no copy-on-write of the chunks per edit).
        var text = ChunkedText(doc.bytes ?? [])
        var tracked = doc.bytes != nil
        for change in changes {
            if let range = change.range {
                // An incremental edit on an untracked document cannot be applied.
                guard tracked else { continue }
                let start = text.offset(line: range.start.line, character: range.start.character)
                let end = max(start, text.offset(line: range.end.line, character: range.end.character))
                text.replace(start, end, with: Array(change.text.utf8))
            } else {
                text = ChunkedText(Array(change.text.utf8))
                tracked = true
            }
        }
        if tracked { setText(&doc, text.bytes) }
        documents[uri] = doc
        return true
    }

    /// Decodes `contentChanges`. All or nothing: the edits are positions in the text the
    /// previous ones produced, so applying some and skipping one would corrupt the document.
    /// A change whose `range` is present but not a range of whole numbers in [0, 2^31)
    /// with start ≤ end, or whose `text` is not a string, refuses the whole notification.
    /// A malformed range was once applied as a full replacement (the document lost).
    public static func decodeChanges(_ items: [JSON], path: String) -> Result<[Change], FieldError> {
        var out: [Change] = []
        out.reserveCapacity(items.count)
        let limit = 0...Int(Int32.max)
        for (i, item) in items.enumerated() {
            let at = "\(path)[\(i)]"
            guard item.kind == .object else {
                return .failure(FieldError(field: at, reason: "expected an object {range?, text}, got \(Fields.describe(item))"))
            }
            let f = Fields(item, path: at)
            do {
                let text = try f.string("text")
                guard let r = try f.optionalObject("range") else {
                    out.append(Change(range: nil, text: text))
                    continue
                }
                let s = try r.object("start"), e = try r.object("end")
                func position(_ p: Fields) throws(FieldError) -> (line: Int, character: Int) {
                    guard let line = try p.optionalInteger("line", in: limit) else {
                        throw FieldError(field: p.fieldPath("line"), reason: "is required: expected an integer in [0, \(Int32.max)]")
                    }
                    guard let character = try p.optionalInteger("character", in: limit) else {
                        throw FieldError(field: p.fieldPath("character"), reason: "is required: expected an integer in [0, \(Int32.max)]")
                    }
                    return (line, character)
                }
                let start = try position(s), end = try position(e)
                guard (start.line, start.character) <= (end.line, end.character) else {
                    return .failure(FieldError(field: r.path, reason: "start (\(start.line):\(start.character)) is after end (\(end.line):\(end.character))"))
                }
                out.append(Change(range: (start, end), text: text))
            } catch {
                return .failure(error)
            }
        }
        return .success(out)
    }

    private func setText(_ doc: inout Document, _ bytes: [UInt8]) {
        if bytes.count > limits.maxBytes {
            doc.bytes = nil
            doc.whyUntracked = "\(bytes.count) bytes exceeds the limit of \(limits.maxBytes) (setting scalewise.maxDocumentBytes, at most serve --max-document-bytes)"
        } else if Self.looksBinary(bytes) {
            doc.bytes = nil
            doc.whyUntracked = "binary content"
        } else {
            doc.bytes = bytes
            doc.whyUntracked = nil
        }
    }

    /// NUL anywhere, or more than 1 in 100 bytes a control character other than tab, CR, LF, FF.
    static func looksBinary(_ bytes: [UInt8]) -> Bool {
        var control = 0
        for b in bytes {
            if b == 0 { return true }
            if b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D && b != 0x0C { control += 1 }
        }
        return control * 100 > bytes.count
    }

    /// Byte offset of an LSP position: `character` counts UTF-16 units; past the end of a line
    /// clamps to the line's end, past the last line to the end of the text (as LSP specifies).
    static func offset(in bytes: [UInt8], line: Int, character: Int) -> Int {
        var i = 0
        var l = 0
        let n = bytes.count
        while l < line {
            while i < n && bytes[i] != 0x0A { i += 1 }
            if i >= n { return n }
            i += 1
            l += 1
        }
        var units = 0
        while i < n && units < character {
            let b = bytes[i]
            if b == 0x0A || (b == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A) { break }
            let length = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
            units += length == 4 ? 2 : 1
            i = min(n, i + length)
        }
        return i
    }
}
