import CampaignSyntax

/// Customer bundles (docs/language.md §9.5, "Customer bundles") made from a customers CSV file and an events
/// CSV file: one line per customer, `{"customer": {…}, "events": […]}`, each customer's
/// events in the events file's order. What `campaign gen --bundles` writes, and what the
/// tests plan against the two files to show both inputs give the same rows. Every value is
/// written as a JSON string (the readers take `"42"` and `"true"` as they take `42` and
/// `true`); an empty cell is a key left out, as an empty cell is no value.
///
/// The files are read whole and the events held until their customer is written: a tool
/// for generated and test data, not for the inputs `--bundles` streams.
public enum BundleFile {
    /// The bundles of `customers` and `events` (CSV with headers; `customer_id` is the
    /// events' first column), customers in file order or, given `shuffleSeed`, in a
    /// permutation fixed by it (the same on every machine).
    public static func bundles(customers: [UInt8], events: [UInt8], shuffleSeed: UInt64? = nil) -> [UInt8] {
        let customerRows = rows(customers)
        let eventRows = rows(events)
        guard let customerHeader = customerRows.first, let eventHeader = eventRows.first else { return [] }
        var eventsOf: [String: [String]] = [:]
        for row in eventRows.dropFirst() where !row.isEmpty {
            var object = "{"
            var properties: [String] = []
            for (i, value) in row.enumerated().dropFirst() where i < eventHeader.count && !value.isEmpty {
                let member = quoted(eventHeader[i]) + ":" + quoted(value)
                if i <= 2 {
                    object += (object.count > 1 ? "," : "") + member
                } else {
                    properties.append(member)
                }
            }
            if !properties.isEmpty { object += ",\"properties\":{" + properties.joined(separator: ",") + "}" }
            eventsOf[row[0], default: []].append(object + "}")
        }
        var order = Array(customerRows.indices.dropFirst())
        if let shuffleSeed {
            // Fisher–Yates on SplitMix64: a fixed function of the seed, unlike Swift's `shuffle()`.
            var random = SplitMix64(seed: shuffleSeed)
            for i in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(i, Int(random.next() % UInt64(i + 1)))
            }
        }
        let idColumn = customerHeader.firstIndex(of: "id") ?? 0
        var out: [UInt8] = []
        for r in order {
            let row = customerRows[r]
            guard !row.isEmpty else { continue }
            let fields = row.enumerated().filter { $0.offset < customerHeader.count && !$0.element.isEmpty }
                .map { quoted(customerHeader[$0.offset]) + ":" + quoted($0.element) }
            let id = idColumn < row.count ? row[idColumn] : ""
            let line = "{\"customer\":{" + fields.joined(separator: ",") + "},\"events\":[" + (eventsOf[id] ?? []).joined(separator: ",") + "]}\n"
            out.append(contentsOf: line.utf8)
        }
        return out
    }

    /// Every record's fields as text (`""` unescaped); a blank line is no record.
    static func rows(_ bytes: [UInt8]) -> [[String]] {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = CSVScanner(bytes: buffer)
            var fields: [CSVField] = []
            var rows: [[String]] = []
            while true {
                switch scanner.next(into: &fields) {
                case .end: return rows
                case .malformed: continue
                case .record: rows.append(fields.map { field in field.withValue(in: buffer) { String(decoding: $0, as: UTF8.self) } })
                }
            }
        }
    }

    static func quoted(_ text: String) -> String { JSONValue.string(text).serialized() }
}
