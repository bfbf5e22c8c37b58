import Foundation
import Testing

/// The preview's figures counted again from `campaign plan --format csv` alone (and the
/// customers file, for the number of customers), by rules written from the documentation
/// (docs/language.md §7.5, §8.9, §9.7; docs/output.md), sharing no code with the report.
/// What the CSV cannot say is taken from the report as structure, never as a count: the
/// campaigns, their messages and the funnel's shape (which send steps, in which arms),
/// and each holdout's share as written.
struct PreviewRecount {
    /// One campaign's structure, as the report states it.
    struct Shape {
        let name: String
        /// Messages in the report's order, with their channels.
        let messages: [(name: String, channel: String)]
        /// The send steps in journey order (arms walked in order): the messages each tries.
        let steps: [[String]]
        /// Per send step, the steps still ahead of an entry that reached it: later in its arm,
        /// then after the branch (never a sibling arm's); and those ahead of an entry that
        /// has reached none yet.
        let ahead: [FunnelShape.Ahead]
        let start: FunnelShape.Ahead
        /// The messages of send steps inside a branch's or split's arms.
        let inArms: Set<String>
        /// The holdout share in basis points (`10%` is 1,000), 0 without a holdout.
        let holdoutBasisPoints: Int
        /// The funnel as the report gives it, its arms' labels with it.
        var funnel = FunnelShape(nil)
    }

    struct Message {
        var sent = 0
        var suppressed: [String: Int] = [:]
        /// Exits with this message ahead of the entry for certain; and those where the plan's
        /// rows cannot tell (`FunnelShape.Ahead.unsure`), which the report may count or not.
        var exitedBefore = 0
        var exitedBeforeUnsure = 0
        var smsSegments = 0
        var suppressedTotal: Int { suppressed.values.reduce(0, +) }
    }

    struct Campaign {
        var entered = 0
        var heldOut = 0
        var exits = 0
        var goalsTreatment = 0
        var goalsHoldout = 0
        var messages: [String: Message] = [:]
        /// Treatment rows at each send step (`Shape.steps` index): sent or suppressed there, and sent.
        var reached: [Int: Int] = [:]
        var sentAt: [Int: Int] = [:]
        /// Sends per channel per local day (`YYYY-MM-DD` in the zone asked for).
        var daily: [String: [String: Int]] = [:]
        var treatment: Int { entered - heldOut }
        /// The treatment rows that reached a set of send steps' messages (a funnel stage).
        func reached(step: Int) -> Int { reached[step] ?? 0 }
    }

    let customers: Int
    let rows: Int
    var campaigns: [String: Campaign] = [:]
    /// The exits whose rows cannot tell what was ahead (campaign, customer), for which no
    /// story was given.
    var unsureExits: [(campaign: String, customer: String)] = []

