import Dispatch
import Foundation
import JSON
import Synchronization

/// One JSON-RPC session over a byte stream: the reader loop (framing, parse, dispatch),
/// fast methods answered inline, long work on threads tracked for `$/cancelRequest`.
/// Long work gets a thread, not a Task: it computes without suspending, and a plain thread
/// cannot be starved by someone blocking the cooperative pool.
/// Lifecycle as in LSP: `shutdown` then `exit` ends with 0; `exit` alone with 1; EOF
/// waits for long work in flight, then ends with 0.
public final class Connection {
    public struct Limits: Sendable {
        public var maxFrameBytes: Int
        public var maxBatch: Int
        /// Long jobs running at once; the rest wait in arrival order (`serve --max-long-jobs`).
        public var maxLongJobs: Int
        /// Long jobs waiting for a slot; past this a long request answers -32002 (busy).
        public var maxQueuedJobs: Int
        /// JSON values (numbers, strings, arrays, objects…) one frame may hold. A parsed value
        /// costs about 50–80 bytes against the 1–2 bytes it may take on the wire (`0,`), so
        /// the frame size alone does not bound the memory a parse takes: a 62 MiB array of
        /// 32M zeros took 1.3 GB. Counted before parsing, in one pass over the bytes.
        public var maxFrameValues: Int

        /// Two per core: long work is CPU-bound, and more threads than that only add memory.
        public static let defaultMaxLongJobs = max(2, 2 * ProcessInfo.processInfo.activeProcessorCount)

        public init(maxFrameBytes: Int = 64 << 20, maxBatch: Int = 10_000,
                    maxLongJobs: Int = Limits.defaultMaxLongJobs, maxQueuedJobs: Int = 1_024,
                    maxFrameValues: Int = 2_000_000) {
            self.maxFrameBytes = maxFrameBytes
            self.maxBatch = maxBatch
            self.maxLongJobs = max(1, maxLongJobs)
            self.maxQueuedJobs = max(0, maxQueuedJobs)
            self.maxFrameValues = max(1, maxFrameValues)
        }
    }

    public let dispatcher: Dispatcher
    public let output: Output
    public let limits: Limits
    let splitter: FrameSplitter
    let inflight = InFlight()
    let group = DispatchGroup()
    let jobs: JobQueue
    private(set) var shutdownRequested = false
    private(set) var exitCode: Int32?
    /// Replies are written at least this often while a burst of requests is being handled,
    /// so a fast reply does not wait for the rest of the read.
    static let flushInterval: Duration = .milliseconds(2)

    public init(dispatcher: Dispatcher, output: Output, limits: Limits = Limits(), framing: Framing? = nil) {
        self.dispatcher = dispatcher
        self.output = output
        self.limits = limits
        self.splitter = FrameSplitter(maxFrameBytes: limits.maxFrameBytes, framing: framing)
        self.jobs = JobQueue(limit: limits.maxLongJobs, maxWaiting: limits.maxQueuedJobs)
        if let framing { output.setFraming(framing) }
        registerLifecycle()
    }

