import CampaignSyntax
import Foundation
import Testing

/// A diagnostic about a data file, through every renderer: no `SourceMap` holds the file,
/// and the escaping of each format applies to the path, the column name and the message
/// (which quotes the data).
@Suite struct DataDiagnosticRenderingTests {
    static let code = DiagnosticCode("D0203", .error, "invalid time")
    static let hostile = Diagnostic(code, "found \"50%\u{1B}[31m\nred\"", in: DataLocation(path: "data/a,b:c d.csv", line: 3, columnName: "signup_at"),
                                    help: "write a time")
    static let wholeFile = Diagnostic(DiagnosticCode("D0002", .error, "empty file"), "the file is empty", in: DataLocation(path: "e.csv", line: 0))

    @Test func textIsOneEscapedLineAndAHelpLine() {
        let text = TextDiagnosticRenderer(sources: SourceMap(), colored: true).render([Self.hostile, Self.wholeFile])
        #expect(text == "data/a,b:c d.csv:3: error: column `signup_at`: found \"50%\\u{1B}[31m\\nred\" [D0203]\n  = help: write a time\n"
                + "e.csv: error: the file is empty [D0002]\n")
    }

    @Test func githubEscapesPropertiesAndData() {
        let text = GitHubDiagnosticRenderer(sources: SourceMap()).render([Self.hostile, Self.wholeFile])
        #expect(text == "::error file=data/a%2Cb%3Ac d.csv,line=3,title=D0203::column `signup_at`: found \"50%25\\u{1B}[31m%0Ared\"%0Ahelp: write a time\n"
                + "::error file=e.csv,title=D0002::the file is empty\n")
    }

    @Test func sarifHasAURIAndARegionWhereTheLineIsKnown() throws {
        let text = SARIFDiagnosticRenderer(sources: SourceMap(), toolVersion: "t", rules: [Self.code]).render([Self.hostile, Self.wholeFile])
        let log = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        let locations = results.map { (($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any]) ?? [:] }
        #expect((locations[0]["artifactLocation"] as? [String: Any])?["uri"] as? String == "data/a%2Cb%3Ac%20d.csv")
        #expect(locations[0]["region"] as? [String: Int] == ["startLine": 3])
        #expect(locations[1]["region"] == nil, "the file as a whole has no region")
        #expect(results[0]["ruleIndex"] as? Int == 0)
        #expect((results[0]["message"] as? [String: Any])?["text"] as? String == "column `signup_at`: found \"50%\u{1B}[31m\nred\" (help: write a time)")
    }

    @Test func jsonHasTheFieldAndNoRangeItDoesNotKnow() throws {
        let text = JSONDiagnosticRenderer(sources: SourceMap()).render([Self.wholeFile, Self.hostile])
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(objects.map { $0["file"] as? String } == ["data/a,b:c d.csv", "e.csv"], "sorted by path")
        #expect(objects[0]["line"] as? Int == 3 && objects[0]["field"] as? String == "signup_at" && objects[0]["endLine"] == nil)
        #expect(objects[1]["line"] == nil && objects[1]["column"] == nil)
    }
}