    /// `stories` holds `campaign explain`'s story of a customer in a campaign (keyed
    /// `campaign␟customer`): for an exit its rows cannot place, the arms the entry took
    /// since its last send step, as the story tells them (`Story`).
    init(plan: PlanCSV, customersCSV: String, shapes: [Shape], zone: TimeZone, stories: [String: String] = [:]) throws {
        customers = try PlanCSV.records(customersCSV).count - 1
        rows = plan.rows.count
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let instant = ISO8601DateFormatter()
        let byName = Dictionary(shapes.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // Per (campaign, customer): the last send step (index into `steps`) reached since the entry.
        var lastStep: [String: Int] = [:]
        for row in plan.rows {
            guard let shape = byName[row.campaign] else { throw PlanCSV.Failure("a row of an unknown campaign \(row.campaign)") }
            var c = campaigns[row.campaign, default: Campaign()]
            // docs/language.md §7.5: the bucket of `NAME␟holdout␟ID`, below the share.
            let heldOut = shape.holdoutBasisPoints > 0 && Self.bucket([row.campaign, "holdout", row.customer]) < shape.holdoutBasisPoints
            let entry = row.campaign + "\u{1F}" + row.customer
            let step = shape.steps.firstIndex { $0.contains(row.step) }
            switch row.action {
            case "enter":
                c.entered += 1
                if heldOut { c.heldOut += 1 }
                lastStep[entry] = nil
            case "exit":
                c.exits += 1
                // docs/output.md: an exit counts against the messages still ahead on the
                // entry's own path, after the last send step it reached; an `exit` step ends
                // the journey where it stands, with nothing ahead.
                guard row.detail != "exit step" else { break }
                var ahead = lastStep[entry].map { shape.ahead[$0] } ?? shape.start
                if !ahead.unsure.isEmpty {
                    if let story = stories[entry] {
                        let arms = try Story(story).armsTaken(before: row.localTime)
                        ahead = FunnelShape.Ahead(steps: shape.funnel.ahead(after: lastStep[entry], arms: arms), unsure: [])
                    } else {
                        unsureExits.append((row.campaign, row.customer))
                    }
                }
                for s in ahead.steps {
                    for m in shape.steps[s] {
                        if ahead.unsure.contains(s) { c.messages[m, default: Message()].exitedBeforeUnsure += 1 } else { c.messages[m, default: Message()].exitedBefore += 1 }
                    }
                }
            case "goal":
                if heldOut { c.goalsHoldout += 1 } else { c.goalsTreatment += 1 }
            case "send":
                c.messages[row.step, default: Message()].sent += 1
                c.messages[row.step, default: Message()].smsSegments += Self.segments(row.detail)
                guard let date = instant.date(from: row.time) else { throw PlanCSV.Failure("a send at \(row.time)") }
                let day = calendar.dateComponents([.year, .month, .day], from: date)
                let key = String(format: "%04d-%02d-%02d", day.year ?? 0, day.month ?? 0, day.day ?? 0)
                c.daily[key, default: [:]][row.channel, default: 0] += 1
            case "suppress":
                // A held-out `unsubscribe sms` is suppressed under the channel's name, not a message's.
                guard shape.messages.contains(where: { $0.name == row.step }) else { break }
                c.messages[row.step, default: Message()].suppressed[Self.reason(row), default: 0] += 1
            default:
                break
            }
            if let step, row.action == "send" || row.action == "suppress" {
                lastStep[entry] = step
                if !heldOut {
                    c.reached[step, default: 0] += 1
                    if row.action == "send" { c.sentAt[step, default: 0] += 1 }
                }
            }
            campaigns[row.campaign] = c
        }
    }

    /// The reason a suppression's detail names (`no consent: sms_opt_in is false` is `no
    /// consent`); for `send first of` (`a: no address: …; b: …`) the first message's.
    static func reason(_ row: PlanCSV.Row) -> String {
        var detail = Substring(row.detail)
        if detail.hasPrefix(row.step + ": ") { detail = detail.dropFirst(row.step.count + 2) }
        return String(detail.prefix { $0 != ":" })
    }

    /// `[GSM-7, 2 segments] …` is 2.
    static func segments(_ detail: String) -> Int {
        guard detail.hasPrefix("["), let close = detail.firstIndex(of: "]") else { return 0 }
        let words = detail[detail.index(after: detail.startIndex)..<close].split(separator: " ")
        return words.count >= 2 ? Int(words[words.count - 2]) ?? 0 : 0
    }

    /// FNV-1a 64 of the parts joined by 0x1F, then SplitMix64's finaliser, modulo 10,000
    /// (docs/language.md §7.5).
    static func bucket(_ parts: [String]) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in Array(parts.joined(separator: "\u{1F}").utf8) { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ (hash >> 30)) &* 0xbf58_476d_1ce4_e5b9
        hash = (hash ^ (hash >> 27)) &* 0x94d0_49bb_1331_11eb
        hash ^= hash >> 31
        return Int(hash % 10_000)
    }

    /// Expects a message table's cell (text, page, or a JSON number printed) to be the
    /// recounted value for its column. "Exited before" is exact unless some exits were of
    /// entries whose rows cannot say which arm they were in; then it is between the exits
    /// certainly before the message and those and the unsure ones.
    static func expectCell(_ cell: String, column: String, _ counted: Message, _ m: [String: Any], place: String) {
        if column == "exited before" && counted.exitedBeforeUnsure > 0 {
            let value = Int(cell.replacingOccurrences(of: ",", with: "")) ?? -1
            #expect(counted.exitedBefore <= value && value <= counted.exitedBefore + counted.exitedBeforeUnsure, "\(place) \(column): \(cell)")
        } else {
            #expect(cell == Self.cell(column, counted, m), "\(place) \(column)")
        }
    }

