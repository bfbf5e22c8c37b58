import CampaignLanguageServer
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Definition, references and rename on the multi-file fixture (`shop`: schema ←
/// segments ← welcome), through files that are not open and names in `{{ }}` templates.
@Suite struct NavigationTests {
    static let shop = DiagnosticsTests.shop

    /// The position (UTF-16) of the `occurrence`-th `needle` in a fixture file.
    static func position(of needle: String, in file: String, occurrence: Int = 0) throws -> String {
        let text = try String(contentsOfFile: shop + "/" + file, encoding: .utf8)
        var searchStart = text.startIndex
        var found: Swift.Range<String.Index>?
        for _ in 0...occurrence {
            found = text.range(of: needle, range: searchStart..<text.endIndex)
            guard let hit = found else { break }
            searchStart = hit.upperBound
        }
        let hit = try #require(found, "`\(needle)` not in \(file)")
        let before = text[..<hit.lowerBound]
        let line = before.filter { $0 == "\n" }.count
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return Transcript.position(line, text[lineStart..<hit.lowerBound].utf16.count)
    }

    static func params(_ file: String, _ position: String, extra: String = "") -> String {
        #"{"textDocument":{"uri":"\#(Transcript.uri(shop + "/" + file))"},"position":\#(position)\#(extra)}"#
    }

    func session() throws -> Transcript {
        let session = Transcript()
        session.start(folder: Self.shop)
        // Only welcome.campaign is open: the others are read from disk.
        session.open(Transcript.uri(Self.shop + "/welcome.campaign"), try String(contentsOfFile: Self.shop + "/welcome.campaign", encoding: .utf8))
        return session
    }

    @Test func definitionOfASegmentIsInTheImportedFile() throws {
        let session = try session()
        let result = session.request("textDocument/definition", Self.params("welcome.campaign", try Self.position(of: "big_spender", in: "welcome.campaign")))
        let location = try #require(result["result"]?.array?.first)
        #expect(location["uri"]?.string == Transcript.uri(Self.shop + "/segments.campaign"))
        #expect(location["range"]?["start"]?.serialized() == (try Self.position(of: "big_spender", in: "segments.campaign")))
    }

    @Test func definitionOfATemplateFieldIsTheCustomerField() throws {
        let session = try session()
        let result = session.request("textDocument/definition", Self.params("welcome.campaign", try Self.position(of: "first_name", in: "welcome.campaign")))
        #expect(result["result"]?.array?.first?["uri"]?.string == Transcript.uri(Self.shop + "/schema.campaign"))
    }

    @Test func referencesOfAnEventAcrossFiles() throws {
        let session = try session()
        let result = session.request("textDocument/references", Self.params("schema.campaign", try Self.position(of: "purchase", in: "schema.campaign"),
                                                                            extra: #","context":{"includeDeclaration":false}"#))
        let files = result["result"]?.array?.compactMap { $0["uri"]?.string?.split(separator: "/").last.map(String.init) } ?? []
        #expect(files.sorted() == ["segments.campaign", "welcome.campaign", "welcome.campaign"])
    }

    @Test func highlightsInOneFile() throws {
        let session = try session()
        let result = session.request("textDocument/documentHighlight", Self.params("welcome.campaign", try Self.position(of: "first_name", in: "welcome.campaign")))
        let kinds = result["result"]?.array?.compactMap { $0["kind"]?.int }
        #expect(kinds == [2, 2], "two uses in templates, no declaration in this file")
    }

    @Test func workspaceSymbolsMatchTheQuery() throws {
        let session = try session()
        let result = session.request("workspace/symbol", #"{"query":"SPEND"}"#)
        let names = result["result"]?.array?.compactMap { $0["name"]?.string }
        #expect(names == ["big_spender"])
        let all = session.request("workspace/symbol", #"{"query":""}"#)["result"]?.array ?? []
        #expect(all.contains { $0["name"]?.string == "amount" && $0["containerName"]?.string == "purchase" })
        #expect(all.contains { $0["name"]?.string == "nudge" && $0["containerName"]?.string == "welcome" })
    }

    @Test func messageReferencesStayInTheirCampaign() throws {
        let session = try session()
        let result = session.request("textDocument/references", Self.params("welcome.campaign", try Self.position(of: "thanks", in: "welcome.campaign", occurrence: 1)))
        #expect(result["result"]?.array?.count == 2)
    }

    /// A property renamed in three files: its declaration, `sum(purchase.amount …)`, a
    /// `where` filter, and `{{ event.amount }}` in a template.
    @Test func renameAcrossThreeFiles() throws {
        let session = try session()
        let result = session.request("textDocument/rename", Self.params("welcome.campaign", try Self.position(of: "amount", in: "welcome.campaign"),
                                                                        extra: #","newName":"total""#))
        let changes = try #require(result["result"]?["changes"])
        let byFile = Dictionary(uniqueKeysWithValues: ["schema", "segments", "welcome"].map { name in
            (name, changes[Transcript.uri(Self.shop + "/\(name).campaign")]?.array?.count ?? 0)
        })
        #expect(byFile == ["schema": 1, "segments": 1, "welcome": 2], "\(result.serialized())")
        // Applied to the texts, the project still checks clean.
        let copy = try Transcript.copy(Self.shop)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        for (path, text) in try Self.apply(changes) {
            #expect(!text.contains("amount"), "\(path)")
            try text.write(toFile: copy + "/" + (path as NSString).lastPathComponent, atomically: true, encoding: .utf8)
        }
        let project = try ProjectLoader.load(paths: [copy])
        #expect(project.diagnostics.isEmpty && SemanticChecker.check(project).diagnostics.isEmpty)
    }

    /// Applies a `WorkspaceEdit`'s changes (UTF-16 positions, ASCII fixture) to the files.
    static func apply(_ changes: JSONValue) throws -> [String: String] {
        guard case .object(let members) = changes else { return [:] }
        var result: [String: String] = [:]
        for (uri, edits) in members {
            let path = String(uri.dropFirst("file://".count))
            var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
            let sorted = (edits.array ?? []).sorted {
                ($0["range"]?["start"]?["line"]?.int ?? 0, $0["range"]?["start"]?["character"]?.int ?? 0)
                    > ($1["range"]?["start"]?["line"]?.int ?? 0, $1["range"]?["start"]?["character"]?.int ?? 0)
            }
            for edit in sorted {
                let line = edit["range"]?["start"]?["line"]?.int ?? 0
                let start = edit["range"]?["start"]?["character"]?.int ?? 0
                let end = edit["range"]?["end"]?["character"]?.int ?? 0
                var characters = Array(lines[line])
                characters.replaceSubrange(start..<end, with: Array(edit["newText"]?.string ?? ""))
                lines[line] = String(characters)
            }
            result[path] = lines.joined(separator: "\n")
        }
        return result
    }

    @Test(arguments: [
        ("send", "keyword"),
        ("FirstName", "not snake_case"),
        ("two words", "not a name"),
        ("dormant", "already a segment"),
        ("", "not a name"),
    ])
    func renameRefusals(_ newName: String, _ reason: String) throws {
        let session = try session()
        let result = session.request("textDocument/rename", Self.params("welcome.campaign", try Self.position(of: "big_spender", in: "welcome.campaign"),
                                                                        extra: #","newName":\#(Transcript.quoted(newName))"#))
        #expect(result.errorCode == -32803)
        #expect(result["error"]?["message"]?.string?.contains(reason) == true, "\(result.serialized())")
    }

    @Test func prepareRenameGivesTheNameOrSaysWhyNot() throws {
        let session = try session()
        let ok = session.request("textDocument/prepareRename", Self.params("welcome.campaign", try Self.position(of: "dormant", in: "welcome.campaign")))
        #expect(ok["result"]?["placeholder"]?.string == "dormant")
        let keyword = session.request("textDocument/prepareRename", Self.params("welcome.campaign", try Self.position(of: "campaign", in: "welcome.campaign", occurrence: 1)))
        #expect(keyword.errorCode == -32803)
        #expect(keyword["error"]?["message"]?.string?.contains("nothing to rename here") == true)
    }
}

/// While a file has a syntax error, hover and definition still work on what parsed;
/// rename waits for a clean parse; no type errors are published (as `check`).
@Suite struct BrokenSyntaxTests {
    @Test func navigationWorksWhileTyping() throws {
        let shop = DiagnosticsTests.shop
        let uri = DiagnosticsTests.welcome
        let text = try String(contentsOfFile: shop + "/welcome.campaign", encoding: .utf8) + "\ncampaign half {\n  send email\n"
        let session = Transcript()
        session.start(folder: shop)
        session.open(uri, text)
        session.idle()
        let codes = session.codes(uri)
        #expect(!codes.isEmpty && codes.allSatisfy { $0.hasPrefix("E00") }, "only syntax errors: \(codes)")
        let position = try NavigationTests.position(of: "big_spender", in: "welcome.campaign")
        let definition = session.request("textDocument/definition", NavigationTests.params("welcome.campaign", position))
        #expect(definition["result"]?.array?.first?["uri"]?.string == DiagnosticsTests.segments)
        let hover = session.request("textDocument/hover", NavigationTests.params("welcome.campaign", position))
        #expect(hover["result"]?["contents"]?["value"]?.string?.contains("segment big_spender = ") == true)
        let rename = session.request("textDocument/rename", NavigationTests.params("welcome.campaign", position, extra: #","newName":"whales""#))
        #expect(rename["error"]?["message"]?.string?.contains("syntax errors") == true)
    }
}
