import CampaignLanguageServer
import CampaignSyntax
import Testing

/// The protocol's life cycle and every error code, as a table (LSP 3.17, JSON-RPC 2.0).
@Suite struct LifecycleTests {
    @Test func initializeAdvertisesWhatTheServerDoes() {
        let session = Transcript()
        let result = session.start()
        let capabilities = result["result"]?["capabilities"]
        #expect(capabilities?["positionEncoding"]?.string == "utf-16")
        #expect(capabilities?["textDocumentSync"]?["change"]?.int == 2)
        #expect(capabilities?["documentFormattingProvider"]?.bool == true)
        #expect(capabilities?["semanticTokensProvider"]?["legend"]?["tokenTypes"]?.array?.isEmpty == false)
    }

    @Test func utf8IsChosenWhenOffered() {
        let session = Transcript()
        #expect(session.start(encodings: ["utf-8", "utf-16"])["result"]?["capabilities"]?["positionEncoding"]?.string == "utf-8")
    }

    /// Each row: what is sent before `initialize` or after it, and the error code expected
    /// (nil: no answer at all).
    static let cases: [(name: String, initialized: Bool, body: String, code: Int?)] = [
        ("request before initialize", false, #"{"jsonrpc":"2.0","id":7,"method":"textDocument/hover","params":{}}"#, -32002),
        ("notification before initialize", false, #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{}}"#, nil),
        ("malformed JSON", true, #"{"jsonrpc":"2.0","id":7,"method""#, -32700),
        ("not an object", true, #"[1,2,3]"#, -32600),
        ("no jsonrpc", true, #"{"id":7,"method":"shutdown"}"#, -32600),
        ("id of the wrong type", true, #"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#, -32600),
        ("method not a string", true, #"{"jsonrpc":"2.0","id":7,"method":42}"#, -32600),
        ("params not structured", true, #"{"jsonrpc":"2.0","id":7,"method":"shutdown","params":3}"#, -32600),
        ("unknown method", true, #"{"jsonrpc":"2.0","id":7,"method":"textDocument/teleport","params":{}}"#, -32601),
        ("unknown notification", true, #"{"jsonrpc":"2.0","method":"textDocument/teleport","params":{}}"#, nil),
        ("dollar notification", true, #"{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}"#, nil),
        ("cancel", true, #"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":3}}"#, nil),
        ("bad params: no position", true, #"{"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"file:///x.campaign"}}}"#, -32602),
        ("bad params: no document", true, #"{"jsonrpc":"2.0","id":7,"method":"textDocument/documentSymbol","params":{}}"#, -32602),
        ("initialize twice", true, #"{"jsonrpc":"2.0","id":7,"method":"initialize","params":{"capabilities":{}}}"#, -32600),
        ("initialize without params", false, #"{"jsonrpc":"2.0","id":7,"method":"initialize"}"#, -32602),
    ]

    @Test(arguments: cases.indices)
    func errorCodes(_ index: Int) {
        let row = Self.cases[index]
        let session = Transcript()
        if row.initialized { session.start() }
        let before = session.received.count
        session.sendRaw(row.body)
        let answers = Array(session.received[before...])
        if let code = row.code {
            #expect(answers.count == 1, "\(row.name)")
            #expect(answers.first?.errorCode == code, "\(row.name): \(answers.map { $0.serialized() })")
            if code == -32700 { #expect(answers.first?["id"] == .null) }
        } else {
            #expect(answers.isEmpty, "\(row.name): \(answers.map { $0.serialized() })")
        }
    }

    /// Header blocks that cannot be used: a parse error with a null id, and the session
    /// goes on (the next good message is answered).
    @Test(arguments: [
        "Content-Type: application/json\r\n\r\n{}",
        "Content-Length: ten\r\n\r\n",
        "Content-Length: -5\r\n\r\n",
        "Content-Length: 99999999999999999999\r\n\r\n",
        "no colon here\r\n\r\n",
    ])
    func badHeaders(_ header: String) {
        let session = Transcript()
        session.start()
        let before = session.received.count
        session.sendBytes(Array(header.utf8))
        let answers = Array(session.received[before...])
        #expect(answers.first?.errorCode == -32700)
        #expect(answers.first?["id"] == .null)
        #expect(session.request("shutdown")["result"] == .null)
    }

    @Test func truncatedBodyEndsTheInput() {
        var reader = MessageReader(source: BufferSource(Array("Content-Length: 100\r\n\r\n{\"jsonrpc\"".utf8)))
        #expect(reader.next() == .end(truncated: true))
    }

    @Test func framesSurviveAnyChunking() {
        let bytes = MessageWriter.frame(#"{"a":"é"}"#) + MessageWriter.frame("[]")
        for chunk in 1...8 {
            var reader = MessageReader(source: BufferSource(bytes, chunk: chunk))
            #expect(reader.next() == .body(Array(#"{"a":"é"}"#.utf8)))
            #expect(reader.next() == .body(Array("[]".utf8)))
            #expect(reader.next() == .end(truncated: false))
        }
    }

    @Test func nullParamsAreNoParams() {
        let session = Transcript()
        session.start()
        session.sendRaw(#"{"jsonrpc":"2.0","id":"s","method":"shutdown","params":null}"#)
        #expect(session.received.last?["result"] == .null && session.received.last?["id"]?.string == "s")
        session.sendRaw(#"{"jsonrpc":"2.0","method":"exit","params":null}"#)
        #expect(session.server.exitStatus == 0)
    }

    @Test func requestsAfterShutdownAreRefused() {
        let session = Transcript()
        session.start()
        #expect(session.request("shutdown")["result"] == .null)
        #expect(session.request("textDocument/documentSymbol", #"{"textDocument":{"uri":"file:///a.campaign"}}"#).errorCode == -32600)
    }

    @Test func exitStatusFollowsShutdown() {
        let clean = Transcript()
        clean.start()
        clean.request("shutdown")
        clean.notify("exit")
        #expect(clean.server.exitStatus == 0)

        let abrupt = Transcript()
        abrupt.start()
        abrupt.notify("exit")
        #expect(abrupt.server.exitStatus == 1)

        let never = Transcript()
        never.notify("exit")
        #expect(never.server.exitStatus == 1)
    }

    @Test func unknownDocumentsGetEmptyAnswers() {
        let session = Transcript()
        session.start()
        let uri = #"{"textDocument":{"uri":"file:///nowhere/x.campaign"}}"#
        #expect(session.request("textDocument/documentSymbol", uri)["result"] == .array([]))
        #expect(session.request("textDocument/foldingRange", uri)["result"] == .array([]))
        #expect(session.request("textDocument/formatting", uri)["result"] == .array([]))
        #expect(session.request("textDocument/semanticTokens/full", uri)["result"]?["data"] == .array([]))
    }
}

/// Messages cut and corrupted at random, sent to an initialized server: it never traps,
/// and every frame it could read as a request with an id gets exactly one answer.
@Suite struct MessageFuzzTests {
    @Test func corruptedMessagesAreAnsweredOrIgnored() {
        let samples = [
            #"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"untitled:a"},"position":{"line":0,"character":3}}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"untitled:a","version":1,"text":"segment a = true\n"}}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"untitled:a","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":1},"end":{"line":0,"character":4}},"text":"é"}]}}"#,
            #"{"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{"textDocument":{"uri":"untitled:a"},"position":{"line":0,"character":12}}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"textDocument/rename","params":{"textDocument":{"uri":"untitled:a"},"position":{"line":0,"character":8},"newName":"b"}}"#,
            #"{"jsonrpc":"2.0","id":4,"method":"textDocument/semanticTokens/full","params":{"textDocument":{"uri":"untitled:a"}}}"#,
            #"{"jsonrpc":"2.0","id":5,"method":"textDocument/formatting","params":{"textDocument":{"uri":"untitled:a"}}}"#,
        ]
        var random = SplitMix64(seed: 99)
        let session = Transcript()
        session.start()
        for round in 0..<3_000 {
            var bytes = Array(samples[Int(random.next() % UInt64(samples.count))].utf8)
            for _ in 0..<Int(random.next() % 3) {
                let index = Int(random.next() % UInt64(bytes.count))
                bytes[index] = UInt8(truncatingIfNeeded: random.next() % 128)
            }
            if random.next() % 4 == 0 { bytes = Array(bytes.prefix(Int(random.next() % UInt64(bytes.count)))) }
            let before = session.received.count
            session.sendBytes(MessageWriter.frame(String(decoding: bytes, as: UTF8.self)))
            if round % 50 == 0 { session.idle() }
            let answers = session.received[before...].count { $0["id"] != nil }
            #expect(answers <= 1)
            if case .success(let value) = JSONParser.parse(Array(String(decoding: bytes, as: UTF8.self).utf8)),
               value["jsonrpc"]?.string == "2.0", value["method"]?.string != nil, let id = value["id"], id.int != nil || id.string != nil {
                #expect(answers == 1, "\(String(decoding: bytes, as: UTF8.self))")
            }
        }
    }
}
