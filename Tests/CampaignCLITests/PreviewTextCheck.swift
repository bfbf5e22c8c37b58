import Foundation
import Testing

/// `campaign preview`'s text read line by line, following its structure: the header line, a
/// section per campaign (its lines, the message table by column name, the funnel, the
/// holdout line, the samples), then sends per day, or per week past 60 days
/// (docs/output.md). Each line is rebuilt from the recount and compared whole; a line with a
/// digit that no rule knows fails the check.
struct PreviewTextCheck {
    let text: String
    let json: [String: Any]
    let plan: PlanCSV
    let shapes: [PreviewRecount.Shape]
    /// The recount with days in a zone, the one the text names for its days.
    let recount: (TimeZone) throws -> PreviewRecount
    /// The time zone the days must be counted in: the one the project's policy names, else
    /// UTC (`policyNamesZone` false).
    let policyZone: String
    let policyNamesZone: Bool

    func check() throws {
        let utc = try recount(try #require(TimeZone(identifier: "UTC")))
        let campaigns = Dictionary((json["campaigns"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        let from = json["from"] as? String ?? "", to = json["to"] as? String ?? ""
        let start = try #require(ISO8601DateFormatter().date(from: from)), end = try #require(ISO8601DateFormatter().date(from: to))
        let length = Int(end.timeIntervalSince(start))
        let header = "preview \(Printed.readable(from)) to \(Printed.readable(to)) (\(Printed.duration(length))) · \(Printed.count(utc.customers)) customers · \(Printed.count(utc.rows)) schedule rows"
        #expect(lines.popFirst() == header)
        // Days in the policy's zone (docs/output.md, "The preview's days"): a day list up to
        // 60 days, past that every week the window touches.
        let zoneNote = "days in \(policyZone)" + (policyNamesZone ? ", the policy's time zone" : ": the policy names no time zone")
        let days = length <= 60 * 86_400 ? "sends per day (\(zoneNote))"
            : "sends per week (the window is \(Printed.duration(length)), over 60 days; weeks start on Monday, \(zoneNote); --format json has each day)"
        let zone = try #require(TimeZone(identifier: policyZone))
        var sections: [String] = []
        while let line = lines.popFirst() {
            if line.isEmpty { continue }
            if let c = campaigns[line] {
                sections.append(line)
                campaign(c, utc.campaigns[line] ?? .init(), &lines)
            } else if line == days {
                sections.append("sends")
                let recounted = try recount(zone)
                if line.hasPrefix("sends per day") { daily(recounted, &lines) } else { weekly(recounted, zone: zone, from: from, to: to, &lines) }
            } else {
                Issue.record("unrecognised line: \(line)")
            }
        }
        #expect(sections == (json["campaigns"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } + ["sends"], "sections of the text")
    }

    /// Columns split where two or more spaces stand (a cell holds single spaces only).
    func cells(_ line: String) -> [String] {
        line.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func campaign(_ c: [String: Any], _ r: PreviewRecount.Campaign, _ lines: inout ArraySlice<String>) {
        let name = c["name"] as? String ?? ""
        let holdout = c["holdout"] as? String
        let hasGoal = c["goal"] is String
        let byName = Dictionary((c["messages"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        var seen: Set<String> = []
        defer { #expect(seen.isSuperset(of: ["entered", "funnel"] + (byName.isEmpty ? [] : ["table"])) && (holdout == nil || seen.contains("holdout")), "\(name): lines not found, only \(seen)") }
        while let line = lines.first, line.isEmpty || line.hasPrefix("  ") {
            lines.removeFirst()
            if line.isEmpty { continue }
            let body = line.dropFirst(2)
            // The campaign's own text (trigger, audience, goal) must be as written; its digits are not counts.
            if body.hasPrefix("trigger ") {
                #expect(body == "trigger \(c["trigger"] as? String ?? "")" + ((c["audience"] as? String).map { "; audience " + $0 } ?? ""))
            } else if let goal = c["goal"] as? String, body == goal {
                continue
            } else if body.hasPrefix("entered ") {
                seen.insert("entered")
                var expected = "entered \(Printed.count(r.entered))"
                if let holdout { expected += " (held out \(Printed.count(r.heldOut)), holdout \(holdout))" }
                #expect(body == expected + ", exited early \(Printed.count(r.exits))", "\(name)")
            } else if body == "sends no messages" {
                #expect(byName.isEmpty)
            } else if body.hasPrefix("message ") && body.contains("channel") && body.contains("sent") {
                seen.insert("table")
                table(cells(String(body)), name: name, r, byName, &lines)
            } else if body.hasPrefix("funnel: entered ") {
                seen.insert("funnel")
                #expect(body == "funnel: entered \(Printed.count(r.treatment))" + (holdout == nil ? "" : " (not held out)"), "\(name)")
                var expected: [String] = []
                var step = 0
                funnel(FunnelShape((c["funnel"] as? [String: Any])?["stages"]).stages, r, indent: "    ", step: &step, into: &expected)
                if hasGoal { expected.append("    goal reached by \(Printed.count(r.goalsTreatment)) of \(Printed.count(r.treatment)) (\(Printed.percent(r.goalsTreatment, of: r.treatment)))") }
                let actual = Array(lines.prefix(expected.count))
                lines.removeFirst(actual.count)
                #expect(actual == expected, "\(name) funnel")
            } else if body.hasPrefix("holdout: ") {
                seen.insert("holdout")
                #expect(hasGoal, "\(name): a holdout line without a goal")
                #expect(body == "holdout: goal reached by \(Printed.count(r.goalsHoldout)) of \(Printed.count(r.heldOut)) held out (\(Printed.percent(r.goalsHoldout, of: r.heldOut))); difference: \(Printed.difference(r))", "\(name)")
            } else if body == "samples" {
                samples(campaign: name, &lines)
            } else if body.contains(where: \.isNumber) {
                Issue.record("unrecognised line in \(name): \(line)")
            }
        }
    }

    /// The message table: every numeric column by its header name.
    func table(_ header: [String], name: String, _ r: PreviewRecount.Campaign, _ messages: [String: [String: Any]], _ lines: inout ArraySlice<String>) {
        var rows: [String] = []
        defer { #expect(Set(rows) == Set(messages.keys) && rows.count == messages.count, "\(name): table rows \(rows)") }
        while let line = lines.first, !line.trimmingCharacters(in: .whitespaces).isEmpty {
            lines.removeFirst()
            let row = cells(line)
            guard row.count == header.count, let message = row.first?.split(separator: " ").first.map(String.init), let m = messages[message] else {
                Issue.record("\(name): unrecognised table row: \(line)")
                continue
            }
            rows.append(message)
            let counted = r.messages[message] ?? .init()
            for (column, cell) in zip(header, row) where column != "message" {
                PreviewRecount.expectCell(cell, column: column, counted, m, place: "\(name).\(message)")
            }
        }
    }

    func funnel(_ stages: [FunnelShape.Stage], _ r: PreviewRecount.Campaign, indent: String, step: inout Int, into out: inout [String]) {
        for stage in stages {
            switch stage {
            case .send(let messages, _, _):
                // The share of the funnel's entries, none when nobody entered (docs/output.md).
                let reached = r.reached(step: step), share = r.treatment > 0 ? " (\(Printed.percent(reached, of: r.treatment)) of entered)" : ""
                out.append(indent + messages.joined(separator: " or ") + ": reached \(Printed.count(reached))\(share), sent \(Printed.count(r.sentAt[step] ?? 0))")
                step += 1
            case .arms(let arms):
                for arm in arms {
                    out.append(indent + arm.label + ":" + (arm.stages.isEmpty ? " no sends" : ""))
                    funnel(arm.stages, r, indent: indent + "  ", step: &step, into: &out)
                }
            }
        }
    }

    /// Each sample is a send row of the plan: message, customer, local time (as people read
    /// it: `Wed 2026-06-10 10:00 UTC+5:30`) and text.
    func samples(campaign: String, _ lines: inout ArraySlice<String>) {
        guard let header = lines.popFirst() else { return }
        #expect(cells(header) == ["message", "customer", "local time", "text"])
        while let line = lines.first, line.hasPrefix("    ") {
            lines.removeFirst()
            // Two cells without spaces, the time's four words, then the text, which may hold
            // runs of spaces.
            var rest = Substring(line), parts: [String] = []
            for _ in 0..<6 {
                rest = rest.drop { $0 == " " }
                parts.append(String(rest.prefix { $0 != " " }))
                rest = rest.drop { $0 != " " }
            }
            let message = parts[0], customer = parts[1], local = parts[2...5].joined(separator: " "), text = String(rest.drop { $0 == " " })
            let found = plan.rows.contains {
                $0.action == "send" && $0.campaign == campaign && $0.step == message && $0.customer == customer && Printed.readable($0.localTime) == local
                    && $0.detail.replacingOccurrences(of: "\r\n", with: " ⏎ ").replacingOccurrences(of: "\n", with: " ⏎ ") == text
            }
            #expect(found, "\(campaign): sample is not a send of the plan: \(line)")
        }
    }

    /// Sends per local day and channel across campaigns.
    static func sendsPerDay(_ r: PreviewRecount) -> [String: [String: Int]] {
        var all: [String: [String: Int]] = [:]
        for c in r.campaigns.values { for (day, counts) in c.daily { for (channel, n) in counts { all[day, default: [:]][channel, default: 0] += n } } }
        return all
    }

    /// Reads `none in the window`, if that is what the section says, expecting no sends.
    static func noneInTheWindow(_ all: [String: [String: Int]], _ lines: inout ArraySlice<String>) -> Bool {
        guard lines.first == "  none in the window" else { return false }
        lines.removeFirst()
        #expect(all.isEmpty, "sends: none in the window, but the plan sends")
        return true
    }

    /// Sends per day: one row per day with sends, per channel and in total, in the zone named.
    func daily(_ r: PreviewRecount, _ lines: inout ArraySlice<String>) {
        let all = Self.sendsPerDay(r)
        if Self.noneInTheWindow(all, &lines) { return }
        guard let header = lines.popFirst().map(cells), header.first == "day", header.last == "total" else {
            Issue.record("sends per day: no table header")
            return
        }
        let channels = Array(header.dropFirst().dropLast())
        #expect(Set(channels) == Set(all.values.flatMap(\.keys)), "sends per day: channels")
        var seen: [String] = []
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            let row = cells(line)
            guard row.count == header.count, let day = row.first else { Issue.record("unrecognised line: \(line)"); continue }
            seen.append(day)
            let counts = all[day] ?? [:]
            let expected = [day] + channels.map { Printed.count(counts[$0] ?? 0) } + [Printed.count(counts.values.reduce(0, +))]
            #expect(row == expected, "sends per day \(day)")
        }
        #expect(seen == all.keys.sorted(), "sends per day: the days with sends")
    }

    /// Sends per week: every week the window touches, Monday to Sunday in the zone, labelled
    /// by its Monday, with the days of it inside the window, per channel and in total
    /// (docs/output.md). Recounted from the days of the recount, in that zone.
    func weekly(_ r: PreviewRecount, zone: TimeZone, from: String, to: String, _ lines: inout ArraySlice<String>) {
        let all = Self.sendsPerDay(r)
        if Self.noneInTheWindow(all, &lines) { return }
        guard let header = lines.popFirst().map(cells), header.prefix(2) == ["week of", "days"], header.last == "total" else {
            Issue.record("sends per week: no table header")
            return
        }
        let channels = Array(header.dropFirst(2).dropLast())
        #expect(Set(channels) == Set(all.values.flatMap(\.keys)) && channels.count == Set(channels).count, "sends per week: channels")
        // Local days as dates at noon UTC, so that stepping a day is 86,400 seconds.
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? zone
        func noon(_ day: String) -> Date? {
            let p = day.split(separator: "-").compactMap { Int($0) }
            return p.count == 3 ? utc.date(from: DateComponents(year: p[0], month: p[1], day: p[2], hour: 12)) : nil
        }
        func name(_ date: Date) -> String {
            let d = utc.dateComponents([.year, .month, .day], from: date)
            return String(format: "%04d-%02d-%02d", d.year ?? 0, d.month ?? 0, d.day ?? 0)
        }
        let weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        guard let first = noon(PreviewHTMLCheck.day(from, zone, endOf: false)), let last = noon(PreviewHTMLCheck.day(to, zone, endOf: true)) else {
            Issue.record("sends per week: the window \(from) to \(to)")
            return
        }
        var expected: [[String]] = []
        var counted: Set<String> = []
        // The Monday on or before the window's first day (Calendar's weekday 2).
        var monday = first.addingTimeInterval(-Double((utc.component(.weekday, from: first) + 5) % 7) * 86_400)
        while monday <= last {
            let start = max(monday, first), end = min(monday.addingTimeInterval(6 * 86_400), last)
            var label = weekday[utc.component(.weekday, from: start) - 1]
            if end != start { label += "–" + weekday[utc.component(.weekday, from: end) - 1] }
            if end.timeIntervalSince(start) < 6 * 86_400 { label += " (partial)" }
            var counts: [String: Int] = [:]
            for i in 0..<7 {
                let day = name(monday.addingTimeInterval(Double(i) * 86_400))
                counted.insert(day)
                for (channel, n) in all[day] ?? [:] { counts[channel, default: 0] += n }
            }
            expected.append([name(monday), label] + channels.map { Printed.count(counts[$0] ?? 0) } + [Printed.count(counts.values.reduce(0, +))])
            monday = monday.addingTimeInterval(7 * 86_400)
        }
        #expect(counted.isSuperset(of: all.keys), "sends per week: sends on days outside the weeks listed")
        var rows: [[String]] = []
        while let line = lines.first, !line.isEmpty {
            lines.removeFirst()
            rows.append(cells(line))
        }
        #expect(rows.count == expected.count, "sends per week: \(rows.count) weeks, recounted \(expected.count)")
        for (row, want) in zip(rows, expected) { #expect(row == want, "sends per week \(want[0])") }
    }
}
