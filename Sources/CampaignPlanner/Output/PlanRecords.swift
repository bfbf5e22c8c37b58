import CampaignSyntax

/// The records of a plan file, before they are rows: CSV records (RFC 4180, as
/// `PlanWriter.csvField` quotes) and NDJSON objects, each field with where it starts.
enum PlanRecords {
    /// One record: its fields as text, the line and column (from 1) each starts at, and for
    /// NDJSON the `reason` value.
    struct Record {
        var fields: [String] = []
        var places: [(line: Int, column: Int)] = []
        var reason: JSONValue?
        var line: Int { places.first?.line ?? 1 }
    }

    typealias Failure = (line: Int, column: Int, message: String)

    /// Every CSV record of `bytes`, in order; blank lines are skipped (a plan has none, and
    /// they hold no row). A quote inside an unquoted field, text after a closing quote, a
    /// quote left open and bytes that are not UTF-8 fail at their place.
    static func csv(_ bytes: [UInt8], _ body: (Record) throws(PlanReadError) -> Void,
                    failure: (Failure) -> PlanReadError) throws(PlanReadError) {
        var i = 0, line = 1, lineStart = 0
        let n = bytes.count
        while i < n {
            if bytes[i] == 0x0A || (bytes[i] == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A) {
                i += bytes[i] == 0x0D ? 2 : 1
                line += 1
                lineStart = i
                continue
            }
            var record = Record()
            var field: [UInt8] = []
            fields: while true {
                let place = (line: line, column: i - lineStart + 1)
                field.removeAll(keepingCapacity: true)
                if i < n && bytes[i] == 0x22 {
                    i += 1
                    while true {
                        guard i < n else { throw failure((place.line, place.column, "a quoted field is not closed: a plan's CSV ends each quoted field with a quote")) }
                        let b = bytes[i]
                        if b == 0x22 {
                            if i + 1 < n && bytes[i + 1] == 0x22 {
                                field.append(0x22)
                                i += 2
                                continue
                            }
                            i += 1
                            break
                        }
                        if b == 0x0A {
                            line += 1
                            lineStart = i + 1
                        }
                        field.append(b)
                        i += 1
                    }
                    if i < n && bytes[i] != 0x2C && bytes[i] != 0x0A && !(bytes[i] == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A) {
                        throw failure((line, i - lineStart + 1, "text after a closing quote: a quote inside a quoted field is written twice (\"\")"))
                    }
                } else {
                    while i < n && bytes[i] != 0x2C && bytes[i] != 0x0A && !(bytes[i] == 0x0D && i + 1 < n && bytes[i + 1] == 0x0A) {
                        if bytes[i] == 0x22 {
                            throw failure((line, i - lineStart + 1, "a quote inside an unquoted field: a plan's CSV quotes a field that holds one (RFC 4180)"))
                        }
                        field.append(bytes[i])
                        i += 1
                    }
                }
                guard let text = String(validating: field, as: UTF8.self) else {
                    throw failure((place.line, place.column, "bytes that are not UTF-8: a plan is UTF-8 text"))
                }
                record.fields.append(text)
                record.places.append(place)
                if i < n && bytes[i] == 0x2C {
                    i += 1
                    continue fields
                }
                break fields
            }
            try body(record)
        }
    }

    /// Every NDJSON line of `bytes` as an object of the plan's columns and `reason` (keys in
    /// any order, each once, no others); blank lines are skipped.
    static func ndjson(_ bytes: [UInt8], columns: [String], _ body: (Record) throws(PlanReadError) -> Void,
                       failure: (Failure) -> PlanReadError) throws(PlanReadError) {
        var start = 0, line = 1
        while start < bytes.count {
            var end = start
            while end < bytes.count && bytes[end] != 0x0A { end += 1 }
            var last = end
            if last > start && bytes[last - 1] == 0x0D { last -= 1 }
            if bytes[start..<last].contains(where: { $0 != 0x20 && $0 != 0x09 }) {
                if let first = bytes[start..<last].firstIndex(where: { $0 != 0x20 && $0 != 0x09 }), bytes[first] != UInt8(ascii: "{") {
                    throw failure((line, first - start + 1, "a plan's NDJSON line is one JSON object, starting with '{'"))
                }
                let members: [(key: String, value: JSONValue, offset: Int)]
                switch JSONParser.members(ofObject: Array(bytes[start..<last])) {
                case .success(let read): members = read
                case .failure(let error): throw failure((line, error.offset + 1, error.reason))
                }
                var record = Record()
                for column in columns {
                    guard let member = members.first(where: { $0.key == column }) else {
                        throw failure((line, 1, "no \"\(column)\": a plan's NDJSON line has the keys \(columns.joined(separator: ", ")) and reason"))
                    }
                    guard case .string(let text) = member.value else {
                        throw failure((line, member.offset + 1, "\"\(column)\" is not a string: a plan writes every column as one"))
                    }
                    record.fields.append(text)
                    record.places.append((line, member.offset + 1))
                }
                guard let reason = members.first(where: { $0.key == "reason" }) else {
                    throw failure((line, 1, "no \"reason\": a plan's NDJSON line has the keys \(columns.joined(separator: ", ")) and reason"))
                }
                if let other = members.first(where: { !columns.contains($0.key) && $0.key != "reason" }) {
                    throw failure((line, other.offset + 1, "\"\(other.key)\" is not a key of a plan's row"))
                }
                if members.count != columns.count + 1 {
                    throw failure((line, 1, "a key is given twice: a plan's NDJSON line has each key once"))
                }
                record.reason = reason.value
                record.places.append((line, reason.offset + 1))
                try body(record)
            }
            start = end + 1
            line += 1
        }
    }
}
