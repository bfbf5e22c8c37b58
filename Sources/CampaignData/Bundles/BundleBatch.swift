import CampaignSemantics
import CampaignSyntax

/// A batch of bundle lines read as the two-file input reads its files: the customer
/// objects become an NDJSON customers file, the events of the customers that read cleanly
/// an NDJSON events file (each event object with the bundle's `customer_id` put first),
/// both in memory, read by `CustomerReader` and `EventReader` (docs/architecture.md,
/// "Customer bundles"). Their diagnostics are moved back to the bundle line, the field
/// (`customer.email`, `events[2].time`, `events[2].properties.amount`) and the character.
struct BundleBatch {
    /// One bundle: its line, where the line is in `arena`, and its shape (offsets within the line).
    struct Bundle {
        let line: Int
        let range: Range<Int>
        let shape: BundleShape
    }

    /// The batch's lines, as read.
    var arena: [UInt8] = []
    var bundles: [Bundle] = []
    /// Problems found before the readers: shapes and duplicate ids.
    var issues: [Diagnostic] = []
    /// Non-blank lines taken.
    var lines = 0

    /// What reading the batch gave: the dataset of its good rows (nil when a problem about
    /// the input as a whole stopped it) and every problem, in line order.
    struct Read {
        let dataset: Dataset?
        let issues: [Diagnostic]
    }

    /// An event line of the batch's events file: its bundle, and its index in the bundle's
    /// events.
    private struct EventPlace {
        let bundle: Int32
        let index: Int32
    }

    static let eventFields: Set<String> = ["customer_id", "event", "time"]

