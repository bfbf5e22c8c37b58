import CampaignSemantics
import CampaignSyntax

/// Sends across campaigns per week, by channel: how the text preview condenses a long
/// window (docs/output.md). Weeks start on Monday and are made of `SendsPerDay`'s local
/// days, so each week's counts are the sums of its days; the window's first and last
/// weeks cover only the days inside it.
struct SendsPerWeek {
    struct Week {
        /// The week's Monday, in days since 1970-01-01 (the label, even when the window
        /// starts later in the week).
        let monday: Int
        /// The days of the week inside the window.
        let firstDay: Int
        let lastDay: Int
        /// Sends per channel; a channel that sends in the window is here even at zero.
        var counts: [ChannelKind: Int]

        /// Fewer than seven of its days are in the window.
        var isPartial: Bool { lastDay - firstDay < 6 }
        var total: Int { counts.values.reduce(0, +) }
    }

    /// Every week the window touches, in order, sends or not.
    let weeks: [Week]
    let channels: [ChannelKind]

    init(_ sends: SendsPerDay) {
        channels = sends.channels
        let first = Self.monday(of: sends.firstDay)
        var weeks: [Week] = []
        var monday = first
        while monday <= sends.lastDay {
            weeks.append(Week(monday: monday, firstDay: max(monday, sends.firstDay), lastDay: min(monday + 6, sends.lastDay),
                              counts: Dictionary(uniqueKeysWithValues: channels.map { ($0, 0) })))
            monday += 7
        }
        for channel in channels {
            for (day, n) in sends.channel(channel) {
                let index = (Self.monday(of: day) - first) / 7
                if weeks.indices.contains(index) { weeks[index].counts[channel, default: 0] += n }
            }
        }
        self.weeks = weeks
    }

    /// The Monday on or before `day`.
    static func monday(of day: Int) -> Int { day - (CivilCalendar.isoWeekday(days: day) - 1) }

    /// `Mon–Sun`, or for a week the window cuts `Wed–Sun (partial)`, `Thu (partial)`.
    static func days(_ week: Week) -> String {
        let from = ReadableTime.weekdays[week.firstDay - week.monday], to = ReadableTime.weekdays[week.lastDay - week.monday]
        return (from == to ? from : from + "–" + to) + (week.isPartial ? " (partial)" : "")
    }
}
