import Foundation
import TestFixtures
import Testing

/// `campaign preview PATH… --plan FILE` (docs/output.md, "Reading a plan back"): the preview
/// of a plan already made is the preview of the same inputs — text, JSON and page, byte for
/// byte — from CSV and from NDJSON, with the lines in order and shuffled, from one file, a
/// folder of part files and standard input. Where the rows cannot tell a number (a send at
/// the opening of the send window after `wait until best hour`), it is `?`, or the least and
/// the most it can be, said in one line at the top, and everything else is still the same.
@Suite(.serialized) struct PreviewPlanTests {
    /// A project (the examples, or files over the examples' schema), the `campaign gen` seed
    /// of its data, the window, `--campaign`, and whether the rows tell every number.
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        var files: [String: String] = [:]
        var seed = 14
        var from = "2026-04-01", to = "2027-01-01"
        var campaigns: String?
        /// The preview from the plan is byte-identical; otherwise only `?` cells and the note
        /// line differ.
        let exact: Bool
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        // `wait until best hour` then a send at 08:00, when the window opens: whether it
        // waited for the window depends on the customer's events, which a plan does not hold.
        Case(name: "examples, seed 14", exact: false),
        Case(name: "examples but lapsing_nudge, seed 14", campaigns: "birthday,onboarding,patio_launch,winback_sms", exact: true),
        Case(name: "examples but lapsing_nudge, seed 3", seed: 3, campaigns: "birthday,onboarding,patio_launch,winback_sms", exact: true),
        Case(name: "examples but lapsing_nudge, 44 days, seed 21", seed: 21, from: "2026-10-01", to: "2026-11-14",
             campaigns: "birthday,onboarding,patio_launch,winback_sms", exact: true),
        Case(name: "branches, split, exit step, holdout", files: ["recount.campaign": PreviewRecountTests.branching.files["recount.campaign"] ?? ""], exact: true),
        // `wait until 23:00` then a send the window holds to 08:00, then `wait 30d` across
        // the end of daylight saving time: every deferral and its rule told from the rows.
        Case(name: "wait until a clock time, deferrals across a change of offset", files: ["ranged.campaign": """
            import "schema.campaign"

            campaign ranged {
              trigger once at 2026-10-01 09:00
              audience email_opt_in
              exit when purchase
              send email a { subject "a" body "b" }
              wait until 23:00
              wait 1d
              if count(app_open since entry) > 0 {
                send email b { subject "b" body "b" }
              } else {
                send email c { subject "c" body "c" }
              }
              wait 30d
              send email d { subject "d" body "d" }
            }
            """], from: "2026-10-01", to: "2026-11-14", exact: true),
    ]

    struct Outputs {
        var text = "", json = "", html = ""
    }

    /// Generates the data, plans it (`--render`, CSV and NDJSON), previews it, and previews
    /// each plan file: `body` gets the direct outputs, the folder and the arguments.
    static func withPlans(_ c: Case, _ body: (Outputs, String, [String]) throws -> Void) throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (genStatus, _, genErrors) = CLITests.run(["gen", "--customers", "300", "--events", "3000", "--seed", String(c.seed), "--out", folder])
        try #require(genStatus == 0, "\(genErrors)")
        var path = CLITests.examples
        if !c.files.isEmpty {
            path = folder + "/project"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: CLITests.examples + "/schema.campaign", toPath: path + "/schema.campaign")
            for (name, text) in c.files { try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name)) }
        }
        let project = [path, "--from", c.from, "--to", c.to] + (c.campaigns.map { ["--campaign", $0] } ?? [])
        let inputs = project + ["--customers", folder + "/customers.csv", "--events", folder + "/events.csv"]
        for format in ["csv", "ndjson"] {
            let (status, plan, errors) = CLITests.run(["plan"] + inputs + ["--render", "--format", format])
            try #require(status == 0, "\(errors)")
            try Data(plan.utf8).write(to: URL(fileURLWithPath: folder + "/plan." + format))
        }
        var direct = Outputs()
        direct.text = try run(["preview"] + inputs)
        direct.json = try run(["preview"] + inputs + ["--format", "json"])
        _ = try run(["preview"] + inputs + ["--html", folder + "/direct.html"])
        direct.html = try String(contentsOfFile: folder + "/direct.html", encoding: .utf8)
        let customers = try String(contentsOfFile: folder + "/customers.csv", encoding: .utf8).split(separator: "\n").count - 1
        try body(direct, folder, project + ["--customer-count", String(customers)])
    }

    static func run(_ arguments: [String], stdin: String? = nil) throws -> String {
        let (status, out, errors) = CLITests.run(arguments, stdin: stdin)
        try #require(status == 0, "\(arguments): \(errors)")
        return out
    }

    /// The three previews of `--plan FILE`.
    static func previews(_ arguments: [String], folder: String, stdin: String? = nil) throws -> Outputs {
        var out = Outputs()
        out.text = try run(["preview"] + arguments, stdin: stdin)
        out.json = try run(["preview"] + arguments + ["--format", "json"], stdin: stdin)
        _ = try run(["preview"] + arguments + ["--html", folder + "/from-plan.html"], stdin: stdin)
        out.html = try String(contentsOfFile: folder + "/from-plan.html", encoding: .utf8)
        return out
    }

    @Test(arguments: cases)
    func thePreviewOfAPlanFileIsThePreviewOfItsInputs(_ c: Case) throws {
        try Self.withPlans(c) { direct, folder, arguments in
            for format in ["csv", "ndjson"] {
                let file = folder + "/plan." + format
                let fromPlan = try Self.previews(arguments + ["--plan", file], folder: folder)
                if c.exact {
                    #expect(fromPlan.text == direct.text, "\(format): text")
                    #expect(fromPlan.json == direct.json, "\(format): json")
                    #expect(fromPlan.html == direct.html, "\(format): html")
                } else {
                    try Self.expectSameButUnknown(fromPlan, direct, context: format)
                    #expect(fromPlan.text.contains("From a plan file, which does not hold"))
                }
                // The lines shuffled (a CSV keeps its header first): the same previews.
                let text = try String(contentsOfFile: file, encoding: .utf8)
                var lines = format == "csv" ? CSVRecords.split(text) : text.split(separator: "\n").map(String.init)
                let header = format == "csv" ? [lines.removeFirst()] : []
                var seed = UInt64(c.seed)
                for i in stride(from: lines.count - 1, to: 0, by: -1) {
                    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                    lines.swapAt(i, Int((seed >> 33) % UInt64(i + 1)))
                }
                let shuffled = folder + "/shuffled." + format
                try Data((header + lines).map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: shuffled))
                let fromShuffled = try Self.previews(arguments + ["--plan", shuffled], folder: folder)
                #expect(fromShuffled.text == fromPlan.text && fromShuffled.json == fromPlan.json && fromShuffled.html == fromPlan.html, "\(format): shuffled")
            }
        }
    }

    /// A folder of part files (each with the header, as Spark writes them, beside its
    /// `_SUCCESS` and `.crc` files) and standard input give the same preview as the file.
    @Test func partFilesAndStandardInput() throws {
        let c = Self.cases[1]
        try Self.withPlans(c) { direct, folder, arguments in
            let text = try String(contentsOfFile: folder + "/plan.csv", encoding: .utf8)
            var records = CSVRecords.split(text)
            let header = records.removeFirst()
            let parts = folder + "/parts"
            try FileManager.default.createDirectory(atPath: parts, withIntermediateDirectories: true)
            for k in 0..<3 {
                let part = stride(from: k, to: records.count, by: 3).map { records[$0] }
                try Data(([header] + part).map { $0 + "\n" }.joined().utf8).write(to: URL(fileURLWithPath: parts + "/part-0000\(k)-c000.csv"))
                try Data("crc".utf8).write(to: URL(fileURLWithPath: parts + "/.part-0000\(k)-c000.csv.crc"))
            }
            try Data().write(to: URL(fileURLWithPath: parts + "/_SUCCESS"))
            #expect(try Self.run(["preview"] + arguments + ["--plan", parts]) == direct.text)
            #expect(try Self.run(["preview"] + arguments + ["--plan", "-"], stdin: text) == direct.text)
            let ndjson = try String(contentsOfFile: folder + "/plan.ndjson", encoding: .utf8)
            #expect(try Self.run(["preview"] + arguments + ["--plan", "-"], stdin: ndjson) == direct.text)
            // Without --customer-count the customers without rows are not known, and said so.
            let withoutCount = Array(arguments.dropLast(2))
            let (status, out, _) = CLITests.run(["preview"] + withoutCount + ["--plan", folder + "/plan.csv", "--format", "json"])
            let object = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
            #expect(status == 0 && object["customers"] is NSNull && (object["customersWithRows"] as? Int ?? 0) > 0)
        }
    }

    /// A plan made without `--render`: the counts are the same, the texts and SMS segments
    /// are `?` and no samples are shown.
    @Test func aPlanWithoutRenderSaysWhatItLacks() throws {
        try Self.withPlans(Self.cases[1]) { direct, folder, arguments in
            let project = Array(arguments.dropLast(2))
            let (status, plan, errors) = CLITests.run(["plan"] + project + ["--customers", folder + "/customers.csv", "--events", folder + "/events.csv", "--format", "csv"])
            try #require(status == 0, "\(errors)")
            let text = try Self.run(["preview"] + arguments + ["--plan", "-"], stdin: plan)
            #expect(text.contains("message texts: the plan was made without --render"))
            #expect(!text.contains("\n  samples\n") && direct.text.contains("\n  samples\n"))
            let json = try #require(try JSONSerialization.jsonObject(with: Data(try Self.run(["preview"] + arguments + ["--plan", "-", "--format", "json"], stdin: plan).utf8)) as? [String: Any])
            let sms = (json["campaigns"] as? [[String: Any]] ?? []).flatMap { $0["messages"] as? [[String: Any]] ?? [] }.filter { $0["channel"] as? String == "sms" }
            #expect(!sms.isEmpty && sms.allSatisfy { $0["smsSegments"] is NSNull && ($0["samples"] as? [Any])?.isEmpty == true })
        }
    }

    /// Bad plan files and options: a message naming the file, line and column, and the exit
    /// status docs/output.md gives (2: not a plan, or a usage error; 1: a plan the campaigns
    /// did not make).
    @Test(arguments: [
        (["--plan", "nowhere.csv"], "", Int32(2), "no such file or folder: 'nowhere.csv'"),
        (["--plan", "-"], "id,email\nc1,a@b.co\n", 2, "<stdin>:1:1: error: not a plan: a plan's CSV starts with the header"),
        (["--plan", "-", "--plan-format", "ndjson"], "{\"time\": 1}\n", 2, "<stdin>:1:10: error: \"time\" is not a string"),
        (["--plan", "-"], "time,local_time,customer_id,campaign,step,action,channel,detail\n2026-05-01T09:00:00Z,2026-05-01T09:00:00+00:00,c1,nope,enter,enter,,x\n",
         1, "<stdin>:2:51: error: campaign 'nope' is not a campaign of the project"),
        (["--plan", "-", "--customers", "c.csv"], "", 2, "--customers makes a plan, and --plan reads one already made"),
        (["--plan", "-", "--seed", "3"], "", 2, "--seed makes a plan"),
        (["--customer-count", "3", "--customers", "c.csv", "--events", "e.csv"], "", 2, "--customer-count goes with --plan FILE"),
        (["--plan", "-", "--customer-count", "many"], "", 2, "--customer-count takes a whole number"),
    ] as [([String], String, Int32, String)])
    func badPlansAndOptions(_ extra: [String], _ stdin: String, _ status: Int32, _ says: String) throws {
        let (code, _, errors) = CLITests.run(["preview", CLITests.examples, "--from", "2026-04-01", "--to", "2027-01-01"] + extra, stdin: stdin)
        #expect(code == status && errors.contains(says), "\(code): \(errors)")
    }

    /// The built binary, as a user runs it: `plan --render` piped to `preview --plan -`.
    @Test func endToEnd() throws {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let data = ["--customers", CLITests.examples + "/data/customers.csv", "--events", CLITests.examples + "/data/events.csv"]
        let window = ["--from", "2026-04-01", "--to", "2027-01-01", "--campaign", "birthday,onboarding,patio_launch,winback_sms"]
        let (planStatus, plan, planErrors) = try EndToEndTests.run(["plan", CLITests.examples] + data + window + ["--render", "--format", "ndjson"])
        try #require(planStatus == 0, "\(planErrors)")
        let (directStatus, direct, _) = try EndToEndTests.run(["preview", CLITests.examples] + data + window)
        let (status, fromPlan, errors) = try EndToEndTests.run(["preview", CLITests.examples, "--plan", "-", "--customer-count", "8"] + window, stdin: Data(plan.utf8))
        #expect(directStatus == 0 && status == 0, "\(errors)")
        #expect(fromPlan == direct)
        let damaged = plan.replacingOccurrences(of: "\"campaign\":\"winback_sms\"", with: "\"campaign\":\"winback\"")
        let (badStatus, _, badErrors) = try EndToEndTests.run(["preview", CLITests.examples, "--plan", "-"] + window, stdin: Data(damaged.utf8))
        #expect(badStatus == 1 && badErrors.contains("error: campaign 'winback' is not a campaign of the project"), "\(badErrors)")
    }

    /// Whether `cell` is a range (`19–20`) that holds the count `value`.
    static func range(_ cell: Substring, holds value: Substring) -> Bool {
        let bounds = cell.split(separator: "–").map { Int($0.replacingOccurrences(of: ",", with: "")) }
        guard bounds.count == 2, let low = bounds[0], let high = bounds[1], let n = Int(value.replacingOccurrences(of: ",", with: "")) else { return false }
        return low <= n && n <= high && low < high
    }

    /// Every line is the same, or differs only where the plan's preview says `?` (the note
    /// lines at its top aside); the JSON the same but `null` where the text has `?`.
    static func expectSameButUnknown(_ fromPlan: Outputs, _ direct: Outputs, context: String) throws {
        let planLines = fromPlan.text.components(separatedBy: "\n"), directLines = direct.text.components(separatedBy: "\n")
        let note = planLines.dropFirst().prefix { !$0.isEmpty }.count
        let kept = [planLines[0]] + planLines.dropFirst(1 + note)
        #expect(kept.count == directLines.count, "\(context): line count")
        var unknown = 0
        for (a, b) in zip(kept, directLines) where a != b {
            let x = a.split(separator: " "), y = b.split(separator: " ")
            #expect(x.count == y.count && zip(x, y).allSatisfy { $0 == $1 || $0 == "?" || Self.range($0, holds: $1) }, "\(context): \(a) / \(b)")
            unknown += zip(x, y).filter { $0 != $1 }.count
        }
        #expect(unknown > 0)
        let a = try #require(try JSONSerialization.jsonObject(with: Data(fromPlan.json.utf8)) as? [String: Any])
        let b = try #require(try JSONSerialization.jsonObject(with: Data(direct.json.utf8)) as? [String: Any])
        func same(_ x: Any, _ y: Any, _ path: String) {
            switch (x, y) {
            case (let x as [String: Any], let y as [String: Any]):
                for (key, value) in y { if let other = x[key] { same(other, value, path + "." + key) } else { Issue.record("\(context): \(path).\(key) missing") } }
                if let range = x["exitedBeforeRange"] as? [Int], let truth = y["exitedBefore"] as? Int {
                    #expect(range.count == 2 && range[0] <= truth && truth <= range[1], "\(context): \(path) \(range) holds \(truth)")
                }
            case (let x as [Any], let y as [Any]):
                #expect(x.count == y.count, "\(context): \(path)")
                for (i, pair) in zip(x, y).enumerated() { same(pair.0, pair.1, path + "[\(i)]") }
            case (is NSNull, is NSNull):
                break
            case (is NSNull, _):
                #expect(["deferred", "exitedBefore", "smsSegments", "exited"].contains { path.hasSuffix("." + $0) }, "\(context): \(path) is null")
            default:
                #expect("\(x)" == "\(y)", "\(context): \(path)")
            }
        }
        same(a, b, "")
    }
}
