import Foundation

/// `campaign plan --format csv` read back by the tests that recount a report from it: an
/// RFC 4180 reader of its own (quoted fields, `""` for a quote, line breaks inside quotes),
/// so a recount never shares code with the report it checks (docs/language.md §8.9).
struct PlanCSV {
    /// One row of the plan, by the columns of docs/language.md §8.9.
    struct Row {
        let time: String
        let localTime: String
        let customer: String
        let campaign: String
        let step: String
        let action: String
        let channel: String
        let detail: String
    }

    static let header = ["time", "local_time", "customer_id", "campaign", "step", "action", "channel", "detail"]

    let rows: [Row]

    /// The rows of a plan's CSV; throws on a header or a row that is not the documented shape.
    init(_ text: String) throws {
        let records = try Self.records(text)
        guard records.first == Self.header else { throw Failure("plan CSV header is \(records.first ?? [])") }
        rows = try records.dropFirst().enumerated().map { index, fields in
            guard fields.count == Self.header.count else { throw Failure("plan CSV row \(index + 2) has \(fields.count) fields") }
            return Row(time: fields[0], localTime: fields[1], customer: fields[2], campaign: fields[3],
                       step: fields[4], action: fields[5], channel: fields[6], detail: fields[7])
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    /// Every record of an RFC 4180 text (LF or CRLF line ends; a last line end optional).
    static func records(_ text: String) throws -> [[String]] {
        var records: [[String]] = []
        var fields: [String] = []
        var field = ""
        var quoted = false, wasQuoted = false
        var characters = Array(text.unicodeScalars)[...]
        while let c = characters.popFirst() {
            if quoted {
                if c == "\"" {
                    if characters.first == "\"" { characters.removeFirst(); field.unicodeScalars.append("\"") } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"":
                guard field.isEmpty, !wasQuoted else { throw Failure("a quote inside an unquoted field: \(field)") }
                quoted = true
                wasQuoted = true
            case ",":
                fields.append(field)
                field = ""
                wasQuoted = false
            case "\r" where characters.first == "\n":
                break
            case "\n":
                fields.append(field)
                records.append(fields)
                fields = []
                field = ""
                wasQuoted = false
            default:
                field.unicodeScalars.append(c)
            }
        }
        if quoted { throw Failure("an unterminated quoted field") }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { fields.append(field); records.append(fields) }
        return records
    }
}
