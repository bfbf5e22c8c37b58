import CampaignLanguageServer
import CampaignSemantics
import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// Diagnostics as you type: a workspace folder checked as `check FOLDER`, open buffers
/// over the disk, importers re-checked, clean files cleared, versions carried.
@Suite struct DiagnosticsTests {
    static let shop = Transcript.fixtures + "/shop"
    static let welcome = Transcript.uri(shop + "/welcome.campaign")
    static let schema = Transcript.uri(shop + "/schema.campaign")
    static let segments = Transcript.uri(shop + "/segments.campaign")

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: shop + "/" + name, encoding: .utf8)
    }

    @Test func anErrorInAnOpenBufferIsPublishedWithItsVersionCodeAndHelp() throws {
        let session = Transcript()
        session.start(folder: Self.shop)
        session.idle()
        #expect(session.diagnostics(for: Self.welcome).isEmpty, "a clean project publishes nothing")
        let text = try Self.text("welcome.campaign").replacingOccurrences(of: "audience email_opt_in", with: "audience email_optin")
        session.open(Self.welcome, text, version: 4)
        session.idle()
        let published = try #require(session.diagnostics(for: Self.welcome).last)
        #expect(published["version"]?.int == 4)
        let diagnostic = try #require(published["diagnostics"]?.array?.first)
        #expect(diagnostic["code"]?.string == "E0102")
        #expect(diagnostic["range"] == JSONParserTests.json(#"{"start":{"line":3,"character":11},"end":{"line":3,"character":22}}"#))
        #expect(diagnostic["message"]?.string?.contains("help: did you mean `email_opt_in`?") == true)
        #expect(diagnostic["codeDescription"]?["href"]?.string?.hasSuffix("diagnostics.md#e0102") == true)
        #expect(diagnostic["severity"]?.int == 1)
    }

    @Test func relatedInformationPointsIntoTheOtherFile() throws {
        let session = Transcript()
        session.start(folder: Self.shop)
        // A second `purchase` event in segments.campaign: "first declared here" is in schema.campaign.
        let text = try Self.text("segments.campaign") + "event purchase\n"
        session.open(Self.segments, text)
        session.idle()
        let diagnostic = try #require(session.diagnostics(for: Self.segments).last?["diagnostics"]?.array?.first)
        let related = try #require(diagnostic["relatedInformation"]?.array?.first)
        #expect(related["location"]?["uri"]?.string == Self.schema)
        #expect(related["location"]?["range"]?["start"]?["line"]?.int == 9)
    }

    @Test func anEditToAnImportedFileRechecksItsImportersAndClearsThemWhenFixed() throws {
        let session = Transcript()
        session.start(folder: Self.shop)
        let schema = try Self.text("schema.campaign")
        session.open(Self.schema, schema, version: 1)
        session.idle()
        // Rename the field in the schema only: welcome.campaign (not open) now has errors.
        session.change(Self.schema, version: 2, #"[{"text":\#(Transcript.quoted(schema.replacingOccurrences(of: "first_name", with: "given_name")))}]"#)
        session.idle()
        let codes = session.codes(Self.welcome)
        #expect(!codes.isEmpty && codes.allSatisfy { $0 == "E0502" }, "\(codes)")
        #expect(session.diagnostics(for: Self.welcome).last?["version"] == nil, "a file that is not open has no version")
        // Undo it: welcome.campaign is cleared with an empty list.
        session.change(Self.schema, version: 3, #"[{"text":\#(Transcript.quoted(schema))}]"#)
        session.idle()
        #expect(session.diagnostics(for: Self.welcome).last?["diagnostics"] == .array([]))
        #expect(session.diagnostics(for: Self.schema).last?["version"]?.int == 3)
    }

    @Test func aBurstOfEditsIsCheckedOnceOnItsLastVersion() throws {
        let session = Transcript()
        session.start(folder: Self.shop)
        session.open(Self.welcome, try Self.text("welcome.campaign"), version: 1)
        session.idle()
        let before = session.diagnostics(for: Self.welcome).count
        for version in 2...6 {
            session.change(Self.welcome, version: version, #"[{"range":\#(Transcript.range((3, 2), (3, 2))),"text":"x"}]"#)
        }
        session.idle()
        let after = session.diagnostics(for: Self.welcome)
        #expect(after.count == before + 1)
        #expect(after.last?["version"]?.int == 6)
    }

    @Test func incrementalEditsMatchTheWholeText() throws {
        let session = Transcript()
        session.start(folder: Self.shop)
        let text = try Self.text("welcome.campaign")
        session.open(Self.welcome, text)
        // Replace `big_spender` on line 3 by `dormant`, then insert a line, then delete it.
        session.change(Self.welcome, version: 2, #"[{"range":\#(Transcript.range((3, 32), (3, 43))),"text":"dormant"}]"#)
        session.change(Self.welcome, version: 3, ##"[{"range":\##(Transcript.range((2, 0), (2, 0))),"text":"# note\n"},{"range":\##(Transcript.range((2, 0), (3, 0))),"text":""}]"##)
        let formatted = session.request("textDocument/formatting", #"{"textDocument":{"uri":"\#(Self.welcome)"},"options":{"tabSize":2,"insertSpaces":true}}"#)
        #expect(formatted["result"] == .array([]), "the edited text is still in the fmt layout: \(formatted.serialized())")
        let symbols = session.request("textDocument/documentSymbol", #"{"textDocument":{"uri":"\#(Self.welcome)"}}"#)
        #expect(symbols["result"]?.array?.count == 2)
        session.idle()
        #expect(session.codes(Self.welcome) == [])
    }

    @Test func outOfRangeEditsAreClamped() throws {
        let session = Transcript()
        session.start()
        let uri = "untitled:Untitled-1"
        session.open(uri, "segment a = true\n")
        session.change(uri, version: 2, #"[{"range":\#(Transcript.range((99, 5), (120, 0))),"text":"segment b = false\n"}]"#)
        session.change(uri, version: 3, #"[{"range":\#(Transcript.range((0, 400), (0, 900))),"text":" "}]"#)
        let symbols = session.request("textDocument/documentSymbol", #"{"textDocument":{"uri":"\#(uri)"}}"#)
        #expect(symbols["result"]?.array?.compactMap { $0["name"]?.string } == ["a", "b"])
    }

    /// A character past an emoji (two UTF-16 units, four UTF-8 bytes) is counted in the
    /// negotiated encoding.
    @Test(arguments: [("utf-16", 20), ("utf-8", 22)])
    func positionsCountInTheNegotiatedEncoding(_ encoding: String, _ character: Int) throws {
        let session = Transcript()
        session.start(encodings: encoding == "utf-8" ? ["utf-8"] : [])
        let uri = "untitled:emoji"
        session.open(uri, "segment s = \"🎉\" == nope\n")
        session.idle()
        let published = try #require(session.diagnostics(for: uri).last?["diagnostics"]?.array)
        let starts = published.compactMap { $0["range"]?["start"]?["character"]?.int }
        #expect(starts.contains(character), "\(published.map { $0.serialized() })")
    }

    /// On every example, the server publishes exactly what `check examples` reports.
    @Test func examplesMatchCheck() throws {
        let folder = Repository.examples.path
        let session = Transcript()
        session.start(folder: folder)
        session.idle()
        let project = try ProjectLoader.load(paths: [folder])
        var expected = project.diagnostics
        if !expected.hasErrors { expected += SemanticChecker.check(project).diagnostics }
        let published = session.received.filter { $0["method"]?.string == "textDocument/publishDiagnostics" }
            .flatMap { $0["params"]?["diagnostics"]?.array ?? [] }
        #expect(published.compactMap { $0["code"]?.string }.sorted() == expected.map(\.code.id).sorted())
    }
}

/// A buffer with no file behind it yet, inside the workspace folder: checked alone, with
/// its imports, until it is saved.
@Suite struct UnsavedFileTests {
    @Test func aNewFileInTheFolderGetsDiagnostics() {
        let session = Transcript()
        session.start(folder: DiagnosticsTests.shop)
        let uri = Transcript.uri(DiagnosticsTests.shop + "/draft.campaign")
        session.open(uri, "import \"schema.campaign\"\n\nsegment spenders = count(purchase) > 0 and nonsense\n")
        session.idle()
        #expect(session.codes(uri) == ["E0102"])
        let definition = session.request("textDocument/definition", #"{"textDocument":{"uri":"\#(uri)"},"position":\#(Transcript.position(2, 27))}"#)
        #expect(definition["result"]?.array?.first?["uri"]?.string == DiagnosticsTests.schema)
    }
}

/// `ServerLoop` in process: input that is already waiting is read before any check, so
/// superseded versions are never checked.
@Suite struct ServerLoopTests {
    @Test func changesWaitingInTheInputAreCheckedOnceAtTheirLastVersion() {
        let uri = "untitled:loop"
        var messages = [
            #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#,
            #"{"jsonrpc":"2.0","method":"initialized","params":{}}"#,
            #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"\#(uri)","languageId":"campaign","version":1,"text":"segment a = nope\n"}}}"#,
        ]
        for version in 2...6 {
            messages.append(#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"\#(uri)","version":\#(version)},"contentChanges":[{"text":"segment a = nope\#(version)\n"}]}}"#)
        }
        messages += [
            #"{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"\#(uri)"},"position":{"line":0,"character":1}}}"#,
            #"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#,
            #"{"jsonrpc":"2.0","method":"exit"}"#,
        ]
        var output: [UInt8] = []
        let status = ServerLoop.run(input: BufferSource(messages.flatMap { MessageWriter.frame($0) }, chunk: 7)) { bytes in
            output += bytes
            return true
        }
        #expect(status == 0)
        var reader = MessageReader(source: BufferSource(output))
        var published: [JSONValue] = []
        var answered: [Int] = []
        while case .body(let body) = reader.next() {
            guard case .success(let message) = JSONParser.parse(body) else { continue }
            if message["method"]?.string == "textDocument/publishDiagnostics" { published.append(message) }
            if let id = message["id"]?.int { answered.append(id) }
        }
        #expect(answered == [1, 2, 3])
        #expect(published.count == 1)
        #expect(published.first?["params"]?["version"]?.int == 6)
        let texts = published.first?["params"]?["diagnostics"]?.array?.compactMap { $0["message"]?.string } ?? []
        #expect(texts.contains { $0.contains("`nope6`") }, "\(texts)")
    }

    @Test func closingALoneFileClearsItsDiagnostics() {
        let session = Transcript()
        session.start()
        let uri = "untitled:lone"
        session.open(uri, "segment a = nope\n")
        session.idle()
        #expect(session.codes(uri).contains("E0102"))
        session.notify("textDocument/didClose", #"{"textDocument":{"uri":"\#(uri)"}}"#)
        #expect(session.diagnostics(for: uri).last?["diagnostics"] == .array([]))
    }

    @Test func workspaceFoldersComeAndGo() {
        let session = Transcript()
        session.start()
        let folder = DiagnosticsTests.shop
        session.notify("workspace/didChangeWorkspaceFolders", #"{"event":{"added":[{"uri":"\#(Transcript.uri(folder))","name":"shop"}],"removed":[]}}"#)
        let symbols = session.request("textDocument/documentSymbol", #"{"textDocument":{"uri":"\#(DiagnosticsTests.segments)"}}"#)
        #expect(symbols["result"]?.array?.count == 3, "a file of the added folder is known without being open")
        session.notify("workspace/didChangeWorkspaceFolders", #"{"event":{"added":[],"removed":[{"uri":"\#(Transcript.uri(folder))","name":"shop"}]}}"#)
        let after = session.request("textDocument/documentSymbol", #"{"textDocument":{"uri":"\#(DiagnosticsTests.segments)"}}"#)
        #expect(after["result"] == .array([]))
    }
}

/// The parse cache gives exactly what parsing gives: same files, same diagnostics, after
/// edits that change a file, its length, or nothing.
@Suite struct ParseCacheTests {
    @Test func cachedLoadsEqualFreshLoads() throws {
        let folder = Repository.examples.path
        let cache = ParseCache()
        let path = ProjectLoader.normalize(folder + "/winback_sms.campaign")
        let original = try #require(FileSystem.read(path))
        for variant in [original, original + Array("segment x = nope\n".utf8), original, Array("campaign {".utf8)] {
            let cached = try ProjectLoader.load(paths: [folder], overlay: [path: variant], cache: cache)
            let fresh = try ProjectLoader.load(paths: [folder], overlay: [path: variant])
            #expect(cached.files == fresh.files)
            #expect(cached.diagnostics == fresh.diagnostics)
        }
    }
}
