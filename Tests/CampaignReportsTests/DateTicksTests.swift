@testable import CampaignReports
import CampaignSemantics
import CampaignSyntax
import Testing

/// The charts' date axis: every window, from a minute to ten years, gets dates a reader can
/// place the bars by (days, Mondays, months or years), and a few sends in a long window
/// still show as marks.
@Suite struct DateTicksTests {
    /// The plot widths of the page's wide and narrow charts (SVG units), with their label
    /// character widths: the wide chart's 13-unit text, the narrow one's 12.
    static let wide = (width: 860.0, charWidth: 13 * 0.62), narrow = (width: 300.0, charWidth: 12 * 0.62)

    static func ticks(_ from: String, _ through: String, _ frame: (width: Double, charWidth: Double)) -> (AxisTicks.DateUnit, [String]) {
        let axis = AxisTicks.dates(from: ChartTests.day(from), through: ChartTests.day(through), width: frame.width, charWidth: frame.charWidth)
        return (axis.unit, axis.ticks.map(\.label))
    }

    @Test(arguments: [
        // One day (a one-day window, or a one-minute one: both have one local day).
        ("2026-04-20", "2026-04-20", AxisTicks.DateUnit.day, ["20 Apr"], AxisTicks.DateUnit.day, ["20 Apr"]),
        // 20 days: the Mondays.
        ("2026-04-05", "2026-04-24", .week, ["6 Apr", "13 Apr", "20 Apr"], .week, ["6 Apr", "13 Apr", "20 Apr"]),
        // 60 days: every Monday where there is room, every other one on a phone.
        ("2026-04-01", "2026-05-30", .week, ["6 Apr", "13 Apr", "20 Apr", "27 Apr", "4 May", "11 May", "18 May", "25 May"],
         .week, ["6 Apr", "20 Apr", "4 May", "18 May"]),
        // 9 months: month starts.
        ("2026-04-01", "2026-12-31", .month, ["Apr 2026", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
         .month, ["Apr 2026", "Jul", "Oct"]),
        // 10 years: years.
        ("2026-04-01", "2036-03-31", .year, ["2027", "2028", "2029", "2030", "2031", "2032", "2033", "2034", "2035", "2036"],
         .year, ["2028", "2030", "2032", "2034", "2036"]),
    ])
    func ticksFollowTheWindowsLength(from: String, through: String, wideUnit: AxisTicks.DateUnit, wideLabels: [String],
                                     narrowUnit: AxisTicks.DateUnit, narrowLabels: [String]) {
        let (unit, labels) = Self.ticks(from, through, Self.wide)
        #expect(unit == wideUnit && labels == wideLabels)
        let (phoneUnit, phoneLabels) = Self.ticks(from, through, Self.narrow)
        #expect(phoneUnit == narrowUnit && phoneLabels == narrowLabels)
    }

    /// Every window up to 14 days has a label on every day where there is room, and every
    /// window's ticks lie inside it, in order, and fit side by side.
    @Test(arguments: Array(1...800) + [1_000, 1_100, 1_200, 3_653, 20_000])
    func ticksAreInsideTheWindowAndFit(days: Int) {
        let first = ChartTests.day("2026-03-17")
        for frame in [Self.wide, Self.narrow] {
            let axis = AxisTicks.dates(from: first, through: first + days - 1, width: frame.width, charWidth: frame.charWidth)
            #expect(!axis.ticks.isEmpty, "\(days) days")
            #expect(axis.ticks.allSatisfy { $0.day >= first && $0.day <= first + days - 1 }, "\(days) days")
            #expect(zip(axis.ticks, axis.ticks.dropFirst()).allSatisfy { $0.day < $1.day })
            // Each label has the room of its spacing: no two overlap.
            let slot = frame.width / Double(days)
            let widest = Double(axis.ticks.map(\.label.count).max() ?? 0) * frame.charWidth
            for (a, b) in zip(axis.ticks, axis.ticks.dropFirst()) { #expect(Double(b.day - a.day) * slot >= widest, "\(days) days: \(a.label) and \(b.label)") }
            if days <= 14 && frame.width == Self.wide.width { #expect(axis.unit == .day && axis.ticks.count == days) }
            if axis.unit == .week { #expect(axis.ticks.allSatisfy { CivilCalendar.isoWeekday(days: $0.day) == 1 }) }
        }
    }

    /// A one-minute window: one day, drawn as a bar of modest width with its date under it.
    @Test func aOneMinuteWindowDrawsADatedBar() throws {
        let customers = "id,email,signup_at,email_opt_in\nx1,a@example.com,2026-05-01T10:00:10Z,true\n"
        let project = try SmallProject(source: ChartTests.hello, customers: customers, events: "customer_id,event,time\n",
                                       from: "2026-05-01T10:00:00Z", to: "2026-05-01T10:01:00Z")
        let sends = SendsPerDay(project.plan, policyOf: project.table)
        #expect(sends.total == 1 && sends.firstDay == sends.lastDay)
        let chart = DayChart(firstDay: sends.firstDay, lastDay: sends.lastDay, layers: [.init(name: "email", color: "#000", counts: sends.channel(.email))], zone: sends.zone)
        for frame in [DayChart.Frame.wide, .narrow, .small] {
            let svg = chart.svg(frame, label: "test")
            #expect(svg.contains(">1 May</text>"), "\(frame.cssClass)")
            let widths = Self.rectWidths(svg)
            #expect(widths.count == 1 && widths.allSatisfy { $0 <= DayChart.widestBar }, "\(frame.cssClass): \(widths)")
        }
    }

    /// Twelve sends on one day of ten years: a mark wide enough to see, not a sliver.
    @Test func aFewSendsInALongWindowShow() {
        let first = ChartTests.day("2026-01-01"), last = ChartTests.day("2035-12-31")
        let chart = DayChart(firstDay: first, lastDay: last, layers: [.init(name: "sms", color: "#000", counts: [first + 1_000: 12])], zone: "UTC")
        for frame in [DayChart.Frame.wide, .narrow, .small] {
            let svg = chart.svg(frame, label: "test")
            let widths = Self.rectWidths(svg)
            #expect(widths == [DayChart.narrowestMark], "\(frame.cssClass)")
            #expect(svg.contains(">2027</text>") || svg.contains(">2028</text>"), "\(frame.cssClass) has year ticks")
        }
        // Days with sends in a long run are the band itself, no marks on top; so are sends
        // close together (a weekly push over years: marks would merge into a solid block).
        #expect(DayChart.lonely([0, 3, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 2], within: 2) == [1, 12])
        #expect(DayChart.lonely([0, 3, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 2], within: 4.5) == [])
        #expect(DayChart.lonely([0, 3, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 2], within: 4.5) == [15])
        let weekly = (0..<3_650).map { $0 % 7 == 3 ? 500 : 0 }
        #expect(DayChart.lonely(weekly, within: 12).isEmpty && DayChart.lonely(weekly, within: 6) == Array(stride(from: 3, to: 3_650, by: 7)))
    }

    static func rectWidths(_ svg: String) -> [Double] {
        svg.matches(of: /<rect [^>]*width="([0-9.]+)"/).compactMap { Double($0.1) }
    }
}
