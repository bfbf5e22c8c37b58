import CampaignSemantics
import CampaignSyntax
import Foundation

/// `campaign preview` for a terminal: per campaign a step table, the goal funnel and
/// sample messages; then sends per day. Text from the campaigns and the data is escaped
/// for the terminal (`TextTable` escapes its cells; docs/output.md).
public enum PreviewText {
    public static func render(_ preview: Preview) -> String {
        func safe(_ text: String) -> String { TerminalText.escaping(text) }
        var out = "preview \(ReadableTime.string(preview.start)) to \(ReadableTime.string(preview.end)) (\(DurationText.string(preview.length))) · \(Figures.count(preview.customers, "customer"))\(preview.customersWithRowsOnly ? " with rows" : "") · \(Figures.count(preview.rows, "schedule row"))\n"
        if preview.hasUnknowns { out += TextWrap.lines(Preview.unknownNote(preview), columns: 88).map { $0 + "\n" }.joined() }
        for campaign in preview.campaigns {
            out += "\n" + safe(campaign.name) + "\n"
            out += "  trigger " + safe(campaign.trigger) + (campaign.audience.map { "; audience " + safe($0) } ?? "") + "\n"
            if let goal = campaign.goal { out += "  " + safe(goal) + "\n" }
            out += "  entered \(Figures.count(campaign.entered))"
            if campaign.holdout != nil { out += " (held out \(Figures.count(campaign.heldOut)), holdout \(safe(campaign.holdout ?? "")))" }
            out += ", exited early \(Figures.count(campaign.exits))\n"
            if campaign.holdout != nil { out += "  " + Preview.holdoutNote + "\n" }
            if campaign.messages.isEmpty {
                out += "  sends no messages\n"
            } else {
                let compliance = preview.showsComplianceDeferrals
                var table = compliance
                    ? TextTable(["message", "channel", "sent", "deferred: window", "quiet hours", "compliance", "suppressed", "by reason", "exited before", "SMS segments"],
                                numeric: [2, 3, 4, 5, 6, 8, 9])
                    : TextTable(["message", "channel", "sent", "deferred: window", "quiet hours", "suppressed", "by reason", "exited before", "SMS segments"],
                                numeric: [2, 3, 4, 5, 7, 8])
                for m in campaign.messages {
                    let reasons = m.suppressedByReason.map { "\($0.reason) \(Figures.count($0.count))" }.joined(separator: ", ")
                    table.add([m.name + (m.alternatives.isEmpty ? "" : " (or \(m.alternatives.joined(separator: ", ")))"), m.channel.rawValue,
                               Figures.count(m.sent), Preview.known(m.deferredByWindow, m.deferralsKnown), Preview.known(m.deferredByQuietHours, m.deferralsKnown)]
                              + (compliance ? [Preview.known(m.deferredByCompliance, m.deferralsKnown)] : [])
                              + [Figures.count(m.suppressedTotal), reasons.isEmpty ? "–" : reasons, Preview.exitedBefore(m),
                                 m.channel == .sms ? Preview.known(m.smsSegments, preview.textsKnown) : "–"])
                }
                out += "\n" + table.render()
            }
            out += "\n  funnel: entered \(Figures.count(campaign.treatment))" + (campaign.holdout == nil ? "" : " (not held out)") + "\n"
            out += funnel(campaign.funnel, entered: campaign.treatment, indent: "    ", exitsKnown: campaign.exitStepsKnown)
            if campaign.goal != nil {
                out += "    goal reached by \(Figures.count(campaign.goalsTreatment)) of \(Figures.count(campaign.treatment)) (\(Figures.percent(campaign.treatmentRate)))\n"
                if campaign.holdout != nil {
                    out += "  holdout: goal reached by \(Figures.count(campaign.goalsHoldout)) of \(Figures.count(campaign.heldOut)) held out (\(Figures.percent(campaign.holdoutRate))); "
                    out += "difference: \(difference(campaign))\n"
                }
            }
            let samples = campaign.messages.flatMap { m in m.samples.map { (m.name, $0) } }
            if !samples.isEmpty {
                out += "\n  samples\n"
                var table = TextTable(["message", "customer", "local time", "text"])
                for (name, sample) in samples { table.add([name, sample.customer, ReadableTime.string(sample.time, offset: Int64(sample.offset)), oneLine(sample.text)]) }
                out += table.render(indent: "    ")
            }
        }
        out += "\n" + (preview.length > Int64(daysShownDaily) * CivilCalendar.secondsPerDay
            ? sendsPerWeek(preview.sends, length: preview.length) : sendsPerDay(preview.sends))
        return out
    }

