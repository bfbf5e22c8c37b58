#if canImport(Glibc)
import Glibc
#endif
import CampaignSyntax
import CampaignSemantics
import Foundation

/// The events of one type, grouped by customer in time order: customer `c`'s events are
/// rows `offsets[c] ..< offsets[c + 1]`, so "how many in the last 30 days" is two binary
/// searches. Offsets are `Int32`: the reader refuses more events of one type than that
/// holds (`StoreLimits.eventsPerType`).
public struct EventTable: Sendable {
    public let name: String
    public let offsets: [Int32]
    public let times: [Int64]
    /// Each row's place in the events file (its position among the file's valid rows),
    /// so that events of different types at one instant can be taken in file order, as the
    /// planner must (docs/language.md §8.4). A `UInt32`: the reader
    /// refuses a file with more valid rows than that holds (`StoreLimits.eventsPerFile`).
    public let fileOrder: [UInt32]
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

/// Every event of the dataset, one table per declared event type. A type the run does not
/// read (`ReadOptions.events`) has an empty table: its rows were validated, not stored.
public struct EventStore: Sendable {
    public let tables: [EventTable]
    public let typeIndex: [String: Int]
    /// Valid rows in the file, stored or not.
    public let count: Int

    public func table(_ name: String) -> EventTable? { typeIndex[name].map { tables[$0] } }
}

/// Reads the events file (`customer_id`, `event`, `time`, then property columns; or NDJSON
/// with a `properties` object) against the schema and the customers already read.
public enum EventReader {
    public static func read(_ file: DataFile, table: DeclarationTable, customers: CustomerStore, options: ReadOptions) -> (EventStore?, IssueLog) {
        read(file, table: table, customers: customers, options: options, keys: nil)
    }

