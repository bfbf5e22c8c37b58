import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// The readers store only the customer fields and events the selected campaigns read
/// (`DataUse`); these tests hold that to "the plan is the same as from the whole store",
/// rendered, on the examples and on generated projects, and pin what the analysis keeps.
@Suite struct DataUseTests {
    /// Plans `campaigns` (all when empty) from the whole store and from one restricted to
    /// what they read, rendered, and returns both as CSV.
    static func bothPlans(_ checked: CheckedProject, customers: DataFile, events: DataFile, campaigns: [String],
                          from: String, to: String) throws -> (whole: [String], restricted: [String], stored: Int, all: Int) {
        let table = checked.table
        var options = PlanOptions(from: PlanSupport.instant(from), to: PlanSupport.instant(to))
        options.campaigns = campaigns
        options.threads = 1
        options.render = true
        var read = ReadOptions(threads: 1)
        let whole = try #require(DatasetLoader.load(table: table, customers: customers, events: events, options: read).dataset)
        read.use = DataUse.of(campaigns: campaigns.isEmpty ? table.campaignNames : campaigns, segments: [], in: table)
        let restricted = try #require(DatasetLoader.load(table: table, customers: customers, events: events, options: read).dataset)
        #expect(restricted.events.count == whole.events.count, "every valid row is counted, stored or not")
        let stored = restricted.events.tables.reduce(0) { $0 + $1.count }
        func lines(_ data: Dataset) -> [String] {
            String(decoding: PlanWriter.write(Planner.plan(data, options: options), format: .csv), as: UTF8.self).components(separatedBy: "\n")
        }
        return (lines(whole), lines(restricted), stored, whole.events.count)
    }

    /// The first line where two plans differ, for a readable failure.
    static func difference(_ a: [String], _ b: [String]) -> String? {
        guard a != b else { return nil }
        let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        return "line \(i + 1): whole store `\(i < a.count ? a[i] : "(end)")`, restricted `\(i < b.count ? b[i] : "(end)")`"
    }

