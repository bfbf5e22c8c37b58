import CampaignLanguageServer
import CampaignSyntax
import Testing

/// The strict JSON reader: what it accepts, what it refuses (as values, never traps).
@Suite struct JSONParserTests {
    static func json(_ text: String) -> JSONValue? {
        if case .success(let value) = JSONParser.parse(Array(text.utf8)) { return value }
        return nil
    }

    @Test(arguments: [
        (#"{"a":[1,-2.5e3,true,false,null],"b":"x\u00e9\ud83c\udf89\n"}"#, #"{"a":[1,-2500,true,false,null],"b":"xé🎉\n"}"#),
        (" [ ] ", "[]"),
        (#""\ud800""#, #""\#u{FFFD}""#),
        ("0", "0"),
    ])
    func accepts(_ input: String, _ expected: String) {
        #expect(Self.json(input)?.serialized() == expected)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "tru", "\"\\x\"", "\"a\nb\"", "{} {}", "[1 2]",
                      "{'a':1}", "NaN", "1e999", "\"\\u12\"", "// c\n1"])
    func refuses(_ input: String) {
        #expect(Self.json(input) == nil)
    }

    @Test func refusesInvalidUTF8AndDeepNesting() {
        if case .success = JSONParser.parse([0x22, 0xFF, 0x22]) { Issue.record("invalid UTF-8 accepted") }
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(Self.json(deep) == nil)
    }

    /// Random bytes and random cuts of valid JSON: always a value or an error, never a trap.
    @Test func randomInputNeverTraps() {
        var random = SplitMix64(seed: 17)
        let sample = Array(#"{"jsonrpc":"2.0","id":1,"method":"x","params":{"a":[1,"\u00e9",{"b":null}]}}"#.utf8)
        for _ in 0..<5_000 {
            var bytes = sample
            for _ in 0..<Int(random.next() % 4) {
                let index = Int(random.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: random.next())
            }
            bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count + 1))))
            _ = JSONParser.parse(bytes)
        }
    }
}
