import CampaignCLI
import Foundation
import Testing

/// `campaign diff` end to end: goldens for the edits of issue 15 to the examples (text,
/// markdown, json), the exit statuses, errors named by version, and the expected rows
/// recounted from two `plan` runs.
@Suite struct DiffCommandTests {
    static let data = CLITests.root.appendingPathComponent("examples/data").path
    static let window = ["--customers", data + "/customers.csv", "--events", data + "/events.csv", "--from", "2026-04-01", "--to", "2027-01-01"]

    /// The edits, each alone: (golden name, file, text, replacement).
    static let edits: [(String, String, String, String)] = [
        ("wait_30d_to_21d", "winback_sms.campaign", "  wait 30d\n  if not clicked(survey) {", "  wait 21d\n  if not clicked(survey) {"),
        ("audience_narrowed", "winback_sms.campaign", "audience sms_opt_in and not loyal", "audience sms_opt_in and not loyal and tier != \"free\""),
        ("holdout_added", "winback_sms.campaign", "  goal purchase within 30d\n", "  goal purchase within 30d\n  holdout 50%\n"),
        ("message_removed", "onboarding.campaign", "  send email getting_started { subject \"Three things to try this week\" body \"…\" }\n", ""),
        ("campaign_renamed", "birthday.campaign", "campaign birthday {", "campaign birthday_gift {"),
        ("cap_tightened", "schema.campaign", "cap 3 messages per 7d", "cap 1 messages per 7d"),
        ("campaign_added", "birthday.campaign", "  send email birthday_gift {", """
              send email birthday_gift {
                subject "Happy birthday!"
                body "A gift from us, all week."
              }
            }

            campaign welcome_back_sms {
              audience sms_opt_in
              trigger 45d after last(purchase)

              send sms welcome_back {
                text "{{ first_name | default: 'Hi' }}, we have news for you: https://ex.co/n"
              }
            }

            campaign birthday_copy {
              trigger once at 2030-01-01 00:00
              send email copy_gift {
            """),
    ]

    /// The examples as two folders, `base` and `head`, under a temporary folder; `head`
    /// with the edit.
    static func versions(_ file: String, _ text: String, _ replacement: String) throws -> String {
        let folder = try TemporaryFolder.make()
        for side in ["base", "head"] {
            try FileManager.default.createDirectory(atPath: folder + "/" + side, withIntermediateDirectories: true)
            for name in try FileManager.default.contentsOfDirectory(atPath: CLITests.examples) where name.hasSuffix(".campaign") {
                var source = try String(contentsOfFile: CLITests.examples + "/" + name, encoding: .utf8)
                if side == "head", name == file {
                    #expect(source.contains(text), "the edit no longer applies to \(name)")
                    source = source.replacingOccurrences(of: text, with: replacement)
                }
                try Data(source.utf8).write(to: URL(fileURLWithPath: folder + "/" + side + "/" + name))
            }
        }
        return folder
    }

    @Test(arguments: edits.map(\.0))
    func goldenDiffs(_ name: String) throws {
        let edit = try #require(Self.edits.first { $0.0 == name })
        let folder = try Self.versions(edit.1, edit.2, edit.3)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for (format, ext) in [("text", "txt"), ("markdown", "md"), ("json", "json")] {
            let (status, out, err) = CLITests.run(["diff", folder + "/base", folder + "/head", "--format", format, "--exit-code"] + Self.window)
            #expect(status == 3, "\(err)")
            CLITests.golden(out.replacingOccurrences(of: folder + "/", with: ""), name, folder: "diff", ext: "." + ext)
        }
    }

