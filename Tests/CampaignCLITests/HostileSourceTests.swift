import Foundation
import Testing

/// Campaign files and instants built to break the tool: chains of 20,000 operands, waits
/// past year 9999, paths out of the project. Run through the binary, so that a crash is
/// a failed expectation (a signal status) rather than the end of the test run.
@Suite struct HostileSourceTests {
    /// A fresh project folder holding the examples' schema, and the examples' data paths.
    static func project(_ files: [String: String]) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-hostile-source-\(UUID().uuidString)/project")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLITests.root.appendingPathComponent("examples/schema.campaign"),
                                         to: folder.appendingPathComponent("schema.campaign"))
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return folder
    }

    static let data = ["--customers", CLITests.root.appendingPathComponent("examples/data/customers.csv").path,
                       "--events", CLITests.root.appendingPathComponent("examples/data/events.csv").path]
    static let window = ["--from", "2026-11-01", "--to", "2026-11-08"]

    // MARK: - Long operator chains

    /// 20,000 operands joined without parentheses, written with untidy spacing so that
    /// `fmt` has work to do.
    static let chains: [(name: String, condition: String)] = [
        ("and", Array(repeating: "email_opt_in", count: 20_000).joined(separator: "  and ")),
        ("or", Array(repeating: "sms_opt_in", count: 20_000).joined(separator: " or  ")),
        ("plus", "count(purchase)" + String(repeating: " +  1", count: 20_000) + " > 3"),
        ("mixed", Array(repeating: "(email_opt_in and not sms_opt_in)", count: 3_000).joined(separator: " or ")
            + " and count(purchase)" + String(repeating: " * 2 - 1", count: 3_000) + " >= 0"
            + " and signup_at" + String(repeating: " + 1d  - 1d", count: 4_000) + " < now"),
    ]

    @Test(arguments: chains.map(\.name))
    func longChainsCheckFormatAndPlan(_ name: String) throws {
        let condition = try #require(Self.chains.first { $0.name == name }).condition
        let text = "import \"schema.campaign\"\n\nsegment big = \(condition)\n\n"
            + "campaign chained {\n  audience big\n  trigger daily at 09:00\n  send push hi { body \"Hi\" }\n}\n"
        let folder = try Self.project(["chain.campaign": text])
        let file = folder.appendingPathComponent("chain.campaign").path

        let (checked, out, err) = try EndToEndTests.run(["check", file])
        #expect(checked == 0, "\(out)\(err)")

        let (formatted, once, _) = try EndToEndTests.run(["fmt", file])
        #expect(formatted == 0)
        #expect(once.contains("segment big = " + condition.replacingOccurrences(of: "  ", with: " ")))
        try Data(once.utf8).write(to: URL(fileURLWithPath: file))
        let (again, twice, _) = try EndToEndTests.run(["fmt", file])
        #expect(again == 0 && twice == once, "fmt is not idempotent on a long chain")

        let (planned, plan, planErr) = try EndToEndTests.run(["plan", folder.path] + Self.data + Self.window + ["--format", "csv"])
        #expect(planned == 0, "\(planErr)")
        #expect(plan.hasPrefix("time,local_time,customer_id"))
    }

    // MARK: - Instants past year 9999

    static let longWaits = [
        "wait 999999w\n  send push hi { body \"Hi\" }",
        "wait until purchase or 999999w\n  send push hi { body \"Hi\" }",
        "reentry after 999999w\n  send push hi { body \"Hi\" }",
    ]

    static func longWaitCampaign(_ steps: String) -> String {
        "import \"schema.campaign\"\n\ncampaign far {\n  trigger daily at 09:00\n  \(steps)\n}\n"
    }

    /// A duration longer than the whole range of times cannot end inside any plan: it is
    /// refused where it is written.
    @Test(arguments: longWaits)
    func durationsLongerThanTheRangeAreErrors(_ steps: String) throws {
        let folder = try Self.project(["far.campaign": Self.longWaitCampaign(steps)])
        let (status, out, _) = try EndToEndTests.run(["check", folder.path])
        #expect(status == 1)
        #expect(out.contains("[E0015]"), "\(out)")
    }

    /// Shorter, but still past 9999-12-31 from 2026: every command runs, and the story
    /// says where the instant lies instead of printing a year that does not exist.
    @Test(arguments: longWaits.map { $0.replacingOccurrences(of: "999999w", with: "500000w") })
    func instantsPastTheRangeAreShownNotCrashedOn(_ steps: String) throws {
        let folder = try Self.project(["far.campaign": Self.longWaitCampaign(steps)])
        let (explained, story, err) = try EndToEndTests.run(["explain", "c001", folder.path] + Self.data + Self.window)
        #expect(explained == 0, "\(err)")
        if !steps.hasPrefix("reentry") {
            #expect(story.contains("until after 9999-12-31T23:59:59Z, after the window"), "\(story)")
        } else {
            #expect(story.contains("re-entry only from after 9999-12-31T23:59:59Z"), "\(story)")
        }
        for command in ["plan", "preview"] {
            let (status, _, err) = try EndToEndTests.run([command, folder.path] + Self.data + Self.window)
            #expect(status == 0, "\(command): \(err)")
        }
    }

    /// Year 0000 is not a year of the range: a row error naming the field and the range
    /// (it was read, a day late).
    @Test func dataBeforeYearOneIsARowError() throws {
        let folder = try Self.project(["plain.campaign": Self.longWaitCampaign("send push hi { body \"Hi\" }")])
        var customers = try String(contentsOf: CLITests.root.appendingPathComponent("examples/data/customers.csv"), encoding: .utf8)
        customers = customers.replacingOccurrences(of: "2025-01-10T14:00:00Z", with: "0000-01-01T00:00:00Z")
        let file = folder.appendingPathComponent("customers.csv")
        try Data(customers.utf8).write(to: file)
        let (status, _, err) = try EndToEndTests.run(["plan", folder.path, "--customers", file.path, "--events", Self.data[3]] + Self.window)
        #expect(status == 1)
        #expect(err.contains("column `signup_at`: expected a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, found \"0000-01-01T00:00:00Z\""), "\(err)")
    }

    // MARK: - Files outside the project

    /// A template file outside the project is refused as an import would be; its text
    /// reached `plan --render` and the HTML report.
    @Test(arguments: ["../outside.txt", "linked.txt"])
    func templateFilesOutsideTheProjectAreRefused(_ target: String) throws {
        let text = "import \"schema.campaign\"\n\ncampaign leak {\n  trigger daily at 09:00\n"
            + "  send email hi { subject \"Hi\" body file \"\(target)\" }\n}\n"
        let folder = try Self.project(["leak.campaign": text])
        let outside = folder.deletingLastPathComponent().appendingPathComponent("outside.txt")
        try Data("TOP-SECRET-CONTENT".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("linked.txt").path, withDestinationPath: outside.path)

        let (checked, out, _) = try EndToEndTests.run(["check", folder.path])
        #expect(checked == 1)
        #expect(out.contains("[E0041]") && out.contains("template file `\(target)`"), "\(out)")
        let (planned, plan, err) = try EndToEndTests.run(["plan", folder.path, "--render"] + Self.data + Self.window)
        #expect(planned == 1)
        #expect(!plan.contains("TOP-SECRET") && !err.contains("TOP-SECRET"))
        let html = folder.appendingPathComponent("report.html").path
        let (previewed, _, _) = try EndToEndTests.run(["preview", folder.path, "--html", html] + Self.data + Self.window)
        #expect(previewed == 1)
        #expect(!((try? String(contentsOfFile: html, encoding: .utf8)) ?? "").contains("TOP-SECRET"))
    }

    /// A link in a named folder to a `.campaign` file outside it: reported, not read.
    @Test func folderLinksOutsideTheProjectAreReported() throws {
        let folder = try Self.project(["main.campaign": Self.longWaitCampaign("send push hi { body \"Hi\" }")])
        let outside = folder.deletingLastPathComponent().appendingPathComponent("elsewhere.campaign")
        try Data("import \"schema.campaign\"\nsegment elsewhere = email_opt_in\n".utf8).write(to: outside)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("linked.campaign").path, withDestinationPath: outside.path)
        let (status, out, _) = try EndToEndTests.run(["check", folder.path])
        #expect(status == 1)
        #expect(out.contains("linked.campaign:1:1: error: `linked.campaign` is a symbolic link that leads outside the project root"), "\(out)")
        let (widened, _, _) = try EndToEndTests.run(["check", folder.path, "--root", folder.deletingLastPathComponent().path])
        #expect(widened == 0, "inside a wider root the link is read like any file")
    }
}
