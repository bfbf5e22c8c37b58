/// One field of a CSV record: a byte range, and whether it needs `""` → `"` unescaping.
public struct CSVField: Sendable {
    public var start: Int
    public var end: Int
    public var hasEscapedQuotes: Bool

    /// The field's bytes in `buffer`, with `""` unescaped (a copy only when needed).
    public func withValue<R>(in buffer: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let slice = UnsafeBufferPointer(rebasing: buffer[start..<end])
        guard hasEscapedQuotes else { return body(slice) }
        var copy: [UInt8] = []
        copy.reserveCapacity(slice.count)
        var i = 0
        while i < slice.count {
            copy.append(slice[i])
            i += slice[i] == UInt8(ascii: "\"") && i + 1 < slice.count && slice[i + 1] == UInt8(ascii: "\"") ? 2 : 1
        }
        return copy.withUnsafeBufferPointer(body)
    }
}

/// Splits CSV bytes into records and fields (RFC 4180): quoted fields with `""` escapes,
/// embedded commas and newlines, CRLF or LF line ends, a UTF-8 byte-order mark. Works on
/// the raw bytes; fields are ranges, never strings.
public struct CSVScanner {
    public let bytes: UnsafeBufferPointer<UInt8>
    public private(set) var position: Int
    public let end: Int
    /// The physical line of the next byte (1-based).
    public private(set) var line: Int
    /// The bytes ended inside a quoted field: when they are one part of a file, the part
    /// was cut at a line break inside a value.
    public private(set) var endedInsideQuotes = false

    /// `fileStart`: `bytes` start at the start of a file, where a byte-order mark is skipped
    /// (a window of a file read in windows starts elsewhere).
    public init(bytes: UnsafeBufferPointer<UInt8>, start: Int = 0, end: Int? = nil, line: Int = 1, fileStart: Bool = true) {
        self.bytes = bytes
        self.end = end ?? bytes.count
        var position = start
        if fileStart, position == 0, self.end >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        self.position = position
        self.line = line
    }

    public enum Outcome {
        /// A record starting on this line.
        case record(line: Int)
        /// A malformed quote on this line; the scanner has moved past the record.
        case malformed(line: Int, message: String)
        case end
    }

    /// Reads the next non-blank record into `fields` (resized to the record's field count).
    public mutating func next(into fields: inout [CSVField]) -> Outcome {
        let start = (position, line)
        var room = max(fields.count, 16)
        while true {
            // Grown in place: the array's capacity carries over from record to record.
            if fields.count < room { fields.append(contentsOf: repeatElement(CSVField(start: -1, end: -1, hasEscapedQuotes: false), count: room - fields.count)) }
            var count = 0
            let outcome = fields.withUnsafeMutableBufferPointer { next(into: $0, count: &count) }
            if count <= fields.count {
                fields.removeLast(fields.count - count)
                return outcome
            }
            // More fields than room: read the record again into an array that holds them.
            (position, line) = start
            endedInsideQuotes = false
            room = count
        }
    }

    /// Reads the next non-blank record's fields into `fields` (no allocation, no checks
    /// per field: the row loop's path). `count` is the record's field count, which may
    /// exceed the buffer; fields past its end are counted, not stored.
    public mutating func next(into fields: UnsafeMutableBufferPointer<CSVField>, count: inout Int) -> Outcome {
        count = 0
        @inline(__always) func add(_ field: CSVField) {
            if count < fields.count { fields[count] = field }
            count += 1
        }
        // Blank lines carry no record.
        while position < end, bytes[position] == 0x0A || (bytes[position] == 0x0D && position + 1 < end && bytes[position + 1] == 0x0A) {
            position += bytes[position] == 0x0D ? 2 : 1
            line += 1
        }
        guard position < end else { return .end }
        let startLine = line
        while true {
            if position < end, bytes[position] == UInt8(ascii: "\"") {
                let open = position
                position += 1
                var escaped = false
                var closed = false
                while position < end {
                    let byte = bytes[position]
                    if byte == UInt8(ascii: "\"") {
                        if position + 1 < end, bytes[position + 1] == UInt8(ascii: "\"") {
                            escaped = true
                            position += 2
                            continue
                        }
                        closed = true
                        position += 1
                        break
                    }
                    if byte == 0x0A { line += 1 }
                    position += 1
                }
                guard closed else {
                    endedInsideQuotes = true
                    return .malformed(line: startLine, message: "a quoted field opened on this line is never closed, so the rest of the file would be one value; close the quote")
                }
                add(CSVField(start: open + 1, end: position - 1, hasEscapedQuotes: escaped))
                if position < end, bytes[position] != UInt8(ascii: ","), bytes[position] != 0x0A, bytes[position] != 0x0D {
                    skipRecord()
                    return .malformed(line: startLine, message: "text after a closing quote; a quote inside a quoted field is written \"\"")
                }
            } else {
                let start = position
                // `,` `"` `\n` `\r` are all below 64: one mask test per byte finds them.
                let special: UInt64 = 1 << 44 | 1 << 34 | 1 << 10 | 1 << 13
                position = Self.nextSpecial(bytes, from: position, end: end)
                while position < end {
                    let byte = bytes[position]
                    if byte < 64, (special >> UInt64(byte)) & 1 != 0 {
                        if byte != UInt8(ascii: "\"") { break }
                        skipRecord()
                        return .malformed(line: startLine, message: "a quote inside an unquoted field; quote the whole field and write \"\" for the quote")
                    }
                    // A byte below `,` that is none of them (a space, say): on a word at a time.
                    position = Self.nextSpecial(bytes, from: position + 1, end: end)
                }
                add(CSVField(start: start, end: position, hasEscapedQuotes: false))
            }
            guard position < end else { return .record(line: startLine) }
            let byte = bytes[position]
            if byte == UInt8(ascii: ",") {
                position += 1
                continue
            }
            if byte == 0x0D {
                position += 1
                if position < end, bytes[position] == 0x0A { position += 1 }
            } else {
                position += 1
            }
            line += 1
            return .record(line: startLine)
        }
    }

    /// The first position at or after `from` that may hold `,` `"` `\n` or `\r`, eight
    /// bytes at a time: all four are below `-` (0x2D), and a word has a byte below it
    /// exactly when "has less than" (subtract 0x2D from every byte, keep the high bits of
    /// those that borrowed and were not already high) flags one; the lowest flagged byte is
    /// always a real one (a borrow only runs upward). One test a word instead of one per
    /// delimiter; a byte below `-` that is no delimiter (a space, `!`, `#`…) stops the word
    /// loop at it, and the caller's byte loop goes on past it. Stops 8 bytes before the
    /// end; the caller's byte loop finishes.
    @inline(__always)
    static func nextSpecial(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> Int {
        guard let base = bytes.baseAddress else { return from }
        let raw = UnsafeRawPointer(base)
        var position = from
        let below: UInt64 = 0x2D2D_2D2D_2D2D_2D2D
        let highs: UInt64 = 0x8080_8080_8080_8080
        while position + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            let found = (word &- below) & ~word & highs
            if found != 0 { return position + found.trailingZeroBitCount / 8 }
            position += 8
        }
        return position
    }

    /// After a malformed field: skip to the end of the line.
    private mutating func skipRecord() {
        while position < end, bytes[position] != 0x0A { position += 1 }
        if position < end {
            position += 1
            line += 1
        }
    }

    public func string(_ field: CSVField) -> String {
        field.withValue(in: bytes) { String(decoding: $0, as: UTF8.self) }
    }
}