    @Test func githubNoticesOnTheDeclarationLines() throws {
        let edit = Self.edits[0]
        let folder = try Self.versions(edit.1, edit.2, edit.3)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, out, _) = CLITests.run(["diff", folder + "/base", folder + "/head", "--format", "github"] + Self.window)
        #expect(status == 0)
        #expect(out.hasPrefix("::notice file=\(folder)/head/winback_sms.campaign,line=6,title=campaign diff%3A winback_sms::winback_sms: "))
        #expect(out.split(separator: "\n").count == 1)
    }

    @Test func aVersionDiffedWithItselfHasNoDifferences() {
        for format in ["text", "markdown", "json", "github"] {
            let (status, out, err) = CLITests.run(["diff", CLITests.examples, CLITests.examples, "--exit-code", "--format", format] + Self.window)
            #expect(status == 0, "\(err)")
            if format == "text" { #expect(out.contains("No differences")) }
            if format == "github" { #expect(out.isEmpty) }
            if format == "json" { #expect(out.contains("\"changes\": []")) }
        }
    }

    @Test func sampleZeroPrintsNoCustomerIDs() throws {
        let edit = Self.edits[0]
        let folder = try Self.versions(edit.1, edit.2, edit.3)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for format in ["text", "markdown", "json", "github"] {
            let (_, out, _) = CLITests.run(["diff", folder + "/base", folder + "/head", "--sample", "0", "--format", format] + Self.window)
            #expect(!out.contains("c00"), "\(format): \(out)")
        }
    }

    /// The acceptance check of issue 15: the moved, added and removed rows, counted from
    /// two `plan --format csv` runs by a rule written here independently.
    @Test func countsAgreeWithTwoPlanRuns() throws {
        for edit in Self.edits {
            let folder = try Self.versions(edit.1, edit.2, edit.3)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            func rows(_ side: String) -> [String: [String]] {
                let (_, csv, _) = CLITests.run(["plan", folder + "/" + side, "--format", "csv"] + Self.window)
                var out: [String: [String]] = [:]
                for line in csv.split(separator: "\n").dropFirst() {
                    let f = line.split(separator: ",", maxSplits: 7, omittingEmptySubsequences: false).map(String.init)
                    out[[f[2], f[3], f[4], f[5], f[6]].joined(separator: ","), default: []].append(f[0])
                }
                return out
            }
            let base = rows("base"), head = rows("head")
            var expected: [String: (Int, Int)] = [:] // per campaign: added − removed, rows not matched at the same instant
            for key in Set(base.keys).union(head.keys) {
                var b = base[key] ?? [], h = head[key] ?? []
                for t in b where h.contains(t) {
                    h.remove(at: h.firstIndex(of: t)!)
                    b.remove(at: b.firstIndex(of: t)!)
                }
                let campaign = String(key.split(separator: ",")[1])
                let moved = min(b.count, h.count)
                expected[campaign, default: (0, 0)].0 += h.count - b.count
                expected[campaign, default: (0, 0)].1 += moved
            }
            let (_, json, _) = CLITests.run(["diff", folder + "/base", folder + "/head", "--format", "json"] + Self.window)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let campaigns = try #require(object["campaigns"] as? [[String: Any]])
            for c in campaigns {
                let name = try #require(c["campaign"] as? String)
                let renamedFrom = c["renamed_from"] as? String
                guard renamedFrom == nil else { continue }
                let e = expected[name] ?? (0, 0)
                #expect((c["added"] as? Int ?? 0) - (c["removed"] as? Int ?? 0) == e.0, "\(edit.0) \(name)")
                #expect(c["moved"] as? Int == e.1, "\(edit.0) \(name)")
            }
        }
    }

    @Test(arguments: [
        (["diff", "only-one"], "missing <head>"),
        (["diff", "a", "b", "c"], "give BASE and HEAD"),
        (["diff", "a", "b", "--sample", "-1"], "--sample takes a whole number"),
        (["diff", "-", "b"], "not standard input"),
    ])
    func usageErrorsExitTwo(_ arguments: [String], _ message: String) {
        let (status, _, err) = CLITests.run(arguments + Self.window)
        #expect(status == 2)
        #expect(err.contains(message), "\(err)")
    }

    @Test func unknownCampaignIsAUsageError() {
        let (status, _, err) = CLITests.run(["diff", CLITests.examples, CLITests.examples, "--campaign", "winback"] + Self.window)
        #expect(status == 2)
        #expect(err.contains("no campaign named 'winback' in either version; did you mean 'winback_sms'?"), "\(err)")
    }

    @Test func errorsInAVersionAreNamedAndExitOne() throws {
        let folder = try Self.versions("winback_sms.campaign", "audience sms_opt_in and not loyal", "audience sms_optin")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, out, err) = CLITests.run(["diff", folder + "/base", folder + "/head"] + Self.window)
        #expect(status == 1)
        #expect(out.isEmpty)
        #expect(err.contains("head/winback_sms.campaign"))
        #expect(err.contains("the version \(folder)/head has errors"), "\(err)")
    }

    @Test func campaignSelectionTakesANameFromEitherVersion() throws {
        let edit = Self.edits.first { $0.0 == "campaign_renamed" }!
        let folder = try Self.versions(edit.1, edit.2, edit.3)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["birthday", "birthday_gift"] {
            let (status, out, err) = CLITests.run(["diff", folder + "/base", folder + "/head", "--campaign", name, "--format", "json"] + Self.window)
            #expect(status == 0, "\(err)")
            #expect(out.contains("\"status\": \"renamed\""))
            #expect(!out.contains("winback_sms"))
        }
        // Another campaign's text change is not reported when it is not asked about.
        let wait = Self.edits[0]
        let other = try Self.versions(wait.1, wait.2, wait.3)
        defer { try? FileManager.default.removeItem(atPath: other) }
        try Data("campaign extra { trigger daily at 09:00 }\n".utf8).write(to: URL(fileURLWithPath: other + "/head/extra.campaign"))
        let (status, out, _) = CLITests.run(["diff", other + "/base", other + "/head", "--campaign", "birthday", "--exit-code"] + Self.window)
        #expect(status == 0)
        #expect(out.contains("No differences"), "\(out)")
    }

    @Test func help() {
        let (status, out, _) = CLITests.run(["diff", "--help"], environment: ["COLUMNS": "100"])
        #expect(status == 0)
        CLITests.golden(out, "diff")
    }

    /// Runs git in a folder, with an identity of its own (the machine may have none).
    static func git(_ folder: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder, "-c", "user.email=test@example.com", "-c", "user.name=test", "-c", "commit.gpgsign=false"] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "git \(arguments)")
    }

    /// `--base-ref` in a repository with two commits: the examples, then the wait edit.
    @Test func baseRefReadsTheBaseFromGit() throws {
        let edit = Self.edits[0]
        let folder = try Self.versions(edit.1, edit.2, edit.3)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let repository = folder + "/repo"
        try FileManager.default.createDirectory(atPath: repository, withIntermediateDirectories: true)
        try Self.git(repository, ["init", "-q"])
        try FileManager.default.copyItem(atPath: folder + "/base", toPath: repository + "/campaigns")
        try Self.git(repository, ["add", "."])
        try Self.git(repository, ["commit", "-q", "-m", "base"])
        try FileManager.default.removeItem(atPath: repository + "/campaigns")
        try FileManager.default.copyItem(atPath: folder + "/head", toPath: repository + "/campaigns")
        try Self.git(repository, ["commit", "-q", "-a", "-m", "head"])

        let (status, out, err) = CLITests.run(["diff", "--base-ref", "HEAD~1", repository + "/campaigns", "--format", "json"] + Self.window)
        #expect(status == 0, "\(err)")
        let (_, expected, _) = CLITests.run(["diff", folder + "/base", folder + "/head", "--format", "json"] + Self.window)
        #expect(out.contains("  \"base\": \"HEAD~1:campaigns\",\n  \"head\": \"\(repository)/campaigns\",\n"))
        #expect(out.replacingOccurrences(of: "HEAD~1:campaigns", with: "B").replacingOccurrences(of: repository + "/campaigns", with: "H")
                == expected.replacingOccurrences(of: folder + "/base", with: "B").replacingOccurrences(of: folder + "/head", with: "H"))

        // The working tree against its own commit: nothing.
        let (same, _, _) = CLITests.run(["diff", "--base-ref", "HEAD", repository + "/campaigns", "--exit-code"] + Self.window)
        #expect(same == 0)

        // An error at the revision is named by it.
        try Data("campaign broken { bad\n".utf8).write(to: URL(fileURLWithPath: repository + "/campaigns/broken.campaign"))
        try Self.git(repository, ["add", "."])
        try Self.git(repository, ["commit", "-q", "-m", "broken"])
        try FileManager.default.removeItem(atPath: repository + "/campaigns/broken.campaign")
        let (broken, _, brokenErr) = CLITests.run(["diff", "--base-ref", "HEAD", repository + "/campaigns"] + Self.window)
        #expect(broken == 1)
        #expect(brokenErr.contains("HEAD:campaigns/broken.campaign:1:"), "\(brokenErr)")
        #expect(brokenErr.contains("the version HEAD:campaigns has errors"), "\(brokenErr)")

        let (unknown, _, unknownErr) = CLITests.run(["diff", "--base-ref", "no-such-branch", repository + "/campaigns"] + Self.window)
        #expect(unknown == 2)
        #expect(unknownErr.contains("unknown revision 'no-such-branch'"), "\(unknownErr)")
    }

    @Test func baseRefOutsideARepositoryIsAnIOError() throws {
        let folder = try TemporaryFolder.make(["a.campaign": Array("campaign a { trigger daily at 09:00 }\n".utf8)])
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (status, _, err) = CLITests.run(["diff", "--base-ref", "HEAD", folder] + Self.window)
        #expect(status == 2)
        #expect(err.contains("is not in a git repository"), "\(err)")
    }

    /// With the same schema the data is read once for both versions; with another (here a
    /// field no campaign reads, given a maximum length) once for each. Either way the same
    /// rows are compared.
    @Test func aSchemaChangeReadsTheDataAgainWithTheSameResult() throws {
        let edit = Self.edits[0]
        let once = try Self.versions(edit.1, edit.2, edit.3)
        let twice = try Self.versions(edit.1, edit.2, edit.3)
        defer {
            try? FileManager.default.removeItem(atPath: once)
            try? FileManager.default.removeItem(atPath: twice)
        }
        let schema = twice + "/head/schema.campaign"
        let text = try String(contentsOfFile: schema, encoding: .utf8)
        #expect(text.contains("  country: text?\n"))
        try Data(text.replacingOccurrences(of: "  country: text?\n", with: "  country: text(max 40)?\n").utf8).write(to: URL(fileURLWithPath: schema))
        let (s1, out1, err1) = CLITests.run(["diff", once + "/base", once + "/head", "--format", "json"] + Self.window)
        let (s2, out2, err2) = CLITests.run(["diff", twice + "/base", twice + "/head", "--format", "json"] + Self.window)
        #expect(s1 == 0 && s2 == 0, "\(err1)\(err2)")
        #expect(out1.replacingOccurrences(of: once, with: "") == out2.replacingOccurrences(of: twice, with: ""))
    }
}
