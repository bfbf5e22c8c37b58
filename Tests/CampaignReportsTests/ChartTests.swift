import CampaignData
import CampaignPlanner
@testable import CampaignReports
import CampaignSemantics
import CampaignSyntax
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The HTML report's charts: round ticks, month ticks in the policy's zone, counts that
/// recount from the plan, and text a phone can read.
@Suite struct ChartTests {
    @Test(arguments: [
        (0, 5, [0, 1]), (1, 5, [0, 1]), (7, 5, [0, 2, 4, 6, 8]), (10, 5, [0, 2, 4, 6, 8, 10]),
        (11, 5, [0, 5, 10, 15]), (193, 5, [0, 50, 100, 150, 200]), (1000, 4, [0, 500, 1000]), (3, 1, [0, 5]),
        (12_345, 6, [0, 5_000, 10_000, 15_000]), (-4, 3, [0, 1]),
    ])
    func countTicksAreRoundSteps(top: Int, intervals: Int, expected: [Int]) {
        #expect(AxisTicks.counts(upTo: top, intervals: intervals) == expected)
    }

    @Test(arguments: [1, 2, 9, 99, 1_234, 86_400, 1 << 40, Int.max])
    func countTicksCoverTheTopInOneTwoFiveSteps(top: Int) {
        for intervals in 1...8 {
            let ticks = AxisTicks.counts(upTo: top, intervals: intervals)
            #expect(ticks.first == 0 && (ticks.last ?? 0) >= top, "\(top) in \(intervals): \(ticks)")
            guard top < 1 << 50 else { continue }
            #expect(ticks.count - 1 <= intervals)
            let step = ticks[1]
            var mantissa = step
            while mantissa % 10 == 0 { mantissa /= 10 }
            #expect([1, 2, 5].contains(mantissa), "step \(step)")
        }
    }

    static func day(_ text: String) -> Int {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        return CivilCalendar.days(year: parts[0], month: parts[1], day: parts[2])
    }

    @Test(arguments: [
        ("2026-04-01", "2026-12-31", 12, ["Apr 2026", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]),
        ("2026-04-01", "2026-12-31", 4, ["Apr 2026", "Jul", "Oct"]),
        ("2026-04-15", "2026-06-10", 12, ["May 2026", "Jun"]),
        ("2026-11-20", "2027-02-03", 12, ["Dec 2026", "Jan 2027", "Feb"]),
        ("2026-04-02", "2026-04-20", 12, []),
        ("2020-01-01", "2029-12-31", 6, ["Jan 2020", "Jan 2022", "Jan 2024", "Jan 2026", "Jan 2028"]),
        ("2026-02-10", "2027-03-01", 6, ["Apr 2026", "Jul", "Oct", "Jan 2027"]),
    ])
    func monthTicksFallOnMonthStarts(from: String, through: String, atMost: Int, labels: [String]) {
        let ticks = AxisTicks.months(from: Self.day(from), through: Self.day(through), atMost: atMost)
        #expect(ticks.map(\.label) == labels)
        for tick in ticks {
            #expect(CivilCalendar.date(days: tick.day).day == 1)
            #expect(tick.day >= Self.day(from) && tick.day <= Self.day(through))
        }
    }

    /// A send at 20:00 UTC on 1 June is on 2 June in Bangkok: the chart counts it there, and says so.
    @Test func daysAreCountedInThePolicysZone() throws {
        let source = """
        customer { id: id  email: email?  signup_at: time  email_opt_in: bool }
        channel email { address: email consent: email_opt_in }
        policy { timezone "Asia/Bangkok" }
        campaign hello {
          trigger 0d after signup_at
          send email welcome { subject "Hi" body "Welcome" }
        }
        """
        let customers = "id,email,signup_at,email_opt_in\nx1,a@example.com,2026-06-01T20:00:00Z,true\n"
        let project = try SmallProject(source: source, customers: customers, events: "customer_id,event,time\n", from: "2026-05-01", to: "2026-07-01")
        let (table, plan) = (project.table, project.plan)
        let sends = SendsPerDay(plan, policyOf: table)
        #expect(sends.zone == "Asia/Bangkok")
        #expect(sends.counts == [[.email: [Self.day("2026-06-02"): 1]]])
        #expect(SendsPerDay(plan, zone: .utc).counts == [[.email: [Self.day("2026-06-01"): 1]]])
        let html = PreviewHTML.render(Preview(plan, sends: sends), graphs: [:])
        #expect(html.contains("Days are counted in Asia/Bangkok"))
        // The header reads the window as a marketer does: days, the last one included, in
        // UTC (where `--from` and `--to` are read), and says which zone the charts use.
        #expect(html.contains("<p class=\"meta\">1 May 2026 – 30 Jun 2026 (UTC; the charts count days in Asia/Bangkok, the policy’s time zone) · "))
        #expect(!html.contains("<p class=\"meta\">2026-"))
        #expect(html.contains("<title>2026-06-02 email: 1</title>"))
    }