    @Test func examplesPlanTheSameFromTheDataTheyRead() throws {
        let project = try ProjectLoader.load(paths: [PlanSupport.examples.path])
        let checked = SemanticChecker.check(project)
        let table = checked.table
        let customers = try DataFile(path: PlanSupport.examples.appendingPathComponent("data/customers.csv").path)
        let events = try DataFile(path: PlanSupport.examples.appendingPathComponent("data/events.csv").path)
        for campaigns in [[]] + table.campaignNames.map({ [$0] }) {
            let result = try Self.bothPlans(checked, customers: customers, events: events, campaigns: campaigns, from: "2026-04-01", to: "2027-01-01")
            #expect(Self.difference(result.whole, result.restricted) == nil, "\(campaigns): the restricted store plans differently")
            if campaigns.isEmpty { #expect(result.whole.count > 50, "the whole project plans rows") }
            if campaigns == ["winback_sms"] {
                #expect(result.stored < result.all, "only purchases are stored for the win-back")
                let use = DataUse.of(campaigns: campaigns, segments: [], in: table)
                #expect(use.reads(field: "first_name") && use.reads(field: "coupon_code") && !use.reads(field: "country") && !use.reads(field: "tier") && !use.reads(field: "birthday"))
            }
        }
    }

    @Test(arguments: PlanPropertyTests.seeds)
    func generatedProjectsPlanTheSameFromTheDataTheyRead(_ seed: UInt64) throws {
        let generated = try #require(PlanPropertyTests.data)
        let (text, _) = PlanPropertyTests.project(seed: seed)
        let checked = try PlanSupport.checked(generated.schema + text, withSchema: false)
        let table = checked.table
        let customers = try DataFile(path: generated.folder + "/customers.csv")
        let events = try DataFile(path: generated.folder + "/events.csv")
        for campaigns in [[]] + table.campaignNames.map({ [$0] }) {
            let result = try Self.bothPlans(checked, customers: customers, events: events, campaigns: campaigns, from: "2026-10-15", to: "2026-12-15")
            #expect(Self.difference(result.whole, result.restricted) == nil, "seed \(seed), \(campaigns): the restricted store plans differently\n\(text)")
        }
    }

    static let schema = """
    customer { id: id  phone: phone?  signup_at: time  sms_opt_in: bool  first_name: text?  birthday: date?  country: text?  zone: timezone? }
    channel sms { address: phone consent: sms_opt_in }
    event purchase { amount: number, category: text? }
    event article_view { category: text }
    event app_open
    event email_open
    segment loyal = count(purchase in last 90d) >= 3
    segment reader = count(article_view where category == "home" in last 30d) >= 3
    policy { best hour from app_open, email_open default 10:00 }

    """

    static let cases: [(String, [String: [String]])] = [
        ("audience not loyal trigger 30d after last(purchase) exit when purchase send sms a { text \"x\" }", ["purchase": []]),
        ("trigger on purchase send sms a { text \"{{ event.category }}\" }", ["purchase": ["amount", "category"]]),
        ("trigger on enter reader send sms a { text \"x\" }", ["article_view": ["category"]]),
        ("trigger daily at 10:00 wait until best hour send sms a { text \"x\" }", ["app_open": [], "email_open": []]),
        ("trigger daily at 10:00 wait 1d send sms a { text \"x\" }", [:]),
        ("trigger daily at 10:00 if sum(purchase.amount in last 30d) > 5 { send sms a { text \"x\" } }", ["purchase": ["amount"]]),
        ("trigger daily at 10:00 exit when purchase where amount > 10 send sms a { text \"x\" }", ["purchase": ["amount"]]),
        ("trigger daily at 10:00 goal purchase where category == \"home\" within 7d send sms a { text \"x\" }", ["purchase": ["category"]]),
        ("trigger daily at 10:00 wait until app_open or 2d send sms a { text \"x\" }", ["app_open": []]),
        ("trigger daily at 10:00 split { 50% { wait until purchase where amount > 1 or 1d } 50% { wait 1d } } send sms a { text \"x\" }", ["purchase": ["amount"]]),
        // A condition is checked at every event, so every type's times are kept.
        ("trigger daily at 10:00 exit when reader send sms a { text \"x\" }", ["purchase": [], "article_view": ["category"], "app_open": [], "email_open": []]),
    ]

    @Test(arguments: cases.indices)
    func keepsTheEventsACampaignReads(_ index: Int) throws {
        let (body, expected) = Self.cases[index]
        let table = try PlanSupport.table(Self.schema + "campaign c { \(body) }\n", withSchema: false)
        let use = DataUse.of(campaigns: ["c"], segments: [], in: table)
        #expect(use.properties == expected.mapValues(Set.init), "\(body)")
    }

    /// Beyond the id, the time zone and the channel's address and consent (always kept).
    static let fieldCases: [(String, Set<String>?)] = [
        ("trigger daily at 10:00 send sms a { text \"x\" }", []),
        ("trigger daily at 10:00 send sms a { text \"Hi {{ first_name | default: 'you' }}\" }", ["first_name"]),
        ("trigger daily at 10:00 send sms a { text \"{% if country == 'FR' %}Salut{% else %}Hi {{ first_name }}{% endif %}\" }", ["country", "first_name"]),
        ("trigger daily at 10:00 audience country == \"FR\" send sms a { text \"x\" }", ["country"]),
        ("trigger yearly on birthday at 10:00 send sms a { text \"x\" }", ["birthday"]),
        ("trigger 0d after signup_at send sms a { text \"x\" }", ["signup_at"]),
        ("trigger daily at 10:00 if first_name is none { wait 1d } send sms a { text \"x\" }", ["first_name"]),
        // The file's template is bound by the checker like any other: what it names is kept.
        ("trigger daily at 10:00 send sms a { text file \"x.txt\" }", ["country"]),
    ]

    @Test(arguments: fieldCases.indices)
    func keepsTheFieldsACampaignReads(_ index: Int) throws {
        let (body, expected) = Self.fieldCases[index]
        let source = Self.schema + "campaign c { \(body) }\n"
        let table: DeclarationTable
        if body.contains("file") {
            // The checker reads the file (here, from memory) and binds its variables.
            let project = ProjectLoader.load(source: SourceFile(path: "t.campaign", bytes: Array(source.utf8)), root: ".")
            var parsed = SemanticChecker.check(project, readFile: { _ in Array("Hi {{ country | default: 'you' }}".utf8) }).table
            parsed.policy = nil
            table = parsed
        } else {
            table = try PlanSupport.table(source, withSchema: false)
        }
        let use = DataUse.of(campaigns: ["c"], segments: [], in: table)
        #expect(use.fields == expected.map { $0.union(["id", "phone", "sms_opt_in", "zone"]) }, "\(body)")
    }

    /// Who reads a field or property: what a data file without that column leaves empty
    /// (the D0108 warning names them).
    static let readerCases: [(body: String, read: String, readers: [String])] = [
        ("trigger daily at 10:00 send sms a { text \"Hi {{ first_name | default: 'you' }}\" }", "first_name", ["template of `c.a`"]),
        ("audience country == \"FR\" trigger daily at 10:00 send sms a { text \"x\" }", "country", ["audience of campaign `c`"]),
        ("trigger daily at 10:00 if first_name is none { wait 1d } send sms a { text \"x\" }", "first_name", ["branch condition in campaign `c`"]),
        ("trigger yearly on birthday at 10:00 send sms a { text \"x\" }", "birthday", ["trigger of campaign `c`"]),
        ("trigger daily at 10:00 send sms a { text \"x\" }", "phone", ["address of channel `sms`"]),
        ("trigger daily at 10:00 send sms a { text \"x\" }", "zone", ["local send times (the policy's time zone is used instead)"]),
        ("trigger on enter reader send sms a { text \"x\" }", "article_view.category", ["condition of segment `reader`"]),
        ("trigger on purchase send sms a { text \"{{ event.category }}\" }", "purchase.category", ["template of `c.a`"]),
        ("trigger on purchase exit when purchase where amount > 10 send sms a { text \"x\" }", "purchase.amount", ["exit condition of campaign `c`"]),
        ("trigger daily at 10:00 goal purchase where category == \"home\" within 7d send sms a { text \"x\" }", "purchase.category", ["goal of campaign `c`"]),
        ("trigger daily at 10:00 wait until purchase where amount > 1 or 1d send sms a { text \"x\" }", "purchase.amount", ["`wait until` in campaign `c`"]),
        ("trigger on purchase send sms a { text \"x\" }", "purchase.amount", []),
        ("audience country == \"FR\" trigger daily at 10:00 send sms a { text \"{{ country }}\" }", "country", ["template of `c.a`", "audience of campaign `c`"]),
        ("trigger daily at 10:00 send sms a { text \"x\" }", "country", []),
    ]

    @Test(arguments: readerCases.indices)
    func namesWhatReadsEachColumn(_ index: Int) throws {
        let (body, read, expected) = Self.readerCases[index]
        let table = try PlanSupport.table(Self.schema + "campaign c { \(body) }\n", withSchema: false)
        let use = DataUse.of(campaigns: ["c"], segments: [], in: table)
        let parts = read.split(separator: ".").map(String.init)
        let readers = parts.count == 2 ? use.readers(of: parts[0], property: parts[1]) : use.readers(ofField: read)
        #expect(readers.map(\.description) == expected, "\(body)")
    }

    /// `exit when EXPR` is checked at every event of every type: a campaign planned alone
    /// still sees the app opens only another campaign reads, and exits when the whole
    /// plan has it exit (on 4 November at the app open, not at the end of its wait).
    @Test func anExitConditionIsCheckedAtEventsNoOtherClauseReads() throws {
        let checked = try PlanSupport.checked("""
        campaign a { trigger on purchase  exit when last(purchase) < now - 1d  wait 3d  send email t { subject "Hi" body "Hi" } }
        campaign b { trigger on app_open  send email o { subject "Hi" body "Hi" } }
        """)
        let customers = DataFile(path: "customers.csv", bytes: Array((PlanSupport.customerHeader + "c1,c1@example.com,,,,2026-01-01T00:00:00Z,,true,false,\n").utf8))
        let events = DataFile(path: "events.csv", bytes: Array("customer_id,event,time,amount,order_id\nc1,purchase,2026-11-02T10:00:00Z,5,\nc1,app_open,2026-11-04T10:00:00Z,,\n".utf8))
        let result = try Self.bothPlans(checked, customers: customers, events: events, campaigns: ["a"], from: "2026-11-01", to: "2026-11-10")
        #expect(Self.difference(result.whole, result.restricted) == nil)
        #expect(result.restricted.contains { $0.hasPrefix("2026-11-04T10:00:00Z") && $0.contains(",a,exit,exit,") }, "\(result.restricted)")
    }

    /// The time zone the planner sends by is the checker's (`TypedProgram.timeZoneField`,
    /// the first `timezone` field): that one is always read, and named as the reader of
    /// local send times; a second `timezone` field is read only where something names it.
    @Test func theTimeZoneAlwaysReadIsTheOneThePlannerUses() throws {
        let schema = Self.schema.replacingOccurrences(of: "zone: timezone? }", with: "zone: timezone?  home: timezone? }")
        let table = try PlanSupport.table(schema + "campaign c { trigger daily at 10:00 send sms a { text \"x\" } }\n", withSchema: false)
        #expect(table.program.timeZoneField?.name == "zone")
        let use = DataUse.of(campaigns: ["c"], segments: [], in: table)
        #expect(use.fields == ["id", "phone", "sms_opt_in", "zone"])
        #expect(use.readers(ofField: "zone").map(\.description) == ["local send times (the policy's time zone is used instead)"])
        #expect(use.readers(ofField: "home").isEmpty)
    }

    @Test func segmentsReadTheirEventsOnly() throws {
        let table = try PlanSupport.table(Self.schema, withSchema: false)
        #expect(DataUse.of(campaigns: [], segments: ["loyal"], in: table).properties == ["purchase": []])
        #expect(DataUse.of(campaigns: [], segments: table.segmentNames, in: table).properties == ["purchase": [], "article_view": ["category"]])
        #expect(DataUse.everything(in: table).properties["purchase"] == ["amount", "category"])
    }
}