    /// Reads `fd` until EOF or `exit`; returns the process exit code.
    public func run(readingFrom fd: Int32) -> Int32 {
        var eof = false
        var outputGone = false
        while exitCode == nil {
            drain(eof: eof)
            // One write for everything answered from this read.
            if !output.flush() {
                Log.warn("the client closed the output stream; stopping")
                outputGone = true
                break
            }
            if eof || exitCode != nil { break }
            // Wait for input or for the reader of the output to go away: a client that closed
            // our stdout is noticed at once, not at the next reply.
            if let outFD = output.watchedFD {
                var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: outFD, events: 0, revents: 0)]
                let r = poll(&fds, 2, -1)
                if r < 0 { if errno == EINTR { continue } }
                if r > 0 && fds[1].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 {
                    outputGone = true
                    break
                }
            }
            let space = splitter.writableSpace()
            let n = read(fd, space.baseAddress, space.count)
            if n > 0 {
                splitter.commit(n)
            } else if n == 0 {
                eof = true
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                // A non-blocking stdin handed down by the parent: wait, it is not the end.
                var ready = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                _ = poll(&ready, 1, -1)
            } else if errno != EINTR {
                Log.warn("read failed: \(String(cString: strerror(errno)))")
                eof = true
            }
        }
        if let exitCode {
            output.flush()
            return exitCode
        }
        if splitter.pendingBytes > 0 && !outputGone {
            Log.warn("input ended inside a frame; \(splitter.pendingBytes) bytes dropped")
        }
        if outputGone || output.peerClosed {
            // The client closed its end: nobody can read the answers of long work still
            // running, so stop it instead of computing for nobody.
            let cancelled = inflight.cancelAll()
            Log.warn("the client closed the output stream; stopping" + (cancelled > 0 ? " (\(cancelled) request(s) in progress cancelled)" : ""))
            group.wait()
            return 1
        }
        group.wait()
        output.flush()
        return 0
    }

    /// Handles every complete frame buffered so far (tests feed bytes and call this).
    public func drain(eof: Bool = false) {
        var lastFlush = ContinuousClock.now
        while exitCode == nil, let event = splitter.next(eof: eof) {
            if let framing = splitter.framing { output.setFraming(framing) }
            switch event {
            case .error(let message):
                output.enqueue(Reply.error(id: nil, .parseError(message)))
            case .body(let bytes):
                handle(frame: bytes)
            }
            let now = ContinuousClock.now
            if now - lastFlush >= Connection.flushInterval {
                output.flush()
                lastFlush = now
            }
        }
    }

    public func feed(_ bytes: [UInt8]) { splitter.feed(bytes) }

    /// Waits for long work in flight (tests).
    public func waitForWork() { group.wait() }

    /// Waits at most `seconds` for long work in flight; false when some is still running.
    public func waitForWork(seconds: Double) -> Bool {
        group.wait(timeout: .now() + seconds) == .success
    }

    func handle(frame: UnsafeRawBufferPointer) {
        // Each value past the first needs a byte of its own (`,` `[` `{`), so a frame shorter
        // than the limit cannot exceed it: only large frames pay for the count before the parse.
        guard frame.count < limits.maxFrameValues
                || Connection.countValues(frame, stoppingAfter: limits.maxFrameValues) <= limits.maxFrameValues else {
            output.enqueue(Reply.error(id: nil, .invalidRequest("the frame holds more than \(limits.maxFrameValues) JSON values (--max-frame-values)")))
            return
        }
        let message: JSON
        do {
            message = try JSON.parse(frame)
        } catch {
            output.enqueue(Reply.error(id: nil, .parseError(error.description)))
            return
        }
        if message.kind == .array {
            handleBatch(message)
        } else {
            let output = self.output
            if case .reply(let reply) = handle(message: message, deliver: { output.send($0) }) {
                output.enqueue(reply)
            }
        }
    }

    /// An upper bound on the JSON values in `bytes`: one per `,`, `[` or `{` outside strings,
    /// plus one. Stops counting past `limit`.
    static func countValues(_ bytes: UnsafeRawBufferPointer, stoppingAfter limit: Int) -> Int {
        var count = 1
        var inString = false
        var escaped = false
        for b in bytes {
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
            } else if b == 0x22 {
                inString = true
            } else if b == 0x2C || b == 0x5B || b == 0x7B {
                count += 1
                if count > limit { return count }
            }
        }
        return count
    }

    /// A batch's replies go out as one array once every member has answered; long members
    /// run off the reader thread like single requests, so `$/cancelRequest` reaches them.
    private func handleBatch(_ batch: JSON) {
        guard batch.count > 0 else {
            output.enqueue(Reply.error(id: nil, .invalidRequest("empty batch")))
            return
        }
        guard batch.count <= limits.maxBatch else {
            output.enqueue(Reply.error(id: nil, .invalidRequest("batch of \(batch.count) requests exceeds the limit of \(limits.maxBatch) (--max-batch)")))
            return
        }
        let collector = BatchCollector(output: output)
        for element in batch.elements {
            let slot = collector.reserve()
            switch handle(message: element, deliver: { collector.fill(slot, $0) }) {
            case .reply(let reply): collector.fill(slot, reply)
            case .none: collector.fill(slot, nil)
            case .pending: break
            }
            if exitCode != nil { break }
        }
        collector.seal()
    }

    enum Outcome {
        /// Answer now.
        case reply(JSON)
        /// A notification: no answer.
        case none
        /// Long work: `deliver` gets the answer later.
        case pending
    }

    func handle(message: JSON, deliver: @escaping @Sendable (JSON) -> Void) -> Outcome {
        switch handleCall(message, deliver: deliver) {
        case .some(.some(let reply)): return .reply(reply)
        case .some(.none): return .pending
        case .none: return .none
        }
    }

    /// nil: a notification; .some(nil): long work started; .some(reply): answer now.
    private func handleCall(_ message: JSON, deliver: @escaping @Sendable (JSON) -> Void) -> JSON?? {
        let call: Incoming
        switch Incoming.validate(message) {
        case .invalid(let error, let id):
            return Reply.error(id: id, error)
        case .call(let c):
            call = c
        }
        if call.isNotification {
            notify(call)
            return .none
        }
        let id = call.idJSON!
        if shutdownRequested && call.method != "shutdown" {
            return Reply.error(id: id, .invalidRequest("the server is shutting down; only exit is accepted"))
        }
        let params = dispatcher.fields(call.params)
        let prepared: Prepared
        do {
            switch dispatcher.entries[call.method] {
            case nil:
                return Reply.error(id: id, .methodNotFound(call.method))
            case .inline(let handler):
                prepared = .result(try handler(params))
            case .long(let handler):
                prepared = .long(try handler(params))
            case .routed(let handler):
                prepared = try handler(params)
            }
        } catch {
            return Reply.error(id: id, dispatcher.rpcError(error, params: call.params))
        }
        switch prepared {
        case .result(let result):
            return Reply.result(id: id, result)
        case .long(let work):
            return .some(start(work, call: call, deliver: deliver))
        }
    }

    private func notify(_ call: Incoming) {
        let params = dispatcher.fields(call.params)
        if let handler = dispatcher.notificationHandlers[call.method] {
            handler(params)
        } else if !call.method.hasPrefix("$/") && !call.method.hasPrefix("notifications/") {
            Log.info("ignored notification \(call.method)")
        }
    }

    /// Queues long work for a thread of the job pool (at most `maxLongJobs` at once, the rest
    /// in arrival order). A null id is answered like any other; it cannot be cancelled,
    /// since no cancel can name it.
    private func start(_ work: LongWork, call: Incoming, deliver: @escaping @Sendable (JSON) -> Void) -> JSON? {
        let id = call.id
        let replyID = ReplyID(id)
        let flag = CancellationFlag()
        if let id, !inflight.insert(id, flag) {
            return Reply.error(id: call.idJSON, .invalidRequest("a request with id \(id) is already in progress"))
        }
        let (token, style) = Connection.progressToken(call.params)
        let context = WorkContext(cancelled: flag, output: output, token: token, style: style)
        let method = call.method
        let mapError = dispatcher.mapError
        let culprit = call.params.flatMap { RPCError.extremeNumber(in: $0, path: "params") }
        let inflight = self.inflight
        let group = self.group
        group.enter()
        let queued = jobs.submit {
            let reply: JSON
            if flag.isSet {
                // Cancelled while waiting for a slot.
                reply = Reply.error(id: replyID.json(), .cancelled)
            } else {
                context.begin(title: method)
                do {
                    // Work that finished is answered with its result even if a cancel came
                    // late: it may have changed state (a saved fit), and the reply must say so.
                    let result = try work.run(context)
                    reply = Reply.result(id: replyID.json(), result)
                    context.end("done")
                } catch {
                    reply = Reply.error(id: replyID.json(), Dispatcher.rpcError(error, mapError, culprit: culprit))
                    context.end(flag.isSet ? "cancelled" : "failed")
                }
            }
            if let id { inflight.remove(id) }
            deliver(reply)
            group.leave()
        }
        guard queued else {
            if let id { inflight.remove(id) }
            group.leave()
            return Reply.error(id: call.idJSON, RPCError(code: RPCError.numericalErrorCode,
                message: "Busy: \(limits.maxLongJobs) long requests are running and \(limits.maxQueuedJobs) are waiting; try again when some have answered",
                extra: ["reason": "busy"]))
        }
        return nil
    }

    /// LSP's `workDoneToken`, else MCP's `_meta.progressToken`.
    static func progressToken(_ params: JSON?) -> (RequestID?, ProgressStyle) {
        if let t = params?["workDoneToken"].flatMap({ RequestID($0) }) { return (t, .lsp) }
        if let t = params?["_meta"]?["progressToken"].flatMap({ RequestID($0) }) { return (t, .mcp) }
        return (nil, .lsp)
    }

    private func registerLifecycle() {
        dispatcher.register("shutdown") { [unowned self] _ in
            shutdownRequested = true
            return JSON.null()
        }
        dispatcher.onNotification("exit") { [unowned self] _ in
            exitCode = shutdownRequested ? 0 : 1
        }
        dispatcher.onNotification("initialized") { _ in }
        dispatcher.onNotification("$/cancelRequest") { [unowned self] params in
            guard let raw = params.value("id"), let id = RequestID(raw) else { return }
            inflight.cancel(id)
        }
        // MCP's cancellation of a request (tools/call) in progress.
        dispatcher.onNotification("notifications/cancelled") { [unowned self] params in
            guard let raw = params.value("requestId"), let id = RequestID(raw) else { return }
            inflight.cancel(id)
        }
    }
}