    /// `keys`, when given, takes an NDJSON file's key census instead of `checkKeys` (as
    /// `CustomerReader.read(_:table:options:keys:)`).
    static func read(_ file: DataFile, table: DeclarationTable, customers: CustomerStore, options: ReadOptions,
                     keys: ((KeyCensus, ColumnCheck) -> Void)?) -> (EventStore?, IssueLog) {
        var log = IssueLog(limit: options.maxErrors)
        let eventNames = table.events.keys.sorted()
        let propertyNames = eventNames.reduce(into: [String]()) { names, name in
            for property in table.events[name]?.order ?? [] where !names.contains(property) { names.append(property) }
        }
        let wanted = ["customer_id", "event", "time"] + propertyNames
        let types = eventNames.compactMap { table.events[$0] }
        guard var window = FileWindow.first(of: file, options: options, log: &log) else { return (nil, log) }
        let columns = Self.columns(file, table: table, properties: propertyNames, options: options)
        guard let layout = RecordLayout.make(file: file, window: &window, columns: columns, log: &log, propertiesFrom: 3) else { return (nil, log) }
        let nameBytes = eventNames.map { Array($0.utf8) }
        let parsers: [[(slot: Int, parser: FieldParser)]] = types.map { event in
            event.order.compactMap { property in
                guard let info = event.properties[property], let column = propertyNames.firstIndex(of: property) else { return nil }
                return (3 + column, FieldParser(name: property, type: info.type))
            }
        }
        let zones = customers.zones
        let stored = types.map { event in options.use?.reads(event.name) ?? true }
        let storedProperties = types.map { event in
            event.order.filter { event.properties[$0] != nil }.map { options.use?.reads(event.name, property: $0) ?? true }
        }
        // One configuration per part of a window, made once and used by that part in every
        // window: shared, its reference count would be bumped from both cores.
        let configs = PerPart {
            RowConfig(file: file.path, customers: customers, eventNames: eventNames, nameBytes: nameBytes, parsers: parsers,
                      propertyNames: propertyNames, zones: zones, stored: stored, storedProperties: storedProperties)
        }
        var read = layout.readWindows(window, file: file, threads: options.threads, minimumBytes: options.minimumPartBytes, log: &log) { part, range, bytes -> (Chunk, PartWalk) in
            let config = configs[part]
            var chunk = Chunk(types: types, limit: options.maxErrors, textLimit: options.limits.textBytes, config: config)
            chunk.reserve(RecordLayout.estimatedRows(bytes, range), stored: stored)
            // One view of the id index for the whole part: taken per batch, it cost reference
            // counts on the index's arrays, which every part shares.
            let walk = config.index.withLookup { lookup in
                let walk = layout.forEachRow(bytes, range, file: file) { line, values, buffer, issue, cells in
                    if let issue {
                        chunk.add(issue, lookup)
                        return
                    }
                    chunk.add(line: line, values: values, buffer: buffer, cells: cells, lookup)
                }
                // The batch's rows point into this window's bytes: read them before it moves on.
                chunk.finish(lookup)
                return walk
            }
            return (chunk, walk)
        }
        PhaseClock.shared.mark("event rows")
        guard var results = read?.parts, let lineOffsets = read?.lineOffsets else { return (nil, log) }
        for (chunk, offset) in zip(results, lineOffsets) { log.merge(chunk.log, lineOffset: offset) }
        guard layout.checkKeys(of: read, wanted: wanted.count, columns, keys: keys, log: &log) else { return (nil, log) }
        // The parts' rows are taken out of `results` below, each to be freed once its table
        // column is made: nothing else may hold them.
        read = nil
        // Checked before a table numbers its rows in an `Int32` and their place in the
        // file in a `UInt32`.
        let valid = results.reduce(0) { $0 + $1.valid }
        if valid > options.limits.eventsPerFile {
            log.add(StoreLimits.issue(file: file.path, moreThan: options.limits.eventsPerFile, "events", unit: "events in one file"))
            return (nil, log)
        }
        let limit = options.limits.eventsPerType
        let tooMany = types.indices.filter { t in results.reduce(0) { $0 + $1.customers[t].count } > limit }
        for t in tooMany {
            log.add(StoreLimits.issue(file: file.path, moreThan: limit, "events of type `\(types[t].name)`", unit: "events of one type"))
        }
        if !tooMany.isEmpty { return (nil, log) }
        let (keys, columnParts, columnTasks) = Self.take(&results, types: types, stored: stored, storedProperties: storedProperties)
        let customerCount = customers.count
        let placing = types.indices.map { t in columnTasks.contains { $0.type == t } }
        // Each type sorted on its own thread, then each property column moved on its own:
        // the tasks take their rows from a `Handoff`, so each part's arrays are freed as
        // soon as their task is done, not when every table is.
        let storedRows = keys.reduce(0) { $0 + ($1?.customers.reduce(0) { $0 + $1.count } ?? 0) }
        let sorting = Handoff(consume keys)
        // Then, when the rows' keys are large, `FreedMemory.release()` while the last type
        // sorts. Giving pages back is not free (about 40 ms for 60 MB here, and each page
        // used again faults), so a store whose keys take under 64 MiB (a win-back's two
        // million purchases: 32 MB) keeps its freed memory for reuse.
        let release: (@Sendable () -> Void)? = storedRows >= 4 << 20 ? FreedMemory.release : nil
        let orders = parallelMap(types.count, threads: options.threads, then: release) { t in
            sorting.take(t).map { SortedEventKeys($0, customerCount: customerCount, placingProperties: placing[t]) }
        }
        let moving = Handoff(consume columnParts)
        let propertyColumns = parallelMap(columnTasks.count, threads: options.threads) { k in
            let order = orders[columnTasks[k].type]
            return ColumnBuilder.scattered(moving.take(k) ?? [], to: order?.destinations ?? [], then: order?.reordering ?? Reordering(), zones: zones)
        }
        var properties = [[String: Column]](repeating: [:], count: types.count)
        for (task, column) in zip(columnTasks, propertyColumns) { properties[task.type][task.name] = column }
        let tables = types.indices.map { t in
            orders[t].map { EventTable(name: types[t].name, offsets: $0.offsets, times: $0.times, fileOrder: $0.fileOrder, properties: properties[t]) }
                ?? EventTable(name: types[t].name, offsets: [Int32](repeating: 0, count: customerCount + 1), times: [], fileOrder: [], properties: [:])
        }
        PhaseClock.shared.mark("event tables")
        var overflowed = false
        for (t, type) in types.enumerated() {
            for property in type.order where tables[t].properties[property]?.overflowed == true {
                log.add(StoreLimits.issue(file: file.path, column: property, moreThan: options.limits.textBytes,
                                          "bytes of text in the property `\(property)` of `\(type.name)` events", unit: "bytes of text in one property"))
                overflowed = true
            }
        }
        if overflowed { return (nil, log) }
        var index: [String: Int] = [:]
        for (t, type) in types.enumerated() { index[type.name] = t }
        return (EventStore(tables: tables, typeIndex: index, count: valid), log)
    }

