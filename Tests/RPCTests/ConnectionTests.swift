import Foundation
import Synchronization
import Testing
import JSON
@testable import RPC

/// An in-memory peer: what the connection writes, split into messages.
final class Capture: Sendable {
    let bytes = Mutex<[UInt8]>([])
    var output: Output {
        Output { [self] chunk in
            bytes.withLock { $0.append(contentsOf: chunk) }
            return true
        }
    }

    /// Line-framed messages written so far.
    func messages() -> [JSON] {
        bytes.withLock { b in
            String(decoding: b, as: UTF8.self).split(separator: "\n").map { try! JSON.parse(String($0)) }
        }
    }
}

func makeConnection(_ capture: Capture) -> Connection {
    let d = Dispatcher()
    d.register("echo") { params in params.object ?? JSON.null() }
    d.register("fail") { params in
        _ = try params.positiveNumber("flops")
        return JSON.null()
    }
    d.registerSpin()
    return Connection(dispatcher: d, output: capture.output)
}

@Suite struct ConnectionTests {
    @Test func answersRequestsAndErrorsInOrder() {
        let capture = Capture()
        let c = makeConnection(capture)
        c.feed(Array("""
        {"jsonrpc":"2.0","id":1,"method":"echo","params":{"x":1}}
        {"jsonrpc":"2.0","id":"two","method":"fail","params":{"flops":"abc"}}
        {"jsonrpc":"2.0","id":3,"method":"missing"}
        {"jsonrpc":"2.0","id":4,"method":"echo","params":[1,2]}
        {"jsonrpc":"1.0","id":5,"method":"echo"}
        {"jsonrpc":"2.0","method":"echo"}
        not json
        {"jsonrpc":"2.0","id":6,"method":"echo"}

        """.utf8))
        c.drain()
        c.output.flush()
        let m = capture.messages()
        #expect(m.count == 7)
        #expect(m[0]["result"]?["x"]?.int64 == 1)
        #expect(m[1]["id"]?.string == "two")
        #expect(m[1]["error"]?["code"]?.int64 == -32602)
        #expect(m[1]["error"]?["data"]?["field"]?.string == "params.flops")
        #expect(m[2]["error"]?["code"]?.int64 == -32601)
        #expect(m[3]["error"]?["code"]?.int64 == -32602)
        #expect(m[4]["error"]?["code"]?.int64 == -32600)
        #expect(m[4]["id"]?.int64 == 5)
        #expect(m[5]["error"]?["code"]?.int64 == -32700)
        #expect(m[5]["id"]?.isNull == true)
        #expect(m[6]["id"]?.int64 == 6)
    }

    @Test func batchOfTenThousandIsAnsweredAsOneArray() throws {
        let capture = Capture()
        let c = makeConnection(capture)
        let items = (0..<10_000).map { #"{"jsonrpc":"2.0","id":\#($0),"method":"echo","params":{"i":\#($0)}}"# }
        c.feed(Array(("[" + items.joined(separator: ",") + "]\n").utf8))
        c.drain()
        c.output.flush()
        let m = capture.messages()
        #expect(m.count == 1)
        #expect(m[0].count == 10_000)
        #expect(m[0][9_999]?["result"]?["i"]?.int64 == 9_999)
    }

    @Test func batchOverTheLimitIsRefused() {
        let capture = Capture()
        let d = Dispatcher()
        let c = Connection(dispatcher: d, output: capture.output, limits: .init(maxFrameBytes: 1 << 20, maxBatch: 2))
        c.feed(Array("[{},{},{}]\n".utf8))
        c.drain()
        c.output.flush()
        #expect(capture.messages().first?["error"]?["code"]?.int64 == -32600)
    }

    @Test func cancelStopsLongWorkWithRequestCancelled() throws {
        let capture = Capture()
        let c = makeConnection(capture)
        c.feed(Array(#"{"jsonrpc":"2.0","id":7,"method":"spin","params":{"workDoneToken":"t1"}}"#.utf8 + [0x0A]))
        c.drain()
        usleep(50_000)   // a plain sleep: the cooperative pool may be busy with other tests
        c.feed(Array(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":7}}"#.utf8 + [0x0A]))
        c.drain()
        c.waitForWork()
        // Uncancelled, the work runs 60,000 steps (a minute) and answers with a result, not -32800.
        let m = capture.messages()
        let reply = m.first { $0["id"]?.int64 == 7 }
        #expect(reply?["error"]?["code"]?.int64 == -32800)
        let progress = m.filter { $0["method"]?.string == "$/progress" }
        #expect(progress.first?["params"]?["token"]?.string == "t1")
        #expect(progress.first?["params"]?["value"]?["kind"]?.string == "begin")
        #expect(progress.last?["params"]?["value"]?["kind"]?.string == "end")
    }

    @Test func longWorkFinishesAndFastRequestsAreAnsweredMeanwhile() async throws {
        let capture = Capture()
        let c = makeConnection(capture)
        c.feed(Array(#"{"jsonrpc":"2.0","id":1,"method":"spin","params":{"steps":50}}"#.utf8 + [0x0A]))
        c.drain()
        c.feed(Array(#"{"jsonrpc":"2.0","id":2,"method":"echo","params":{}}"#.utf8 + [0x0A]))
        c.drain()
        c.output.flush()
        #expect(capture.messages().first?["id"]?.int64 == 2)
        c.waitForWork()
        #expect(capture.messages().last?["result"]?["steps"]?.int64 == 50)
    }

    @Test func exitAfterShutdownIsZeroAndWithoutIsOne() {
        for (input, code) in [("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"shutdown\"}\n{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}\n", Int32(0)),
                              ("{\"jsonrpc\":\"2.0\",\"method\":\"exit\"}\n", Int32(1))] {
            var fds: [Int32] = [0, 0]
            #expect(pipe(&fds) == 0)
            _ = input.withCString { write(fds[1], $0, strlen($0)) }
            close(fds[1])
            let c = makeConnection(Capture())
            #expect(c.run(readingFrom: fds[0]) == code)
            close(fds[0])
        }
    }
}
