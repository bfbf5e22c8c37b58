import Foundation
import Testing

/// The HTML page's text checked against the recount: every text node (SVG `<text>` and
/// `<title>` included) that holds a digit must be recognised by its place in the page — a
/// card, a note, a chart's bar title, a funnel stage, an arm's label, the goal's figures, a
/// suppression bar, a table cell under its column header, a sample — and equal the recounted
/// value for what it labels. Markup
/// attributes are not text and are not read; a chart's axis tick labels (`<text
/// text-anchor="end">` on the count axis, month names on the date axis) are scale marks,
/// not counts; the journey diagram is the campaign's own text (waits, shares, conditions),
/// drawn and checked by the layout tests. Any other node with a digit fails the check.
struct PreviewHTMLCheck {
    let html: String
    let json: [String: Any]
    let recount: PreviewRecount
    let plan: PlanCSV
    let shapes: [PreviewRecount.Shape]
    let zone: TimeZone
    /// The time zone the days must be counted in: the one the project's policy names, else
    /// UTC (`policyNamesZone` false; docs/output.md, "The preview's days").
    let policyZone: String
    let policyNamesZone: Bool

    /// A text node and the elements around it, innermost last.
    struct Node {
        let text: String
        let path: [(name: String, attributes: [String: String], id: Int)]

        func inside(_ name: String, class wanted: String? = nil) -> Bool {
            path.contains { $0.name == name && (wanted == nil || ($0.attributes["class"] ?? "").split(separator: " ").contains(Substring(wanted ?? ""))) }
        }

        func attribute(_ element: String, _ key: String) -> String? {
            path.last { $0.name == element }?.attributes[key]
        }

        var element: String { path.last?.name ?? "" }
        var elementClass: String { path.last?.attributes["class"] ?? "" }
    }

