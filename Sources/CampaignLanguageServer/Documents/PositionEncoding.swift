import CampaignSyntax

/// How LSP positions count characters within a line: UTF-16 code units (the protocol's
/// default) or UTF-8 bytes, when the client offers `utf-8` in
/// `general.positionEncodings` (LSP 3.17).
public enum PositionEncoding: String, Sendable {
    case utf16 = "utf-16"
    case utf8 = "utf-8"

    /// The encoding to use given the client's offer: utf-8 when offered (no conversion
    /// at all), else the default.
    static func negotiate(_ offered: [String]) -> PositionEncoding {
        offered.contains("utf-8") ? .utf8 : .utf16
    }
}

/// An LSP position: a 0-based line and a 0-based character offset in that line.
public struct Position: Sendable, Hashable, Comparable {
    public let line: Int
    public let character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (a: Position, b: Position) -> Bool { (a.line, a.character) < (b.line, b.character) }

    var json: JSONValue { .object([("line", .int(line)), ("character", .int(character))]) }

    /// A position from `{line, character}`, or nil when either is missing or not a
    /// non-negative integer.
    init?(_ value: JSONValue?) {
        guard let line = value?["line"]?.int, let character = value?["character"]?.int, line >= 0, character >= 0 else { return nil }
        self.init(line: line, character: character)
    }
}

/// Byte offsets of one text turned into LSP positions and back, in the negotiated
/// encoding. Positions past a line's end or past the last line are clamped (LSP 3.17:
/// a character beyond the line "defaults back to the line length").
struct PositionMap {
    let source: SourceFile
    let encoding: PositionEncoding

    /// The byte offset of a position, clamped to the text; a position inside a UTF-8 or
    /// UTF-16 sequence moves to the start of its character.
    func offset(of position: Position) -> Int {
        let lines = source.lineStarts
        guard position.line < lines.count else { return source.bytes.count }
        let start = lines[position.line]
        let line = lineContent(position.line)
        switch encoding {
        case .utf8:
            var offset = start + min(position.character, line.count)
            while offset > start, offset < source.bytes.count, source.bytes[offset] & 0xC0 == 0x80 { offset -= 1 }
            return offset
        case .utf16:
            var units = 0
            var offset = start
            for scalar in String(decoding: line, as: UTF8.self).unicodeScalars {
                let width = scalar.utf16.count
                if units + width > position.character { break }
                units += width
                offset += scalar.utf8.count
            }
            return min(offset, line.endIndex)
        }
    }

    /// The position of a byte offset (clamped to the text).
    func position(of offset: Int) -> Position {
        let clamped = min(max(0, offset), source.bytes.count)
        let line = source.line(of: clamped) - 1
        let start = source.lineStarts[line]
        switch encoding {
        case .utf8:
            return Position(line: line, character: clamped - start)
        case .utf16:
            let text = String(decoding: source.bytes[start..<clamped], as: UTF8.self)
            return Position(line: line, character: text.utf16.count)
        }
    }

    func range(_ span: SourceSpan) -> JSONValue {
        .object([("start", position(of: span.start).json), ("end", position(of: span.end).json)])
    }

    /// The bytes of a 0-based line without its line break (`\n` or `\r\n`).
    private func lineContent(_ line: Int) -> ArraySlice<UInt8> {
        source.lineBytes(line + 1)
    }
}

/// An LSP range `{start, end}` read from params.
struct Range: Sendable, Hashable {
    let start: Position
    let end: Position

    init?(_ value: JSONValue?) {
        guard let start = Position(value?["start"]), let end = Position(value?["end"]) else { return nil }
        self.start = min(start, end)
        self.end = max(start, end)
    }
}