/// The id a long request is answered with: its own, or null for a request sent with a null id.
struct ReplyID: Sendable {
    let id: RequestID?
    init(_ id: RequestID?) { self.id = id }
    func json() -> JSON { id?.json() ?? JSON.null() }
}

/// Long requests in flight, by id, so `$/cancelRequest` can find them.
final class InFlight: Sendable {
    private let table = Mutex<[RequestID: CancellationFlag]>([:])

    func insert(_ id: RequestID, _ flag: CancellationFlag) -> Bool {
        table.withLock { t in
            if t[id] != nil { return false }
            t[id] = flag
            return true
        }
    }

    func remove(_ id: RequestID) { table.withLock { _ = $0.removeValue(forKey: id) } }

    func cancel(_ id: RequestID) { table.withLock { $0[id]?.set() } }

    /// Cancels every request in progress; returns how many there were.
    func cancelAll() -> Int {
        table.withLock { t in
            for flag in t.values { flag.set() }
            return t.count
        }
    }
}

/// Collects a batch's replies in order and sends the array when the last one arrives
/// (from the reader thread when every member answered inline, else from the last worker).
/// Unchecked Sendable: every stored var is touched only while `lock` is held.
final class BatchCollector: @unchecked Sendable {
    private let lock = NSLock()
    private let output: Output
    private var slots: [JSON?] = []
    private var filled: [Bool] = []
    private var remaining = 0
    private var sealed = false

