import CampaignLanguageServer
import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// The built `campaign lsp`, driven over real pipes as an editor drives it, and the code
/// lens compared with `campaign plan`.
@Suite(.serialized) struct ProcessTranscriptTests {
    static let binary = BuiltBinary.campaign

    /// A running `campaign lsp`: write frames, read frames until one matches.
    final class Server {
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        var buffer: [UInt8] = []

        init() throws {
            process.executableURL = ProcessTranscriptTests.binary
            process.arguments = ["lsp"]
            process.standardInput = input
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
        }

        func send(_ json: String) {
            input.fileHandleForWriting.write(Data(MessageWriter.frame(json)))
        }

        func sendBytes(_ bytes: [UInt8]) {
            input.fileHandleForWriting.write(Data(bytes))
        }

        /// Reads messages until `matching` holds for one (or the output ends).
        func read(until matching: (JSONValue) -> Bool) -> JSONValue? {
            while true {
                var reader = MessageReader(source: BufferSource(buffer))
                if case .body(let body) = reader.next(), case .success(let value) = JSONParser.parse(body) {
                    let header = Array("Content-Length: \(body.count)\r\n\r\n".utf8)
                    buffer.removeFirst(header.count + body.count)
                    if matching(value) { return value }
                    continue
                }
                let more = output.fileHandleForReading.availableData
                if more.isEmpty { return nil }
                buffer += Array(more)
            }
        }