    /// The columns an events file must or may have: `customer_id`, `event` and `time`, then
    /// every declared property. A property column may be missing: each row of a type that
    /// requires it says so, and one that no type requires is a warning naming its readers.
    static func columns(_ file: DataFile, table: DeclarationTable, properties: [String], options: ReadOptions) -> ColumnCheck {
        let fixed = ["customer_id", "event", "time"].map { ColumnCheck.Wanted(name: $0, noun: "`\($0)`", whenMissing: .headerError("event column")) }
        let declaring = { (property: String) in table.events.values.filter { $0.properties[property] != nil } }
        let wanted = properties.map { property in
            let required = declaring(property).contains { $0.properties[property]?.type.isOptional == false }
            return ColumnCheck.Wanted(name: property, noun: "property `\(property)`", whenMissing: required ? .rowErrors : .warning)
        }
        return ColumnCheck(file: file.path, ndjson: file.isNDJSON, wanted: fixed + wanted, record: "event") { property in
            let use = options.readers(in: table)
            return Set(declaring(property).flatMap { use.readers(of: $0.name, property: property) }).sorted()
        }
    }

    /// Takes the stored rows of each type out of the parts (leaving them empty), and the
    /// values of each stored property: one `EventKeys` per type (nil when not stored), and
    /// per stored property, its parts and its (type, name).
    static func take(_ chunks: inout [Chunk], types: [EventInfo], stored: [Bool], storedProperties: [[Bool]])
        -> (keys: [EventKeys?], columns: [[ColumnBuilder]?], tasks: [(type: Int, name: String)]) {
        func take<T>(_ value: inout T, leaving empty: T) -> T {
            defer { value = empty }
            return value
        }
        var validBases: [Int] = []
        var valid = 0
        for chunk in chunks {
            validBases.append(valid)
            valid += chunk.valid
        }
        var keys: [EventKeys?] = []
        var columns: [[ColumnBuilder]?] = []
        var tasks: [(type: Int, name: String)] = []
        for t in types.indices {
            guard stored[t] else {
                keys.append(nil)
                continue
            }
            var rows = EventKeys(validBases: validBases)
            for i in chunks.indices {
                rows.customers.append(take(&chunks[i].customers[t], leaving: []))
                rows.times.append(take(&chunks[i].times[t], leaving: []))
                rows.ordinals.append(take(&chunks[i].ordinals[t], leaving: []))
            }
            keys.append(rows)
            for (p, name) in types[t].order.enumerated() where storedProperties[t][p] {
                tasks.append((t, name))
                columns.append(chunks.indices.map { i in
                    let builder = chunks[i].properties[t][p]
                    return take(&chunks[i].properties[t][p], leaving: ColumnBuilder(type: builder.type, textLimit: builder.text.byteLimit))
                })
            }
        }
        return (keys, columns, tasks)
    }

    /// What every row needs, shared by the chunks (one reference, not ten arguments a row);
    /// the per-row parts are raw buffers of trivial values, so the loop counts no references.
    final class RowConfig: Sendable {
        struct PropertySlot {
            let column: Int
            let field: FieldSlot
            /// Kept in the store (otherwise only validated).
            let stored: Bool
        }

        let file: String
        let index: IDIndex
        let eventNames: [String]
        /// Per event type, its properties' parsers (for enums and messages).
        let typeParsers: [[FieldParser]]
        let propertyNames: [String]
        let propertyCount: Int
        let zones: ZoneTable
        private let slotStorage: ReadOnlyBuffer<PropertySlot>
        private let slotRanges: ReadOnlyBuffer<Range<Int>>
        private let declared: ReadOnlyBuffer<Bool>
        private let width: Int
        private let names: ReadOnlyBuffer<UInt8>
        private let nameRanges: ReadOnlyBuffer<Range<Int>>
        let typeCount: Int
        private let stored: ReadOnlyBuffer<Bool>

