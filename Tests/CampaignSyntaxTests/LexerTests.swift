@testable import CampaignSyntax
import Testing

@Suite struct LexerTests {
    static func kinds(_ text: String) -> [TokenKind] {
        let lexed = Lexer.lex(SourceFile(path: "t", text: text), as: FileID(0))
        return lexed.tokens.map(\.kind).dropLast()
    }

    static func codes(_ text: String) -> [String] {
        Lexer.lex(SourceFile(path: "t", text: text), as: FileID(0)).diagnostics.map(\.code.id)
    }

    @Test(arguments: [
        ("30d", [TokenKind.duration]),
        ("15m 2h 2w", [.duration, .duration, .duration]),
        ("0d", [.duration]),
        ("42", [.number]),
        ("3.5", [.number]),
        ("10%", [.percent]),
        ("12.5%", [.percent]),
        ("09:00", [.timeOfDay]),
        ("23:59", [.timeOfDay]),
        ("2026-12-01", [.date]),
        ("2026-12-01 07:00", [.date, .timeOfDay]),
        ("2026 - 12", [.number, .minus, .number]),
        ("now - 30d", [.keyword(.now), .minus, .duration]),
        ("\"hi\"", [.string]),
        ("\"a \\\"quoted\\\" word\"", [.string]),
        ("\"{% if tier == \"pro\" %}x{% endif %}\"", [.string]),
        ("\"{{ a | default: 'x' }}\"", [.string]),
        ("a.b", [.identifier, .dot, .identifier]),
        ("== != < <= > >= ?? ? = + - * /", [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .doubleQuestion, .question, .assign, .plus, .minus, .star, .slash]),
        ("{ } ( ) , :", [.leftBrace, .rightBrace, .leftParen, .rightParen, .comma, .colon]),
        ("campaign segment event", [.keyword(.campaign), .keyword(.segment), .keyword(.event)]),
        ("email text time", [.identifier, .identifier, .identifier]),
        ("UTC", [.identifier]),
        ("snake_case_1", [.identifier]),
        ("a # comment\nb", [.identifier, .identifier]),
        ("\"#not a comment\"", [.string]),
        ("\"สวัสดี\" \"سلام\" \"안녕\" \"chào\"", [.string, .string, .string, .string]),
    ])
    func tokens(_ text: String, _ expected: [TokenKind]) {
        #expect(Self.kinds(text) == expected)
        #expect(Self.codes(text).isEmpty)
    }

    @Test(arguments: [
        ("30x", "E0007"),
        ("3days", "E0007"),
        ("1.5h", "E0007"),
        ("\"open", "E0004"),
        ("\"a {{ b\"", "E0006"),
        ("\"a {% if x\"", "E0006"),
        ("\"\\q\"", "E0005"),
        ("\"\\u{D800}\"", "E0005"),
        ("\"\\u{41\"", "E0005"),
        ("24:00", "E0008"),
        ("12:60", "E0008"),
        ("9:00", "E0008"),
        ("2026-02-29", "E0009"),
        ("2026-00-10", "E0009"),
        ("2024-02-30", "E0009"),
        ("101%", "E0013"),
        ("1234567890123456", "E0010"),
        ("@", "E0003"),
        ("a;", "E0003"),
        ("'x'", "E0003"),
        ("é", "E0003"),
        ("a\rb", "E0011"),
        ("\ta", "W0001"),
        ("a\r\nb", "W0002"),
        ("# \u{202E}x", "W0003"),
    ])
    func problems(_ text: String, _ code: String) {
        #expect(Self.codes(text) == [code])
    }

    @Test func leapDayIsValidInLeapYearsOnly() {
        #expect(Self.codes("2028-02-29").isEmpty)
        #expect(Self.codes("2000-02-29").isEmpty)
        #expect(Self.codes("2100-02-29") == ["E0009"])
    }

    /// Instants run from 0001-01-01 to 9999-12-31 (`InstantRange`): a date in year 0000
    /// and a duration longer than the whole range are refused where they are written.
    @Test(arguments: [
        ("0001-01-01", [String]()),
        ("9999-12-31", []),
        ("0000-01-01", ["E0009"]),
        ("521722w", []),
        ("521723w", ["E0015"]),
        ("3652058d", []),
        ("3652059d", ["E0015"]),
        ("87649415h", []),
        ("87649416h", ["E0015"]),
        ("5258964959m", []),
        ("5258964960m", ["E0015"]),
        ("999999w", ["E0015"]),
        ("99999999999999999999999w", ["E0015"]),
    ])
    func datesAndDurationsStayInsideTheRangeOfTimes(_ text: String, _ expected: [String]) {
        #expect(Self.codes(text) == expected)
    }

    @Test func durationSecondsNeverOverflow() {
        let span = SourceSpan(file: FileID(0), start: 0, end: 0)
        #expect(DurationLiteral(amount: .max, unit: .weeks, span: span).seconds == .max)
        #expect(DurationLiteral(amount: 521_722, unit: .weeks, span: span).seconds == 521_722 * 604_800)
    }

    @Test func tokensRecordLineStarts() {
        let lexed = Lexer.lex(SourceFile(path: "t", text: "a b\n  c"), as: FileID(0))
        #expect(lexed.tokens.map(\.isAtLineStart) == [true, false, true, false])
    }

    @Test func trailingCommentsAreMarked() {
        let lexed = Lexer.lex(SourceFile(path: "t", text: "# own line\na # trailing\n"), as: FileID(0))
        #expect(lexed.comments.map(\.isTrailing) == [false, true])
    }