        func finish() -> Int32 {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    static let examples = Repository.examples.path
    static let winback = Transcript.uri(examples + "/winback_sms.campaign")

    @Test func aWholeSessionOverPipes() throws {
        let server = try Server()
        server.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"rootUri":"\#(Transcript.uri(Self.examples))","capabilities":{}}}"#)
        let initialized = server.read { $0["id"]?.int == 1 }?["result"]
        #expect(initialized?["capabilities"]?["hoverProvider"]?.bool == true)
        let version = initialized?["serverInfo"]?["version"]?.string ?? ""
        #expect(version.first?.isNumber == true, "serverInfo gives the command's version: \(version)")
        server.send(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#)
        let text = try String(contentsOfFile: Self.examples + "/winback_sms.campaign", encoding: .utf8)
            .replacingOccurrences(of: "audience sms_opt_in", with: "audience sms_optin")
        server.send(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(Self.winback)","languageId":"campaign","version":1,"text":\#(Transcript.quoted(text))}}}"#)
        let published = server.read { $0["method"]?.string == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.string == Self.winback }
        #expect(published?["params"]?["diagnostics"]?.array?.first?["code"]?.string == "E0102")
        #expect(published?["params"]?["version"]?.int == 1)
        // Garbage between messages: answered, and the session goes on.
        server.sendBytes(Array("Content-Length: nope\r\n\r\n".utf8))
        #expect(server.read { $0["id"] == .null }?.errorCode == -32700)
        server.send(#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#)
        #expect(server.read { $0["id"]?.int == 2 } != nil)
        server.send(#"{"jsonrpc":"2.0","method":"exit"}"#)
        #expect(server.finish() == 0)
    }

    @Test(arguments: [
        ("exit without shutdown", #"{"jsonrpc":"2.0","method":"exit"}"#, Int32(1)),
        ("input ends", "", Int32(1)),
        ("input ends inside a body", "Content-Length: 50\r\n\r\n{\"jsonrpc\"", Int32(1)),
    ])
    func exitStatuses(_ name: String, _ last: String, _ status: Int32) throws {
        let server = try Server()
        server.send(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
        _ = server.read { $0["id"]?.int == 1 }
        if last.hasPrefix("{") { server.send(last) } else { server.sendBytes(Array(last.utf8)) }
        #expect(server.finish() == status, "\(name)")
    }

    /// The lens runs the planner as `campaign plan --campaign winback_sms` does, on the
    /// sample data named in `initializationOptions`.
    @Test func codeLensPlansOnSampleData() throws {
        let session = Transcript()
        let options = #"{"sampleData":{"customers":"data/customers.csv","events":"data/events.csv","from":"2026-04-01","to":"2027-01-01"}}"#
        session.start(folder: Self.examples, options: options)
        session.open(Self.winback, try String(contentsOfFile: Self.examples + "/winback_sms.campaign", encoding: .utf8))
        let lenses = session.request("textDocument/codeLens", #"{"textDocument":{"uri":"\#(Self.winback)"}}"#)["result"]?.array ?? []
        #expect(lenses.count == 1)
        let command = try #require(lenses.first?["command"])
        #expect(command["command"]?.string == "campaign.plan")
        #expect(command["title"]?.string == "▶ plan on sample data")
        let result = session.request("workspace/executeCommand", #"{"command":"campaign.plan","arguments":\#(command["arguments"]?.serialized() ?? "[]")}"#)

        // The same plan from the command line.
        let process = Process()
        process.executableURL = Self.binary
        process.currentDirectoryURL = Repository.root
        process.arguments = ["plan", "examples", "--customers", "examples/data/customers.csv", "--events", "examples/data/events.csv",
                             "--from", "2026-04-01", "--to", "2027-01-01", "--campaign", "winback_sms", "--format", "csv"]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let csv = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let actions = csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false)[5] }
        #expect(result["result"]?["entered"]?.int == actions.count { $0 == "enter" })
        #expect(result["result"]?["sent"]?.int == actions.count { $0 == "send" })
        #expect(result["result"]?["suppressed"]?.int == actions.count { $0 == "suppress" })
        #expect(session.received.contains { $0["method"]?.string == "window/showMessage" })
        // The lens now shows the counts.
        let title = session.request("textDocument/codeLens", #"{"textDocument":{"uri":"\#(Self.winback)"}}"#)["result"]?.array?.first?["command"]?["title"]?.string
        #expect(title?.hasPrefix("▶ entered 5 · sent") == true, "\(title ?? "")")
    }

    @Test func codeLensWithoutSampleDataSaysHowToSetIt() throws {
        let session = Transcript()
        session.start(folder: Self.examples)
        let result = session.request("workspace/executeCommand", #"{"command":"campaign.plan","arguments":["\#(Self.winback)","winback_sms"]}"#)
        #expect(result.errorCode == -32803)
        #expect(result["error"]?["message"]?.string?.contains("campaign.sampleData") == true)
        #expect(session.request("workspace/executeCommand", #"{"command":"campaign.plan","arguments":[]}"#).errorCode == -32602)
    }
}

/// The two other places the sample data can be named: a `.campaign-lsp.json` file at the
/// workspace root, and `workspace/didChangeConfiguration`.
@Suite struct SampleDataSettingsTests {
    static let sample = #"{"sampleData":{"customers":"data/customers.csv","events":"data/events.csv","from":"2026-04-01","to":"2027-01-01"}}"#

    @Test func fromAFileAtTheWorkspaceRoot() throws {
        let copy = try Transcript.copy(Repository.examples.path)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try Self.sample.write(toFile: copy + "/.campaign-lsp.json", atomically: true, encoding: .utf8)
        let session = Transcript()
        session.start(folder: copy)
        let result = session.request("workspace/executeCommand", #"{"command":"campaign.plan","arguments":["\#(Transcript.uri(copy + "/winback_sms.campaign"))","winback_sms"]}"#)
        #expect(result["result"]?["entered"]?.int == 5, "\(result.serialized())")
    }

    @Test func theClientIsAskedToRefreshItsLenses() throws {
        let folder = Repository.examples.path
        let session = Transcript()
        session.request("initialize", #"{"rootUri":"\#(Transcript.uri(folder))","capabilities":{"workspace":{"codeLens":{"refreshSupport":true}}},"initializationOptions":\#(Self.sample)}"#)
        let uri = Transcript.uri(folder + "/winback_sms.campaign")
        let result = session.request("workspace/executeCommand", #"{"command":"campaign.plan","arguments":["\#(uri)","winback_sms"]}"#)
        let refresh = try #require(session.received.first { $0["method"]?.string == "workspace/codeLens/refresh" }, "\(result.serialized())")
        let before = session.received.count
        // The client's answer is taken and ignored.
        session.sendRaw(#"{"jsonrpc":"2.0","id":\#(refresh["id"]?.serialized() ?? "0"),"result":null}"#)
        #expect(session.received.count == before)
    }

    @Test func fromTheEditorsSettings() throws {
        let folder = Repository.examples.path
        let session = Transcript()
        session.start(folder: folder)
        session.notify("workspace/didChangeConfiguration", #"{"settings":{"campaign":\#(Self.sample)}}"#)
        let uri = Transcript.uri(folder + "/winback_sms.campaign")
        let result = session.request("workspace/executeCommand", #"{"command":"campaign.plan","arguments":["\#(uri)","winback_sms"]}"#)
        #expect(result["result"]?["entered"]?.int == 5, "\(result.serialized())")
        let unknown = session.request("workspace/executeCommand", #"{"command":"campaign.plan","arguments":["\#(uri)","nope"]}"#)
        #expect(unknown["error"]?["message"]?.string == "no campaign named `nope`")
    }
}
