#if canImport(Glibc)
import Glibc
#endif
import CampaignSemantics
import CampaignSyntax

/// One typed column of customer fields or event properties. Missing values are sentinels
/// (NaN, `Int64.min`, `Int32.min`, 2, `UInt32.max`, start -1), so a row costs no
/// optional boxing.
public enum Column: Sendable {
    case number([Double])
    /// Seconds since the epoch.
    case time([Int64])
    /// Seconds of elapsed time (`duration` fields, written `30d` as in the language).
    case duration([Int64])
    /// Days since 1970-01-01: `Int32` holds every date `YYYY-MM-DD` can write (years
    /// 1…9999 are −719,162…2,932,896 days).
    case date([Int32])
    /// 0 false, 1 true, 2 missing.
    case bool([UInt8])
    /// An enum value or a time zone, by index: `UInt32` counts far more values than an enum
    /// declared in a `.campaign` file or the IANA zone names (about 600) can have.
    case category([UInt32], values: [String])
    case text(TextColumn)

    public static let missingTime = Int64.min
    public static let missingDuration = Int64.min
    public static let missingDate = Int32.min
    public static let missingCategory = UInt32.max

    public func isMissing(_ row: Int) -> Bool {
        switch self {
        case .number(let values): values[row].isNaN
        case .time(let values): values[row] == Column.missingTime
        case .duration(let values): values[row] == Column.missingDuration
        case .date(let values): values[row] == Column.missingDate
        case .bool(let values): values[row] == 2
        case .category(let values, _): values[row] == Column.missingCategory
        case .text(let column): column.isMissing(row)
        }
    }

    /// A text column that passed its byte limit while reading (never in a store).
    var overflowed: Bool {
        if case .text(let column) = self { return column.overflowed }
        return false
    }

    /// The value as text, for `--list`, rendering and tests.
    public func display(_ row: Int) -> String? {
        guard !isMissing(row) else { return nil }
        switch self {
        case .number(let values):
            let v = values[row]
            return v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v)
        case .time(let values): return InstantText.string(values[row])
        case .duration(let values): return DurationText.string(values[row], exact: true)
        case .date(let values):
            return CivilDate(days: Int(values[row])).description
        case .bool(let values): return values[row] == 1 ? "true" : "false"
        case .category(let values, let names): return names[Int(values[row])]
        case .text(let column): return column.string(row)
        }
    }
}

/// A value read from one field, before the row is known to be valid.
enum PendingValue {
    case number(Double), time(Int64), duration(Int64), date(Int32), bool(Bool), category(UInt32)
    case text(Int, Int, escaped: Bool)
    /// Bytes unescaped into the row's scratch buffer.
    case textCopy(Int, Int)
    case missing
}

/// Appends values of one field type; merged across chunks read in parallel.
/// How a value of a field type is stored, decided once (switching on `ValueType`, an
/// indirect enum, per value costs reference counting on the hot path).
enum StorageKind: Sendable {
    case number, time, duration, date, bool, category, text, email, phone, boundedText(Int), other

    init(_ type: ValueType) {
        switch type.wrapped {
        case .number: self = .number
        case .time: self = .time
        case .duration: self = .duration
        case .date: self = .date
        case .bool: self = .bool
        case .enumeration, .timezone: self = .category
        case .email: self = .email
        case .phone: self = .phone
        case .text(let max?): self = .boundedText(max)
        default: self = .text
        }
    }
}

struct ColumnBuilder {
    let type: ValueType
    let kind: StorageKind
    var numbers: [Double] = []
    /// Times, and durations (both seconds in an `Int64`).
    var times: [Int64] = []
    var dates: [Int32] = []
    var bools: [UInt8] = []
    var categories: [UInt32] = []
    var text: TextColumn

    /// `textLimit`: the most bytes of text the column may hold (`StoreLimits.textBytes`).
    init(type: ValueType, textLimit: Int = Int(Int32.max)) {
        self.type = type
        kind = StorageKind(type)
        text = TextColumn(byteLimit: textLimit)
    }