    init(output: Output) { self.output = output }

    func reserve() -> Int {
        lock.withLock {
            slots.append(nil)
            filled.append(false)
            remaining += 1
            return slots.count - 1
        }
    }

    /// Records a member's reply (nil: a notification, no reply).
    func fill(_ slot: Int, _ reply: JSON?) {
        let done: Bool = lock.withLock {
            guard !filled[slot] else { return false }
            filled[slot] = true
            slots[slot] = reply
            remaining -= 1
            return sealed && remaining == 0
        }
        if done { send(flush: true) }
    }

    /// No more members; sends now if every member has answered.
    func seal() {
        let done: Bool = lock.withLock {
            sealed = true
            return remaining == 0
        }
        if done { send(flush: false) }
    }

    private func send(flush: Bool) {
        let replies = JSON.array()
        lock.withLock { for case let r? in slots { replies.append(r) } }
        guard replies.count > 0 else { return }
        if flush { output.send(replies) } else { output.enqueue(replies) }
    }
}

/// Threads for long work: at most `limit` run at once; the rest wait in arrival order,
/// holding only their decoded params. A thread that finishes a job takes the next.
final class JobQueue: Sendable {
    private struct State {
        var running = 0
        var waiting: [@Sendable () -> Void] = []
        var head = 0
    }
    private let state = Mutex(State())
    let limit: Int
    let maxWaiting: Int

    init(limit: Int, maxWaiting: Int) {
        self.limit = limit
        self.maxWaiting = maxWaiting
    }

    /// Runs `job` now or queues it; false when the queue is full.
    func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        let outcome: Int = state.withLock { s in
            if s.running < limit {
                s.running += 1
                return 1
            }
            guard s.waiting.count - s.head < maxWaiting else { return 0 }
            s.waiting.append(job)
            return 2
        }
        if outcome == 1 { spawn(job) }
        return outcome != 0
    }

    /// Jobs running and waiting (tests).
    var counts: (running: Int, waiting: Int) { state.withLock { ($0.running, $0.waiting.count - $0.head) } }

    private func spawn(_ first: @escaping @Sendable () -> Void) {
        let thread = Thread { [self] in
            var job = first
            while true {
                job()
                guard let next = takeNext() else { return }
                job = next
            }
        }
        thread.stackSize = 16 << 20
        thread.start()
    }

    private func takeNext() -> (@Sendable () -> Void)? {
        state.withLock { s in
            guard s.head < s.waiting.count else {
                s.running -= 1
                s.waiting.removeAll()
                s.head = 0
                return nil
            }
            let job = s.waiting[s.head]
            s.waiting[s.head] = {} // drop what the job captured
            s.head += 1
            if s.head > 1024 && s.head * 2 > s.waiting.count {
                s.waiting.removeFirst(s.head)
                s.head = 0
            }
            return job
        }
    }
}
