import CampaignPlanner
import CampaignSyntax

/// `campaign diff --format markdown`, for a pull-request comment (docs/diff.md): the
/// summary table first, then a collapsed `<details>` section per changed campaign with
/// what changed in its text, its step table and sample customers. A comment never
/// passes `limit` bytes (GitHub refuses one past 65,536 characters): the sections that
/// would not fit are left out, and the comment says which.
public enum DiffMarkdown {
    public static let limit = 60_000

    public static func render(_ report: DiffReport, limit: Int = limit) -> String {
        var head = "### campaign diff: \(code(report.base)) → \(code(report.head))\n\n"
        head += "Window \(InstantText.stringInRange(report.from)) to \(InstantText.stringInRange(report.to)) · \(Figures.count(report.customers)) customers"
        let names = report.changedCampaigns
        if names.isEmpty { return head + "\n\nNo differences: the same rows for every customer, and the same campaigns.\n" }
        head += " · **\(Figures.count(report.rows.customers)) customers affected**\n\n"
        var rows = ["| campaign | change | sends | suppressions | moved | customers |\n|---|---|---:|---:|---:|---:|\n"]
        for name in names { rows.append("| " + summaryRow(name, report).map(cell).joined(separator: " | ") + " |\n") }
        var sections: [(String, String)] = []
        for name in names { sections.append((name, section(name, report))) }

        var out = head
        var left: [String] = []
        // The footer that says what was left out is counted before anything is left out.
        let reserve = 400 + names.reduce(0) { $0 + $1.utf8.count + 4 }
        var rowsShown = 0
        for row in rows {
            guard rowsShown == 0 || out.utf8.count + row.utf8.count + reserve <= limit else { break }
            out += row
            rowsShown += 1
        }
        out += "\n"
        // `rows` starts with the table's header.
        let rowsLeft = rows.count - rowsShown
        for (name, text) in sections {
            if rowsLeft > 0 || !left.isEmpty || out.utf8.count + text.utf8.count + reserve > limit {
                left.append(name)
                continue
            }
            out += text
        }
        if !left.isEmpty {
            out += "\n_Left out to keep this comment under \(Figures.count(limit)) characters: the details of \(left.count) campaign\(left.count == 1 ? "" : "s") ("
            out += left.map(escape).joined(separator: ", ") + ")"
            if rowsLeft > 0 { out += ", and \(rowsLeft) of the summary's rows" }
            out += ". Run `campaign diff` for the whole report._\n"
        }
        return out
    }

    /// A campaign's row of the summary table: what happened to it, then its rows' counts.
    static func summaryRow(_ name: String, _ report: DiffReport) -> [String] {
        var change = report.status(of: name) ?? "changed"
        if change == "renamed", let old = report.oldName(of: name) { change += " from " + old }
        guard let c = report.totals(of: name), c.hasDifferences else { return [name, change, "–", "–", "–", "0"] }
        func signed(_ added: Int, _ removed: Int) -> String {
            added == 0 && removed == 0 ? "–" : [added > 0 ? "+" + Figures.count(added) : nil, removed > 0 ? "−" + Figures.count(removed) : nil]
                .compactMap { $0 }.joined(separator: " ")
        }
        let suppressions = report.changes(of: name).filter { $0.key.action == .suppress }
        return [name, change, signed(c.sendsAdded, c.sendsRemoved),
                signed(suppressions.reduce(0) { $0 + $1.added }, suppressions.reduce(0) { $0 + $1.removed }),
                c.moved == 0 ? "–" : Figures.count(c.moved) + " (median " + DiffText.move(c.medianMove) + ")", Figures.count(c.customers)]
    }

    static func section(_ name: String, _ report: DiffReport) -> String {
        // Inside an HTML block markdown is not read: the summary is escaped as HTML.
        var out = "<details><summary><b>\(html(name))</b>: \(html(DiffText.counts(name, report)))</summary>\n\n"
        let lines = DiffText.staticLines(name, report)
        for line in lines { out += "- " + escape(line) + "\n" }
        if !lines.isEmpty { out += "\n" }
        let changes = report.changes(of: name)
        if !changes.isEmpty {
            out += "| step | action | channel | base | head | added | removed | moved | changed | customers |\n"
            out += "|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
            for change in changes { out += "| " + DiffText.row(change).map(cell).joined(separator: " | ") + " |\n" }
            out += "\n"
        }
        let stories = report.stories[name] ?? []
        if !stories.isEmpty {
            out += "Samples:\n\n"
            for story in stories {
                out += "- \(code(story.customerID)) (\(story.kind.rawValue)): was \(escape(story.was)); now \(escape(story.now))\n"
            }
            out += "\n"
        }
        return out + "</details>\n\n"
    }

    /// Text from the campaigns or the data, inert in GitHub's markdown: no HTML, no
    /// emphasis or links, one line.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            if "\\`*_[]|#~!@".contains(ch) { out += "\\" }
            out.append(ch)
        }
        return html(out)
    }

    /// A table cell: escaped, and never empty.
    static func cell(_ text: String) -> String { text.isEmpty ? " " : escape(text) }

    /// A name or id in code style (a backtick inside a markdown code span cannot be escaped).
    static func code(_ text: String) -> String { "<code>" + html(text) + "</code>" }

    /// Text inside HTML: one line, no markup.
    static func html(_ text: String) -> String { PreviewHTML.escape(TerminalText.escaping(text)) }
}
