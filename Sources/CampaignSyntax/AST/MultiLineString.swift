/// A multi-line string, `"""` … `"""` (docs/language.md §2.2), as Swift writes them: the
/// text starts on the line after the opening quotes and ends with the line before the
/// closing ones, which stand on a line of their own; their indentation is taken off every
/// line of the text, so a body can be indented with the code around it. Escapes are those
/// of a one-line string; a `"` needs none.
///
/// The one reading of such a literal: its value, and how value offsets map back to the raw
/// text (`ValueOffsetMap`, for diagnostics inside templates), and what is wrong with it
/// (for the lexer).
public struct MultiLineString: Sendable {
    /// The quotes that open and close one.
    public static let delimiter: [UInt8] = Array(#"""""#.utf8)

    /// What can be wrong with one, at raw offsets into the literal.
    public enum Problem: Sendable, Equatable {
        /// Text after the opening quotes on their line.
        case textAfterOpening(Range<Int>)
        /// Text before the closing quotes on their line.
        case textBeforeClosing(Range<Int>)
        /// A line of text indented less than the closing quotes (its first byte).
        case underIndented(at: Int)
        /// No closing quotes.
        case unterminated
    }

    /// The value, UTF-8.
    public let value: [UInt8]
    /// The raw text taken out of the value (the opening line, each line's indentation, an
    /// escape's backslash): where the value and the raw text stop advancing together.
    let escapes: [ValueOffsetMap.Escape]
    /// The raw offset where the value ends: the line break before the closing quotes.
    let rawLimit: Int
    public let problems: [Problem]

    /// Whether raw literal bytes open a multi-line string.
    public static func opens(_ raw: some Collection<UInt8>) -> Bool { raw.starts(with: delimiter) }

    /// Reads a raw literal that starts with `"""` (and, when terminated, ends with it).
    public init(raw: [UInt8]) {
        var problems: [Problem] = []
        let closed = raw.count >= 6 && raw.suffix(3).elementsEqual(Self.delimiter) && !Self.escaped(raw, at: raw.count - 3)
        let end = closed ? raw.count - 3 : raw.count
        if !closed { problems.append(.unterminated) }
        // The opening line: only spaces after the quotes.
        var firstLineEnd = 3
        while firstLineEnd < end, raw[firstLineEnd] != 0x0A { firstLineEnd += 1 }
        let opening = 3..<firstLineEnd
        if opening.contains(where: { !Self.isSpace(raw[$0]) && raw[$0] != 0x0D }) { problems.append(.textAfterOpening(opening)) }
        // `""""""`: the closing quotes on the opening line.
        if closed, firstLineEnd >= end, problems.isEmpty { problems.append(.textBeforeClosing(end..<(end + 3))) }
        // The closing line: its indentation is what every line loses.
        var lastLineStart = end
        while lastLineStart > firstLineEnd, raw[lastLineStart - 1] != 0x0A { lastLineStart -= 1 }
        let hasBody = lastLineStart > firstLineEnd
        let closingPrefix = hasBody ? lastLineStart..<end : end..<end
        if closed, closingPrefix.contains(where: { !Self.isSpace(raw[$0]) }) { problems.append(.textBeforeClosing(closingPrefix)) }
        let indentation = closed ? Array(raw[closingPrefix].prefix { Self.isSpace($0) }) : []
        // The text: the lines between, each without the indentation.
        var value: [UInt8] = []
        var escapes: [ValueOffsetMap.Escape] = []
        // The value's end is the line break before the closing line (with its `\r`).
        var textEnd = hasBody ? lastLineStart - 1 : firstLineEnd
        if textEnd > firstLineEnd, raw[textEnd - 1] == 0x0D { textEnd -= 1 }
        var i = min(firstLineEnd + 1, textEnd)
        escapes.append(ValueOffsetMap.Escape(valueStart: 0, valueEnd: 0, rawEnd: i))
        var lineStart = true
        while i < textEnd {
            if lineStart {
                lineStart = false
                var j = i, matched = 0
                while j < textEnd, matched < indentation.count, raw[j] == indentation[matched] { j += 1; matched += 1 }
                let blank = raw[j..<textEnd].prefix { $0 != 0x0A && $0 != 0x0D }.allSatisfy(Self.isSpace)
                if matched < indentation.count && !blank { problems.append(.underIndented(at: j)) }
                if blank { while j < textEnd, Self.isSpace(raw[j]) { j += 1 } }
                if j > i { escapes.append(ValueOffsetMap.Escape(valueStart: value.count, valueEnd: value.count, rawEnd: j)) }
                i = j
                continue
            }
            let byte = raw[i]
            if byte == 0x0D, i + 1 < textEnd, raw[i + 1] == 0x0A {
                // CRLF is one line break in the value.
                value.append(0x0A)
                escapes.append(ValueOffsetMap.Escape(valueStart: value.count - 1, valueEnd: value.count, rawEnd: i + 2))
                i += 2
                lineStart = true
                continue
            }
            if byte == 0x0A {
                value.append(byte)
                i += 1
                lineStart = true
                continue
            }
            if byte == UInt8(ascii: "\\"), i + 1 < textEnd {
                let length = StringLiteral.escapeLength(raw, i)
                let start = value.count
                value.append(contentsOf: Array(StringLiteral.decode(escape: raw[i..<min(i + length.raw, textEnd)]).utf8))
                escapes.append(ValueOffsetMap.Escape(valueStart: start, valueEnd: value.count, rawEnd: i + length.raw))
                i += length.raw
                continue
            }
            value.append(byte)
            i += 1
        }
        self.value = value
        self.escapes = escapes
        self.rawLimit = max(textEnd, escapes.last?.rawEnd ?? textEnd)
        self.problems = problems
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// Whether the byte at `index` follows an odd number of backslashes.
    static func escaped(_ raw: [UInt8], at index: Int) -> Bool {
        var count = 0, i = index - 1
        while i >= 0, raw[i] == UInt8(ascii: "\\") { count += 1; i -= 1 }
        return count % 2 == 1
    }
}
