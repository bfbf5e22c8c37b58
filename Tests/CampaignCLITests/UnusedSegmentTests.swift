import Foundation
import Testing

/// Segments no planned campaign reads, over fields and properties the readers therefore
/// do not store: `check` accepts the project, and `plan`, `preview` and `explain` must
/// plan it, whole and with `--campaign`, instead of dying. Run as a user runs them (the
/// binary, in its own process), so a crash is a failed status here, not a dead runner.
@Suite struct UnusedSegmentTests {
    static let schema = """
    customer { id: id  email: email?  flag: bool  vip: bool?  email_opt_in: bool }
    event purchase
    event order { gift: bool }
    channel email { address: email  consent: email_opt_in }
    campaign thanks { trigger on purchase  send email t { subject "Thanks" body "Thanks" } }

    """

    /// The reproducers: each segment alone, read by no campaign.
    static let segments = [
        "flag", "vip ?? false", "not vip", "vip is none", "flag or false", "count(order where gift) > 0",
    ]

    static let customers = "id,email,flag,vip,email_opt_in\nc1,c1@example.com,true,,true\nc2,c2@example.com,false,true,true\n"
    static let events = "customer_id,event,time,gift\nc1,purchase,2026-11-02T10:00:00Z,\nc2,purchase,2026-11-03T10:00:00Z,\nc2,order,2026-11-01T10:00:00Z,true\n"
    static let window = ["--from", "2026-11-01", "--to", "2026-11-10"]

    /// Writes the project and data into a fresh folder; returns the data options.
    static func folder(_ project: String) throws -> (URL, [String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("unused-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(project.utf8).write(to: folder.appendingPathComponent("project.campaign"))
        try Data(customers.utf8).write(to: folder.appendingPathComponent("customers.csv"))
        try Data(events.utf8).write(to: folder.appendingPathComponent("events.csv"))
        return (folder, [folder.appendingPathComponent("project.campaign").path,
                         "--customers", folder.appendingPathComponent("customers.csv").path,
                         "--events", folder.appendingPathComponent("events.csv").path])
    }

    static let thanksRows = [
        "2026-11-02T10:00:00Z,2026-11-02T10:00:00+00:00,c1,thanks,t,send,email,",
        "2026-11-03T10:00:00Z,2026-11-03T10:00:00+00:00,c2,thanks,t,send,email,",
    ]

    @Test(arguments: segments)
    func anUnusedSegmentDoesNotStopThePlan(_ condition: String) throws {
        let (folder, inputs) = try Self.folder(Self.schema + "segment unused = \(condition)\n")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (checked, _, checkErrors) = try EndToEndTests.run(["check", inputs[0]])
        #expect(checked == 0, "\(checkErrors)")
        for selection in [[], ["--campaign", "thanks"]] {
            let (status, out, err) = try EndToEndTests.run(["plan"] + inputs + Self.window + selection + ["--format", "csv"])
            #expect(status == 0, "plan \(selection) with `\(condition)`: \(err)")
            for row in Self.thanksRows { #expect(out.contains(row), "plan \(selection) with `\(condition)`:\n\(out)") }
            let (previewed, preview, previewErrors) = try EndToEndTests.run(["preview"] + inputs + Self.window + selection)
            #expect(previewed == 0 && preview.contains("thanks"), "preview \(selection) with `\(condition)`: \(previewErrors)")
            let (explained, story, explainErrors) = try EndToEndTests.run(["explain", "c1"] + inputs + Self.window + selection)
            #expect(explained == 0 && story.contains("t"), "explain \(selection) with `\(condition)`: \(explainErrors)")
        }
        // `segments` keeps every segment's data and counts it.
        let (counted, counts, countErrors) = try EndToEndTests.run(["segments"] + inputs + ["--at", "2026-11-05", "--format", "csv"])
        #expect(counted == 0 && counts.hasPrefix("segment,customers\nunused,"), "segments with `\(condition)`: \(countErrors)")
    }

    /// A segment read by one campaign only: the whole project stores its field, but
    /// `--campaign` another does not, and the segment must not be compiled then.
    @Test func aSegmentOfAnotherCampaignDoesNotStopASubset() throws {
        let project = Self.schema + """
        segment flagged = flag and (vip ?? false)
        campaign vips { trigger on purchase  audience flagged  send email v { subject "Hi" body "Hi" } }

        """
        let (folder, inputs) = try Self.folder(project)
        defer { try? FileManager.default.removeItem(at: folder) }
        let (whole, all, wholeErrors) = try EndToEndTests.run(["plan"] + inputs + Self.window + ["--format", "csv"])
        #expect(whole == 0, "\(wholeErrors)")
        for command in [["plan"], ["preview"], ["explain", "c2"]] {
            let (status, out, err) = try EndToEndTests.run(command + inputs + Self.window + ["--campaign", "thanks"] + (command == ["plan"] ? ["--format", "csv"] : []))
            #expect(status == 0, "\(command) --campaign thanks: \(err)")
            if command == ["plan"] {
                // The subset's rows are the whole plan's rows of that campaign.
                let thanks = all.split(separator: "\n").filter { $0.contains(",thanks,") }
                #expect(out.split(separator: "\n").dropFirst().elementsEqual(thanks), "\(out)")
            }
        }
    }
}