    /// A cell of a message table (text or page) as its column header names it; a column
    /// no rule knows is expected to read "unrecognised column", so it fails.
    static func cell(_ column: String, _ counted: Message, _ m: [String: Any]) -> String {
        let deferred = m["deferred"] as? [String: Int] ?? [:]
        return switch column {
        case "channel": m["channel"] as? String ?? ""
        case "sent": Printed.count(counted.sent)
        case "suppressed": Printed.count(counted.suppressedTotal)
        case "by reason": counted.suppressed.isEmpty ? "–" : counted.suppressed.sorted { $0.key < $1.key }.map { "\($0.key) \(Printed.count($0.value))" }.joined(separator: ", ")
        case "exited before": Printed.count(counted.exitedBefore)
        case "SMS segments": m["channel"] as? String == "sms" ? Printed.count(counted.smsSegments) : "–"
        // Not in the CSV: as the JSON has them (where they are checked to be sends).
        case "deferred: window": Printed.count(deferred["sendWindow"] ?? -1)
        case "quiet hours": Printed.count(deferred["quietHours"] ?? -1)
        default: "unrecognised column \(column)"
        }
    }

    /// `10%` or `12.5%` in basis points.
    static func basisPoints(_ share: String) -> Int {
        guard share.hasSuffix("%"), let value = Decimal(string: String(share.dropLast())) else { return 0 }
        return NSDecimalNumber(decimal: value * 100).intValue
    }
}

/// `campaign explain`'s story of one customer in one campaign, read for the arms its entry
/// took: `branch: took if X` (its first test on the next line, `· if X: false`) and `split:
/// arm 1 (50%), by a stable hash …`, each at the local time it happened.
struct Story {
    struct Line {
        let time: String
        let text: String
        var details: [String] = []
    }

    let lines: [Line]

    init(_ text: String) throws {
        var lines: [Line] = []
        for raw in text.split(separator: "\n").map(String.init) {
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("· ") && !lines.isEmpty && raw.hasPrefix(" ") {
                lines[lines.count - 1].details.append(String(trimmed.dropFirst(2)))
            } else if raw.firstMatch(of: /^[0-9]{4}-[0-9]{2}-[0-9]{2}T/) != nil {
                // `TIME  CAMPAIGN  TEXT`, columns apart by two spaces or more.
                let cells = raw.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard cells.count >= 3 else { throw PlanCSV.Failure("a story line without a campaign: \(raw)") }
                lines.append(Line(time: cells[0], text: cells[2...].joined(separator: "  ")))
            }
        }
        self.lines = lines
    }

    /// The arms taken after the last send, suppression or entry before the exit at
    /// `localTime`, in order: `(first test or nil for a split, label)`, labels as the funnel
    /// writes them (`else if X` is `if X`).
    func armsTaken(before localTime: String) throws -> [(first: String?, label: String)] {
        guard let exit = lines.lastIndex(where: { $0.time == localTime && $0.text.hasPrefix("exited: ") }) else {
            throw PlanCSV.Failure("the story has no exit at \(localTime)")
        }
        var arms: [(first: String?, label: String)] = []
        for line in lines[..<exit].reversed() {
            if line.text.hasPrefix("sent ") || line.text.hasPrefix("suppressed ") || line.text.hasPrefix("entered: ") { break }
            if line.text.hasPrefix("branch: took ") {
                let taken = String(line.text.dropFirst("branch: took ".count))
                let first = line.details.first.flatMap { d in d.range(of: ": ", options: .backwards).map { String(d[..<$0.lowerBound]) } }
                arms.append((first, taken.hasPrefix("else if ") ? String(taken.dropFirst("else ".count)) : taken))
            } else if line.text.hasPrefix("split: "), let end = line.text.range(of: ", by a stable hash") {
                arms.append((nil, String(line.text[line.text.index(line.text.startIndex, offsetBy: 7)..<end.lowerBound])))
            }
        }
        return arms.reversed()
    }
}

/// A goal comparison recounted: Wilson's score interval per group, Newcombe's hybrid for the
/// difference (docs/language.md §9.7), and the 100-per-group rule.
struct RecountedComparison {
    let difference: Double, low: Double, high: Double, enough: Bool

