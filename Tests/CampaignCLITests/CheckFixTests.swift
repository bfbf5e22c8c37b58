import CampaignSyntax
import Foundation
import Testing

/// `campaign check --fix`: the fix-its applied in rounds, each printed, the files rewritten
/// in the fmt layout, and what remains reported as `check` reports it.
@Suite struct CheckFixTests {
    static let broken = """
    import "schema.campaign"

    campaign a {
        trigger on purchase
      exit when purchse
      send email x { subject 'Hi {{ first_name }}' body "b" }
      wait 1days
    }

    """

    static let fixed = """
    import "schema.campaign"

    campaign a {
      trigger on purchase
      exit when purchase
      send email x { subject "Hi {{ first_name | default: 'there' }}" body "b" }
      wait 1d
    }

    """

    static func project(_ text: String) throws -> String {
        let schema = try String(contentsOf: CLITests.root.appendingPathComponent("examples/schema.campaign"), encoding: .utf8)
        return try TemporaryFolder.make(["schema.campaign": Array(schema.utf8), "a.campaign": Array(text.utf8)])
    }

    @Test func fixesInRoundsThenFormats() throws {
        let folder = try Self.project(Self.broken)
        let (status, _, err) = CLITests.run(["check", "--fix", folder])
        #expect(status == 0, "\(err)")
        let text = try String(contentsOfFile: folder + "/a.campaign", encoding: .utf8)
        #expect(text == Self.fixed)
        // The syntax fixes first (single quotes, the unit), then the checker's, a round later.
        let path = folder + "/a.campaign"
        #expect(err.contains("\(path):6:26: fixed [E0003] use double quotes\n"), "\(err)")
        #expect(err.contains("\(path):7:8: fixed [E0007] write `1d`\n"), "\(err)")
        #expect(err.contains("\(path):5:13: fixed [E0102] write `purchase`\n"), "\(err)")
        #expect(err.contains("fixed [W0501] add `| default: 'there'`\n"), "\(err)")
        #expect(err.contains("fixed 4 problems in 1 file\n"), "\(err)")
        #expect(err.hasSuffix("checked 2 files: no problems\n"), "\(err)")
        let (again, _, againErr) = CLITests.run(["check", "--fix", folder])
        #expect(again == 0)
        #expect(againErr == "nothing to fix\nchecked 2 files: no problems\n")
    }

    /// What has no fix stays, and the run fails as `check` does.
    @Test func whatHasNoFixRemains() throws {
        let folder = try Self.project(Self.broken.replacingOccurrences(of: "send email x", with: "send email x { subject \"a\" body \"b\" }\n  send fax y"))
        let (status, out, err) = CLITests.run(["check", "--fix", folder])
        #expect(status == 1)
        #expect(err.contains("fixed [E0003]"), "\(err)")
        #expect(err.contains("fixed 3 problems in 1 file\n"), "\(err)\n\((try? String(contentsOfFile: folder + "/a.campaign", encoding: .utf8)) ?? "")")
        #expect(out.contains("error: unknown channel"), "\(out)")
    }

    @Test func standardInputCannotBeFixed() {
        let (status, _, err) = CLITests.run(["check", "--fix", "-"], stdin: "campaign a {}")
        #expect(status == 2)
        #expect(err.contains("--fix rewrites files"), "\(err)")
    }

    /// Overlapping fixes: the first by position is taken, the other waits; a fix with an
    /// edit outside the file is skipped.
    @Test func overlappingFixesWait() {
        let file = FileID(0)
        let text = Array("abcdef".utf8)
        func edit(_ range: Range<Int>, _ text: String, file: FileID = FileID(0)) -> Diagnostic.TextEdit {
            Diagnostic.TextEdit(SourceSpan(file: file, start: range.lowerBound, end: range.upperBound), text)
        }
        let fixes = [
            Diagnostic.FixIt("b", edits: [edit(2..<4, "X")]),
            Diagnostic.FixIt("a", edits: [edit(0..<1, "A"), edit(5..<6, "F")]),
            Diagnostic.FixIt("clash", edits: [edit(3..<5, "Y")]),
            Diagnostic.FixIt("elsewhere", edits: [edit(0..<1, "Z", file: FileID(1))]),
            Diagnostic.FixIt("insert", edits: [edit(1..<1, "+")]),
        ]
        let (bytes, applied) = FixApplication.apply(fixes, to: text, file: file)
        #expect(String(decoding: bytes, as: UTF8.self) == "A+bXeF")
        #expect(applied == [0, 1, 4])
    }
}
