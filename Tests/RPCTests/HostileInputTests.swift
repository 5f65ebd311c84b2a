import Foundation
import Synchronization
import Testing
import JSON
@testable import RPC

/// The mechanisms behind "no request ends the daemon": null ids on long work, cancellation in
/// batches and routed calls (MCP's tools/call), the long-job cap, non-finite results, framing.
@Suite struct HostileInputTests {
    func connection(_ capture: Capture, limits: Connection.Limits = .init()) -> (Connection, Dispatcher) {
        let d = Dispatcher()
        d.registerSpin()
        d.register("overflow") { params in
            let r = JSON.object()
            try r.set("total", try params.number("x") * 1e300)
            return r
        }
        // What MCP's tools/call should become: the named method's long work, wrapped.
        d.registerRouted("call") { [unowned d] params in
            let name = try params.string("name")
            switch try d.prepare(name, params: params.value("arguments"), path: "params.arguments") {
            case .result(let r): return .result(r)
            case .long(let work):
                return .long(work.map { outcome in
                    let wrapped = JSON.object()
                    wrapped.set("structuredContent", try outcome.get())
                    return wrapped
                })
            }
        }
        return (Connection(dispatcher: d, output: capture.output, limits: limits), d)
    }

    func waitFor(_ capture: Capture, seconds: Double = 10, _ ok: ([JSON]) -> Bool) -> [JSON] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            let m = capture.messages()
            if ok(m) { return m }
            usleep(5_000)
        }
        return capture.messages()
    }

    @Test func aNullIdOnLongWorkIsAnsweredWithNull() {
        let capture = Capture()
        let (c, _) = connection(capture)
        c.feed(Array(#"{"jsonrpc":"2.0","id":null,"method":"spin","params":{"steps":3}}"#.utf8 + [0x0A]))
        c.drain(eof: true)
        c.waitForWork()
        let replies = capture.messages().filter { $0["method"] == nil }
        #expect(replies.count == 1)
        #expect(replies.first?["id"]?.isNull == true)
        #expect(replies.first?["result"]?["steps"]?.int64 == 3)
    }

    @Test func cancellationReachesLongWorkInsideABatch() {
        let capture = Capture()
        let (c, _) = connection(capture)
        c.feed(Array(#"[{"jsonrpc":"2.0","id":1,"method":"spin"},{"jsonrpc":"2.0","id":2,"method":"spin","params":{"steps":2}}]"#.utf8 + [0x0A]))
        c.drain()
        // The reader is free: the cancel is read while the batch's work runs.
        c.feed(Array(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}"#.utf8 + [0x0A]))
        c.drain(eof: true)
        c.waitForWork()
        let batch = capture.messages().first { $0.kind == .array }
        #expect(batch?.count == 2)
        #expect(batch?[0]?["error"]?["code"]?.int64 == -32800)
        #expect(batch?[1]?["result"]?["steps"]?.int64 == 2)
    }

    @Test func aRoutedCallRunsOffTheReaderWithMCPProgressAndCancellation() {
        let capture = Capture()
        let (c, _) = connection(capture)
        c.feed(Array(#"{"jsonrpc":"2.0","id":7,"method":"call","params":{"name":"spin","arguments":{"steps":60000},"_meta":{"progressToken":"t"}}}"#.utf8 + [0x0A]))
        c.drain()
        _ = waitFor(capture) { $0.contains { $0["method"]?.string == "notifications/progress" } }
        c.feed(Array(#"{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7,"reason":"user"}}"#.utf8 + [0x0A]))
        c.drain(eof: true)
        c.waitForWork()
        let m = capture.messages()
        let progress = m.first { $0["method"]?.string == "notifications/progress" }
        #expect(progress?["params"]?["progressToken"]?.string == "t")
        #expect(progress?["params"]?["total"]?.int64 == 100)
        #expect(m.first { $0["id"]?.int64 == 7 }?["error"]?["code"]?.int64 == -32800)
        // A routed call of an unknown method names it; a fast one answers inline.
        let capture2 = Capture()
        let (c2, _) = connection(capture2)
        c2.feed(Array(#"{"jsonrpc":"2.0","id":1,"method":"call","params":{"name":"nope"}}"#.utf8 + [0x0A]))
        c2.drain(eof: true)
        c2.output.flush()
        #expect(capture2.messages().first?["error"]?["code"]?.int64 == -32601)
    }

    @Test func longJobsBeyondTheCapWaitInOrder() {
        let capture = Capture()
        let (c, _) = connection(capture, limits: .init(maxLongJobs: 2, maxQueuedJobs: 3))
        var lines = ""
        for id in 1...6 { lines += #"{"jsonrpc":"2.0","id":\#(id),"method":"spin","params":{"steps":30}}"# + "\n" }
        c.feed(Array(lines.utf8))
        c.drain()
        let counts = c.jobs.counts
        #expect(counts.running == 2 && counts.waiting == 3)
        c.drain(eof: true)
        c.waitForWork()
        c.output.flush()
        let replies = capture.messages().filter { $0["method"] == nil }
        // The sixth found the queue full: busy, at once.
        #expect(replies.first?["id"]?.int64 == 6)
        #expect(replies.first?["error"]?["code"]?.int64 == -32002)
        #expect(replies.first?["error"]?["data"]?["reason"]?.string == "busy")
        let done = replies.compactMap { $0["result"] != nil ? $0["id"]?.int64 : nil }
        #expect(Set(done) == [1, 2, 3, 4, 5])
        // Waiting ones started in arrival order: 3 before 4 before 5.
        #expect(done.firstIndex(of: 3)! < done.firstIndex(of: 5)!)
    }

    @Test func aNonFiniteResultIsANumericalErrorNamingTheInput() {
        let capture = Capture()
        let (c, _) = connection(capture)
        c.feed(Array(#"{"jsonrpc":"2.0","id":1,"method":"overflow","params":{"x":1e300,"y":0.5}}"#.utf8 + [0x0A]))
        c.drain(eof: true)
        c.output.flush()
        let e = capture.messages().first?["error"]
        #expect(e?["code"]?.int64 == -32002)
        #expect(e?["data"]?["field"]?.string == "params.x")
        #expect(e?["data"]?["result"]?.string == "total")
    }

    @Test func oversizedIdsAndTooManyValuesAreRefusedBeforeWork() {
        let capture = Capture()
        let (c, _) = connection(capture, limits: .init(maxFrameValues: 1000))
        let longID = String(repeating: "i", count: Incoming.maxIDBytes + 1)
        c.feed(Array(#"{"jsonrpc":"2.0","id":"\#(longID)","method":"spin","params":{"steps":1}}"#.utf8 + [0x0A]))
        c.feed(Array(("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"spin\",\"params\":{\"x\":[" + Array(repeating: "0", count: 2000).joined(separator: ",") + "]}}\n").utf8))
        c.drain(eof: true)
        c.waitForWork()
        c.output.flush()
        let m = capture.messages()
        #expect(m.count == 2)
        #expect(m[0]["error"]?["code"]?.int64 == -32600 && m[0]["id"]?.isNull == true)
        #expect(m[1]["error"]?["code"]?.int64 == -32600)
        #expect(m[1]["error"]?["message"]?.string?.contains("--max-frame-values") == true)
    }

    @Test func aHeaderBlockCutShortAnswersOnceAndConflictingLengthsAreRefused() {
        let s1 = FrameSplitter(maxFrameBytes: 1 << 20)
        s1.feed(Array("Content-Length: 10\r\nContent-Type: application/vscode-jsonrpc".utf8))
        var errors = 0
        while let e = s1.next(eof: true) { if case .error = e { errors += 1 } }
        #expect(errors == 1)

        let s2 = FrameSplitter(maxFrameBytes: 1 << 20)
        s2.feed(Array("Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}}".utf8))
        guard case .error(let why)? = s2.next() else { Issue.record("accepted two lengths"); return }
        #expect(why.contains("two different Content-Length headers"))
    }

    @Test func stringsAndIntegersAreCheckedWhereTheyAreRead() throws {
        let f = Fields(try JSON.parse(#"{"id":"\#(String(repeating: "x", count: 5000))","n":1e19,"text":"\#(String(repeating: "t", count: 5000))"}"#), path: "params")
        #expect(throws: FieldError.self) { try f.string("id") }
        #expect(try f.string("text").count == 5000)
        #expect(throws: FieldError.self) { try f.optionalInteger("n", in: 0...Int.max) }
        #expect(Fields.checkedInt(9.3e18) == nil && Fields.checkedInt(1.5) == nil && Fields.checkedInt(-0.0) == 0)
        #expect(throws: FieldError.self) { try Fields.checkedInt(1e300, field: "params.tokens") }
    }
}
