import Synchronization
import Foundation
import JSON

/// The one writer: replies from the reader loop and from long-running tasks are framed
/// into one buffer under a lock and written in as few syscalls as possible.
/// Unchecked Sendable: every stored var is touched only while `lock` is held.
public final class Output: @unchecked Sendable {
    private struct State {
        var pending: [UInt8] = []
        var scratch = UnsafeMutableRawPointer.allocate(byteCount: 1 << 16, alignment: 16)
        var scratchCapacity = 1 << 16
        var framing: Framing = .lines
        var broken = false
    }

    private let lock = NSLock()
    private var s = State()
    private let sink: @Sendable (UnsafeRawBufferPointer) -> Bool
    private let probe: (@Sendable () -> Bool)?
    /// The descriptor written to, when there is one: the reader loop watches it so a client
    /// that closes it is noticed without waiting for the next reply.
    public private(set) var watchedFD: Int32?

    /// `sink` writes all bytes or returns false (the peer is gone). `peerClosed`, when given,
    /// tells without writing whether the reader of the output has gone away.
    public init(sink: @escaping @Sendable (UnsafeRawBufferPointer) -> Bool,
                peerClosed: (@Sendable () -> Bool)? = nil) {
        self.sink = sink
        self.probe = peerClosed
    }

    /// True when a write failed or the reader of the output is known to be gone (a pipe
    /// whose read end was closed reports POLLERR), so work nobody can receive can stop.
    public var peerClosed: Bool { isBroken || (probe?() ?? false) }

    deinit { s.scratch.deallocate() }

    /// Writes to a file descriptor, retrying short writes and EINTR.
    public static func fileDescriptor(_ fd: Int32) -> Output {
        let output = Output { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                    // A non-blocking stdout: wait until the peer reads (or is gone: POLLERR,
                    // and the next write fails with EPIPE).
                    var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&ready, 1, -1)
                } else {
                    return false
                }
            }
            return true
        } peerClosed: {
            var state = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            return poll(&state, 1, 0) > 0 && state.revents & Int16(POLLERR | POLLHUP) != 0
        }
        output.watchedFD = fd
        return output
    }

    public func setFraming(_ framing: Framing) {
        lock.withLock { s.framing = framing }
    }

    /// True once a write failed: the peer closed its end.
    public var isBroken: Bool { lock.withLock { s.broken } }

    /// Frames and buffers one message; `flush` sends it.
    public func enqueue(_ message: JSON) {
        lock.lock()
        defer { lock.unlock() }
        var needed = message.dump(to: s.scratch, capacity: s.scratchCapacity)
        if needed > s.scratchCapacity {
            s.scratch.deallocate()
            s.scratchCapacity = needed * 2
            s.scratch = .allocate(byteCount: s.scratchCapacity, alignment: 16)
            needed = message.dump(to: s.scratch, capacity: s.scratchCapacity)
        }
        let body = UnsafeRawBufferPointer(start: s.scratch, count: needed)
        switch s.framing {
        case .lines:
            s.pending.append(contentsOf: body)
            s.pending.append(0x0A)
        case .headers:
            s.pending.append(contentsOf: "Content-Length: \(needed)\r\n\r\n".utf8)
            s.pending.append(contentsOf: body)
        }
    }

    /// Writes everything buffered. Returns false when the peer is gone.
    @discardableResult
    public func flush() -> Bool {
        lock.withLock {
            guard !s.pending.isEmpty else { return !s.broken }
            if !s.broken {
                s.broken = !s.pending.withUnsafeBytes { sink($0) }
            }
            s.pending.removeAll(keepingCapacity: s.pending.count < (1 << 20))
            return !s.broken
        }
    }

    public func send(_ message: JSON) {
        enqueue(message)
        flush()
    }
}

/// Logs go to stderr, never to the protocol stream.
public enum Log {
    public static func warn(_ message: String) { emit("warning", message) }
    public static func info(_ message: String) { if showInfo.load(ordering: .relaxed) { emit("info", message) } }
    /// The daemon says what it loaded; the one-shot CLI only with --verbose.
    public static let showInfo = Atomic<Bool>(true)

    private static func emit(_ level: String, _ message: String) {
        let line = "scalewise: \(level): \(message)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }
}
