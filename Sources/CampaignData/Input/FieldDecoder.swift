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
    /// The diagnostic of a bad value in `column` of the record on `line`.
    func diagnostic(file: String, line: Int, column: String) -> Diagnostic {
        Diagnostic.data(code, file: file, line: line, column: column, message)
    }
}