        init(file: String, customers: CustomerStore, eventNames: [String], nameBytes: [[UInt8]], parsers: [[(slot: Int, parser: FieldParser)]],
             propertyNames: [String], zones: ZoneTable, stored: [Bool], storedProperties: [[Bool]]) {
            self.file = file
            index = customers.index
            self.eventNames = eventNames
            typeParsers = parsers.map { $0.map(\.parser) }
            self.propertyNames = propertyNames
            propertyCount = propertyNames.count
            self.zones = zones
            var slots: [PropertySlot] = []
            var ranges: [Range<Int>] = []
            for (t, typeSlots) in parsers.enumerated() {
                let start = slots.count
                for (i, entry) in typeSlots.enumerated() {
                    slots.append(PropertySlot(column: entry.slot, field: FieldSlot(kind: entry.parser.kind, isOptional: entry.parser.isOptional, parser: i),
                                              stored: storedProperties[t][i]))
                }
                ranges.append(start..<slots.count)
            }
            slotStorage = .copy(of: slots)
            slotRanges = .copy(of: ranges)
            let width = 3 + propertyNames.count
            self.width = width
            var declared = [Bool](repeating: false, count: parsers.count * width)
            for (t, typeSlots) in parsers.enumerated() {
                for entry in typeSlots { declared[t * width + entry.slot] = true }
            }
            self.declared = .copy(of: declared)
            var flat: [UInt8] = []
            var nameRanges: [Range<Int>] = []
            for name in nameBytes {
                nameRanges.append(flat.count..<(flat.count + name.count))
                flat += name
            }
            names = .copy(of: flat)
            self.nameRanges = .copy(of: nameRanges)
            typeCount = nameRanges.count
            self.stored = .copy(of: stored)
        }

        deinit {
            stored.deallocate()
            slotRanges.deallocate()
            nameRanges.deallocate()
            slotStorage.deallocate()
            declared.deallocate()
            names.deallocate()
        }

        /// Plain pointers for the row loop (valid while this object lives).
        var view: RowView {
            RowView(slotStorage: slotStorage, slotRanges: slotRanges, declared: declared, width: width, names: names,
                    nameRanges: nameRanges, typeCount: typeCount, propertyCount: propertyCount, stored: stored)
        }
    }

    /// What the row loop reads, as trivial values: no reference is retained per row.
    struct RowView {
        let slotStorage: ReadOnlyBuffer<RowConfig.PropertySlot>
        let slotRanges: ReadOnlyBuffer<Range<Int>>
        let declared: ReadOnlyBuffer<Bool>
        let width: Int
        let names: ReadOnlyBuffer<UInt8>
        let nameRanges: ReadOnlyBuffer<Range<Int>>
        let typeCount: Int
        let propertyCount: Int
        let stored: ReadOnlyBuffer<Bool>

        @inline(__always)
        func slots(_ type: Int) -> Slice<UnsafeBufferPointer<RowConfig.PropertySlot>> {
            slotStorage.buffer[slotRanges[type]]
        }

        @inline(__always)
        func declares(_ type: Int, slot: Int) -> Bool { declared[type * width + slot] }

        @inline(__always)
        func type(of name: UnsafeBufferPointer<UInt8>) -> Int? {
            guard let key = name.baseAddress, let base = names.buffer.baseAddress else { return nil }
            for t in 0..<typeCount {
                let range = nameRanges[t]
                if range.count == name.count, sameBytes(base + range.lowerBound, key, name.count) { return t }
            }
            return nil
        }
    }

    /// Events read from one chunk, per type.
    struct Chunk {
        /// Per type, each row's customer: an `Int32`, as the customers file holds at most
        /// `StoreLimits.customers` rows.
        var customers: [[Int32]]
        var times: [[Int64]]
        /// Each stored row's place among the chunk's valid rows (`valid` before it).
        var ordinals: [[UInt32]]
        var properties: [[ColumnBuilder]]
        var log: IssueLog
        /// Valid rows, stored or not.
        var valid = 0
        /// Rows waiting for their customers to be looked up together.
        var batch: RowBatch
        var pending: [PendingValue] = []
        var decoder = FieldDecoder()
        let config: RowConfig
        let view: RowView