    @Test(arguments: [
        ([UInt8]([0xFF]), "invalid UTF-8 byte 0xFF"),
        ([0x61, 0x00], "NUL byte"),
        ([0xE0, 0x80, 0x80], "invalid UTF-8 sequence"),
        ([0xED, 0xA0, 0x80], "invalid UTF-8 sequence"),
        ([0xF4, 0x90, 0x80, 0x80], "invalid UTF-8 sequence"),
        ([0xE2, 0x82], "ends in the middle"),
    ])
    func binaryInputIsOneDiagnostic(_ bytes: [UInt8], _ fragment: String) {
        let lexed = Lexer.lex(SourceFile(path: "t", bytes: bytes), as: FileID(0))
        #expect(lexed.isBinary)
        #expect(lexed.diagnostics.count == 1)
        #expect(lexed.diagnostics.first?.message.contains(fragment) == true)
    }

    @Test func stringValuesResolveEscapes() {
        let raw = Array("\"a\\\"b\\\\c\\n\\t\\u{1F600}\"".utf8)
        #expect(StringLiteral.decode(raw: raw[...]) == "a\"b\\c\n\t😀")
    }

    @Test func sourceOffsetsMapThroughEscapes() {
        let text = "x \"a\\nb{{ c }}\""
        let source = SourceFile(path: "t", text: text)
        let token = Lexer.lex(source, as: FileID(0)).tokens[1]
        let literal = StringLiteral(value: StringLiteral.decode(raw: source.bytes[token.span.start..<token.span.end]),
                                    raw: source.text(token.span), span: token.span)
        #expect(literal.value == "a\nb{{ c }}")
        let valueOffset = Array(literal.value.utf8).firstIndex(of: UInt8(ascii: "c"))!
        let sourceOffset = ValueOffsetMap(literal).sourceOffset(ofValueOffset: valueOffset)
        #expect(source.bytes[sourceOffset] == UInt8(ascii: "c"))
    }

    /// The walk over the raw text that every lookup used to repeat: the reference the map
    /// must agree with.
    static func walkedOffset(_ literal: StringLiteral, _ target: Int) -> Int {
        let raw = Array(literal.raw.utf8)
        var rawIndex = 1
        var valueIndex = 0
        while rawIndex < raw.count - 1, valueIndex < target {
            if raw[rawIndex] == UInt8(ascii: "\\"), rawIndex + 1 < raw.count {
                let escape = StringLiteral.escapeLength(raw, rawIndex)
                rawIndex += escape.raw
                valueIndex += escape.value
            } else {
                rawIndex += 1
                valueIndex += 1
            }
        }
        return literal.span.start + rawIndex
    }

    /// Random literals full of escapes (valid, unknown, an invalid `\u{…}` that yields no
    /// value, one at the very end): the map agrees with the walk at every offset.
    @Test func offsetMapAgreesWithTheWalk() {
        var random = SplitMix64(seed: 2_026)
        let pieces = ["a", "é", "{{ x }}", "\\n", "\\\"", "\\\\", "\\u{1F600}", "\\u{ZZ}", "\\u{e9}", "\\q", " ", "ก"]
        var mismatches: [String] = []
        for _ in 0..<2_000 {
            var body = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            if Bool.random(using: &random) { body += "\\" }
            let raw = "\"" + body + "\""
            let literal = StringLiteral(value: StringLiteral.decode(raw: Array(raw.utf8)[...]), raw: raw, span: SourceSpan(file: FileID(0), start: 7, end: 7 + raw.utf8.count))
            let map = ValueOffsetMap(literal)
            for target in -1...(literal.value.utf8.count + 2) where map.sourceOffset(ofValueOffset: target) != Self.walkedOffset(literal, target) {
                mismatches.append("\(raw) @\(target)")
            }
        }
        #expect(mismatches.count == 0, "\(mismatches.prefix(5))")
    }

    /// The map holds the escapes and nothing else: a megabyte of template without one is
    /// an empty map, and each lookup is arithmetic.
    @Test func offsetMapHoldsOnlyEscapes() {
        let text = String(repeating: "Hi {{ first_name }} ", count: 50_000)
        let literal = StringLiteral(value: text, raw: "\"" + text + "\"", span: SourceSpan(file: FileID(0), start: 0, end: text.utf8.count + 2))
        let map = ValueOffsetMap(literal)
        #expect(map.escapeCount == 0)
        #expect(map.sourceOffset(ofValueOffset: 999_000) == 999_001)
        let escaped = StringLiteral(value: "a\nb", raw: "\"a\\nb\"", span: SourceSpan(file: FileID(0), start: 0, end: 6))
        #expect(ValueOffsetMap(escaped).escapeCount == 1)
    }

    /// The column of the last character (`x`, or the end after `abc`).
    @Test(arguments: [
        ("abc", 4),
        ("สวัสดี x", 6),
        ("안녕 x", 4),
        ("👍🏽 x", 3),
        ("e\u{301} x", 3),
    ])
    func columnsCountVisibleCharacters(_ text: String, _ column: Int) {
        let source = SourceFile(path: "t", text: text)
        let bytes = Array(text.utf8)
        let offset = text.last == "c" ? bytes.count : (bytes.lastIndex(of: UInt8(ascii: "x")) ?? 0)
        #expect(source.location(of: offset).column == column)
    }
}
