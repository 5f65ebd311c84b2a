import Testing
import JSON
@testable import ScalewiseServer

/// The chunked edit path against the whole-text one it replaced (`DocumentStore.offset` on the
/// flat bytes and `replaceSubrange`): same offsets, same text after every edit.
struct ChunkedTextTests {
    struct Rng: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    /// Lines mixing ASCII, 2-, 3- and 4-byte UTF-8, CR LF and LF; about 40 KB (several chunks).
    static func text(_ rng: inout Rng) -> [UInt8] {
        let pieces = ["model: 4096", "é", "€", "𝔸", "\r\n", "\n", "  hidden_size: 8192", "x"]
        var out: [UInt8] = []
        while out.count < 40_000 { out += Array(pieces.randomElement(using: &rng)!.utf8) }
        return out
    }

    @Test func offsetsAndEditsMatchTheFlatText() {
        var rng = Rng(state: 42)
        var flat = Self.text(&rng)
        var chunked = ChunkedText(flat)
        let lines = flat.filter { $0 == 0x0A }.count
        for _ in 0..<150 {
            let l1 = Int.random(in: 0...(lines + 2), using: &rng), c1 = Int.random(in: 0...40, using: &rng)
            let l2 = l1 + Int.random(in: 0...3, using: &rng), c2 = Int.random(in: 0...40, using: &rng)
            let s = DocumentStore.offset(in: flat, line: l1, character: c1)
            let e = max(s, DocumentStore.offset(in: flat, line: l2, character: c2))
            #expect(chunked.offset(line: l1, character: c1) == s)
            #expect(chunked.offset(line: l2, character: c2) == DocumentStore.offset(in: flat, line: l2, character: c2))
            let insert = Array(["", "a", "é€\n", "\r\n𝔸", String(repeating: "z", count: 9_000)].randomElement(using: &rng)!.utf8)
            flat.replaceSubrange(s..<e, with: insert)
            chunked.replace(s, e, with: insert)
        }
        #expect(chunked.bytes == flat)
    }

    /// 2,000 one-byte edits on a 4 MB document: about 1.2 s in a debug build on a busy core
    /// (mostly the one pass over the 4 MB); the whole-text path rescanned and moved the 4 MB
    /// three times per edit, 6–8 s in release and minutes in debug.
    @Test func manyEditsOnALargeDocumentStayFast() {
        let store = DocumentStore(limits: .init(maxDocuments: 10, maxBytes: 8 << 20))
        let line = Array("  hidden_size: 4096 # a comment that pads the line out\n".utf8)
        var text: [UInt8] = []
        while text.count < 4 << 20 { text += line }
        store.open(uri: "file:///big.yaml", languageId: "yaml", version: 1, text: String(decoding: text, as: UTF8.self))
        let lines = text.count / line.count
        let edits = (0..<2000).map { i in
            DocumentStore.Change(range: ((i * 37 % lines, 15), (i * 37 % lines, 16)), text: "5")
        }
        let clock = ContinuousClock()
        let elapsed = clock.measure { store.change(uri: "file:///big.yaml", version: 2, changes: edits) }
        #expect(elapsed < .seconds(12))
        var expected = text
        for i in 0..<2000 { expected[(i * 37 % lines) * line.count + 15] = UInt8(ascii: "5") }
        #expect(store.document("file:///big.yaml")?.bytes == expected)
    }

    @Test func aMalformedRangeRefusesTheWholeChange() throws {
        let good = #"{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}},"text":"x"}"#
        for bad in [#"{"range":{"start":{"line":-1,"character":0},"end":{"line":0,"character":1}},"text":"y"}"#,
                    #"{"range":{"start":{"line":2147483648,"character":0},"end":{"line":0,"character":1}},"text":"y"}"#,
                    #"{"range":{"start":{"line":0,"character":1.5},"end":{"line":0,"character":1}},"text":"y"}"#,
                    #"{"range":{"start":{"line":0,"character":0}},"text":"y"}"#,
                    #"{"range":"0:0-0:1","text":"y"}"#,
                    #"{"range":{"start":{"line":1,"character":0},"end":{"line":0,"character":0}},"text":"y"}"#,
                    #"{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":1}}}"#] {
            let items = [try JSON.parse(good), try JSON.parse(bad)]
            guard case .failure(let e) = DocumentStore.decodeChanges(items, path: "params.contentChanges") else {
                Issue.record("accepted \(bad)")
                continue
            }
            #expect(e.field.hasPrefix("params.contentChanges[1]"))
        }
        let ok = DocumentStore.decodeChanges([try JSON.parse(good), try JSON.parse(#"{"text":"all"}"#)], path: "p")
        guard case .success(let changes) = ok else { Issue.record("refused valid changes"); return }
        #expect(changes.count == 2 && changes[1].range == nil && changes[0].range?.end.character == 1)
    }
}