        init(types: [EventInfo], limit: Int, textLimit: Int, config: RowConfig) {
            customers = Array(repeating: [], count: types.count)
            times = Array(repeating: [], count: types.count)
            ordinals = Array(repeating: [], count: types.count)
            properties = types.map { event in event.order.compactMap { event.properties[$0] }.map { ColumnBuilder(type: $0.type, textLimit: textLimit) } }
            pending = Array(repeating: .missing, count: properties.map(\.count).max() ?? 0)
            log = IssueLog(limit: limit)
            self.config = config
            view = config.view
            batch = RowBatch(width: 3 + config.propertyCount)
        }

        /// Room for every row in each type (address space only: untouched pages cost nothing).
        mutating func reserve(_ rows: Int, stored: [Bool]) {
            for t in customers.indices where stored[t] {
                customers[t].reserveCapacity(rows)
                times[t].reserveCapacity(rows)
                ordinals[t].reserveCapacity(rows)
                for p in properties[t].indices { properties[t][p].reserve(rows) }
            }
        }

        /// Takes a row: into the batch when it can wait there (a CSV row, whose fields
        /// stay where they are in the file, with an id to look up as it is written), else
        /// read now, after the rows waiting, so that diagnostics keep the file's order.
        mutating func add(line: Int, values: UnsafeBufferPointer<CSVField>, buffer: UnsafeBufferPointer<UInt8>, cells: CellPlaces, _ lookup: IDLookupView) {
            let id = values[0]
            guard cells.keys == nil, id.start >= 0, id.start < id.end, !id.hasEscapedQuotes, values.count == batch.width else {
                finish(lookup)
                addNow(line: line, values: values, buffer: buffer, cells: cells, lookup)
                return
            }
            if !batch.holds(buffer: buffer, cells: cells.bytes) { finish(lookup) }
            if batch.add(line: line, values: values, buffer: buffer, cells: cells) { finish(lookup) }
        }

        /// A row whose problem the scanner found, after the rows waiting.
        mutating func add(_ issue: Diagnostic, _ lookup: IDLookupView) {
            finish(lookup)
            log.add(issue)
        }

        /// Reads the rows waiting in the batch: their customers are looked up together
        /// (`RowBatch.resolve`), then each row is read in file order. Called when the batch
        /// is full, before a row that cannot wait, and at the end of each part.
        mutating func finish(_ lookup: IDLookupView) {
            guard batch.count > 0 else { return }
            batch.resolve(lookup)
            // A copy of the batch (its arrays shared, not copied): `addRow` changes `self`.
            let rows = batch
            let buffer = rows.buffer, cellBytes = rows.cellBytes
            rows.fields.withUnsafeBufferPointer { fields in
                for i in 0..<rows.count {
                    let values = UnsafeBufferPointer(rebasing: fields[(i * rows.width)..<((i + 1) * rows.width)])
                    let customer = Int(rows.customers[i])
                    addRow(line: rows.lines[i], values: values, buffer: buffer, cells: CellPlaces(bytes: cellBytes, recordStart: rows.recordStarts[i], keys: nil),
                           customer: customer < 0 ? nil : customer)
                }
            }
            batch.count = 0
        }

        /// Reads a row now, its customer looked up alone.
        mutating func addNow(line: Int, values: UnsafeBufferPointer<CSVField>, buffer: UnsafeBufferPointer<UInt8>, cells: CellPlaces, _ lookup: IDLookupView) {
            let field = values[0]
            guard field.start >= 0, field.start < field.end else {
                log.add(Diagnostic.data(DataCode.missingValue, file: config.file, line: line, column: "customer_id", cell: cells.column(0, values[0]), "a customer id is required, but the cell is empty"))
                return
            }
            let customer = field.withValue(in: buffer) { lookup.row(of: $0) }
            addRow(line: line, values: values, buffer: buffer, cells: cells, customer: customer)
        }

