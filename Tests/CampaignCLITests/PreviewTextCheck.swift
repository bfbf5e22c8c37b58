import Foundation
import Testing

/// `campaign preview`'s text read line by line, following its structure: the header line, a
/// section per campaign (its lines, the message table by column name, the funnel, the
/// holdout line, the samples), then sends per day. Each line is rebuilt from the recount and
/// compared whole; a line with a digit that no rule knows fails the check.
struct PreviewTextCheck {
    let text: String
    let json: [String: Any]
    let plan: PlanCSV
    let shapes: [PreviewRecount.Shape]
    /// The recount with days in a zone, the one the text names for its days.
    let recount: (TimeZone) throws -> PreviewRecount

    func check() throws {
        let utc = try recount(try #require(TimeZone(identifier: "UTC")))
        let campaigns = Dictionary((json["campaigns"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        let header = "preview \(json["from"] as? String ?? "") to \(json["to"] as? String ?? "") · \(Printed.count(utc.customers)) customers · \(Printed.count(utc.rows)) schedule rows"
        #expect(lines.popFirst() == header)
        var sections: [String] = []
        while let line = lines.popFirst() {
            if line.isEmpty { continue }
            if let c = campaigns[line] {
                sections.append(line)
                campaign(c, utc.campaigns[line] ?? .init(), &lines)
            } else if line.hasPrefix("sends per day (") && line.hasSuffix(")") {
                let zone = String(line.dropFirst("sends per day (".count).dropLast())
                let recounted = try recount(try #require(TimeZone(identifier: zone), "\(line)"))
                sections.append("sends per day")
                daily(recounted, &lines)
            } else {
                Issue.record("unrecognised line: \(line)")
            }
        }
        #expect(sections == (json["campaigns"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String } + ["sends per day"], "sections of the text")
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
                #expect(body == "funnel: entered \(Printed.count(r.treatment))", "\(name)")
                var expected: [String] = []
                var step = 0
                funnel(FunnelShape((c["funnel"] as? [String: Any])?["stages"]).stages, r, indent: "    ", step: &step, into: &expected)
                if hasGoal { expected.append("    goal \(Printed.count(r.goalsTreatment)) (\(Printed.percent(r.goalsTreatment, of: r.treatment)))") }
                let actual = Array(lines.prefix(expected.count))
                lines.removeFirst(actual.count)
                #expect(actual == expected, "\(name) funnel")
            } else if body.hasPrefix("holdout: ") {
                seen.insert("holdout")
                let comparison = RecountedComparison(goals: r.goalsTreatment, of: r.treatment, holdoutGoals: r.goalsHoldout, of: r.heldOut)
                #expect(body == "holdout: \(Printed.count(r.heldOut)) entered, goal \(Printed.count(r.goalsHoldout)) (\(Printed.percent(r.goalsHoldout, of: r.heldOut))); difference \(Printed.comparison(comparison))", "\(name)")
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
                let inArm = shapes.first { $0.name == name }?.inArms.contains(message) ?? false
                PreviewRecount.expectCell(cell, column: column, counted, m, inArm: inArm, place: "\(name).\(message)")
            }
        }
    }

    func funnel(_ stages: [FunnelShape.Stage], _ r: PreviewRecount.Campaign, indent: String, step: inout Int, into out: inout [String]) {
        for stage in stages {
            switch stage {
            case .send(let messages, _, _):
                out.append(indent + messages.joined(separator: " or ") + ": reached \(Printed.count(r.reached(step: step))), sent \(Printed.count(r.sentAt[step] ?? 0))")
                step += 1
            case .arms(let arms):
                for arm in arms {
                    out.append(indent + arm.label + ":" + (arm.stages.isEmpty ? " no sends" : ""))
                    funnel(arm.stages, r, indent: indent + "  ", step: &step, into: &out)
                }
            }
        }
    }

    /// Each sample is a send row of the plan: message, customer, local time and text.
    func samples(campaign: String, _ lines: inout ArraySlice<String>) {
        guard let header = lines.popFirst() else { return }
        #expect(cells(header) == ["message", "customer", "local time", "text"])
        while let line = lines.first, line.hasPrefix("    ") {
            lines.removeFirst()
            // Three cells without spaces, then the text, which may hold runs of spaces.
            var rest = Substring(line), parts: [String] = []
            for _ in 0..<3 {
                rest = rest.drop { $0 == " " }
                parts.append(String(rest.prefix { $0 != " " }))
                rest = rest.drop { $0 != " " }
            }
            let message = parts[0], customer = parts[1], local = parts[2], text = String(rest.drop { $0 == " " })
            let found = plan.rows.contains {
                $0.action == "send" && $0.campaign == campaign && $0.step == message && $0.customer == customer && $0.localTime == local
                    && $0.detail.replacingOccurrences(of: "\r\n", with: " ⏎ ").replacingOccurrences(of: "\n", with: " ⏎ ") == text
            }
            #expect(found, "\(campaign): sample is not a send of the plan: \(line)")
        }
    }

    /// Sends per day: one row per day with sends, per channel and in total, in the zone named.
    func daily(_ r: PreviewRecount, _ lines: inout ArraySlice<String>) {
        var all: [String: [String: Int]] = [:]
        for c in r.campaigns.values { for (day, counts) in c.daily { for (channel, n) in counts { all[day, default: [:]][channel, default: 0] += n } } }
        if lines.first == "  none in the window" {
            lines.removeFirst()
            #expect(all.isEmpty, "sends per day: none, but the plan sends")
            return
        }
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
}