    init?(goals: Int, of entries: Int, holdoutGoals: Int, of heldOut: Int) {
        guard entries > 0, heldOut > 0 else { return nil }
        func wilson(_ x: Int, _ n: Int) -> (p: Double, low: Double, high: Double) {
            let z = 1.959963984540054, n = Double(n), p = Double(x) / n
            let centre = (2 * n * p + z * z) / (2 * (n + z * z))
            let half = z * (z * z + 4 * n * p * (1 - p)).squareRoot() / (2 * (n + z * z))
            return (p, max(0, centre - half), min(1, centre + half))
        }
        let a = wilson(goals, entries), b = wilson(holdoutGoals, heldOut)
        difference = a.p - b.p
        low = difference - ((a.p - a.low) * (a.p - a.low) + (b.high - b.p) * (b.high - b.p)).squareRoot()
        high = difference + ((a.high - a.p) * (a.high - a.p) + (b.p - b.low) * (b.p - b.low)).squareRoot()
        enough = min(entries, heldOut) >= 100
    }
}

/// Figures as the reports print them, written again from their documented form.
enum Printed {
    /// `1,234`.
    static func count(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(d)
        }
        return out
    }

    /// `12.5%`, or `–` without a denominator.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "–" }
        let tenths = Int((Double(part) / Double(whole) * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// `+3.2`, `−6.3`, `±0.0`.
    static func points(_ fraction: Double) -> String {
        let tenths = Int((fraction * 1000).rounded())
        return (tenths > 0 ? "+" : tenths < 0 ? "−" : "±") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    /// The goal comparison's sentence (docs/language.md §9.7), or why there is none.
    static func comparison(_ c: RecountedComparison?) -> String {
        guard let c else { return "–" }
        guard c.enough else { return "too few customers to tell (fewer than 100 in a group)" }
        return points(c.difference) + " points (95% interval " + points(c.low) + " to " + points(c.high) + ")"
    }

    /// A campaign's goal difference as the text says it (docs/output.md): the comparison,
    /// or with an empty group the reason there is nothing to tell.
    static func difference(_ r: PreviewRecount.Campaign) -> String {
        if let c = RecountedComparison(goals: r.goalsTreatment, of: r.treatment, holdoutGoals: r.goalsHoldout, of: r.heldOut) { return comparison(c) }
        let why = r.entered == 0 ? "no one entered" : r.heldOut == 0 ? "no one held out" : "no one sent messages"
        return "too few customers to tell (\(why))"
    }

    /// A length as docs/language.md §8.9 writes it: whole weeks as `2w`; else the largest
    /// unit that is not zero and the next one down when not zero (`86d 19h`, `275d`).
    static func duration(_ seconds: Int) -> String {
        if seconds == 0 { return "0s" }
        if seconds % 604_800 == 0 { return "\(seconds / 604_800)w" }
        let units = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]
        guard let first = units.firstIndex(where: { seconds >= $0.1 }) else { return "0s" }
        var out = "\(seconds / units[first].1)\(units[first].0)"
        if first + 1 < units.count {
            let next = seconds % units[first].1 / units[first + 1].1
            if next > 0 { out += " \(next)\(units[first + 1].0)" }
        }
        return out
    }

    /// An ISO 8601 instant as the text writes it for people (docs/output.md):
    /// `2026-06-10T10:00:00+05:30` is `Wed 2026-06-10 10:00 UTC+5:30`, seconds only when not
    /// zero, `Z` and `+00:00` are `UTC`, a minus sign `−`.
    static func readable(_ iso: String) -> String {
        let date = String(iso.prefix(10)), clock = Array(iso.dropFirst(11).prefix(8)), offset = String(iso.dropFirst(19))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = date.split(separator: "-").compactMap { Int($0) }
        let day = parts.count == 3 ? calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12)) : nil
        let weekday = day.map { ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][calendar.component(.weekday, from: $0) - 1] } ?? "?"
        var zone = "UTC"
        if offset != "Z" && offset != "+00:00" && offset != "-00:00" {
            let hours = Int(offset.dropFirst().prefix(2)) ?? -1, minutes = String(offset.suffix(2))
            zone += (offset.hasPrefix("-") ? "−" : "+") + "\(hours)" + (minutes == "00" ? "" : ":" + minutes)
        }
        let seconds = String(clock.suffix(2))
        return weekday + " " + date + " " + String(clock.prefix(5)) + (seconds == "00" ? "" : ":" + seconds) + " " + zone
    }

    /// A rate as JSON has it: a fraction rounded to four decimals.
    static func rate(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? (Double(part) / Double(whole) * 10_000).rounded() / 10_000 : nil
    }
}
