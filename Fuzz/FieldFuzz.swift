// Structure-aware fuzzer: takes valid requests (Fuzz/corpus/fields: one or more per method,
// MCP tool and LSP message), mutates their fields — 0, -0, ±1e-300, ±1e300, 2^31, 2^53,
// 2^63, fractions where integers go, huge strings, wrong types, nulls, missing and extra
// members — and runs each through a Connection wired to the real Server's dispatcher.
// Byte-level fuzzers rarely get past the JSON parser and the first field check; this one
// reaches the arithmetic behind them.
//
//   fuzz-fields CORPUS_DIR [--seconds S] [--seed N] [--crash-dir DIR] [--max-execs N]
//
// A crash (a trap: SIGILL/SIGTRAP, or SIGSEGV/SIGBUS/SIGABRT/SIGFPE) or an input running past
// 120 s writes the input to CRASH_DIR/fields-<seed>-<n>.json and ends the process with 99;
// Fuzz/fields.sh restarts it with the next seed. Checks on every input: each request is
// answered (a null id too) with well-formed JSON-RPC; -32603 replies are counted and shown
// (an internal error means a check is missing somewhere).
import Foundation
import JSON
import RPC
import ScalewiseServer

// MARK: values

indirect enum Value {
    case null
    case bool(Bool)
    case int(Int64)
    case real(Double)
    case string(String)
    case array([Value])
    case object([(String, Value)])

    init(_ j: JSON) {
        switch j.kind {
        case .null: self = .null
        case .bool: self = .bool(j.bool!)
        case .integer: self = .int(j.int64!)
        case .real: self = .real(j.double!)
        case .string: self = .string(j.string!)
        case .array: self = .array(j.elements.map(Value.init))
        case .object: self = .object(j.members.map { ($0.key, Value($0.value)) })
        }
    }

    var json: JSON {
        switch self {
        case .null: return JSON.null()
        case .bool(let b): return JSON(b)
        case .int(let i): return JSON(Int(i))
        case .real(let d): return (try? JSON.number(d)) ?? JSON.null()
        case .string(let s): return JSON(s)
        case .array(let a):
            let out = JSON.array()
            for v in a { out.append(v.json) }
            return out
        case .object(let members):
            let out = JSON.object()
            for (k, v) in members { out.set(k, v.json) }
            return out
        }
    }

    subscript(key: String) -> Value? {
        if case .object(let m) = self { return m.first { $0.0 == key }?.1 }
        return nil
    }
}

enum Step: Hashable { case key(String), index(Int) }

/// Every node under a message except the envelope's `jsonrpc` and `method`.
func sites(_ v: Value, _ path: [Step] = [], into out: inout [[Step]]) {
    if !path.isEmpty { out.append(path) }
    switch v {
    case .array(let a):
        for (i, e) in a.enumerated() { sites(e, path + [.index(i)], into: &out) }
    case .object(let m):
        for (k, e) in m where !(path.isEmpty && (k == "jsonrpc" || k == "method")) {
            sites(e, path + [.key(k)], into: &out)
        }
    default:
        break
    }
}

/// Applies `change` to the node at `path`; a nil result removes it from its object/array.
func update(_ v: Value, _ path: ArraySlice<Step>, _ change: (Value) -> Value?) -> Value? {
    guard let first = path.first else { return change(v) }
    switch (v, first) {
    case (.object(var m), .key(let k)):
        guard let i = m.firstIndex(where: { $0.0 == k }) else { return v }
        if let nv = update(m[i].1, path.dropFirst(), change) { m[i].1 = nv } else { m.remove(at: i) }
        return .object(m)
    case (.array(var a), .index(let i)) where i < a.count:
        if let nv = update(a[i], path.dropFirst(), change) { a[i] = nv } else { a.remove(at: i) }
        return .array(a)
    default:
        return v
    }
}

// MARK: mutation

struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

let specialNumbers: [Value] = [
    .int(0), .real(-0.0), .real(1e-300), .real(-1e-300), .real(1e300), .real(-1e300),
    .int(1 << 31), .int(1 << 53), .real(9.223372036854775807e18), .real(1e19), .int(-1),
    .int(Int64.max), .int(Int64.min), .real(0.5), .real(1.5), .real(2.2250738585072014e-308),
]