        /// Validates (and stores) a row whose non-empty id was looked up: `customer` is its
        /// row in the customers file, or nil when no customer has that id.
        mutating func addRow(line: Int, values: UnsafeBufferPointer<CSVField>, buffer: UnsafeBufferPointer<UInt8>, cells: CellPlaces, customer: Int?) {
            unowned(unsafe) let config = self.config
            @inline(__always) func value(_ slot: Int) -> UnsafeBufferPointer<UInt8>? {
                let field = values[slot]
                guard field.start >= 0, field.start < field.end else { return nil }
                return UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])
            }
            guard let customer else {
                let idBytes = value(0) ?? UnsafeBufferPointer(start: nil, count: 0)
                log.add(Diagnostic.data(DataCode.unknownCustomer, file: config.file, line: line, column: "customer_id", cell: cells.column(0, values[0]),
                                  "no customer has the id \(FieldParser.shown(idBytes)) in the customers file"))
                return
            }
            let view = self.view
            guard let nameValue = value(1) else {
                log.add(Diagnostic.data(DataCode.missingValue, file: config.file, line: line, column: "event", cell: cells.column(1, values[1]), "an event name is required, but the cell is empty"))
                return
            }
            guard let type = view.type(of: nameValue) else {
                let name = String(decoding: nameValue, as: UTF8.self)
                let guess = Suggestion.closest(to: name, among: config.eventNames)
                log.add(Diagnostic.data(DataCode.unknownEvent, file: config.file, line: line, column: "event", cell: cells.column(1, values[1]),
                                  "expected an event the schema declares (" + config.eventNames.joined(separator: ", ") + "), found \(FieldParser.shown(nameValue))"
                                  + (guess.map { "; did you mean `\($0)`?" } ?? "")))
                return
            }
            guard let timeBytes = value(2) else {
                log.add(Diagnostic.data(DataCode.missingValue, file: config.file, line: line, column: "time", cell: cells.column(2, values[2]), "a time is required, but the cell is empty"))
                return
            }
            guard let time = ValueParsers.time(timeBytes) else {
                let found = FieldParser.shown(timeBytes)
                log.add(Diagnostic.data(DataCode.badTime, file: config.file, line: line, column: "time", cell: cells.column(2, values[2]),
                                  ValueParsers.anyTime(timeBytes) != nil ? ValueParsers.outsideRangeMessage(found)
                                      : "expected an ISO 8601 time with a zone, such as 2026-11-03T15:00:00Z, or a date (midnight UTC), found \(found)"))
                return
            }
            var bad = false
            for index in 0..<view.propertyCount where !view.declares(type, slot: 3 + index) && value(3 + index) != nil {
                let name = config.propertyNames[index]
                log.add(Diagnostic.data(DataCode.unknownProperty, file: config.file, line: line, column: name, cell: cells.column(3 + index, values[3 + index]),
                                  "event `\(config.eventNames[type])` has no property `\(name)`; leave the cell empty"))
                bad = true
            }
            decoder.startRow()
            let slots = view.slots(type)
            // A slice keeps its parent's indices: `i` is the position within this type.
            for i in 0..<slots.count {
                let slot = slots[slots.startIndex + i]
                let field = values[slot.column]
                if field.isEmpty {
                    if !slot.field.isOptional {
                        let parser = config.typeParsers[type][i]
                        log.add(Diagnostic.data(DataCode.missingValue, file: config.file, line: line, column: parser.name, cell: cells.column(slot.column, field),
                                                "event `\(config.eventNames[type])` requires `\(parser.name)` (`\(parser.type)`), but the cell is empty"))
                        bad = true
                    }
                    pending[i] = .missing
                    continue
                }
                // The slot's position among every type's slots: one number per (type,
                // property), however many of either there are.
                switch decoder.decode(field, in: buffer, kind: slot.field.kind, cacheKey: slots.startIndex + i,
                                      parse: { config.typeParsers[type][i].parse($0, zones: config.zones) }) {
                case .success(let value):
                    pending[i] = value
                case .failure(let error):
                    log.add(error.diagnostic(file: config.file, line: line, column: config.typeParsers[type][i].name, cell: cells.column(slot.column, field)))
                    bad = true
                }
            }
            if bad { return }
            valid += 1
            guard view.stored[type] else { return }
            customers[type].append(Int32(customer))
            times[type].append(time)
            // Wraps only past `StoreLimits.eventsPerFile` rows, and then the reader refuses
            // the file before any table reads it (checking here would cost every row).
            ordinals[type].append(UInt32(truncatingIfNeeded: valid - 1))
            decoder.withScratch { scratch in
                for p in 0..<slots.count where slots[slots.startIndex + p].stored {
                    properties[type][p].append(pending[p], source: buffer, scratch: scratch)
                }
            }
        }
    }
}
