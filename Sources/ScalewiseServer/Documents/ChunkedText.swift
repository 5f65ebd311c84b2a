/// A document's bytes in chunks of about 4 KiB, each knowing its newline and UTF-16 counts,
/// so an LSP edit finds its position by skipping whole chunks and moves at most one chunk's
/// bytes: a didChange of k edits on an n-byte document costs O(n + k·(n/4 Ki + 4 Ki)),
/// not O(k·n). Chunks never split a UTF-8 sequence or a CR LF pair.
struct ChunkedText {
    struct Chunk {
        var bytes: [UInt8]
        var newlines = 0
        var utf16 = 0

        init(_ bytes: [UInt8]) {
            self.bytes = bytes
            recount()
        }

        mutating func recount() {
            (newlines, utf16) = ChunkedText.counts(bytes[...])
        }
    }

    static let chunkBytes = 4 << 10
    private(set) var chunks: [Chunk] = []

    init(_ bytes: [UInt8]) {
        chunks = ChunkedText.split(bytes[...])
    }

    var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chunks.reduce(0) { $0 + $1.bytes.count })
        for c in chunks { out += c.bytes }
        return out
    }

    static func counts(_ bytes: ArraySlice<UInt8>) -> (newlines: Int, utf16: Int) {
        var n = 0, u = 0
        for b in bytes {
            if b == 0x0A { n += 1 }
            u += units(b)
        }
        return (n, u)
    }

    /// UTF-16 units a byte starts: 0 for a continuation byte, 2 for a 4-byte sequence's lead.
    @inline(__always) static func units(_ b: UInt8) -> Int {
        b & 0xC0 == 0x80 ? 0 : (b >= 0xF0 ? 2 : 1)
    }

    private static func split(_ bytes: ArraySlice<UInt8>) -> [Chunk] {
        var out: [Chunk] = []
        var i = bytes.startIndex
        while i < bytes.endIndex {
            var j = min(i + chunkBytes, bytes.endIndex)
            // Back off to a boundary that splits neither a UTF-8 sequence nor CR LF.
            while j < bytes.endIndex, j > i + 1, bytes[j] & 0xC0 == 0x80 || bytes[j - 1] == 0x0D { j -= 1 }
            out.append(Chunk(Array(bytes[i..<j])))
            i = j
        }
        return out
    }

    /// Byte offset of an LSP position, as `DocumentStore.offset(in:line:character:)` computes it
    /// on the whole text: past the end of a line clamps to its end, past the last line to the end.
    func offset(line: Int, character: Int) -> Int {
        var base = 0
        var c = 0
        var p = 0 // index in chunks[c]
        // The start of `line`: just after its line-th newline.
        if line > 0 {
            var remaining = line
            while c < chunks.count && chunks[c].newlines < remaining {
                remaining -= chunks[c].newlines
                base += chunks[c].bytes.count
                c += 1
            }
            guard c < chunks.count else { return base }
            let b = chunks[c].bytes
            while remaining > 0 {
                if b[p] == 0x0A { remaining -= 1 }
                p += 1
            }
        }
        // Then `character` UTF-16 units, stopping at the end of the line.
        var units = 0
        while c < chunks.count {
            let chunk = chunks[c]
            if p == 0, chunk.newlines == 0, units + chunk.utf16 <= character, chunk.bytes.last != 0x0D {
                units += chunk.utf16
                base += chunk.bytes.count
                c += 1
                continue
            }
            let b = chunk.bytes
            while p < b.count {
                let byte = b[p]
                if units >= character && ChunkedText.units(byte) > 0 { return base + p }
                if byte == 0x0A { return base + p }
                if byte == 0x0D {
                    let next: UInt8? = p + 1 < b.count ? b[p + 1] : (c + 1 < chunks.count ? chunks[c + 1].bytes.first : nil)
                    if next == 0x0A { return base + p }
                }
                units += ChunkedText.units(byte)
                p += 1
            }
            base += b.count
            c += 1
            p = 0
        }
        return base
    }

    /// Replaces bytes `start..<end` (global offsets, start ≤ end) with `text`.
    mutating func replace(_ start: Int, _ end: Int, with text: [UInt8]) {
        if chunks.isEmpty { chunks = [Chunk([])] }
        let (c1, o1) = locate(start)
        let (c2, o2) = locate(end)
        if c1 == c2 {
            // Counts change by what leaves and what arrives; the rest of the chunk is not rescanned.
            let removed = ChunkedText.counts(chunks[c1].bytes[o1..<o2]), added = ChunkedText.counts(text[...])
            chunks[c1].bytes.replaceSubrange(o1..<o2, with: text)
            chunks[c1].newlines += added.newlines - removed.newlines
            chunks[c1].utf16 += added.utf16 - removed.utf16
        } else {
            let tail = chunks[c2].bytes[o2...]
            chunks[c1].bytes.replaceSubrange(o1..., with: text + tail)
            chunks.removeSubrange((c1 + 1)...c2)
            chunks[c1].recount()
        }
        // Re-split the changed chunk if it grew; drop it if it emptied.
        if chunks[c1].bytes.count > 2 * ChunkedText.chunkBytes {
            let pieces = ChunkedText.split(chunks[c1].bytes[...])
            chunks.replaceSubrange(c1...c1, with: pieces)
        } else if chunks[c1].bytes.isEmpty && chunks.count > 1 {
            chunks.remove(at: c1)
        }
    }

    /// (chunk index, offset in it) for a global offset; the end of the text is the last chunk's end.
    private func locate(_ offset: Int) -> (Int, Int) {
        var rest = offset
        for (i, chunk) in chunks.enumerated() {
            if rest < chunk.bytes.count || i == chunks.count - 1 { return (i, min(rest, chunk.bytes.count)) }
            rest -= chunk.bytes.count
        }
        return (0, 0)
    }
}
