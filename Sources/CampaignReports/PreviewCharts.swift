import CampaignSemantics
import CampaignSyntax

/// The HTML report's "Sends per day" section: one chart of every send stacked by channel,
/// then small charts per campaign and per channel, each on its own scale, so a weekly spike
/// of one campaign does not flatten the others. No script: each big chart is drawn twice,
/// and CSS shows the one drawn for the screen's width.
enum PreviewCharts {
    /// Screens at least this wide (CSS px) get the wide chart; narrower ones the narrow one.
    static let wideFrom = 860

    static func section(_ sends: SendsPerDay) -> String {
        var out = "<section>\n<h2>Sends per day</h2>\n"
        let channels = sends.channels
        if channels.isEmpty { return out + "<p class=\"note\">No message goes out in the window.</p>\n</section>\n" }
        out += "<p class=\"note\">Days are counted in \(PreviewHTML.escape(sends.zone))\(sends.zoneIsThePolicys ? ", the policy’s time zone" : ": the policy names no time zone"). \(Figures.count(sends.total)) sends from \(longDate(sends.firstDay)) to \(longDate(sends.lastDay)).</p>\n"
        let all = DayChart(firstDay: sends.firstDay, lastDay: sends.lastDay,
                           layers: channels.map { .init(name: $0.rawValue, color: PreviewHTML.colors[$0] ?? "#999", counts: sends.channel($0)) }, zone: sends.zone)
        out += "<figure>\n<figcaption>All campaigns, stacked by channel</figcaption>\n"
        out += all.svg(.wide, label: "sends per day by channel") + all.svg(.narrow, label: "sends per day by channel")
        out += legend(channels) + dwarfNote(all.layers) + "</figure>\n"

        out += "<figure>\n<figcaption>By campaign, each on its own scale</figcaption>\n<div class=\"multiples\">\n"
        for (index, name) in sends.campaigns.enumerated() {
            let counts = sends.counts[index]
            let total = counts.values.reduce(0) { $0 + $1.values.reduce(0, +) }
            let chart = DayChart(firstDay: sends.firstDay, lastDay: sends.lastDay,
                                 layers: channels.compactMap { channel in counts[channel].map { .init(name: channel.rawValue, color: PreviewHTML.colors[channel] ?? "#999", counts: $0) } },
                                 zone: sends.zone)
            out += "<div class=\"multiple\"><p class=\"multiple-name\">\(PreviewHTML.escape(name)) · \(Figures.count(total)) sends</p>"
            out += total == 0 ? "<p class=\"note\">No sends in the window.</p>" : chart.svg(.small, label: "sends per day, \(name)")
            out += "</div>\n"
        }
        out += "</div>\n" + legend(channels) + "</figure>\n"

        out += "<figure>\n<figcaption>By channel, each on its own scale</figcaption>\n<div class=\"multiples\">\n"
        for channel in channels {
            let counts = sends.channel(channel)
            let chart = DayChart(firstDay: sends.firstDay, lastDay: sends.lastDay,
                                 layers: [.init(name: channel.rawValue, color: PreviewHTML.colors[channel] ?? "#999", counts: counts)], zone: sends.zone)
            out += "<div class=\"multiple\"><p class=\"multiple-name\">\(dot(channel))\(channel.rawValue) · \(Figures.count(counts.values.reduce(0, +))) sends</p>"
            out += chart.svg(.small, label: "sends per day, \(channel.rawValue)") + "</div>\n"
        }
        return out + "</div>\n</figure>\n</section>\n"
    }

    /// A sentence when one series' busiest day is over five times any other's: on one scale
    /// the others are flat lines, so the reader is sent to the charts with a scale each.
    static func dwarfNote(_ layers: [DayChart.Layer]) -> String {
        let peaks = layers.map { ($0.name, $0.counts.values.max() ?? 0) }.sorted { $0.1 > $1.1 }
        guard peaks.count > 1, peaks[1].1 * 5 < peaks[0].1 else { return "" }
        return "<p class=\"note\">\(PreviewHTML.escape(peaks[0].0)) peaks at \(Figures.count(peaks[0].1)) a day, over five times any other channel (\(Figures.count(peaks[1].1))): the charts below give each campaign and channel a scale of its own.</p>\n"
    }

    static func legend(_ channels: [ChannelKind]) -> String {
        "<p class=\"legend\">" + channels.map { dot($0) + $0.rawValue }.joined(separator: " ") + "</p>\n"
    }

    static func dot(_ channel: ChannelKind) -> String {
        "<span class=\"dot\" style=\"background:\(PreviewHTML.colors[channel] ?? "#999")\"></span>"
    }

    /// `3 Apr 2026` for a local day: how a marketer writes a date, unambiguous in any locale.
    static func longDate(_ day: Int) -> String {
        let date = CivilCalendar.date(days: day)
        return "\(date.day) \(CivilCalendar.monthNames[date.month - 1].prefix(3)) \(date.year)"
    }

    /// The plan's window as the header says it, in UTC (where `--from` and `--to` are
    /// read): `1 Apr 2026 – 31 Dec 2026`, the last day included, when both ends are
    /// midnights; else with the times, `1 Apr 2026 06:00 – 2 Apr 2026 12:00 (end excluded)`.
    static func window(_ sends: SendsPerDay) -> String {
        let day = CivilCalendar.secondsPerDay
        func floorDay(_ t: Int64) -> Int64 { t >= 0 ? t / day : -((-t + day - 1) / day) }
        let (from, to) = (sends.from, max(sends.from, sends.to))
        if from - floorDay(from) * day == 0, to - floorDay(to) * day == 0, to > from {
            return longDate(Int(floorDay(from))) + " – " + longDate(Int(floorDay(to) - 1))
        }
        func instant(_ t: Int64) -> String {
            let seconds = t - floorDay(t) * day
            let minutes = seconds / 60
            return longDate(Int(floorDay(t))) + " " + (minutes / 60 < 10 ? "0" : "") + "\(minutes / 60):" + (minutes % 60 < 10 ? "0" : "") + "\(minutes % 60)"
        }
        return instant(from) + " – " + instant(to) + " (end excluded)"
    }

    /// Which zone the header's window is in, and the charts' days.
    static func windowZone(_ sends: SendsPerDay) -> String {
        if !sends.zoneIsThePolicys { return "UTC: the policy names no time zone" }
        return sends.zone == "UTC" ? "UTC, the policy’s time zone" : "UTC; the charts count days in \(PreviewHTML.escape(sends.zone)), the policy’s time zone"
    }
}
