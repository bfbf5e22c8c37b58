import CampaignSyntax
import CampaignSemantics
import Foundation

/// The events of one type, grouped by customer in time order: customer `c`'s events are
/// rows `offsets[c] ..< offsets[c + 1]`, so "how many in the last 30 days" is two binary
/// searches.
public struct EventTable: Sendable {
    public let name: String
    public let offsets: [Int32]
    public let times: [Int64]
    public let properties: [String: Column]

    public func rows(of customer: Int) -> Range<Int> { Int(offsets[customer])..<Int(offsets[customer + 1]) }

    public var count: Int { times.count }

    /// The first row in `rows` whose time is greater than `time` (events at `time` included before it).
    public func upperBound(_ time: Int64, in rows: Range<Int>) -> Int {
        var low = rows.lowerBound, high = rows.upperBound
        while low < high {
            let mid = (low + high) / 2
            if times[mid] <= time { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// The first row in `rows` whose time is at least `time`.
    public func lowerBound(_ time: Int64, in rows: Range<Int>) -> Int {
        var low = rows.lowerBound, high = rows.upperBound
        while low < high {
            let mid = (low + high) / 2
            if times[mid] < time { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// Every event of the dataset, one table per declared event type.
public struct EventStore: Sendable {
    public let tables: [EventTable]
    public let typeIndex: [String: Int]

    public func table(_ name: String) -> EventTable? { typeIndex[name].map { tables[$0] } }

    public var count: Int { tables.reduce(0) { $0 + $1.count } }
}

/// Reads the events file (`customer_id`, `event`, `time`, then property columns; or NDJSON
/// with a `properties` object) against the schema and the customers already read.
public enum EventReader {
    public static func read(_ file: DataFile, table: DeclarationTable, customers: CustomerStore, options: ReadOptions) -> (EventStore?, IssueLog) {
        var log = IssueLog(limit: options.maxErrors)
        let eventNames = table.events.keys.sorted()
        var propertyNames: [String] = []
        for name in eventNames {
            for property in table.events[name]?.order ?? [] where !propertyNames.contains(property) { propertyNames.append(property) }
        }
        let wanted = ["customer_id", "event", "time"] + propertyNames
        let types = eventNames.compactMap { table.events[$0] }
        return file.withBytes { bytes -> (EventStore?, IssueLog) in
            if bytes.isEmpty {
                log.add(DataIssue(DataCode.emptyFile, file: file.path, line: 0, "the file is empty; expected a header line naming the columns"))
                return (nil, log)
            }
            guard let layout = RecordLayout.make(file: file, bytes: bytes, wanted: wanted, required: ["customer_id", "event", "time"],
                                                 kind: "event column", log: &log) else { return (nil, log) }
            let nameBytes = eventNames.map { Array($0.utf8) }
            let parsers: [[(slot: Int, parser: FieldParser)]] = types.map { event in
                event.order.compactMap { property in
                    guard let info = event.properties[property], let column = propertyNames.firstIndex(of: property) else { return nil }
                    return (3 + column, FieldParser(name: property, type: info.type))
                }
            }
            let zones = customers.zones
            let chunks = layout.chunks(bytes, parts: options.threads)
            let results = parallelMap(chunks.count) { part -> Chunk in
                var chunk = Chunk(types: types, limit: options.maxErrors)
                chunk.lines = layout.forEachRow(bytes, chunks[part], file: file) { line, values, buffer, issue in
                    if let issue {
                        chunk.log.add(issue)
                        return
                    }
                    chunk.add(line: line, values: values, buffer: buffer, file: file.path, customers: customers, eventNames: eventNames,
                              nameBytes: nameBytes, parsers: parsers, propertyNames: propertyNames, zones: zones)
                }
                return chunk
            }
            var merged = Chunk(types: types, limit: options.maxErrors)
            var lineOffset = layout.dataLine - 1
            for chunk in results {
                for t in merged.customers.indices {
                    merged.customers[t] += chunk.customers[t]
                    merged.times[t] += chunk.times[t]
                    for p in merged.properties[t].indices { merged.properties[t][p].append(contentsOf: chunk.properties[t][p]) }
                }
                log.merge(chunk.log, lineOffset: lineOffset)
                lineOffset += chunk.lines
            }
            let tables = parallelMap(types.count) { t in
                Self.table(types[t], customers: merged.customers[t], times: merged.times[t], properties: merged.properties[t],
                           customerCount: customers.count, zones: zones)
            }
            var index: [String: Int] = [:]
            for (t, type) in types.enumerated() { index[type.name] = t }
            return (EventStore(tables: tables, typeIndex: index), log)
        }
    }

    /// Sorts one type's events by (customer, time) with a counting sort, then by time
    /// inside each customer where the file was not already in order.
    static func table(_ type: EventInfo, customers: [Int32], times: [Int64], properties: [ColumnBuilder], customerCount: Int, zones: ZoneTable) -> EventTable {
        var offsets = [Int32](repeating: 0, count: customerCount + 1)
        for customer in customers { offsets[Int(customer) + 1] += 1 }
        for i in 0..<customerCount { offsets[i + 1] += offsets[i] }
        var next = Array(offsets.dropLast())
        var order = [Int32](repeating: 0, count: customers.count)
        for (row, customer) in customers.enumerated() {
            order[Int(next[Int(customer)])] = Int32(row)
            next[Int(customer)] += 1
        }
        for c in 0..<customerCount {
            let range = Int(offsets[c])..<Int(offsets[c + 1])
            guard range.count > 1 else { continue }
            var sorted = true
            for i in range.dropFirst() where times[Int(order[i - 1])] > times[Int(order[i])] {
                sorted = false
                break
            }
            if !sorted {
                let slice = order[range].sorted { (times[Int($0)], $0) < (times[Int($1)], $1) }
                order.replaceSubrange(range, with: slice)
            }
        }
        var columns: [String: Column] = [:]
        for (p, name) in type.order.enumerated() where p < properties.count {
            columns[name] = properties[p].build(zones: zones).permuted(order)
        }
        return EventTable(name: type.name, offsets: offsets, times: order.map { times[Int($0)] }, properties: columns)
    }

    /// Events read from one chunk, per type.
    struct Chunk {
        var customers: [[Int32]]
        var times: [[Int64]]
        var properties: [[ColumnBuilder]]
        var log: IssueLog
        var lines = 0
        var pending: [PendingValue] = []

        init(types: [EventInfo], limit: Int) {
            customers = Array(repeating: [], count: types.count)
            times = Array(repeating: [], count: types.count)
            properties = types.map { event in event.order.compactMap { event.properties[$0] }.map { ColumnBuilder(type: $0.type) } }
            log = IssueLog(limit: limit)
        }

        mutating func add(line: Int, values: [CSVField], buffer: UnsafeBufferPointer<UInt8>, file: String, customers store: CustomerStore,
                          eventNames: [String], nameBytes: [[UInt8]], parsers: [[(slot: Int, parser: FieldParser)]],
                          propertyNames: [String], zones: ZoneTable) {
            func value(_ slot: Int) -> UnsafeBufferPointer<UInt8>? {
                let field = values[slot]
                guard field.start >= 0, field.start < field.end else { return nil }
                return UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])
            }
            guard let idBytes = value(0) else {
                log.add(DataIssue(DataCode.missingValue, file: file, line: line, column: "customer_id", "a customer id is required, but the cell is empty"))
                return
            }
            let customer: Int? = values[0].hasEscapedQuotes
                ? RecordLayout.withValue(values[0], buffer) { store.index.row(of: $0, in: store.ids) }
                : store.index.row(of: idBytes, in: store.ids)
            guard let customer else {
                log.add(DataIssue(DataCode.unknownCustomer, file: file, line: line, column: "customer_id",
                                  "no customer has the id \(FieldParser.shown(idBytes)) in the customers file"))
                return
            }
            guard let nameValue = value(1) else {
                log.add(DataIssue(DataCode.missingValue, file: file, line: line, column: "event", "an event name is required, but the cell is empty"))
                return
            }
            guard let type = nameBytes.firstIndex(where: { $0.count == nameValue.count && $0.elementsEqual(nameValue) }) else {
                let name = String(decoding: nameValue, as: UTF8.self)
                let guess = Suggestion.closest(to: name, among: eventNames)
                log.add(DataIssue(DataCode.unknownEvent, file: file, line: line, column: "event",
                                  "expected an event the schema declares (" + eventNames.joined(separator: ", ") + "), found \(FieldParser.shown(nameValue))"
                                  + (guess.map { "; did you mean `\($0)`?" } ?? "")))
                return
            }
            guard let timeBytes = value(2) else {
                log.add(DataIssue(DataCode.missingValue, file: file, line: line, column: "time", "a time is required, but the cell is empty"))
                return
            }
            guard let time = ValueParsers.time(timeBytes) else {
                log.add(DataIssue(DataCode.badTime, file: file, line: line, column: "time",
                                  "expected an ISO 8601 time with a zone, such as 2026-11-03T15:00:00Z, or a date (midnight UTC), found \(FieldParser.shown(timeBytes))"))
                return
            }
            var bad = false
            let declared = Set(parsers[type].map(\.slot))
            for (index, name) in propertyNames.enumerated() where !declared.contains(3 + index) && value(3 + index) != nil {
                log.add(DataIssue(DataCode.unknownProperty, file: file, line: line, column: name,
                                  "event `\(eventNames[type])` has no property `\(name)`; leave the cell empty"))
                bad = true
            }
            pending.removeAll(keepingCapacity: true)
            for (slot, parser) in parsers[type] {
                let field = values[slot]
                guard field.start >= 0, field.start < field.end else {
                    if !parser.type.isOptional {
                        log.add(DataIssue(DataCode.missingValue, file: file, line: line, column: parser.name,
                                          "event `\(eventNames[type])` requires `\(parser.name)` (`\(parser.type)`), but the cell is empty"))
                        bad = true
                    }
                    pending.append(.missing)
                    continue
                }
                switch RecordLayout.withValue(field, buffer, { parser.parse($0, zones: zones) }) {
                case .success(.missing):
                    pending.append(field.hasEscapedQuotes ? .textCopy(RecordLayout.withValue(field, buffer) { Array($0) }) : .text(field.start, field.end, escaped: false))
                case .success(let parsed):
                    pending.append(parsed)
                case .failure(let draft):
                    log.add(DataIssue(draft.code, file: file, line: line, column: parser.name, draft.message))
                    bad = true
                }
            }
            if bad { return }
            customers[type].append(Int32(customer))
            times[type].append(time)
            for (p, value) in pending.enumerated() { properties[type][p].append(value, source: buffer) }
        }
    }
}