    func check() throws {
        let from = json["from"] as? String ?? "", to = json["to"] as? String ?? ""
        let campaigns = Dictionary((json["campaigns"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        let channels = Set(recount.campaigns.values.flatMap { $0.daily.values.flatMap(\.keys) })
        var card = "", section = "", caption = "", barLabel = "", term = "", sampleHead = ""
        var headers: (row: Int, names: [String]) = (-1, [])
        var row: (id: Int, cells: [(id: Int, text: String)]) = (-1, [])
        // A paragraph whose figures stand in several elements (a funnel stage's, the goal's),
        // gathered whole before it is read.
        var paragraph: (id: Int, isStage: Bool, text: String) = (-1, false, "")
        // Per campaign, the funnel's stages (name, figures) and arm labels, in page order.
        var stages: [String: [[String]]] = [:], armLabels: [String: [String]] = [:]
        // What was checked, so that a part of the page gone missing is noticed too.
        var seen: [String: Int] = [:]
        func flushRow() {
            if !row.cells.isEmpty {
                if row.cells.first.map({ ["in the journey", "held out (sent nothing)"].contains($0.text) }) == true {
                    seen["goal row", default: 0] += 1
                    goalRow(row.cells.map(\.text), headers: headers.names, section: section)
                } else {
                    seen["table row", default: 0] += 1
                    tableRow(row.cells.map(\.text), headers: headers.names, section: section, campaigns[section])
                }
            }
            row = (-1, [])
        }
        func flushParagraph() {
            if paragraph.id >= 0 && paragraph.isStage {
                // The figures follow their stage's name.
                if let last = stages[section]?.indices.last { stages[section]?[last].append(paragraph.text) } else { Issue.record("\(section): stage figures without a stage: \(paragraph.text)") }
            } else if paragraph.id >= 0 {
                seen["goal", default: 0] += 1
                goal(paragraph.text, section: section)
            }
            paragraph = (-1, false, "")
        }
        for node in try Self.nodes(html) {
            let t = node.text
            // A message table's cells gather into rows, checked whole under their headers.
            if let td = node.path.last(where: { $0.name == "td" }), let tr = node.path.last(where: { $0.name == "tr" }) {
                if tr.id != row.id { flushRow(); row.id = tr.id }
                if row.cells.last?.id == td.id { row.cells[row.cells.count - 1].text += " " + t } else { row.cells.append((td.id, t)) }
                continue
            }
            flushRow()
            // A funnel stage's figures, and the goal's line without a holdout, gather whole.
            if let p = node.path.last(where: { $0.name == "p" }), node.inside("p", class: "stage-figures") || (node.inside("div", class: "goal") && p.attributes["class"] == nil) {
                if p.id != paragraph.id { flushParagraph(); paragraph = (p.id, node.inside("p", class: "stage-figures"), t) } else { paragraph.text += " " + t }
                continue
            }
            flushParagraph()
            if node.inside("p", class: "sample-head") {
                sampleHead = node.element == "p" ? t : sampleHead + " " + t
                continue
            }
            if node.inside("div", class: "stage") && node.elementClass == "stage-name" {
                stages[section, default: []].append([t])
                continue
            }
            if node.elementClass == "arm-label" {
                armLabels[section, default: []].append(t)
                continue
            }
            // Names and labels say what the next number is; they hold no counts themselves.
            switch (node.element, node.elementClass) {
            case ("span", "card-name"):
                card = t
                #expect(campaigns[t] != nil, "card of an unknown campaign \(t)")
                continue
            case ("h2", _) where node.inside("section", class: "campaign"):
                section = t
                #expect(campaigns[t] != nil, "section of an unknown campaign \(t)")
                continue
            case ("figcaption", _): caption = t
            case ("span", "bar-label"): barLabel = t
            case ("dt", _): term = t
            case ("th", _):
                let tr = node.path.last { $0.name == "tr" }?.id ?? -1
                if tr != headers.row { headers = (tr, []) }
                headers.names.append(t)
            case ("p", "sample-text"):
                sample(head: sampleHead, text: t, campaign: section)
                continue
            default: break
            }
            guard t.contains(where: \.isNumber) else { continue }
            let c = recount.campaigns[section] ?? .init()
            seen[node.inside("svg", class: "chart") ? "chart " + node.element : node.elementClass, default: 0] += 1
            // The window in people's words, its zone named (docs/output.md).
            let window = Self.window(from, to)
            let zoneNote = !policyNamesZone ? "UTC: the policy names no time zone"
                : policyZone == "UTC" ? "UTC, the policy’s time zone" : "UTC; the charts count days in \(policyZone), the policy’s time zone"
            if node.inside("title") && node.inside("head") {
                #expect(t == "Campaign preview \(window)")
            } else if node.elementClass == "meta" {
                #expect(t == "\(window) (\(zoneNote)) · \(Printed.count(recount.customers)) customers · \(Printed.count(recount.rows)) planned actions")
            } else if node.inside("a", class: "card") {
                let k = recount.campaigns[card] ?? .init()
                let sent = k.messages.values.reduce(0) { $0 + $1.sent }, suppressed = k.messages.values.reduce(0) { $0 + $1.suppressedTotal }
                switch node.elementClass {
                case "big": #expect(t == Printed.count(k.entered), "card \(card)")
                case "row" where t.hasPrefix("goal "):
                    #expect(t == "goal \(Printed.count(k.goalsTreatment)) of \(Printed.count(k.treatment)) (\(Printed.percent(k.goalsTreatment, of: k.treatment)))", "card \(card)")
                case "row":
                    // Held-out sends are suppressions too; the card says how many (docs/output.md).
                    let heldOut = k.messages.values.reduce(0) { $0 + ($1.suppressed["holdout"] ?? 0) }
                    #expect(t == "\(Printed.count(sent)) sent · \(Printed.count(suppressed)) suppressed" + (heldOut > 0 ? ", \(Printed.count(heldOut)) of them held out" : ""), "card \(card)")
                default: Issue.record("unrecognised card text: \(t)")
                }
            } else if node.inside("figure", class: "journey") {
                continue
            } else if node.inside("svg", class: "chart") {
                chart(node, channels: channels)
            } else if node.elementClass == "multiple-name" {
                let parts = t.components(separatedBy: " · ")
                let total = parts.first.map { name in
                    channels.contains(name) ? recount.campaigns.values.reduce(0) { $0 + $1.daily.values.reduce(0) { $0 + ($1[name] ?? 0) } }
                        : (recount.campaigns[name]?.daily.values.reduce(0) { $0 + $1.values.reduce(0, +) } ?? 0)
                }
                #expect(parts.count == 2 && parts[1] == "\(Printed.count(total ?? -1)) sends", "\(t)")
            } else if node.elementClass == "note" {
                note(t)
            } else if node.inside("footer") {
                #expect(t == "on the same inputs, over the window from \(from) up to, not including, \(to).", "footer")
            } else if node.elementClass.split(separator: " ").first == "verdict" {
                // With an empty group, the reason there is nothing to tell, as in the text.
                let comparison = RecountedComparison(goals: c.goalsTreatment, of: c.treatment, holdoutGoals: c.goalsHoldout, of: c.heldOut)
                #expect(t == "Difference: " + Printed.difference(c), "\(section) verdict")
                #expect(node.elementClass == (comparison?.enough == true ? "verdict" : "verdict unsure"), "\(section) verdict")
            } else if node.elementClass == "bar-value" {
                if caption == "Suppressions by reason" {
                    #expect(t == Printed.count(c.messages.values.reduce(0) { $0 + ($1.suppressed[barLabel] ?? 0) }), "\(section) suppressed \(barLabel)")
                } else {
                    Issue.record("unrecognised bar in \(caption): \(barLabel) \(t)")
                }
            } else if node.element == "dd" || node.inside("dd") {
                let k = campaigns[section] ?? [:]
                switch term {
                case "holdout": #expect(t == "\(k["holdout"] as? String ?? ""): \(Printed.count(c.heldOut)) of \(Printed.count(c.entered)) entries held out.", "\(section)")
                case "exited early": #expect(t == Printed.count(c.exits), "\(section) exited early")
                case "trigger", "audience": #expect(t == k[term] as? String, "\(section) \(term)")
                // Under the label `goal`, the goal as written without its keyword.
                case "goal": #expect("goal " + t == k[term] as? String, "\(section) \(term)")
                default: Issue.record("unrecognised \(term) in \(section): \(t)")
                }
            } else {
                Issue.record("unrecognised text in the page: \(t) (in \(node.path.map(\.name)))")
            }
        }
        flushRow()
        flushParagraph()
        let messages = campaigns.values.reduce(0) { $0 + ($1["messages"] as? [Any] ?? []).count }
        let sends = recount.campaigns.values.reduce(0) { $0 + $1.daily.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
        #expect(seen["meta"] == 1 && seen["big"] == campaigns.count && seen["table row"] == messages, "parts of the page not found: \(seen)")
        #expect(sends == 0 || (seen["chart title"] ?? 0) > 0 && (seen["multiple-name"] ?? 0) > 0, "charts not found: \(seen)")
        let goals = campaigns.values.filter { $0["goal"] is String }
        #expect(seen["goal row", default: 0] == 2 * goals.filter { $0["holdout"] is String }.count && seen["goal", default: 0] == goals.filter { !($0["holdout"] is String) }.count, "goals not found: \(seen)")
        // Each campaign's funnel: the entries, then every send step along the journey, arms
        // in order under their labels, each recounted.
        for (name, k) in campaigns {
            let r = recount.campaigns[name] ?? .init()
            let shape = FunnelShape((k["funnel"] as? [String: Any])?["stages"])
            var expected = [["entered", "\(Printed.count(r.treatment)) entered"]]
            func share(_ n: Int) -> String { r.treatment > 0 ? " (\(Printed.percent(n, of: r.treatment)))" : "" }
            var step = 0
            func walk(_ stages: [FunnelShape.Stage]) {
                for stage in stages {
                    switch stage {
                    case .send(let messages, _, _):
                        let reached = r.reached(step: step)
                        expected.append([messages.joined(separator: " or "), "\(Printed.count(reached)) reached\(share(reached)) · \(Printed.count(r.sentAt[step] ?? 0)) sent"])
                        step += 1
                    case .exit(let exited):
                        // The count as the JSON gives it, which JSONRecountCheck recounts.
                        expected.append(["exit", "\(Printed.count(exited ?? -1)) exited here\(share(exited ?? -1))"])
                    case .arms(let arms):
                        for arm in arms { walk(arm.stages) }
                    }
                }
            }
            walk(shape.stages)
            #expect(stages[name] == expected, "\(name) funnel")
            #expect(armLabels[name, default: []] == shape.armLabels, "\(name) funnel arms")
        }
    }

    /// The goal without a holdout: `5 of 60 entered (8.3%)`.
    func goal(_ t: String, section: String) {
        let c = recount.campaigns[section] ?? .init()
        #expect(t == "\(Printed.count(c.goalsTreatment)) of \(Printed.count(c.treatment)) entered (\(Printed.percent(c.goalsTreatment, of: c.treatment)))", "\(section) goal")
    }

    /// A row of the goal's table beside a holdout: entered, goal and rate of each group.
    func goalRow(_ cells: [String], headers: [String], section: String) {
        let c = recount.campaigns[section] ?? .init()
        let (entered, goals) = cells.first == "in the journey" ? (c.treatment, c.goalsTreatment) : (c.heldOut, c.goalsHoldout)
        #expect(headers == ["entered", "goal", "rate"] && cells.dropFirst() == [Printed.count(entered), Printed.count(goals), Printed.percent(goals, of: entered)], "\(section) goal \(cells)")
    }

    /// The window as the page heads it: `1 Apr 2026 – 31 Dec 2026` from midnight to
    /// midnight UTC (the last day the one before `to`), else with times and `(end excluded)`.
    static func window(_ from: String, _ to: String) -> String {
        let utc = TimeZone(identifier: "UTC") ?? .current
        if from.hasSuffix("T00:00:00Z") && to.hasSuffix("T00:00:00Z") && from < to {
            return longDay(day(from, utc, endOf: false)) + " – " + longDay(day(to, utc, endOf: true))
        }
        return longDay(String(from.prefix(10))) + " " + String(from.dropFirst(11).prefix(5)) + " – " + longDay(String(to.prefix(10))) + " " + String(to.dropFirst(11).prefix(5)) + " (end excluded)"
    }

    /// `2026-04-01` as the page writes a day: `1 Apr 2026`.
    static func longDay(_ day: String) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let p = day.split(separator: "-").compactMap { Int($0) }
        return p.count == 3 && (1...12).contains(p[1]) ? "\(p[2]) \(months[p[1] - 1]) \(p[0])" : "?"
    }

    /// A row of a campaign's message table: each cell as its column header names it.
    func tableRow(_ cells: [String], headers: [String], section: String, _ k: [String: Any]?) {
        let messages = (k?["messages"] as? [[String: Any]] ?? [])
        guard cells.count == headers.count, let name = cells.first?.split(separator: " ").first.map(String.init),
              let m = messages.first(where: { $0["name"] as? String == name }) else {
            Issue.record("\(section): unrecognised table row \(cells) under \(headers)")
            return
        }
        let counted = recount.campaigns[section]?.messages[name] ?? .init()
        for (column, cell) in zip(headers, cells) where column != "message" {
            PreviewRecount.expectCell(cell, column: column, counted, m, place: "\(section).\(name)")
        }
    }

    func chart(_ node: Node, channels: Set<String>) {
        let t = node.text
        if node.element == "text" {
            // Count-axis ticks are right-aligned; date-axis ticks are days (`5 Apr`), month names
            // (`Apr`, `Apr 2026`) or years (`2031`).
            if node.attribute("text", "text-anchor") == "end" && node.attribute("text", "class") == nil { return }
            let months = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
            if t.range(of: "^(([1-9]|[12][0-9]|3[01]) \(months)|\(months)( [0-9]{4})?|[0-9]{4})$", options: .regularExpression) != nil { return }
            Issue.record("unrecognised chart text: \(t)")
            return
        }
        guard node.element == "title" else { Issue.record("unrecognised chart text: \(t)"); return }
        // The chart's series: every campaign by channel, one campaign by channel, or one channel.
        let label = node.attribute("svg", "aria-label") ?? ""
        let subject = label.hasPrefix("sends per day, ") ? String(label.dropFirst("sends per day, ".count)) : nil
        func counts(day: String?, layer: String) -> Int {
            var n = 0
            for (name, c) in recount.campaigns where subject == nil || subject == name || channels.contains(subject ?? "") {
                for (d, perChannel) in c.daily where day == nil || d == day { n += perChannel[layer] ?? 0 }
            }
            return n
        }
        if let match = t.firstMatch(of: /^([0-9]{4}-[0-9]{2}-[0-9]{2}) (.+): ([0-9,]+)$/) {
            #expect(t == "\(match.1) \(match.2): \(Printed.count(counts(day: String(match.1), layer: String(match.2))))", "\(label)")
        } else if let match = t.firstMatch(of: /^(.+): ([0-9,]+) sends$/) {
            #expect(t == "\(match.1): \(Printed.count(counts(day: nil, layer: String(match.1)))) sends", "\(label)")
        } else {
            Issue.record("unrecognised chart title: \(t)")
        }
    }

    /// The charts' notes: the days' zone and the sends in the window, and a channel that
    /// dwarfs the others.
    func note(_ t: String) {
        var perChannelDay: [String: [String: Int]] = [:]
        for campaign in recount.campaigns.values { for (day, counts) in campaign.daily { for (ch, n) in counts { perChannelDay[ch, default: [:]][day, default: 0] += n } } }
        let total = perChannelDay.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        if let match = t.firstMatch(of: /^Days are counted in ([^,:]+)(, the policy’s time zone|: the policy names no time zone)\. ([0-9,]+) sends from ([0-9]+ [A-Z][a-z]{2} [0-9]{4}) to ([0-9]+ [A-Z][a-z]{2} [0-9]{4})\.$/) {
            #expect(String(match.1) == policyZone && (match.2 == ", the policy’s time zone") == policyNamesZone, "the zone named")
            #expect(String(match.3) == Printed.count(total), "sends in the window")
            #expect(String(match.4) == Self.longDay(Self.day(json["from"] as? String, zone, endOf: false)) && String(match.5) == Self.longDay(Self.day(json["to"] as? String, zone, endOf: true)), "\(t)")
        } else if let match = t.firstMatch(of: #/^(.+) peaks at ([0-9,]+) a day, over five times any other channel \(([0-9,]+)\): the charts below give each campaign and channel a scale of its own\.$/#) {
            let peaks = perChannelDay.mapValues { $0.values.max() ?? 0 }.sorted { $0.value > $1.value }
            #expect(peaks.count > 1 && String(match.1) == peaks[0].key && String(match.2) == Printed.count(peaks[0].value) && String(match.3) == Printed.count(peaks[1].value), "\(t)")
        } else {
            Issue.record("unrecognised note: \(t)")
        }
    }

    func sample(head: String, text: String, campaign: String) {
        let parts = head.components(separatedBy: " · ")
        let found = parts.count == 3 && plan.rows.contains {
            $0.action == "send" && $0.campaign == campaign && $0.step == parts[0] && $0.customer == parts[1] && Printed.readable($0.localTime) == parts[2] && $0.detail == text
        }
        #expect(found, "\(campaign): sample is not a send of the plan: \(head) \(text)")
    }

    /// The first local day of the window, or the last (the day of the instant before `to`).
    static func day(_ instant: String?, _ zone: TimeZone, endOf: Bool) -> String {
        guard let instant, let date = ISO8601DateFormatter().date(from: instant) else { return "?" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let d = calendar.dateComponents([.year, .month, .day], from: endOf ? date.addingTimeInterval(-1) : date)
        return String(format: "%04d-%02d-%02d", d.year ?? 0, d.month ?? 0, d.day ?? 0)
    }

    /// The page's text nodes with their enclosing elements; `<style>` is skipped, entities decoded.
    static func nodes(_ html: String) throws -> [Node] {
        var nodes: [Node] = []
        var path: [(name: String, attributes: [String: String], id: Int)] = []
        var rest = Substring(html)
        let void: Set<String> = ["meta", "br", "img", "hr", "input", "link"]
        var opened = 0
        while !rest.isEmpty {
            guard let open = rest.firstIndex(of: "<") else { break }
            let text = rest[..<open]
            if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                nodes.append(Node(text: decode(String(text)).trimmingCharacters(in: .whitespacesAndNewlines), path: path))
            }
            guard let close = rest[open...].firstIndex(of: ">") else { throw PlanCSV.Failure("an unclosed tag") }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("!") { continue }
            if tag.hasPrefix("/") {
                let name = tag.dropFirst().trimmingCharacters(in: .whitespaces)
                guard let last = path.lastIndex(where: { $0.name == name }) else { throw PlanCSV.Failure("</\(name)> closes nothing") }
                path.removeSubrange(last...)
                continue
            }
            let name = String(tag.prefix { !$0.isWhitespace && $0 != "/" })
            var attributes: [String: String] = [:]
            for match in tag.matches(of: /([a-zA-Z-]+)="([^"]*)"/) { attributes[String(match.1)] = decode(String(match.2)) }
            if name == "style", let end = rest.range(of: "</style>") {
                rest = rest[end.upperBound...]
                continue
            }
            if tag.hasSuffix("/") || void.contains(name) { continue }
            opened += 1
            path.append((name, attributes, opened))
        }
        return nodes
    }

    static func decode(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
            .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
    }
}