    mutating func append(_ value: PendingValue, source: UnsafeBufferPointer<UInt8>, scratch: UnsafeBufferPointer<UInt8>) {
        switch kind {
        case .number: if case .number(let v) = value { numbers.append(v) } else { numbers.append(.nan) }
        case .time: if case .time(let v) = value { times.append(v) } else { times.append(Column.missingTime) }
        case .duration: if case .duration(let v) = value { times.append(v) } else { times.append(Column.missingDuration) }
        case .date: if case .date(let v) = value { dates.append(v) } else { dates.append(Column.missingDate) }
        case .bool: if case .bool(let v) = value { bools.append(v ? 1 : 0) } else { bools.append(2) }
        case .category: if case .category(let v) = value { categories.append(v) } else { categories.append(Column.missingCategory) }
        default:
            switch value {
            case .text(let start, let end, _): text.append(UnsafeBufferPointer(rebasing: source[start..<end]))
            case .textCopy(let start, let end): text.append(UnsafeBufferPointer(rebasing: scratch[start..<end]))
            default: text.appendMissing()
            }
        }
    }

    mutating func reserve(_ rows: Int, textBytes: Int = 8) {
        switch kind {
        case .number: numbers.reserveCapacity(rows)
        case .time, .duration: times.reserveCapacity(rows)
        case .date: dates.reserveCapacity(rows)
        case .bool: bools.reserveCapacity(rows)
        case .category: categories.reserveCapacity(rows)
        default: text.reserve(rows, bytes: rows * textBytes)
        }
    }

    /// One builder from several chunks' builders of the same field, in order, each array
    /// allocated once at its final size.
    static func merged(_ parts: [ColumnBuilder]) -> ColumnBuilder? {
        guard var result = parts.first.map({ ColumnBuilder(type: $0.type, textLimit: $0.text.byteLimit) }) else { return nil }
        func joined<T>(_ arrays: [[T]]) -> [T] {
            var out: [T] = []
            out.reserveCapacity(arrays.reduce(0) { $0 + $1.count })
            for array in arrays { out.append(contentsOf: array) }
            return out
        }
        result.numbers = joined(parts.map(\.numbers))
        result.times = joined(parts.map(\.times))
        result.dates = joined(parts.map(\.dates))
        result.bools = joined(parts.map(\.bools))
        result.categories = joined(parts.map(\.categories))
        result.text = TextColumn.concatenated(parts.map(\.text))
        return result
    }

    /// One column from several chunks' builders of the same field, each row read (the
    /// parts' rows one after the other) written to its row in `destinations`, a
    /// permutation of the rows: each value is copied once, into its final array.
    static func scattered(_ parts: [ColumnBuilder], to destinations: [Int32], then reordering: Reordering, zones: ZoneTable) -> Column {
        guard let first = parts.first else { return .number([]) }
        switch first.kind {
        case .number: return .number(Scatter.values(parts.map(\.numbers), to: destinations, then: reordering))
        case .time: return .time(Scatter.values(parts.map(\.times), to: destinations, then: reordering))
        case .duration: return .duration(Scatter.values(parts.map(\.times), to: destinations, then: reordering))
        case .date: return .date(Scatter.values(parts.map(\.dates), to: destinations, then: reordering))
        case .bool: return .bool(Scatter.values(parts.map(\.bools), to: destinations, then: reordering))
        case .category:
            let codes = Scatter.values(parts.map(\.categories), to: destinations, then: reordering)
            if case .enumeration(let values) = first.type.wrapped { return .category(codes, values: values) }
            return .category(codes, values: zones.names)
        default:
            // Past its limit the column is empty and marked; the reader reports it.
            return .text(TextColumn.scattered(parts.map(\.text), to: destinations, then: reordering))
        }
    }

    func build(zones: ZoneTable) -> Column {
        switch type.wrapped {
        case .number: .number(numbers)
        case .time: .time(times)
        case .duration: .duration(times)
        case .date: .date(dates)
        case .bool: .bool(bools)
        case .enumeration(let values): .category(categories, values: values)
        case .timezone: .category(categories, values: zones.names)
        default: .text(text)
        }
    }
}

/// The part of a field the row loop needs, with no reference-counted members, so reading
/// a row copies no strings or arrays.
struct FieldSlot {
    let kind: StorageKind
    let isOptional: Bool
    /// Index into the parsers array (for messages and enum values).
    let parser: Int
}

