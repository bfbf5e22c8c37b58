import Foundation

/// A plan's output put back in the plan's order by a stable sort on its keys (time,
/// customer id in byte order, campaign): what the `--bundles` contract promises gives
/// `campaign plan`'s output byte for byte (docs/language.md §9.5, "Customer bundles").
enum PlanOrder {
    /// The records of `output` in `format` (csv, ndjson or json), sorted stably, written
    /// back in the same format.
    static func sorted(_ output: String, format: String) -> String {
        switch format {
        case "csv":
            let records = csvRecords(output)
            guard let header = records.first else { return output }
            return header + stable(Array(records.dropFirst())) { csvKey($0) }.joined()
        case "ndjson":
            let lines = output.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { String($0) + "\n" }
            return stable(lines) { jsonKey($0) }.joined()
        default:
            // `[\n`, one element a line (a comma after all but the last), `\n]\n`.
            guard output.hasPrefix("[\n"), output.hasSuffix("\n]\n") else { return output }
            let elements = output.dropFirst(2).dropLast(3).components(separatedBy: ",\n")
            return "[\n" + stable(elements) { jsonKey($0) }.joined(separator: ",\n") + "\n]\n"
        }
    }

    /// Sorts by `key`, keeping the order of records with equal keys.
    static func stable(_ records: [String], _ key: (String) -> [[UInt8]]) -> [String] {
        records.enumerated().map { (key($0.element), $0.offset, $0.element) }
            .sorted { a, b in
                for (x, y) in zip(a.0, b.0) where x != y { return x.lexicographicallyPrecedes(y) }
                return a.1 < b.1
            }
            .map(\.2)
    }

    /// CSV records with their line ends; a quoted field may hold line breaks.
    static func csvRecords(_ text: String) -> [String] {
        var records: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            current.append(character)
            if character == "\"" { quoted.toggle() }
            if character == "\n" && !quoted {
                records.append(current)
                current = ""
            }
        }
        if !current.isEmpty { records.append(current) }
        return records
    }

    static func csvKey(_ record: String) -> [[UInt8]] {
        var fields: [String] = []
        var field = ""
        var quoted = false
        for character in record {
            if character == "\"" {
                quoted.toggle()
            } else if character == "," && !quoted {
                fields.append(field)
                field = ""
                if fields.count == 4 { break }
            } else {
                field.append(character)
            }
        }
        return [0, 2, 3].map { fields.count > $0 ? Array(fields[$0].utf8) : [] }
    }

    static func jsonKey(_ line: String) -> [[UInt8]] {
        let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] ?? [:]
        return ["time", "customer_id", "campaign"].map { Array(((object[$0] as? String) ?? "").utf8) }
    }
}