func mutateNode(_ v: Value, removable: Bool, rng: inout SplitMix) -> Value? {
    let roll = Int.random(in: 0..<100, using: &rng)
    switch roll {
    case 0..<40:
        return specialNumbers.randomElement(using: &rng)!
    case 40..<50:
        switch v { // fractional where an integer was, or a far scale of the same number
        case .int(let i): return .real(Double(i) + 0.5)
        case .real(let d): return .real(d * [1e12, 1e-12, 1e100, -1].randomElement(using: &rng)!)
        default: return specialNumbers.randomElement(using: &rng)!
        }
    case 50..<62:
        return [.null, .bool(true), .string("x"), .object([]), .array([]), .string("")].randomElement(using: &rng)!
    case 62..<70:
        let n = [300, 5_000, 70_000].randomElement(using: &rng)!
        return .string(String(repeating: "a", count: n))
    case 70..<82 where removable:
        return nil
    case 70..<90:
        if case .object(var m) = v {
            m.append(("fuzzExtra", specialNumbers.randomElement(using: &rng)!))
            return .object(m)
        }
        if case .array(let a) = v, let first = a.first {
            return .array(Array(repeating: first, count: [0, 2, 200].randomElement(using: &rng)!))
        }
        return specialNumbers.randomElement(using: &rng)!
    default:
        if case .array(var a) = v { a.append(specialNumbers.randomElement(using: &rng)!); return .array(a) }
        return .null
    }
}

/// A corpus entry: messages sent in order (one request, a session of LSP messages, or a batch
/// sent as one frame).
struct Entry {
    var name: String
    var messages: [Value]
}

func loadCorpus(_ dir: String) -> [Entry] {
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
    return names.compactMap { name in
        guard let data = FileManager.default.contents(atPath: dir + "/" + name), let j = try? JSON.parse([UInt8](data)) else {
            FileHandle.standardError.write("fuzz-fields: \(name) does not parse; skipped\n".data(using: .utf8)!)
            return nil
        }
        let v = Value(j)
        if case .array(let s)? = v["session"] { return Entry(name: name, messages: s) }
        if let batch = v["batch"] { return Entry(name: name, messages: [batch]) }
        return Entry(name: name, messages: [v])
    }
}

func mutate(_ entry: Entry, rng: inout SplitMix) -> [Value] {
    var messages = entry.messages
    let rounds = Int.random(in: 1...3, using: &rng)
    for _ in 0..<rounds {
        let m = Int.random(in: 0..<messages.count, using: &rng)
        var all: [[Step]] = []
        sites(messages[m], into: &all)
        guard let path = all.randomElement(using: &rng) else { continue }
        let removable: Bool = { if case .key = path.last! { return true } else { return false } }()
        messages[m] = update(messages[m], path[...]) { mutateNode($0, removable: removable, rng: &rng) } ?? messages[m]
    }
    return messages
}

// MARK: crash capture

nonisolated(unsafe) var inputBuffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
nonisolated(unsafe) var inputLength = 0
nonisolated(unsafe) var crashPath = UnsafeMutablePointer<CChar>.allocate(capacity: 4096)

func recordInput(_ bytes: [UInt8]) {
    inputBuffer.deallocate()
    inputBuffer = .allocate(capacity: max(1, bytes.count))
    bytes.withUnsafeBufferPointer { inputBuffer.initialize(from: $0.baseAddress!, count: bytes.count) }
    inputLength = bytes.count
}

