import CampaignPlanner
import CampaignSemantics
import CampaignSyntax

/// `campaign diff` for a terminal (docs/diff.md): a summary line per changed campaign,
/// like Terraform's plan, then per campaign what changed in its text, a table by step and
/// action, and the sample customers. Text from the campaigns and the data is escaped.
public enum DiffText {
    public static func render(_ report: DiffReport) -> String {
        var out = "diff \(safe(report.base)) → \(safe(report.head)) · \(InstantText.stringInRange(report.from)) to \(InstantText.stringInRange(report.to))"
        out += " · \(Figures.count(report.customers)) customers\n\n"
        let names = report.changedCampaigns
        if names.isEmpty { return out + "No differences: the same rows for every customer, and the same campaigns.\n" }
        for name in names { out += summaryLine(name, report) + "\n" }
        let total = report.rows.customers
        out += "\n\(Figures.count(total)) customer\(total == 1 ? "" : "s") affected in all; \(names.count) campaign\(names.count == 1 ? "" : "s") changed.\n"
        for name in names { out += "\n" + section(name, report) }
        return out
    }

    static func safe(_ text: String) -> String { TerminalText.escaping(text) }

    /// `winback_sms: +1,204 sends, −310 sends, 2,115 moved (median +3d); 4,880 customers affected`.
    static func summaryLine(_ name: String, _ report: DiffReport) -> String {
        var line = safe(name)
        if let status = report.status(of: name) {
            line += " (" + status
            if status == "renamed", let old = report.oldName(of: name) { line += " from " + safe(old) }
            line += ")"
        }
        line += ": " + counts(name, report)
        return line
    }

    /// The row counts of a campaign in words, or what changed in its text when its rows did not.
    static func counts(_ name: String, _ report: DiffReport) -> String {
        guard let c = report.totals(of: name), c.hasDifferences else {
            return "no change in the plan"
        }
        var parts: [String] = []
        let changes = report.changes(of: name)
        for action in actionOrder {
            let added = changes.reduce(0) { $0 + ($1.key.action == action ? $1.added : 0) }
            let removed = changes.reduce(0) { $0 + ($1.key.action == action ? $1.removed : 0) }
            if added > 0 { parts.append("+\(Figures.count(added)) " + noun(action, added)) }
            if removed > 0 { parts.append("−\(Figures.count(removed)) " + noun(action, removed)) }
        }
        if c.moved > 0 { parts.append("\(Figures.count(c.moved)) moved (median \(move(c.medianMove)))") }
        if c.changed > 0 { parts.append("\(Figures.count(c.changed)) suppressed for another reason") }
        return parts.joined(separator: ", ") + "; \(Figures.count(c.customers)) customer\(c.customers == 1 ? "" : "s") affected"
    }

    /// Sends first: they are what a reviewer looks for.
    static let actionOrder: [PlanAction] = [.send, .suppress, .enter, .exit, .goal, .tag, .untag, .unsubscribe]

    static func noun(_ action: PlanAction, _ n: Int) -> String {
        let one = n == 1
        switch action {
        case .send: return one ? "send" : "sends"
        case .suppress: return one ? "suppression" : "suppressions"
        case .enter: return one ? "entry" : "entries"
        case .exit: return one ? "exit" : "exits"
        case .goal: return one ? "goal" : "goals"
        case .tag: return one ? "tag" : "tags"
        case .untag: return one ? "untag" : "untags"
        case .unsubscribe: return one ? "unsubscribe" : "unsubscribes"
        }
    }

    /// `+3d`, `−9d 2h`, `0s`.
    static func move(_ seconds: Int64) -> String {
        seconds > 0 ? "+" + DurationText.string(seconds) : seconds < 0 ? "−" + DurationText.string(-seconds) : "0s"
    }

    static func section(_ name: String, _ report: DiffReport) -> String {
        var out = safe(name) + "\n"
        for line in staticLines(name, report) { out += "  " + safe(line) + "\n" }
        let changes = report.changes(of: name)
        if !changes.isEmpty {
            var table = TextTable(["step", "action", "channel", "base", "head", "added", "removed", "moved", "changed", "customers"], numeric: Set(3...9))
            for c in changes { table.add(row(c)) }
            out += "\n" + table.render()
        }
        let stories = report.stories[name] ?? []
        if !stories.isEmpty {
            out += "\n  samples:\n"
            for story in stories {
                out += "    \(safe(story.customerID)) (\(story.kind.rawValue))\n"
                out += "      was: \(safe(story.was))\n"
                out += "      now: \(safe(story.now))\n"
            }
        }
        return out
    }

    /// One row of a step table: text shared by the text and markdown formats.
    static func row(_ c: PlanDiff.Change) -> [String] {
        [c.key.step, c.key.action.rawValue, c.key.channel?.rawValue ?? "–", Figures.count(c.base), Figures.count(c.head), Figures.count(c.added),
         Figures.count(c.removed), Figures.count(c.moved), Figures.count(c.changed), Figures.count(c.customers)]
    }

    /// What changed in the campaign's text, a line each (unescaped).
    static func staticLines(_ name: String, _ report: DiffReport) -> [String] {
        var lines: [String] = []
        if let status = report.status(of: name), status != "renamed" { lines.append("campaign " + status) }
        guard let c = report.staticChange(of: name) else { return lines }
        if let old = c.renamedFrom { lines.append("renamed from \(old), the same body: its rows are matched under the new name") }
        for clause in c.clauses {
            lines.append("\(clause.kind): " + (clause.base ?? "(none)") + " → " + (clause.head ?? "(none)"))
        }
        if !c.messagesAdded.isEmpty { lines.append("messages added: " + c.messagesAdded.joined(separator: ", ")) }
        if !c.messagesRemoved.isEmpty { lines.append("messages removed: " + c.messagesRemoved.joined(separator: ", ")) }
        if let m = c.maxMessages { lines.append("most messages one entry can send: \(m.base) → \(m.head)") }
        for sms in c.sms {
            lines.append("sms \(sms.message) worst-case segments: " + (sms.base.map(String.init) ?? "(none)") + " → " + (sms.head.map(String.init) ?? "(none)"))
        }
        return lines
    }
}
