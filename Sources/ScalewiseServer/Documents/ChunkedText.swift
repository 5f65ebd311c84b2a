/// A document's bytes in chunks of about 4 KiB, each knowing its newline and UTF-16 counts,
/// with prefix sums of bytes and newlines over the chunks: an LSP edit finds its chunk by
/// binary search, scans at most a chunk, moves at most a chunk's bytes and shifts the prefix
/// sums (plain integers): a didChange of k edits on an n-byte document costs
/// O(n + k·(n/4 Ki + 4 Ki)) with a small constant, not O(k·n). Chunks never split a UTF-8
/// sequence or a CR LF pair.
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
    /// Byte offset where each chunk starts, and newlines before it.
    private var starts: [Int] = []
    private var linesBefore: [Int] = []

    init(_ bytes: [UInt8]) {
        chunks = ChunkedText.split(bytes[...])
        reindex()
    }

    private mutating func reindex() {
        starts = []
        linesBefore = []
        starts.reserveCapacity(chunks.count)
        linesBefore.reserveCapacity(chunks.count)
        var b = 0, l = 0
        for c in chunks {
            starts.append(b)
            linesBefore.append(l)
            b += c.bytes.count
            l += c.newlines
        }
    }

    /// The largest index i with `values[i] < bound` (or ≤ when `orEqual`); -1 when none.
    private static func lastIndex(_ values: [Int], below bound: Int, orEqual: Bool) -> Int {
        var lo = 0, hi = values.count // first index failing the test
        while lo < hi {
            let mid = (lo + hi) / 2
            if values[mid] < bound || (orEqual && values[mid] == bound) { lo = mid + 1 } else { hi = mid }
        }
        return lo - 1
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
        guard !chunks.isEmpty else { return 0 }
        var c = 0
        var p = 0 // index in chunks[c]
        var base = 0
        // The start of `line`: just after its line-th newline, in the last chunk with fewer
        // newlines before it.
        if line > 0 {
            c = ChunkedText.lastIndex(linesBefore, below: line, orEqual: false)
            base = starts[c]
            var remaining = line - linesBefore[c]
            guard remaining <= chunks[c].newlines else { return starts[c] + chunks[c].bytes.count }
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
        if chunks.isEmpty {
            chunks = [Chunk([])]
            reindex()
        }
        let (c1, o1) = locate(start)
        let (c2, o2) = locate(end)
        if c1 == c2 {
            // Counts change by what leaves and what arrives; the rest of the chunk is not rescanned.
            let removed = ChunkedText.counts(chunks[c1].bytes[o1..<o2]), added = ChunkedText.counts(text[...])
            chunks[c1].bytes.replaceSubrange(o1..<o2, with: text)
            chunks[c1].newlines += added.newlines - removed.newlines
            chunks[c1].utf16 += added.utf16 - removed.utf16
            let db = text.count - (o2 - o1), dn = added.newlines - removed.newlines
            if chunks[c1].bytes.count > 2 * ChunkedText.chunkBytes || (chunks[c1].bytes.isEmpty && chunks.count > 1) {
                restructure(c1)
            } else if db != 0 || dn != 0 {
                for i in (c1 + 1)..<chunks.count {
                    starts[i] += db
                    linesBefore[i] += dn
                }
            }
        } else {
            let tail = chunks[c2].bytes[o2...]
            chunks[c1].bytes.replaceSubrange(o1..., with: text + tail)
            chunks.removeSubrange((c1 + 1)...c2)
            chunks[c1].recount()
            restructure(c1)
        }
    }

    /// Splits a chunk that grew past twice the chunk size, drops one that emptied, re-indexes.
    private mutating func restructure(_ c: Int) {
        if chunks[c].bytes.count > 2 * ChunkedText.chunkBytes {
            chunks.replaceSubrange(c...c, with: ChunkedText.split(chunks[c].bytes[...]))
        } else if chunks[c].bytes.isEmpty && chunks.count > 1 {
            chunks.remove(at: c)
        }
        reindex()
    }

    /// (chunk index, offset in it) for a global offset; the end of the text is the last chunk's end.
    private func locate(_ offset: Int) -> (Int, Int) {
        let c = max(0, ChunkedText.lastIndex(starts, below: offset, orEqual: true))
        return (c, min(offset - starts[c], chunks[c].bytes.count))
    }
}
