import Foundation

/// How messages are delimited on the stream, detected from its first bytes.
public enum Framing: Sendable, Equatable {
    /// `Content-Length: N\r\n\r\n` + body, as editors send (LSP base protocol).
    case headers
    /// One JSON value per line, as shell pipes and MCP's stdio transport send.
    case lines
}

/// One unit the splitter found: a message body, or a framing failure to answer with -32700.
public enum FrameEvent {
    /// A body, valid until the next call to `feed`/`next`.
    case body(UnsafeRawBufferPointer)
    case error(String)
}

/// Splits a byte stream into message bodies. A small state machine over one growable
/// buffer: bodies are handed out in place (no copy) and never exceed `maxFrameBytes`;
/// an oversized frame is skipped without being buffered and reported once.
public final class FrameSplitter {
    /// Largest header block (`Content-Length: N\r\n...\r\n\r\n`); LSP headers are tens of bytes.
    public static let maxHeaderBytes = 8192
    public let maxFrameBytes: Int
    public private(set) var framing: Framing?

    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var start = 0
    private var end = 0
    /// Bytes of an oversized frame still to drop (headers) or "drop to next newline" (lines).
    private var skipping: Skip = .none
    /// In header mode: the body length announced by a parsed header block.
    private var pendingBody: Int?

    private enum Skip { case none, bytes(Int), line }