    /// Reads the customers, then the events of the customers without errors; `keys` takes
    /// each file's key census (`BundleReader` checks the keys of all batches at the end).
    func read(path: String, table: DeclarationTable, options: ReadOptions,
              keys: (_ customers: Bool, KeyCensus, ColumnCheck, _ place: (_ line: Int, _ position: Int) -> (line: Int, position: Int)) -> Void) -> Read {
        var options = options
        // Every problem of the batch in full: which rows are bad decides what is read next;
        // `BundleReader` applies `--max-errors` to the whole input.
        options.maxErrors = Int.max
        options.skipBadRows = true
        var customerBytes: [UInt8] = []
        for bundle in bundles {
            customerBytes.append(contentsOf: arena[(bundle.range.lowerBound + bundle.shape.customer.lowerBound)..<(bundle.range.lowerBound + bundle.shape.customer.upperBound)])
            customerBytes.append(0x0A)
        }
        let customersFile = DataFile(reformatting: DataFile(path: path, bytes: customerBytes), ndjson: true)
        // The readers keep the census hook only while they read.
        let (store, customerLog) = withoutActuallyEscaping(keys) { keys in
            CustomerReader.read(customersFile, table: table, options: options) { census, check in
                keys(true, census, check) { line, position in
                    let bundle = bundles[line - 1]
                    return (bundle.line, characters(before: customerStart(bundle), in: bundle) + position)
                }
            }
        }
        var found = issues.map { ($0.dataLocation?.line ?? 0, 0, $0) }
        found += customerLog.issues.map { issue in (lineOf(customer: issue), 1, relocated(customer: issue)) }
        guard let store, customerLog.fileErrorCount == 0 else { return Read(dataset: nil, issues: Self.ordered(found)) }
        let bad = Set(customerLog.issues.filter { $0.severity == .error }.compactMap { $0.dataLocation?.line })
        var eventBytes: [UInt8] = []
        var places: [EventPlace] = []
        for (b, bundle) in bundles.enumerated() where !bad.contains(b + 1) {
            guard let idValue = bundle.shape.idValue else { continue }
            let base = bundle.range.lowerBound
            let prefix = Array("{\"customer_id\":".utf8) + arena[(base + idValue.lowerBound)..<(base + idValue.upperBound)]
            for (e, event) in bundle.shape.events.enumerated() {
                let body = arena[(base + event.lowerBound + 1)..<(base + event.upperBound)]
                let empty = body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == UInt8(ascii: "}") }
                eventBytes += prefix
                if empty {
                    eventBytes.append(UInt8(ascii: "}"))
                } else {
                    eventBytes.append(UInt8(ascii: ","))
                    eventBytes += body
                }
                eventBytes.append(0x0A)
                places.append(EventPlace(bundle: Int32(b), index: Int32(e)))
            }
        }
        let eventsFile = DataFile(reformatting: DataFile(path: path, bytes: eventBytes), ndjson: true)
        let (events, eventLog) = withoutActuallyEscaping(keys) { keys in
            EventReader.read(eventsFile, table: table, customers: store, options: options) { census, check in
                keys(false, census, check) { line, position in (bundles[Int(places[line - 1].bundle)].line, eventColumn(position, places[line - 1])) }
            }
        }
        found += eventLog.issues.map { issue in
            let place = issue.dataLocation.flatMap { $0.line > 0 && $0.line <= places.count ? places[$0.line - 1] : nil }
            return (place.map { bundles[Int($0.bundle)].line } ?? 0, 2, relocated(event: issue, place))
        }
        guard let events, eventLog.fileErrorCount == 0 else { return Read(dataset: nil, issues: Self.ordered(found)) }
        return Read(dataset: Dataset(table: table, customers: store, events: events, stored: options.use), issues: Self.ordered(found))
    }

    /// Problems by line; on one line, the shape's, then the customer's, then the events'.
    private static func ordered(_ found: [(Int, Int, Diagnostic)]) -> [Diagnostic] {
        found.enumerated().sorted { ($0.element.0, $0.element.1, $0.offset) < ($1.element.0, $1.element.1, $1.offset) }.map(\.element.2)
    }

    /// Where the customer object starts in the arena.
    private func customerStart(_ bundle: Bundle) -> Int { bundle.range.lowerBound + bundle.shape.customer.lowerBound }

    private func eventStart(_ bundle: Bundle, _ index: Int) -> Int { bundle.range.lowerBound + bundle.shape.events[index].lowerBound }

    private func lineOf(customer issue: Diagnostic) -> Int {
        guard let line = issue.dataLocation?.line, line > 0, line <= bundles.count else { return 0 }
        return bundles[line - 1].line
    }

    /// Characters before byte `offset` (in the arena) on its bundle's line.
    private func characters(before offset: Int, in bundle: Bundle) -> Int {
        arena.withUnsafeBufferPointer { ColumnCheck.position(of: offset, lineStart: bundle.range.lowerBound, in: $0) - 1 }
    }

    /// The character on the bundle's line of character `column` of an event's line in the
    /// events file: one in the prefix put before the event falls on the event's `{`.
    private func eventColumn(_ column: Int, _ place: EventPlace) -> Int {
        let bundle = bundles[Int(place.bundle)]
        let brace = characters(before: eventStart(bundle, Int(place.index)), in: bundle) + 1
        // `{"customer_id":` (15 characters), the id as written, then `,`.
        let id = bundle.shape.idValue.map { String(decoding: arena[(bundle.range.lowerBound + $0.lowerBound)..<(bundle.range.lowerBound + $0.upperBound)], as: UTF8.self).count } ?? 0
        let prefix = 15 + id + 1
        return column > prefix ? brace + column - prefix : brace
    }

    /// A problem of the customers file, placed in the bundle file.
    private func relocated(customer issue: Diagnostic) -> Diagnostic {
        guard let place = issue.dataLocation, place.line > 0, place.line <= bundles.count else { return issue }
        let bundle = bundles[place.line - 1]
        let before = characters(before: customerStart(bundle), in: bundle)
        return Diagnostic(issue.code, issue.message,
                          in: DataLocation(path: place.path, line: bundle.line, column: place.column.map { $0 + before },
                                           columnName: "customer" + (place.columnName.map { "." + $0 } ?? ""), cellColumn: place.cellColumn.map { $0 + before }),
                          help: issue.help)
    }

    /// A problem of the events file, placed in the bundle file.
    private func relocated(event issue: Diagnostic, _ place: EventPlace?) -> Diagnostic {
        guard let location = issue.dataLocation, let place, location.line > 0 else { return issue }
        let bundle = bundles[Int(place.bundle)]
        func moved(_ column: Int) -> Int { eventColumn(column, place) }
        let part = "events[\(place.index)]"
        let field = location.columnName.map { Self.eventFields.contains($0) ? "\(part).\($0)" : "\(part).\(RecordLayout.propertiesKey).\($0)" } ?? part
        var message = issue.message
        if issue.code == DataCode.misplacedKey, location.columnName == nil, message.contains("`customer_id`") {
            // The `customer_id` the batch put first met one the event had of its own.
            message = "an event in a bundle has no `customer_id`: it is the customer's; leave the key out"
        }
        return Diagnostic(issue.code, message,
                          in: DataLocation(path: location.path, line: bundle.line, column: location.column.map(moved),
                                           columnName: field, cellColumn: location.cellColumn.map(moved)),
                          help: issue.help)
    }
}
