import CampaignLanguageServer
import CampaignSemantics
import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// Hover and completion on the examples.
@Suite struct InsightTests {
    static let examples = Repository.examples.path
    static let winback = Transcript.uri(examples + "/winback_sms.campaign")

    static func winbackText() throws -> String {
        try String(contentsOfFile: examples + "/winback_sms.campaign", encoding: .utf8)
    }

    /// The position of the `occurrence`-th `needle` in a text, plus `shift` characters.
    static func position(_ needle: String, in text: String, occurrence: Int = 0, shift: Int = 0) -> (Int, Int) {
        var rest = text[...]
        var hit = text.startIndex
        for _ in 0...occurrence {
            guard let range = rest.range(of: needle) else { return (0, 0) }
            hit = range.lowerBound
            rest = text[range.upperBound...]
        }
        let before = text[..<hit]
        let line = before.filter { $0 == "\n" }.count
        let lineStart = before.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex
        return (line, text[lineStart..<hit].utf16.count + shift)
    }

    static func session(_ text: String) -> Transcript {
        let session = Transcript()
        session.start(folder: examples)
        session.open(winback, text)
        return session
    }

    static func hover(_ needle: String, occurrence: Int = 0) throws -> String {
        let text = try winbackText()
        let (line, character) = position(needle, in: text, occurrence: occurrence, shift: 1)
        let result = session(text).request("textDocument/hover", #"{"textDocument":{"uri":"\#(winback)"},"position":\#(Transcript.position(line, character))}"#)
        return result["result"]?["contents"]?["value"]?.string ?? "no hover: \(result.serialized())"
    }

    @Test(arguments: [
        ("sms_opt_in", 0, "**sms_opt_in**: `bool` (customer field)\n\nrequired"),
        ("first_name", 0, "**first_name**: `text(max 20)?` (customer field)\n\noptional"),
        ("loyal", 0, "segment loyal = count(purchase in last 90d) >= 3"),
        ("purchase", 1, "event purchase { amount: number, category: text? }"),
        ("winback_sms", 0, "at most 3 messages per entry"),
        ("send", 0, "SMS: UCS-2 worst case, 2 segments; GSM-7 when names are Latin, 1 segment"),
        ("survey", 1, "message of campaign `winback_sms`"),
        ("wait", 0, "**wait** (keyword)\n\nPauses the journey"),
        ("clicked", 0, "**clicked** (function)"),
    ])
    func hover(_ needle: String, _ occurrence: Int, _ expected: String) throws {
        let text = try Self.hover(needle, occurrence: occurrence)
        #expect(text.contains(expected), "\(text)")
    }

    static func labels(_ text: String, at position: (Int, Int), uri: String = winback) -> [String] {
        let session = session(text)
        let result = session.request("textDocument/completion", #"{"textDocument":{"uri":"\#(uri)"},"position":\#(Transcript.position(position.0, position.1))}"#)
        return result["result"]?["items"]?.array?.compactMap { $0["label"]?.string } ?? []
    }

    @Test func messageNamesInsideClicked() throws {
        let text = try Self.winbackText()
        let labels = Self.labels(text, at: Self.position("clicked(survey)", in: text, shift: 8))
        #expect(labels.starts(with: ["survey", "contest", "coupon", "any"]))
        // Other campaigns after the own messages; after one and a dot, its messages.
        #expect(labels.contains("birthday") && !labels.contains("winback_sms"), "\(labels)")
        let dotted = text.replacingOccurrences(of: "clicked(survey)", with: "clicked(onboarding.)")
        #expect(Self.labels(dotted, at: Self.position("onboarding.)", in: dotted, shift: 11)).starts(with: ["welcome_push", "welcome_email", "getting_started"]))
        let channels = text.replacingOccurrences(of: "clicked(survey)", with: "clicked(any )")
        #expect(Self.labels(channels, at: Self.position("any )", in: channels, shift: 4)).starts(with: ["email", "sms", "push"]))
    }

    @Test func fieldsAndFiltersInsideTemplates() throws {
        let text = try Self.winbackText()
        let names = Self.labels(text, at: Self.position("{{ first_name", in: text, shift: 3))
        #expect(names.contains("first_name") && names.contains("coupon_code") && names.contains("campaign.name"))
        let filters = Self.labels(text, at: Self.position("| default", in: text, shift: 2))
        #expect(filters == TemplateFilterKind.allCases.map(\.rawValue))
        let session = Self.session(text)
        let (line, character) = Self.position("| default", in: text, shift: 2)
        let items = session.request("textDocument/completion", #"{"textDocument":{"uri":"\#(Self.winback)"},"position":\#(Transcript.position(line, character))}"#)["result"]?["items"]?.array ?? []
        #expect(items.allSatisfy { $0["documentation"]?["value"]?.string?.isEmpty == false }, "every filter has a doc")
    }

    @Test func propertiesAfterWhereAndAfterAnEventName() throws {
        let text = try Self.winbackText().replacingOccurrences(of: "exit when purchase\n", with: "exit when purchase where \n")
        let labels = Self.labels(text, at: Self.position("purchase where ", in: text, shift: 15))
        #expect(labels.starts(with: ["amount", "category"]))
        #expect(labels.contains("sms_opt_in") && labels.contains("count"))
        let dotted = try Self.winbackText().replacingOccurrences(of: "trigger 30d after last(purchase)", with: "trigger 30d after last(purchase.)")
        #expect(Self.labels(dotted, at: Self.position("purchase.)", in: dotted, shift: 9)) == ["amount", "category"])
    }

    /// `trigger yearly`, then `7d`, then `before`: each step offers what comes next.
    @Test func anniversaryOffsets() throws {
        let text = try Self.winbackText().replacingOccurrences(of: "trigger 30d after last(purchase)", with: "trigger yearly 7d before ")
        #expect(Self.labels(text, at: Self.position("yearly 7d", in: text, shift: 7)).contains("7d before"))
        #expect(Self.labels(text, at: Self.position("7d before", in: text, shift: 3)) == ["before", "after"])
        #expect(Self.labels(text, at: Self.position("before ", in: text, shift: 7)).contains("birthday"))
    }

    @Test func channelsAfterSendAndKeywordsAtAStep() throws {
        let text = try Self.winbackText()
        let channels = Self.labels(text, at: Self.position("send sms survey", in: text, shift: 5))
        #expect(channels.starts(with: ["email", "sms", "push", "in_app", "webhook"]))
        let steps = Self.labels(text, at: Self.position("  wait 30d", in: text))
        #expect(steps.contains("wait") && steps.contains("send") && steps.contains("audience"))
        let top = Self.labels(text, at: (4, 0))
        #expect(top == ["import", "customer", "event", "channel", "segment", "policy", "campaign"])
        #expect(Self.labels(text, at: Self.position("exit when", in: text, shift: 5)) == ["when"])
        let afterWhen = Self.labels(text, at: Self.position("exit when purchase", in: text, shift: 10))
        #expect(afterWhen.contains("purchase") && afterWhen.contains("sms_opt_in"))
        let fields = Self.labels(text, at: Self.position("text \"Hi", in: text))
        #expect(fields == ["text", "transactional"])
    }

    @Test func timeZonesInsideThePolicysString() throws {
        let schema = Transcript.uri(Self.examples + "/schema.campaign")
        let text = try String(contentsOfFile: Self.examples + "/schema.campaign", encoding: .utf8)
        let session = Transcript()
        session.start(folder: Self.examples)
        session.open(schema, text)
        let (line, character) = Self.position("timezone \"UTC\"", in: text, shift: 10)
        let result = session.request("textDocument/completion", #"{"textDocument":{"uri":"\#(schema)"},"position":\#(Transcript.position(line, character))}"#)
        let labels = result["result"]?["items"]?.array?.compactMap { $0["label"]?.string } ?? []
        #expect(labels.contains("Europe/Paris") && labels.contains("America/New_York"))
        let item = result["result"]?["items"]?.array?.first
        #expect(item?["detail"]?.string == "time zone")
        // After a time of day too.
        let campaign = "campaign paris {\n  trigger once at 2026-06-01 09:00 \"Eu\"\n}\n"
        let zoned = InsightTests.labels(campaign, at: InsightTests.position("\"Eu", in: campaign, shift: 3))
        #expect(zoned.contains("Europe/Paris"))
    }

    /// Compliance profiles and the delivery rules of issue 18: completed where they are
    /// written, and a profile's hover gives its rule and its source.
    @Test func complianceProfilesAndDeliveryRules() throws {
        let text = "policy {\n  comply us_florida\n  \n}\ncampaign c {\n  \n  trigger daily at 09:00\n}\n"
        let profiles = Self.labels(text, at: Self.position("comply us_florida", in: text, shift: 7))
        #expect(profiles == ComplianceProfile.allCases.map(\.rawValue))
        let rules = Self.labels(text, at: (2, 2))
        #expect(rules.contains("comply") && rules.contains("quiet hours"))
        #expect(Self.labels(text, at: (5, 2)).contains("cap"))
        let (line, character) = Self.position("us_florida", in: text, shift: 2)
        let result = Self.session(text).request("textDocument/hover", #"{"textDocument":{"uri":"\#(Self.winback)"},"position":\#(Transcript.position(line, character))}"#)
        let hover = result["result"]?["contents"]?["value"]?.string ?? ""
        #expect(hover.contains("**us_florida** (compliance profile)") && hover.contains("at most 3 per 24h") && hover.contains("Fla. Stat. 501.616(6)"), "\(hover)")
    }

    @Test func everyItemHasATypeAndADoc() throws {
        let text = try Self.winbackText()
        let session = Self.session(text)
        let (line, character) = Self.position("audience sms_opt_in", in: text, shift: 9)
        let items = session.request("textDocument/completion", #"{"textDocument":{"uri":"\#(Self.winback)"},"position":\#(Transcript.position(line, character))}"#)["result"]?["items"]?.array ?? []
        #expect(items.count > 20)
        for item in items {
            #expect(item["detail"]?.string?.isEmpty == false, "\(item.serialized())")
            #expect(item["documentation"]?["value"]?.string?.isEmpty == false, "\(item.serialized())")
        }
    }
}
