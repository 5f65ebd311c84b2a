import Testing
@testable import JSON

@Suite struct JSONParseTests {
    @Test func parsesObjectsAndTypedAccess() throws {
        let j = try JSON.parse(#"{"a": 1, "b": 2.5, "c": "x\u00e9", "d": [true, null], "e": {"f": -3}}"#)
        #expect(j.kind == .object)
        #expect(j["a"]?.int64 == 1)
        #expect(j["a"]?.double == 1)
        #expect(j["b"]?.double == 2.5)
        #expect(j["c"]?.string == "xé")
        #expect(j["d"]?[0]?.bool == true)
        #expect(j["d"]?[1]?.isNull == true)
        #expect(j["e"]?["f"]?.double == -3)
        #expect(j.keys == ["a", "b", "c", "d", "e"])
        #expect(j["missing"] == nil)
    }

    @Test func parseErrorsCarryJanssonTextAndPosition() {
        do {
            _ = try JSON.parse("{\"a\": 1,}")
            Issue.record("expected a parse error")
        } catch {
            #expect(error.line == 1)
            #expect(error.position > 0)
            #expect(!error.message.isEmpty)
        }
    }

    @Test func refusesWhatCannotBeRepresented() {
        // Integers beyond Int64 and 1e400 fail the whole parse: a number the wire cannot hold is refused, not rounded.
        #expect(throws: JSONParseError.self) { try JSON.parse("[99999999999999999999]") }
        #expect(throws: JSONParseError.self) { try JSON.parse("[1e400]") }
        #expect(throws: JSONParseError.self) { try JSON.parse("[NaN]") }
        #expect(throws: JSONParseError.self) { try JSON.parse([0x5B, 0x22, 0xFF, 0x22, 0x5D]) } // invalid UTF-8
        #expect(throws: JSONParseError.self) { try JSON.parse(#"{"a":1,"a":2}"#) } // duplicate key
        #expect(throws: JSONParseError.self) { try JSON.parse("") }
    }

    @Test func nestingBeyondTheDepthLimitIsAnErrorNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSON.parse(deep) }
        let ok = String(repeating: "[", count: 1000) + String(repeating: "]", count: 1000)
        #expect((try? JSON.parse(ok)) != nil)
    }
}

@Suite struct JSONDumpTests {
    @Test func realsPrintAt15Digits() throws {
        // jansson's default 17 digits print 1e24 as 9.9999999999999998e+23.
        let o = JSON.object()
        try o.set("a", 1e24)
        try o.set("b", 0.1 + 0.2)
        try o.set("c", 5.76e23)
        #expect(o.dumped() == #"{"a":1e24,"b":0.3,"c":5.76e23}"#)
        // And it reads back as the same double.
        let back = try JSON.parse(o.dumped())
        #expect(back["a"]?.double == 1e24)
    }

    @Test func nonFiniteIsRefusedOnOutput() {
        let o = JSON.object()
        #expect(throws: JSONEncodingError.self) { try o.set("x", Double.nan) }
        #expect(throws: JSONEncodingError.self) { try o.set("x", Double.infinity) }
        #expect(throws: JSONEncodingError.self) { try o.set("x", numbers: [1, -.infinity]) }
        #expect(throws: JSONEncodingError.self) { try JSON.number(.nan) }
        #expect(o.dumped() == "{}")
    }

    @Test func buildsAndEscapes() {
        let o = JSON.object()
        o.set("s", "line\nbreak \"quoted\" é")
        o.set("i", 42)
        o.set("t", true)
        o.set("list", strings: ["a", "b"])
        let a = JSON.array()
        a.append("x")
        o.set("arr", a)
        #expect(o.dumped() == #"{"s":"line\nbreak \"quoted\" é","i":42,"t":true,"list":["a","b"],"arr":["x"]}"#)
    }

    @Test func dumpToBufferReportsNeededSize() throws {
        let j = try JSON.parse(#"{"key":"a fairly long value"}"#)
        let small = UnsafeMutableRawPointer.allocate(byteCount: 4, alignment: 1)
        defer { small.deallocate() }
        #expect(j.dump(to: small, capacity: 4) == 29)
    }
}

@Suite struct FieldsTests {
    let params = try! JSON.parse(#"{"flops": "abc", "n": -5, "ok": 3, "mfu": 1.5, "name": 7, "nested": {"x": null}, "rank": 2.5}"#)

    @Test func errorsNameTheFieldAndWhatWasExpected() throws {
        let f = Fields(params, path: "params")
        #expect(throws: FieldError(field: "params.flops", reason: "expected a positive number, got \"abc\"")) {
            try f.positiveNumber("flops")
        }
        #expect(throws: FieldError(field: "params.n", reason: "expected a positive number, got -5")) {
            try f.positiveNumber("n")
        }
        #expect(throws: FieldError(field: "params.missing", reason: "is required: expected a positive number")) {
            try f.positiveNumber("missing")
        }
        #expect(throws: FieldError(field: "params.mfu", reason: "expected a number in (0.0, 1.0], got 1.5")) {
            try f.optionalNumber("mfu", in: 0...1, excludingLower: true)
        }
        #expect(throws: FieldError(field: "params.name", reason: "expected a string, got 7")) { try f.string("name") }
        #expect(throws: FieldError.self) { try f.optionalInteger("rank", in: 1...1024) }
        #expect(try f.positiveNumber("ok") == 3)
    }

    @Test func nullCountsAsAbsentAndPathsNest() throws {
        let f = Fields(params, path: "params")
        let nested = try f.object("nested")
        #expect(nested.path == "params.nested")
        #expect(try nested.optionalNumber("x") == nil)
        #expect(throws: FieldError(field: "params.nested.x", reason: "is required: expected a number")) { try nested.number("x") }
    }

    @Test func unknownKeysAreNamed() {
        let f = Fields(params, path: "params")
        #expect(throws: FieldError.self) { try f.rejectUnknown(["flops"]) }
    }
}