    public init(maxFrameBytes: Int, framing: Framing? = nil) {
        self.maxFrameBytes = maxFrameBytes
        self.framing = framing
        capacity = 1 << 16
        buffer = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    /// Space to read into: at least `minimum` free bytes at the end of the buffer.
    public func writableSpace(minimum: Int = 1 << 16) -> UnsafeMutableRawBufferPointer {
        if start == end && capacity > 4 << 20 && minimum <= 1 << 16 {
            // Nothing buffered after a large frame: give the memory back.
            buffer.deallocate()
            capacity = 1 << 16
            buffer = .allocate(byteCount: capacity, alignment: 16)
            start = 0
            end = 0
        }
        if start > 0 && (start == end || capacity - end < minimum) {
            // Compact: move unread bytes to the front.
            let live = end - start
            if live > 0 { buffer.copyMemory(from: buffer + start, byteCount: live) }
            start = 0
            end = live
        }
        if capacity - end < minimum {
            let newCapacity = max(capacity * 2, end + minimum)
            let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
            grown.copyMemory(from: buffer, byteCount: end)
            buffer.deallocate()
            buffer = grown
            capacity = newCapacity
        }
        return UnsafeMutableRawBufferPointer(start: buffer + end, count: capacity - end)
    }

    /// Records that `count` bytes were written into the last `writableSpace()`.
    public func commit(_ count: Int) { end += count }

    /// Feeds bytes by copying (tests and in-memory transports).
    public func feed(_ bytes: [UInt8]) {
        let space = writableSpace(minimum: bytes.count)
        bytes.withUnsafeBytes { space.copyMemory(from: $0) }
        commit(bytes.count)
    }

    /// The next complete frame, or nil when more bytes are needed. At `eof`, a last line
    /// without its newline is still a frame; a body cut short is dropped (clean stop).
    public func next(eof: Bool = false) -> FrameEvent? {
        while true {
            if let event = dropSkipped(eof: eof) { return event }
            if case .none = skipping {} else { return nil }
            if framing == nil {
                skipLeadingWhitespace()
                guard let detected = detect(eof: eof) else { return nil }
                framing = detected
            }
            switch framing! {
            case .lines:
                guard let event = nextLine(eof: eof) else { return nil }
                if case .body(let b) = event, isBlank(b) { continue }
                return event
            case .headers:
                return nextHeaderFrame(eof: eof)
            }
        }
    }

    /// Bytes buffered but not yet handed out (a partial frame at EOF).
    public var pendingBytes: Int { end - start }

    // MARK: detection

    private func skipLeadingWhitespace() {
        while start < end, isSpace(byte(start)) { start += 1 }
    }

    private func detect(eof: Bool) -> Framing? {
        let prefix = Array("content-".utf8)
        let available = end - start
        if available == 0 { return nil }
        let n = min(available, prefix.count)
        for i in 0..<n where lower(byte(start + i)) != prefix[i] { return .lines }
        if n == prefix.count { return .headers }
        return eof ? .lines : nil
    }

    // MARK: lines

    private func nextLine(eof: Bool) -> FrameEvent? {
        let available = end - start
        if let nl = memchr(buffer + start, 0x0A, available) {
            let lineEnd = buffer.distance(to: nl) // index of '\n' relative to buffer base
            var bodyEnd = lineEnd
            if bodyEnd > start, byte(bodyEnd - 1) == 0x0D { bodyEnd -= 1 }
            let body = UnsafeRawBufferPointer(start: buffer + start, count: bodyEnd - start)
            start = lineEnd + 1
            if body.count > maxFrameBytes { return .error(tooLarge(body.count)) }
            return .body(body)
        }
        if available > maxFrameBytes {
            // Drop what we have and everything up to the next newline, without buffering it.
            start = end
            skipping = .line
            return .error(tooLarge(available))
        }
        if eof && available > 0 {
            let body = UnsafeRawBufferPointer(start: buffer + start, count: available)
            start = end
            return .body(body)
        }
        return nil
    }

    // MARK: headers

    private func nextHeaderFrame(eof: Bool) -> FrameEvent? {
        if pendingBody == nil {
            skipLeadingWhitespace()
            let available = end - start
            guard available > 0 else { return nil }
            guard let (announced, headerBytes) = parseHeaderBlock() else {
                if available > FrameSplitter.maxHeaderBytes {
                    return resync(reason: "no end of the header block within \(FrameSplitter.maxHeaderBytes) bytes (the header block limit)")
                }
                if eof && available > 0 {
                    // Nothing more will come: one error for the whole remainder.
                    start = end
                    return .error("framing error: header block cut short by the end of input")
                }
                return nil
            }
            let length: Int
            switch announced {
            case .valid(let n): length = n
            case .invalid(let why): return resync(reason: why)
            }
            start += headerBytes
            if length > maxFrameBytes {
                skipping = .bytes(length)
                return .error(tooLarge(length))
            }
            pendingBody = length
        }
        let length = pendingBody!
        guard end - start >= length else { return nil }
        pendingBody = nil
        let body = UnsafeRawBufferPointer(start: buffer + start, count: length)
        start += length
        return .body(body)
    }

    private enum HeaderLength { case valid(Int), invalid(String) }

    /// Returns (the Content-Length or why there is none usable, size of the header block), or
    /// nil when the block is not complete yet. Two Content-Length headers that disagree are
    /// refused: which one a proxy in between honoured cannot be known.
    private func parseHeaderBlock() -> (HeaderLength, Int)? {
        let available = min(end - start, FrameSplitter.maxHeaderBytes)
        var lineStart = start
        var length: Int? = nil
        let invalid = HeaderLength.invalid("header block without a valid Content-Length")
        var i = start
        while i < start + available {
            if byte(i) == 0x0A {
                var lineEnd = i
                if lineEnd > lineStart, byte(lineEnd - 1) == 0x0D { lineEnd -= 1 }
                if lineEnd == lineStart {
                    return (length.map { .valid($0) } ?? invalid, i + 1 - start)
                }
                let line = String(decoding: UnsafeRawBufferPointer(start: buffer + lineStart, count: lineEnd - lineStart), as: UTF8.self)
                if let colon = line.firstIndex(of: ":") {
                    let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                    let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                    if name == "content-length" {
                        guard let n = Int(value), n >= 0 else { return (invalid, i + 1 - start) }
                        if let earlier = length, earlier != n {
                            return (.invalid("two different Content-Length headers (\(earlier) and \(n))"), i + 1 - start)
                        }
                        length = n
                    }
                } else {
                    return (invalid, i + 1 - start)
                }
                lineStart = i + 1
            }
            i += 1
        }
        return nil
    }

    /// Drops bytes up to the next `Content-Length` header so one bad frame costs one error.
    private func resync(reason: String) -> FrameEvent {
        let needle = Array("content-length".utf8)
        var i = start + 1
        while i + needle.count <= end {
            var match = true
            for j in 0..<needle.count where lower(byte(i + j)) != needle[j] { match = false; break }
            if match { break }
            i += 1
        }
        start = i + needle.count <= end ? i : max(start + 1, end - needle.count)
        return .error("framing error: \(reason)")
    }

    // MARK: skipping

    private func dropSkipped(eof: Bool) -> FrameEvent? {
        switch skipping {
        case .none:
            return nil
        case .bytes(let remaining):
            let n = min(remaining, end - start)
            start += n
            skipping = remaining - n > 0 ? .bytes(remaining - n) : .none
        case .line:
            if let nl = memchr(buffer + start, 0x0A, end - start) {
                start = buffer.distance(to: nl) + 1
                skipping = .none
            } else {
                start = end
                if eof { skipping = .none }
            }
        }
        return nil
    }

    // MARK: bytes

    @inline(__always) private func byte(_ i: Int) -> UInt8 { buffer.load(fromByteOffset: i, as: UInt8.self) }
    @inline(__always) private func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
    @inline(__always) private func lower(_ b: UInt8) -> UInt8 { (b >= 0x41 && b <= 0x5A) ? b | 0x20 : b }

    private func isBlank(_ b: UnsafeRawBufferPointer) -> Bool {
        b.allSatisfy { isSpace($0) }
    }

    private func tooLarge(_ n: Int) -> String {
        "frame of \(n) bytes exceeds the limit of \(maxFrameBytes) bytes (--max-frame-bytes)"
    }
}
