import CampaignLanguageServer
import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// Formatting, the outline, quick fixes, semantic tokens and folding, on the examples
/// and the multi-file fixture.
@Suite struct EditingFeatureTests {
    static let examples = Repository.examples.path
    static func uri(_ name: String) -> String { Transcript.uri(examples + "/" + name) }
    static func document(_ uri: String) -> String { #"{"textDocument":{"uri":"\#(uri)"}}"# }

    func session(opening name: String, text: String? = nil) throws -> Transcript {
        let session = Transcript()
        session.start(folder: Self.examples)
        session.open(Self.uri(name), try text ?? String(contentsOfFile: Self.examples + "/" + name, encoding: .utf8))
        return session
    }

    @Test func formattingGivesTheFmtLayout() throws {
        let original = try String(contentsOfFile: Self.examples + "/winback_sms.campaign", encoding: .utf8)
        let messy = original.replacingOccurrences(of: "  wait 30d\n", with: "      wait   30d\n")
        let session = try session(opening: "winback_sms.campaign", text: messy)
        let result = session.request("textDocument/formatting", Self.document(Self.uri("winback_sms.campaign")))
        let edits = try #require(result["result"]?.array)
        #expect(edits.count == 1)
        #expect(edits.first?["newText"]?.string == original)
        // Already formatted: no edit.
        let clean = try self.session(opening: "winback_sms.campaign")
        #expect(clean.request("textDocument/formatting", Self.document(Self.uri("winback_sms.campaign")))["result"] == .array([]))
    }

    @Test func formattingRefusesSyntaxErrorsAsFmtDoes() throws {
        let session = try session(opening: "winback_sms.campaign", text: "campaign broken {\n  send sms\n")
        let result = session.request("textDocument/formatting", Self.document(Self.uri("winback_sms.campaign")))
        #expect(result.errorCode == -32803)
        #expect(result["error"]?["message"]?.string?.hasPrefix("cannot format: the file has") == true, "\(result.serialized())")
    }

    @Test func outlineOfTheSchemaAndACampaign() throws {
        let session = try session(opening: "winback_sms.campaign")
        let campaign = session.request("textDocument/documentSymbol", Self.document(Self.uri("winback_sms.campaign")))["result"]?.array?.last
        #expect(campaign?["name"]?.string == "winback_sms")
        let steps = campaign?["children"]?.array?.compactMap { $0["name"]?.string }
        #expect(steps == ["survey", "wait 30d", "if", "wait 7d", "if"])
        let schema = session.request("textDocument/documentSymbol", Self.document(Self.uri("schema.campaign")))["result"]?.array ?? []
        #expect(schema.first?["name"]?.string == "customer")
        #expect(schema.first?["children"]?.array?.count == 13)
        let names = schema.compactMap { $0["name"]?.string }
        #expect(names.contains("lapsing"))
    }

    @Test func quickFixFromADiagnosticsFixIt() throws {
        let original = try String(contentsOfFile: Self.examples + "/winback_sms.campaign", encoding: .utf8)
        let session = try session(opening: "winback_sms.campaign", text: original.replacingOccurrences(of: "audience sms_opt_in", with: "audience sms_optin"))
        let line = 6
        let result = session.request("textDocument/codeAction", #"{"textDocument":{"uri":"\#(Self.uri("winback_sms.campaign"))"},"range":\#(Transcript.range((line, 11), (line, 11))),"context":{"diagnostics":[]}}"#)
        let action = try #require(result["result"]?.array?.first)
        #expect(action["kind"]?.string == "quickfix")
        let edit = try #require(action["edit"]?["changes"]?[Self.uri("winback_sms.campaign")]?.array?.first)
        #expect(edit["newText"]?.string == "sms_opt_in")
        #expect(edit["range"] == JSONParserTests.json(#"{"start":{"line":6,"character":11},"end":{"line":6,"character":20}}"#))
        #expect(action["diagnostics"]?.array?.first?["code"]?.string == "E0102")
    }

    /// Decodes the five-integer groups and checks names are classified by what they resolve to.
    @Test func semanticTokensClassifyNames() throws {
        let fresh = try session(opening: "winback_sms.campaign")
        let result = fresh.request("textDocument/semanticTokens/full", Self.document(Self.uri("winback_sms.campaign")))
        let data = (result["result"]?["data"]?.array ?? []).compactMap { $0.int }
        #expect(data.count % 5 == 0 && data.count > 50)
        let text = try String(contentsOfFile: Self.examples + "/winback_sms.campaign", encoding: .utf8).components(separatedBy: "\n")
        var line = 0, character = 0
        var found: [String: String] = [:]
        let names = ["keyword", "variable", "property", "event", "function", "namespace", "string", "number", "operator", "comment", "type", "enumMember", "method"]
        for index in stride(from: 0, to: data.count, by: 5) {
            line += data[index]
            character = data[index] == 0 ? character + data[index + 1] : data[index + 1]
            let word = String(Array(text[line].utf16)[character..<(character + data[index + 2])].map { Character(Unicode.Scalar($0) ?? " ") })
            found[word] = names[data[index + 3]]
        }
        #expect(found["sms_opt_in"] == "property")
        #expect(found["loyal"] == "variable")
        #expect(found["purchase"] == "event")
        #expect(found["winback_sms"] == "namespace")
        #expect(found["survey"] == "method")
        #expect(found["campaign"] == "keyword")
        #expect(found["30d"] == "number")
        #expect(found["first_name"] == "property", "a name inside {{ }} is its own token")
        #expect(found["\"Hi {{ "] == "string")
    }

    @Test func foldingRangesCoverBlocksAndCommentRuns() throws {
        let session = try session(opening: "winback_sms.campaign")
        let ranges = session.request("textDocument/foldingRange", Self.document(Self.uri("winback_sms.campaign")))["result"]?.array ?? []
        let pairs = ranges.compactMap { range in range["startLine"]?.int.flatMap { start in range["endLine"]?.int.map { (start, $0, range["kind"]?.string) } } }
        #expect(pairs.contains { $0 == (0, 2, "comment") })
        #expect(pairs.contains { $0.0 == 5 && $0.1 == 31 && $0.2 == nil }, "\(pairs)")
        #expect(pairs.count >= 7)
    }
}