    /// One campaign sending one email when a customer signs up, no policy.
    static let hello = """
        customer { id: id  email: email?  signup_at: time  email_opt_in: bool }
        channel email { address: email consent: email_opt_in }
        campaign hello {
          trigger 0d after signup_at
          send email welcome { subject "Hi" body "Welcome" }
        }
        """

    /// A window whose ends are not midnights keeps its times, and says the end is excluded.
    @Test func aWindowBetweenTimesOfDayKeepsItsTimes() throws {
        let project = try SmallProject(source: Self.hello, customers: "id,email,signup_at,email_opt_in\n", events: "customer_id,event,time\n",
                                       from: "2026-05-01T06:30:00Z", to: "2026-05-03T00:00:00Z")
        let sends = SendsPerDay(project.plan, policyOf: project.table)
        #expect(PreviewCharts.window(sends) == "1 May 2026 06:30 – 3 May 2026 00:00 (end excluded)")
        #expect(PreviewCharts.windowZone(sends) == "UTC: the policy names no time zone")
    }

    /// Every bar recounts from the plan's send rows: per campaign, channel and local day.
    @Test func sendsPerDayRecountFromThePlan() throws {
        let (plan, table) = try ReportTests.examplesPlan()
        let sends = SendsPerDay(plan, policyOf: table)
        let zone = try #require(ZoneRules(identifier: sends.zone, from: plan.from, to: plan.to))
        var recount: [[ChannelKind: [Int: Int]]] = Array(repeating: [:], count: plan.campaigns.count)
        for row in plan.rows where row.action == .send {
            recount[Int(row.campaign)][try #require(row.channel), default: [:]][Int(zone.day(row.time)), default: 0] += 1
        }
        #expect(sends.counts == recount)
        let sent = plan.rows.filter { $0.action == .send }.count
        #expect(sends.total == sent && sent > 0)
        for channel in sends.channels {
            let perCampaign: [Int] = recount.map { ($0[channel] ?? [:]).values.reduce(0, +) }
            let drawn: Int = sends.channel(channel).values.reduce(0, +)
            #expect(drawn == perCampaign.reduce(0, +))
        }
    }

    /// On a 390 px phone the page's content is 390 − 2 × 16 (main's padding) − 2 × 13 (a
    /// figure's padding and border) = 332 px wide; a chart drawn `W` units wide is scaled by
    /// 332 / W. Every text of every chart shown there must come out at 11 px or more, and so
    /// must the wide charts at the narrowest screen that shows them.
    @Test func chartTextIsAtLeastElevenPixelsOnAPhone() throws {
        let (plan, table) = try ReportTests.examplesPlan()
        let graphs = Dictionary(uniqueKeysWithValues: table.campaignNames.compactMap { name in table.campaigns[name].map { (name, JourneyGraph($0)) } })
        let html = PreviewHTML.render(Preview(plan, policyOf: table), graphs: graphs)
        let chrome = 2 * 16 + 2 * 13

        let fonts = ChartFonts()
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = fonts
        #expect(parser.parse())
        #expect(fonts.texts.count > 50, "the charts have their axis labels")
        #expect(fonts.texts.contains { $0.svgClass.contains("chart-wide") })
        #expect(fonts.texts.contains { $0.svgClass.contains("chart-narrow") })
        #expect(fonts.texts.contains { $0.svgClass == "journey-drawing" }, "the journeys are checked too")
        for text in fonts.texts {
            let size = try #require(text.fontSize, "\"\(text.content)\" in \(text.svgClass) has no font size of its own")
            if text.svgClass == "journey-drawing" {
                // Drawn at its own size (`width` equal to the viewBox's; the CSS never
                // shrinks it: a narrow screen scrolls it), so on every screen.
                let width = try #require(text.drawnWidth, "a journey has its own width")
                #expect(size * width / text.viewBoxWidth >= 11, "\"\(text.content)\" in a journey is \(size * width / text.viewBoxWidth) px")
                continue
            }
            let shownOn = text.svgClass.contains("chart-wide") ? PreviewCharts.wideFrom : 390
            let pixels: Double = size * Double(shownOn - chrome) / text.viewBoxWidth
            #expect(pixels >= 11, "\"\(text.content)\" in \(text.svgClass) is \(pixels) px at \(shownOn) px")
        }
        // The wide charts are hidden on a phone, the narrow ones on wide screens; the CSS
        // sizes no chart's text (it would override the sizes drawn for each width).
        #expect(html.contains("@media (max-width: \(PreviewCharts.wideFrom - 1)px) { .chart-wide { display: none; } }") && PreviewCharts.wideFrom > 390)
        #expect(html.contains("@media (min-width: \(PreviewCharts.wideFrom)px) { .chart-narrow { display: none; } }"))
        let css = try #require(html.components(separatedBy: "<style>").dropFirst().first?.components(separatedBy: "</style>").first)
        for rule in css.components(separatedBy: "}") where rule.contains(".chart") { #expect(!rule.contains("font-size"), "\(rule)") }
        // On paper a journey is scaled to the page's width instead (no scrolling there).
        let screen = css.split(separator: "\n").filter { !$0.drop { $0 == " " }.hasPrefix("@media print") }.joined(separator: "\n")
        for rule in screen.components(separatedBy: "}") where rule.contains("journey") && rule.contains("svg") || rule.contains(".journey-drawing") {
            #expect(!rule.contains("font-size") && !rule.contains("max-width: 100%") && !rule.contains("width: 100%"), "\(rule)")
        }
        #expect(css.contains(".journey-drawing { display: block; max-width: none; }"))
        // Text outside the SVGs: no CSS size under 11 px.
        let sizes: [Int] = css.components(separatedBy: "font-size:").dropFirst().compactMap { rest in Int(String(rest.drop { $0 == " " }.prefix { $0.isNumber })) }
        #expect(!sizes.isEmpty)
        #expect(sizes.allSatisfy { $0 >= 11 }, "\(sizes)")
    }
}

/// Collects every `<text>` inside a chart or journey SVG with the font size it inherits (SVG
/// units), the SVG's viewBox width and the width it asks to be drawn at.
final class ChartFonts: NSObject, XMLParserDelegate {
    struct Text {
        let svgClass: String
        let viewBoxWidth: Double
        /// The `width` attribute: the size in CSS px the drawing asks for.
        let drawnWidth: Double?
        let fontSize: Double?
        var content = ""
    }
    var texts: [Text] = []
    private var stack: [(name: String, fontSize: Double?)] = []
    private var svg: (svgClass: String, width: Double, drawn: Double?)?
    private var open: Text?

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let inherited = stack.last?.fontSize ?? nil
        let own = attributes["font-size"].flatMap(Double.init)
        stack.append((name, own ?? (svg == nil && name != "svg" ? nil : inherited)))
        if name == "svg", let cssClass = attributes["class"], cssClass.split(separator: " ").contains("chart") || cssClass == "journey-drawing" {
            let width = attributes["viewBox"]?.split(separator: " ").dropFirst(2).first.flatMap { Double($0) } ?? 0
            svg = (cssClass, width, attributes["width"].flatMap(Double.init))
        }
        if name == "text", let svg {
            open = Text(svgClass: svg.svgClass, viewBoxWidth: svg.width, drawnWidth: svg.drawn, fontSize: own ?? inherited)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { open?.content += string }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
        if name == "text", let text = open { texts.append(text); open = nil }
        if name == "svg" { svg = nil }
    }
}