/// Reads one field's bytes as a value of its declared type; nil and a message when the
/// bytes are not one (the message says what was expected and what was found).
struct FieldParser {
    let name: String
    let type: ValueType
    let kind: StorageKind
    let isOptional: Bool
    let enumValues: [[UInt8]]

    init(name: String, type: ValueType) {
        self.name = name
        self.type = type
        kind = StorageKind(type)
        isOptional = type.isOptional
        if case .enumeration(let values) = type.wrapped { enumValues = values.map { Array($0.utf8) } } else { enumValues = [] }
    }

    static func shown(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let text = String(decoding: bytes.prefix(60), as: UTF8.self)
        return "\"" + text + (bytes.count > 60 ? "…" : "") + "\""
    }

    /// What a `duration` value should have been, with what is wrong with this one when the
    /// language's reading of a duration can tell.
    static func durationExpected(_ bytes: UnsafeBufferPointer<UInt8>, found: String) -> String {
        let expected = "expected a duration: a whole number of minutes (m), hours (h), days (d) or weeks (w), such as 30d, found \(found)"
        switch DurationSyntax.read(bytes) {
        case .unknownUnit(let number, _, let meant?): return expected + "; did you mean \"\(number)\(meant.rawValue)\"?"
        case .fractional: return expected + "; use a smaller unit: 90m rather than 1.5h"
        case .tooLong: return expected + "; at most \(DurationSyntax.longest(in: .weeks))w, the whole range of times"
        default: return expected
        }
    }

    /// A valid value, or what was expected: `FieldParsing.fast` decides every kind but
    /// enums and time zones, which need this parser's values.
    func parse(_ bytes: UnsafeBufferPointer<UInt8>, zones: ZoneTable) -> Result<PendingValue, FieldError> {
        if let value = FieldParsing.fast(bytes, kind) { return .success(value) }
        let found = Self.shown(bytes)
        switch kind {
        case .number:
            return .failure(.init(DataCode.badNumber, "expected a number such as 42 or 19.99, found \(found)"))
        case .time:
            if ValueParsers.anyTime(bytes) != nil { return .failure(.init(DataCode.badTime, ValueParsers.outsideRangeMessage(found))) }
            return .failure(.init(DataCode.badTime, "expected an ISO 8601 time with a zone, such as 2026-11-03T15:00:00Z or 2026-11-03T10:00:00-05:00, or a date (midnight UTC), found \(found)"))
        case .duration:
            return .failure(.init(DataCode.badDuration, Self.durationExpected(bytes, found: found)))
        case .date:
            if ValueParsers.anyDate(bytes) != nil { return .failure(.init(DataCode.badDate, ValueParsers.outsideRangeMessage(found, date: true))) }
            return .failure(.init(DataCode.badDate, "expected a date YYYY-MM-DD, such as 1990-03-08, found \(found)"))
        case .bool:
            return .failure(.init(DataCode.badBool, "expected true or false (or 1/0, yes/no), found \(found)"))
        case .email:
            return .failure(.init(DataCode.badEmail, "expected an email address such as ana@example.com, found \(found)"))
        case .phone:
            return .failure(.init(DataCode.badPhone, "expected a phone number in E.164 form, such as +15551230001, found \(found)"))
        case .boundedText(let max):
            return .failure(.init(DataCode.textTooLong, "at most \(max) characters are declared (`text(max \(max))`), found \(ValueParsers.scalarCount(bytes)): \(found)"))
        case .text, .other:
            return .success(.missing)
        case .category:
            if enumValues.isEmpty {
                guard let v = zones.lookup(bytes) else {
                    return .failure(.init(DataCode.badTimeZone, "expected an IANA time zone name such as America/New_York, found \(found)"))
                }
                return .success(.category(v))
            }
            for (index, value) in enumValues.enumerated() where value.count == bytes.count && value.elementsEqual(bytes) {
                // An index among the values the schema declares: far inside a `UInt32`.
                return .success(.category(UInt32(index)))
            }
            let values = enumValues.map { "\"" + String(decoding: $0, as: UTF8.self) + "\"" }
            return .failure(.init(DataCode.badEnum, "expected one of " + values.joined(separator: ", ") + ", found \(found)"))
        }
    }
}

/// A value that is not what its field declares, before the file, line and column are
/// attached (`FieldDecoder` attaches them).
struct FieldError: Error {
    let code: DiagnosticCode
    let message: String