/// Async-signal-safe: open, write, _exit.
func installCrashHandlers() {
    let handler: @convention(c) (Int32) -> Void = { sig in
        let fd = open(crashPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd >= 0 {
            _ = write(fd, inputBuffer, inputLength)
            close(fd)
        }
        let msg: StaticString = "fuzz-fields: CRASH (signal or timeout); input written to the crash file\n"
        _ = write(2, msg.utf8Start, msg.utf8CodeUnitCount)
        _exit(99)
    }
    for sig in [SIGILL, SIGTRAP, SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGALRM] { signal(sig, handler) }
}

// MARK: one execution

final class Collected: @unchecked Sendable {
    let lock = NSLock()
    var bytes: [UInt8] = []
}

struct Findings {
    var internalErrors: [String: Int] = [:]
    var unanswered = 0
}

func execute(_ frames: [[UInt8]], ids: [Value], expectedReplies: Int, server: Server, findings: inout Findings) {
    let collected = Collected()
    let output = Output { chunk in
        collected.lock.withLock { collected.bytes.append(contentsOf: chunk) }
        return true
    }
    let connection = Connection(dispatcher: server.dispatcher, output: output,
                                limits: .init(maxFrameBytes: 1 << 20, maxBatch: 64, maxLongJobs: 4))
    for frame in frames {
        connection.feed(frame + [0x0A])
        connection.drain()
    }
    // Long work gets 2 s; then the client gives up and cancels every request it sent (a
    // default-sized plan or fit takes longer in a debug build, and is not a finding).
    if !connection.waitForWork(seconds: 2) {
        for id in ids {
            let cancel = Value.object([("jsonrpc", .string("2.0")), ("method", .string("$/cancelRequest")),
                                       ("params", .object([("id", id)]))])
            var bytes: [UInt8] = []
            cancel.json.dump(into: &bytes)
            connection.feed(bytes + [0x0A])
        }
        connection.drain()
    }
    connection.drain(eof: true)
    connection.waitForWork()
    output.flush()
    var replies = 0
    for line in collected.lock.withLock({ collected.bytes }).split(separator: 0x0A) {
        guard let message = try? JSON.parse(Array(line)) else {
            preconditionFailure("the daemon wrote a line that does not parse: \(String(decoding: line, as: UTF8.self))")
        }
        for m in message.kind == .array ? message.elements : [message] {
            precondition(m.kind == .object && m["jsonrpc"]?.string == "2.0", "not a JSON-RPC message: \(m.dumped())")
            if m["method"] != nil { continue }
            precondition((m["result"] == nil) != (m["error"] == nil), "reply without exactly one of result/error: \(m.dumped())")
            replies += 1
            if let code = m["error"]?["code"]?.int64, code == -32603 {
                let text = m["error"]?["message"]?.string ?? ""
                findings.internalErrors[String(text.prefix(160)), default: 0] += 1
            }
        }
    }
    if replies < expectedReplies { findings.unanswered += 1 }
}

/// The ids of the requests the frames carry (for cancelling them).
func requestIDs(_ messages: [Value]) -> [Value] {
    messages.flatMap { v -> [Value] in
        if case .array(let batch) = v { return requestIDs(batch) }
        if case .object(let m) = v, let id = m.first(where: { $0.0 == "id" })?.1 { return [id] }
        return []
    }
}

/// Requests (members with an id) the frames carry: each must be answered.
func countRequests(_ messages: [Value]) -> Int {
    messages.reduce(0) { n, v in
        if case .array(let batch) = v { return n + countRequests(batch) }
        if case .object(let m) = v, m.contains(where: { $0.0 == "id" }) { return n + 1 }
        return n
    }
}

// MARK: main

@main
struct FieldFuzz {
    static func main() {
        var args = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String) -> String? {
            guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
            defer { args.removeSubrange(i...(i + 1)) }
            return args[i + 1]
        }
        let seconds = Double(option("--seconds") ?? "10") ?? 10
        let seed = UInt64(option("--seed") ?? "1") ?? 1
        let crashDir = option("--crash-dir") ?? ".build-fuzz/crashes"
        let maxExecs = Int(option("--max-execs") ?? "") ?? Int.max
        guard let dir = args.first else {
            print("usage: fuzz-fields CORPUS_DIR [--seconds S] [--seed N] [--crash-dir DIR] [--max-execs N]")
            exit(2)
        }
        let corpus = loadCorpus(dir)
        guard !corpus.isEmpty else { print("fuzz-fields: empty corpus \(dir)"); exit(2) }
        try? FileManager.default.createDirectory(atPath: crashDir, withIntermediateDirectories: true)

        let data = ProcessInfo.processInfo.environment["SCALEWISE_DATA_DIR"] ?? "data"
        let server: Server
        do {
            server = try Server(dataDirectory: data, stateDirectory: nil,
                                limits: .init(maxFitRuns: 64, maxBootstrap: 4, maxSweepPoints: 256, maxFitStarts: 16))
        } catch {
            print("fuzz-fields: cannot start the server: \(error)")
            exit(2)
        }
        installCrashHandlers()

        var rng = SplitMix(state: seed)
        var findings = Findings()
        var execs = 0
        var perMethod: [String: Int] = [:]
        let start = Date()
        while Date().timeIntervalSince(start) < seconds && execs < maxExecs {
            let entry = corpus[execs % corpus.count]
            let messages = execs < corpus.count ? entry.messages : mutate(entry, rng: &rng)
            let frames = messages.map { v -> [UInt8] in
                var bytes: [UInt8] = []
                v.json.dump(into: &bytes)
                return bytes
            }
            var all: [UInt8] = []
            for f in frames { all += f + [0x0A] }
            recordInput(all)
            _ = "\(crashDir)/fields-\(seed)-\(execs).json".withCString { strncpy(crashPath, $0, 4095) }
            // A request that cannot be cancelled (a null id) may run its whole course: a
            // default-sized plan takes about 25 s in a debug build on a busy core.
            alarm(120)
            execute(frames, ids: requestIDs(messages), expectedReplies: countRequests(messages), server: server, findings: &findings)
            alarm(0)
            perMethod[entry.name, default: 0] += 1
            execs += 1
            // Rows and laws a mutated request added stay in the shared server; drop them.
            if execs % 50 == 0 { _ = try? server.call("hardware/reset", JSON.object()) }
        }
        let elapsed = Date().timeIntervalSince(start)
        print("fuzz-fields: seed \(seed): \(execs) executions in \(String(format: "%.1f", elapsed)) s (\(Int(Double(execs) / max(elapsed, 0.001)))/s) over \(corpus.count) corpus entries; 0 crashes")
        print("fuzz-fields: requests left unanswered: \(findings.unanswered)")
        print("fuzz-fields: -32603 internal errors: \(findings.internalErrors.values.reduce(0, +)) (\(findings.internalErrors.count) distinct)")
        for (text, n) in findings.internalErrors.sorted(by: { $0.value > $1.value }).prefix(20) {
            print("  \(n) × \(text)")
        }
        print("fuzz-fields: stats executions=\(execs) unanswered=\(findings.unanswered) internal=\(findings.internalErrors.values.reduce(0, +))")
    }
}