    /// Sends per local day across campaigns, by channel: the days with sends, in order.
    static func sendsPerDay(_ sends: SendsPerDay) -> String {
        let out = "sends per day (\(zoneNote(sends)))\n"
        let channels = sends.channels
        if channels.isEmpty { return out + "  none in the window\n" }
        let perChannel = channels.map { sends.channel($0) }
        let days = Set(perChannel.flatMap(\.keys)).sorted()
        var table = TextTable(["day"] + channels.map(\.rawValue) + ["total"], numeric: Set(1...(channels.count + 1)))
        for day in days {
            let counts = perChannel.map { $0[day] ?? 0 }
            table.add([SendsPerDay.date(day)] + counts.map(Figures.count) + [Figures.count(counts.reduce(0, +))])
        }
        return out + table.render()
    }

    /// The goal rates compared (`+3.2 points (95% interval …)`), or why they cannot be: a
    /// group too small, or empty, is never a bare `–`.
    static func difference(_ campaign: Preview.Campaign) -> String {
        if let comparison = campaign.comparison { return comparison.text }
        let why = campaign.entered == 0 ? "no one entered" : campaign.heldOut == 0 ? "no one held out" : "no one sent messages"
        return "too few customers to tell (\(why))"
    }

    /// Windows up to this many days long list sends per day; longer ones per week, which
    /// keeps a year to about 53 lines (the JSON keeps each day).
    static let daysShownDaily = 60

    /// Sends per week across campaigns, by channel: every week the window touches, weeks
    /// from Monday, labelled by their Monday, the first and last marked when the window cuts
    /// them.
    static func sendsPerWeek(_ sends: SendsPerDay, length: Int64) -> String {
        let out = "sends per week (the window is \(DurationText.string(length)), over \(daysShownDaily) days; weeks start on Monday, "
            + "\(zoneNote(sends)); --format json has each day)\n"
        let weeks = SendsPerWeek(sends)
        let channels = weeks.channels
        if channels.isEmpty { return out + "  none in the window\n" }
        var table = TextTable(["week of", "days"] + channels.map(\.rawValue) + ["total"], numeric: Set(2...(channels.count + 2)))
        for week in weeks.weeks {
            table.add([SendsPerDay.date(week.monday), SendsPerWeek.days(week)] + channels.map { Figures.count(week.counts[$0] ?? 0) } + [Figures.count(week.total)])
        }
        return out + table.render()
    }

    /// `days in UTC, the policy's time zone`: the zone the days are counted in, and where it
    /// comes from.
    static func zoneNote(_ sends: SendsPerDay) -> String {
        "days in " + TerminalText.escaping(sends.zone) + (sends.zoneIsThePolicys ? ", the policy's time zone" : ": the policy names no time zone")
    }

    /// One line per send step, in journey order; a branch's arms indented under their label.
    static func funnel(_ stages: [Preview.Stage], entered: Int, indent: String, exitsKnown: Bool = true) -> String {
        // The share of the funnel's entries; none when nobody entered (no `(– of entered)`).
        func share(_ n: Int) -> String { entered > 0 ? " (" + Figures.percent(Double(n) / Double(entered)) + " of entered)" : "" }
        var out = ""
        for stage in stages {
            switch stage {
            case .send(let messages, _, let reached, let sent):
                out += indent + TerminalText.escaping(messages.joined(separator: " or ")) + ": reached \(Figures.count(reached))\(share(reached)), sent \(Figures.count(sent))\n"
            case .exit(_, let exited):
                out += indent + (exitsKnown ? "exited here: \(Figures.count(exited))\(share(exited))\n" : "exited here: ?\n")
            case .arms(let arms):
                for arm in arms {
                    out += indent + TerminalText.escaping(arm.label) + ":" + (arm.stages.isEmpty ? " no sends\n" : "\n")
                    out += funnel(arm.stages, entered: entered, indent: indent + "  ", exitsKnown: exitsKnown)
                }
            }
        }
        return out
    }

    static func oneLine(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: " ⏎ ").replacingOccurrences(of: "\n", with: " ⏎ ")
    }
}