    init(_ code: DiagnosticCode, _ message: String) {
        self.code = code
        self.message = message
    }
}

/// Parsing by slot: the kind decides, with no reference-counted state; nil means "ask
/// the full parser" (enums and time zones, and every invalid value, for its message).
enum FieldParsing {
    @inline(__always)
    static func fast(_ bytes: UnsafeBufferPointer<UInt8>, _ kind: StorageKind) -> PendingValue? {
        switch kind {
        case .number:
            if let v = ValueParsers.number(bytes), v.isFinite { return .number(v) }
        case .time:
            if let v = ValueParsers.time(bytes) { return .time(v) }
        case .duration:
            // At most the range of times: no overflow (see `DurationSyntax.longest(in:)`).
            if case .valid(let amount, let unit) = DurationSyntax.read(bytes) { return .duration(Int64(amount) * Int64(unit.seconds)) }
        case .date:
            if let v = ValueParsers.date(bytes) { return .date(v) }
        case .bool:
            if let v = ValueParsers.bool(bytes) { return .bool(v) }
        case .email:
            if ValueParsers.isEmail(bytes) { return .missing }
        case .phone:
            if ValueParsers.isPhone(bytes) { return .missing }
        case .boundedText(let max):
            if ValueParsers.scalarCount(bytes) <= max { return .missing }
        case .text, .other:
            return .missing
        case .category:
            break
        }
        return nil
    }
}

/// Category values (enum values, time zones) already seen by one chunk, by their bytes:
/// repeated values skip the shared, locked zone table and the enum scan. `field` names the
/// field (an enum's codes belong to its own declaration): callers give each field of a
/// file its own number, and an entry answers only for the field and bytes it was made
/// from, so two keys that hash alike miss the cache instead of sharing a code.
///
/// A small open-addressing table (linear probing) over `IDHash`, its keys' bytes in one
/// arena: two or three lookups a customer row (time zone, enums) and one a purchase went
/// through a `Dictionary`, whose SipHash and bridging cost about 30 ns a lookup. It
/// stops taking values at half full (a column of thousands of distinct values is rare,
/// and its values then go to the full parser, as every value once did).
struct CategoryCache {
    private struct Entry {
        var hash: UInt64 = 0
        var field: Int32 = 0
        var code: UInt32 = 0
        /// Where the key's bytes are in `arena`; `length` -1: an empty slot.
        var start: Int32 = 0
        var length: Int32 = -1
    }

    private static let capacity = 512
    private var entries = [Entry](repeating: Entry(), count: capacity)
    private var arena: [UInt8] = []
    private var used = 0

    @inline(__always)
    func code(_ bytes: UnsafeBufferPointer<UInt8>, field: Int) -> UInt32? {
        guard let base = bytes.baseAddress else { return nil }
        let hash = Self.hash(bytes, field)
        var slot = Int(truncatingIfNeeded: hash) & (Self.capacity - 1)
        return entries.withUnsafeBufferPointer { entries in
            arena.withUnsafeBufferPointer { arena in
                while true {
                    let entry = entries[slot]
                    if entry.length < 0 { return nil }
                    if entry.hash == hash, entry.field == Int32(truncatingIfNeeded: field), Int(entry.length) == bytes.count,
                       let keys = arena.baseAddress, sameBytes(keys + Int(entry.start), base, bytes.count) {
                        return entry.code
                    }
                    slot = (slot + 1) & (Self.capacity - 1)
                }
            }
        }
    }

    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, field: Int, code: UInt32) {
        guard used < Self.capacity / 2, self.code(bytes, field: field) == nil, arena.count + bytes.count <= Int(Int32.max) else { return }
        let hash = Self.hash(bytes, field)
        var slot = Int(truncatingIfNeeded: hash) & (Self.capacity - 1)
        while entries[slot].length >= 0 { slot = (slot + 1) & (Self.capacity - 1) }
        entries[slot] = Entry(hash: hash, field: Int32(truncatingIfNeeded: field), code: code, start: Int32(arena.count), length: Int32(bytes.count))
        arena.append(contentsOf: bytes)
        used += 1
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>, _ field: Int) -> UInt64 {
        IDHash.hash(bytes) &+ UInt64(truncatingIfNeeded: field) &* 0x9E37_79B9_7F4A_7C15
    }
}
