import CampaignSyntax

/// The one decoding of a field's bytes by its declared type, shared by the customer and
/// the event reader, CSV and NDJSON alike: the fast byte parsers (`FieldParsing.fast`),
/// the cache of enum values and time zones already seen, the full parser for the rest (and
/// for the message of an invalid value), and text kept where it lies in the file or, with
/// `""` escapes, copied into the row's scratch buffer. One per chunk: its cache and its
/// scratch buffer are reused row after row, so a field costs no allocation.
struct FieldDecoder {
    private var categories = CategoryCache()
    /// The unescaped text of the current row's fields (`PendingValue.textCopy` points here).
    private var scratch: [UInt8] = []

    /// Starts a row. Cleared by count, not `removeAll(keepingCapacity:)`, which goes through
    /// `replaceSubrange` on every row.
    @inline(__always)
    mutating func startRow() {
        if !scratch.isEmpty { scratch.removeLast(scratch.count) }
    }

    /// The value of a field that is present and not empty (`CSVField.isEmpty`), or what was
    /// wrong with it. `cacheKey` tells the field's slot apart from every other one in the
    /// category cache; `parse` is the slot's full parser (`FieldParser.parse`), asked only
    /// for enums and time zones not seen before, text, and invalid values.
    @inline(__always)
    mutating func decode(_ field: CSVField, in buffer: UnsafeBufferPointer<UInt8>, kind: StorageKind, cacheKey: Int,
                         parse: (UnsafeBufferPointer<UInt8>) -> Result<PendingValue, FieldError>) -> Result<PendingValue, FieldError> {
        let bytes = UnsafeBufferPointer(rebasing: buffer[field.start..<field.end])
        var result: Result<PendingValue, FieldError>
        if !field.hasEscapedQuotes, let value = FieldParsing.fast(bytes, kind) {
            result = .success(value)
        } else if !field.hasEscapedQuotes, case .category = kind, let code = categories.code(bytes, field: cacheKey) {
            return .success(.category(code))
        } else {
            result = field.withValue(in: buffer, parse)
            if !field.hasEscapedQuotes, case .success(.category(let code)) = result { categories.insert(bytes, field: cacheKey, code: code) }
        }
        // `.missing` from a parser: valid text (an email, a phone, text), kept as it is.
        if case .success(.missing) = result {
            if field.hasEscapedQuotes {
                let start = scratch.count
                field.withValue(in: buffer) { scratch.append(contentsOf: $0) }
                result = .success(.textCopy(start, scratch.count))
            } else {
                result = .success(.text(field.start, field.end, escaped: false))
            }
        }
        return result
    }

    /// Calls `body` with the row's scratch buffer (empty, and no pointer, when no field
    /// needed unescaping).
    @inline(__always)
    func withScratch<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        scratch.isEmpty ? body(UnsafeBufferPointer(start: nil, count: 0)) : scratch.withUnsafeBufferPointer(body)
    }
}

extension CSVField {
    /// Absent from the record (start -1: no such column) or an empty cell.
    @inline(__always)
    var isEmpty: Bool { start < 0 || start >= end }
}

extension FieldError {
    /// The diagnostic of a bad value in `column` of the record on `line`, its cell starting
    /// at character `cell` when known.
    func diagnostic(file: String, line: Int, column: String, cell: Int?) -> Diagnostic {
        Diagnostic.data(code, file: file, line: line, column: column, cell: cell, message)
    }
}

/// Where a row's cells start, counted as `check` counts columns, for the machine formats'
/// place of a bad value (`DataLocation.cellColumn`). Worked out only for a diagnostic: the
/// row loop carries two numbers and a pointer.
struct CellPlaces {
    /// The file's bytes.
    let bytes: UnsafeBufferPointer<UInt8>
    /// Where the record's first cell starts in `bytes` (CSV; at its quote, if quoted), or
    /// its line (NDJSON); -1 when unknown.
    let recordStart: Int
    /// NDJSON: per wanted slot, where its key starts in `bytes`, or -1 when not on this
    /// record; nil for CSV, whose cells are found from their fields.
    let keys: UnsafeBufferPointer<Int>?

    /// No place: a row whose problem is the record itself.
    static var none: CellPlaces { CellPlaces(bytes: UnsafeBufferPointer(start: nil, count: 0), recordStart: -1, keys: nil) }

    /// The character where wanted slot `slot` (read as `field`) starts, or nil when it is
    /// absent or not on the record's first line (a quoted CSV value can span lines).
    func column(_ slot: Int, _ field: CSVField) -> Int? {
        guard recordStart >= 0, recordStart <= bytes.count else { return nil }
        // A CSV record also ends at a lone carriage return.
        let lineStart = bytes[..<recordStart].lastIndex { $0 == 0x0A || $0 == 0x0D }.map { $0 + 1 } ?? 0
        if let keys {
            guard slot < keys.count, keys[slot] >= lineStart, keys[slot] <= bytes.count else { return nil }
            return ColumnCheck.position(of: keys[slot], lineStart: lineStart, in: bytes)
        }
        guard field.start >= recordStart, field.start <= bytes.count else { return nil }
        // A quoted cell starts at its opening quote.
        let start = field.start > recordStart && bytes[field.start - 1] == UInt8(ascii: "\"") ? field.start - 1 : field.start
        if bytes[recordStart..<start].contains(where: { $0 == 0x0A || $0 == 0x0D }) { return nil }
        return ColumnCheck.position(of: start, lineStart: lineStart, in: bytes)
    }
}
