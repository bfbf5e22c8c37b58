/// What the lexer makes of a file: tokens (ending with `.endOfFile`), comments kept aside
/// for the formatter, and the problems it found.
public struct LexedFile: Sendable {
    public let tokens: [Token]
    public let comments: [Comment]
    public let diagnostics: [Diagnostic]
    /// The file is not text (invalid UTF-8 or NUL bytes): nothing else should be reported.
    public let isBinary: Bool
}

/// Turns a file's bytes into tokens. Works on bytes, never on `String`, so checking a
/// thousand files stays well under a second. Every problem becomes a diagnostic and a
/// token (`.invalid`, or the best reading of a damaged literal) so the parser can go on.
public struct Lexer {
    private let bytes: [UInt8]
    private let file: FileID
    private var position = 0
    private var tokens: [Token] = []
    private var comments: [Comment] = []
    private var diagnostics: [Diagnostic] = []
    private var sawNewline = true
    private var tokenOnThisLine = false
    private var tabCount = 0
    private var firstTab: Int?
    private var crlfCount = 0
    private var firstCRLF: Int?

    public init(file: FileID, bytes: [UInt8]) {
        self.file = file
        self.bytes = bytes
    }

    public static func lex(_ source: SourceFile, as file: FileID) -> LexedFile {
        var lexer = Lexer(file: file, bytes: source.bytes)
        return lexer.run()
    }

    public mutating func run() -> LexedFile {
        if let problem = Self.binaryProblem(bytes) {
            let span = SourceSpan(file: file, start: problem.offset, end: min(problem.offset + 1, bytes.count))
            let diagnostic = Diagnostic(
                .notUTF8, problem.message, at: span, label: "here",
                help: "campaign files are UTF-8 text; save the file as UTF-8 or check that you named the right file")
            return LexedFile(
                tokens: [Token(kind: .endOfFile, span: SourceSpan(file: file, start: bytes.count, end: bytes.count), isAtLineStart: true)],
                comments: [], diagnostics: [diagnostic], isBinary: true)
        }
        tokens.reserveCapacity(bytes.count / 4)
        while true {
            skipTrivia()
            guard position < bytes.count else { break }
            lexToken()
        }
        add(.endOfFile, from: bytes.count)
        reportWhitespaceHabits()
        return LexedFile(tokens: tokens, comments: comments, diagnostics: diagnostics, isBinary: false)
    }

    // MARK: - Trivia

    private mutating func skipTrivia() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "):
                position += 1
            case UInt8(ascii: "\t"):
                tabCount += 1
                if firstTab == nil { firstTab = position }
                position += 1
            case UInt8(ascii: "\n"):
                newline()
                position += 1
            case UInt8(ascii: "\r"):
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\n") {
                    crlfCount += 1
                    if firstCRLF == nil { firstCRLF = position }
                    position += 2
                    newline()
                } else {
                    report(.strayCarriageReturn, "carriage return (\\r) not followed by a line feed",
                           from: position, to: position + 1, label: "here",
                           help: "end lines with \\n (or \\r\\n); `campaign fmt -w` rewrites line endings")
                    position += 1
                    newline()
                }
            case UInt8(ascii: "#"):
                let start = position
                while position < bytes.count, bytes[position] != UInt8(ascii: "\n") { position += 1 }
                var end = position
                if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                checkBidiControls(from: start, to: end, inside: "comment")
                comments.append(Comment(span: span(start, end), isTrailing: tokenOnThisLine))
            default:
                return
            }
        }
    }

    private mutating func newline() {
        sawNewline = true
        tokenOnThisLine = false
    }

    private mutating func reportWhitespaceHabits() {
        if let first = firstTab {
            let more = tabCount > 1 ? ["\(tabCount - 1) more tab\(tabCount == 2 ? "" : "s") in this file"] : []
            diagnostics.append(Diagnostic(
                .tabCharacter, "tab character used for layout", at: span(first, first + 1),
                label: "tab", notes: more,
                help: "indent with spaces; `campaign fmt -w` rewrites the file",
                fixIt: .init("replace the tab with two spaces", edits: [.init(span(first, first + 1), "  ")])))
        }
        if let first = firstCRLF {
            diagnostics.append(Diagnostic(
                .crlfLineEndings, "file uses CRLF (Windows) line endings", at: span(first, first + 2),
                label: "\\r\\n", notes: crlfCount > 1 ? ["\(crlfCount) lines end in \\r\\n"] : [],
                help: "`campaign fmt -w` rewrites the file with \\n line endings"))
        }
    }

    // MARK: - Tokens

    private mutating func lexToken() {
        let start = position
        let byte = bytes[position]
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            while position < bytes.count, Self.isIdentifierByte(bytes[position]) { position += 1 }
            let kind: TokenKind = Self.keyword(bytes, start, position).map { .keyword($0) } ?? .identifier
            add(kind, from: start)
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            lexNumberLike()
        case UInt8(ascii: "\""):
            if peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") { lexMultiLineString() } else { lexString() }
        case UInt8(ascii: "{"): single(.leftBrace)
        case UInt8(ascii: "}"): single(.rightBrace)
        case UInt8(ascii: "("): single(.leftParen)
        case UInt8(ascii: ")"): single(.rightParen)
        case UInt8(ascii: ","): single(.comma)
        case UInt8(ascii: ":"): single(.colon)
        case UInt8(ascii: "."): single(.dot)
        case UInt8(ascii: "+"): single(.plus)
        case UInt8(ascii: "-"): single(.minus)
        case UInt8(ascii: "*"): single(.star)
        case UInt8(ascii: "/"): single(.slash)
        case UInt8(ascii: "="):
            if peek(1) == UInt8(ascii: "=") { double(.equal) } else { single(.assign) }
        case UInt8(ascii: "!"):
            if peek(1) == UInt8(ascii: "=") {
                double(.notEqual)
            } else {
                unexpected(help: "write `not` for negation")
            }
        case UInt8(ascii: "<"):
            if peek(1) == UInt8(ascii: "=") { double(.lessEqual) } else { single(.less) }
        case UInt8(ascii: ">"):
            if peek(1) == UInt8(ascii: "=") { double(.greaterEqual) } else { single(.greater) }
        case UInt8(ascii: "?"):
            if peek(1) == UInt8(ascii: "?") { double(.doubleQuestion) } else { single(.question) }
        case UInt8(ascii: "&"):
            unexpected(help: peek(1) == UInt8(ascii: "&") ? "write `and` to combine conditions" : nil)
        case UInt8(ascii: "|"):
            unexpected(help: peek(1) == UInt8(ascii: "|") ? "write `or` for either condition" : nil)
        case UInt8(ascii: ";"):
            unexpected(help: "each clause ends at the end of its line; remove the `;`")
        case UInt8(ascii: "'"):
            lexSingleQuoted()
        default:
            unexpected(help: nil)
        }
    }

    private mutating func single(_ kind: TokenKind) {
        let start = position
        position += 1
        add(kind, from: start)
    }

    private mutating func double(_ kind: TokenKind) {
        let start = position
        position += 2
        add(kind, from: start)
    }

    /// A run of characters the grammar has no use for becomes one diagnostic and one token.
    private mutating func unexpected(help: String?) {
        let start = position
        repeat {
            position += Self.utf8Length(bytes[position])
        } while position < bytes.count && Self.isUnexpectedStart(bytes[position])
            && bytes[start] != UInt8(ascii: "!") && bytes[start] != UInt8(ascii: ";")
        position = min(position, bytes.count)
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        let shown = text.count > 20 ? String(text.prefix(20)) + "…" : text
        let what = text.count == 1 ? "character" : "characters"
        report(.unexpectedCharacter, "unexpected \(what) `\(shown)`", from: start, to: position,
               label: "not part of the campaign language", help: help ?? Self.outsideStringHelp(text))
        add(.invalid, from: start)
    }

    private static func outsideStringHelp(_ text: String) -> String? {
        text.unicodeScalars.contains(where: { $0.value > 0x7F })
            ? "names are ASCII snake_case; text in other scripts belongs inside a string \"…\"" : nil
    }

    private static func isUnexpectedStart(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: " "),
             UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\""),
             UInt8(ascii: "#"), UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "."),
             UInt8(ascii: "="), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "+"),
             UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "/"), UInt8(ascii: "?"):
            return false
        default:
            return true
        }
    }

    // MARK: - Numbers, durations, percentages, times, dates

    private mutating func lexNumberLike() {
        let start = position
        if let end = matchDate(at: start) {
            position = end
            validateDate(start, end)
            add(.date, from: start)
            return
        }
        if let end = matchTime(at: start) {
            position = end
            validateTime(start, end)
            add(.timeOfDay, from: start)
            return
        }
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "."), Self.isDigit(bytes[position + 1]) {
            position += 1
            while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
        }
        let numberEnd = position
        if position < bytes.count, bytes[position] == UInt8(ascii: "%") {
            position += 1
            let value = Double(String(decoding: bytes[start..<numberEnd], as: UTF8.self)) ?? 0
            if value > 100 {
                report(.invalidPercentage, "a percentage must be between 0% and 100%", from: start, to: position,
                       label: "more than 100%")
            }
            add(.percent, from: start)
            return
        }
        if position < bytes.count, Self.isIdentifierStart(bytes[position]) {
            let unitStart = position
            while position < bytes.count, Self.isIdentifierByte(bytes[position]) { position += 1 }
            validateDuration(start: start, unitStart: unitStart)
            add(.duration, from: start)
            return
        }
        if numberEnd - start > 15 {
            report(.invalidNumber, "number too long", from: start, to: numberEnd,
                   label: "more than 15 digits", help: "numbers are limited to 15 significant digits")
        }
        add(.number, from: start)
    }

    private mutating func validateDuration(start: Int, unitStart: Int) {
        switch DurationSyntax.read(bytes[start..<position]) {
        case .valid, .malformed:
            break
        case .unknownUnit(let number, let unit, _) where DurationSyntax.clockTime(number: number, suffix: unit) != nil:
            // `9pm`: a time of day in the 12-hour style; the language writes `21:00`.
            let clock = DurationSyntax.clockTime(number: number, suffix: unit) ?? ""
            report(.invalidTimeOfDay, "`\(number)\(unit)` is a time of day; times of day are written on the 24-hour clock, as `\(clock)`",
                   from: start, to: position, label: "a time of day", help: "write `\(clock)`",
                   fixIt: .init("write `\(clock)`", edits: [.init(span(start, position), clock)]))
        case .unknownUnit(let number, let unit, _) where DurationSyntax.isCalendarUnit(unit):
            let advice = DurationSyntax.calendarAdvice(number: number, unit: unit, written: number + unit)
            report(.invalidDuration, advice.message, from: start, to: position, label: "not an exact duration", help: advice.help)
        case .unknownUnit(let number, let unit, let meant):
            let fix = meant.map {
                Diagnostic.FixIt("write `\(number)\($0.rawValue)`", edits: [.init(span(unitStart, position), $0.rawValue)])
            }
            report(.invalidDuration, "invalid duration unit `\(unit)` in `\(number)\(unit)`",
                   from: start, to: position, label: "unknown unit",
                   help: meant.map { "write `\(number)\($0.rawValue)`; units are m (minutes), h (hours), d (days), w (weeks)" }
                       ?? "units are m (minutes), h (hours), d (days), w (weeks), as in `30d`",
                   fixIt: fix)
        case .fractional:
            report(.invalidDuration, "a duration is a whole number of units", from: start, to: position,
                   label: "fractional duration", help: "use a smaller unit: `90m` rather than `1.5h`")
        case .tooLong:
            let unit = DurationUnit(rawValue: String(decoding: bytes[unitStart..<position], as: UTF8.self)) ?? .weeks
            report(.durationTooLong, "`\(String(decoding: bytes[start..<position], as: UTF8.self))` is longer than the whole range of times, \(InstantRange.description)",
                   from: start, to: position, label: "longer than 9,999 years",
                   help: "the longest duration is \(DurationSyntax.longest(in: unit))\(unit.rawValue); a wait or a window that never ends within any plan is better left out")
        }
    }

    /// `YYYY-MM-DD` (digits at fixed places, not followed by a name character).
    private func matchDate(at start: Int) -> Int? {
        guard start + 10 <= bytes.count else { return nil }
        for i in 0..<10 {
            let byte = bytes[start + i]
            if i == 4 || i == 7 {
                if byte != UInt8(ascii: "-") { return nil }
            } else if !Self.isDigit(byte) {
                return nil
            }
        }
        if start + 10 < bytes.count, Self.isIdentifierByte(bytes[start + 10]) { return nil }
        return start + 10
    }

    /// `H:MM` or `HH:MM` (the one-digit form is reported by `validateTime`).
    private func matchTime(at start: Int) -> Int? {
        var i = start
        while i < bytes.count, i - start < 2, Self.isDigit(bytes[i]) { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
        guard i > start, i + 3 <= bytes.count, Self.isDigit(bytes[i + 1]), Self.isDigit(bytes[i + 2]) else {
            return nil
        }
        let end = i + 3
        if end < bytes.count, Self.isIdentifierByte(bytes[end]) || bytes[end] == UInt8(ascii: ":") {
            return nil
        }
        return end
    }

    private mutating func validateDate(_ start: Int, _ end: Int) {
        let year = Self.digits(bytes, start, start + 4)
        let month = Self.digits(bytes, start + 5, start + 7)
        let day = Self.digits(bytes, start + 8, start + 10)
        guard let problem = CivilCalendar.dateProblem(year: year, month: month, day: day) else { return }
        let label = year < 1 ? "years run from 0001 to 9999" : !(1...12).contains(month) ? "month must be 01 to 12" : "no such day"
        report(.invalidDate, "invalid date: \(problem)", from: start, to: end, label: label, help: "dates are written YYYY-MM-DD, as in `2026-12-01`")
    }

    private mutating func validateTime(_ start: Int, _ end: Int) {
        let colon = bytes[start + 1] == UInt8(ascii: ":") ? start + 1 : start + 2
        let hour = Self.digits(bytes, start, colon)
        let minute = Self.digits(bytes, colon + 1, end)
        if colon - start == 1 {
            let fixed = "0" + String(decoding: bytes[start..<end], as: UTF8.self)
            report(.invalidTimeOfDay, "times of day have two-digit hours", from: start, to: end,
                   label: "write `\(fixed)`", fixIt: .init("write `\(fixed)`", edits: [.init(span(start, end), fixed)]))
        } else if hour > 23 {
            report(.invalidTimeOfDay, "invalid time of day: hour \(hour) is past 23", from: start, to: end,
                   label: "hours run 00 to 23", help: "midnight is `00:00`")
        } else if minute > 59 {
            report(.invalidTimeOfDay, "invalid time of day: minute \(minute) is past 59", from: start, to: end,
                   label: "minutes run 00 to 59")
        }
    }

    // MARK: - Strings and template tags

    /// A string runs to the next `"` on the same line. Inside `{{ … }}` and `{% … %}` quotes
    /// belong to the template (`{% if tier == "pro" %}`), so they do not end the string.
    private mutating func lexString() {
        let start = position
        position += 1
        var tagStart: Int? = nil
        var tagCloser: UInt8 = 0
        var innerQuote: UInt8? = nil
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && peek(1) == UInt8(ascii: "\n")) {
                break
            }
            if byte == UInt8(ascii: "\\") {
                lexEscape()
                continue
            }
            if let quote = innerQuote {
                if byte == quote { innerQuote = nil }
                position += 1
                continue
            }
            if tagStart != nil {
                if (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")) {
                    innerQuote = byte
                } else if byte == tagCloser, peek(1) == UInt8(ascii: "}") {
                    tagStart = nil
                    position += 2
                    continue
                }
                position += 1
                continue
            }
            if byte == UInt8(ascii: "\"") {
                position += 1
                checkBidiControls(from: start, to: position, inside: "string")
                add(.string, from: start)
                return
            }
            if byte == UInt8(ascii: "{"), let next = peek(1), next == UInt8(ascii: "{") || next == UInt8(ascii: "%") {
                tagStart = position
                tagCloser = next == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "%")
                position += 2
                continue
            }
            position += 1
        }
        // The closing braces at the end of the line most likely belong to the blocks the
        // string sits in (`{ text "Hello }`): leave them out of it, so one missing quote
        // does not also unbalance every block around it.
        var last = position - 1
        while last > start, [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "}"), UInt8(ascii: ")")].contains(bytes[last]) {
            last -= 1
        }
        if bytes[(last + 1)..<position].contains(UInt8(ascii: "}")) { position = last + 1 }
        if let tag = tagStart {
            let opener = tagCloser == UInt8(ascii: "}") ? "{{" : "{%"
            let closer = tagCloser == UInt8(ascii: "}") ? "}}" : "%}"
            report(.unterminatedTemplate, "template tag `\(opener)` is not closed", from: tag, to: tag + 2,
                   label: "opened here", secondary: [.init(span(start, start + 1), "in this string")],
                   help: "close it with `\(closer)` before the end of the string")
        } else {
            report(.unterminatedString, "unterminated string", from: start, to: start + 1,
                   label: "this string is not closed on its line",
                   help: "add the closing `\"`; strings end on the line they start (write \\n for a line break)")
        }
        checkBidiControls(from: start, to: position, inside: "string")
        add(.string, from: start)
    }

    /// `"""` to the next `"""` not escaped, over as many lines as it takes; what is wrong
    /// with its layout is `MultiLineString`'s to say (docs/language.md §2.2).
    private mutating func lexMultiLineString() {
        let start = position
        position += 3
        while position < bytes.count {
            if bytes[position] == UInt8(ascii: "\\") {
                // An escape, or a backslash ending a line (reported by `lexEscape`).
                lexEscape()
                continue
            }
            if bytes[position] == UInt8(ascii: "\""), peek(1) == UInt8(ascii: "\""), peek(2) == UInt8(ascii: "\"") {
                position += 3
                break
            }
            position += 1
        }
        let text = MultiLineString(raw: Array(bytes[start..<position]))
        for problem in text.problems {
            switch problem {
            case .unterminated:
                report(.unterminatedString, "unterminated multi-line string", from: start, to: start + 3,
                       label: "opened here", help: "end it with `\"\"\"` on a line of its own")
            case .textAfterOpening(let range):
                report(.unterminatedString, "a multi-line string's text starts on the line after the opening `\"\"\"`",
                       from: start + range.lowerBound, to: start + range.upperBound, label: "text on the opening line",
                       help: "break the line after `\"\"\"`; for one line of text, write \"…\"")
            case .textBeforeClosing(let range):
                report(.unterminatedString, "the closing `\"\"\"` of a multi-line string stands on a line of its own",
                       from: start + range.lowerBound, to: start + range.upperBound, label: "text before the closing quotes",
                       help: "break the line before the closing `\"\"\"`")
            case .underIndented(let offset):
                report(.unterminatedString, "this line of a multi-line string is indented less than its closing `\"\"\"`",
                       from: start + offset, to: start + offset + 1, label: "less indented",
                       help: "indent every line at least as far as the closing `\"\"\"`; that indentation is not part of the text")
            }
        }
        checkBidiControls(from: start, to: position, inside: "string")
        add(.string, from: start)
    }

    /// `'text'` is read as a string (so parsing goes on) and reported with a fix-it.
    private mutating func lexSingleQuoted() {
        let start = position
        position += 1
        while position < bytes.count, bytes[position] != UInt8(ascii: "'"), bytes[position] != UInt8(ascii: "\n") {
            position += 1
        }
        guard position < bytes.count, bytes[position] == UInt8(ascii: "'") else {
            position = start
            unexpected(help: "strings use double quotes: \"…\"")
            return
        }
        position += 1
        let inner = String(decoding: bytes[(start + 1)..<(position - 1)], as: UTF8.self)
        let fixed = "\"" + inner.replacing("\"", with: "\\\"") + "\""
        report(.unexpectedCharacter, "strings use double quotes", from: start, to: position, label: "single-quoted",
               help: "write \(fixed); single quotes are for strings inside templates",
               fixIt: .init("use double quotes", edits: [.init(span(start, position), fixed)]))
        add(.string, from: start)
    }

    private mutating func lexEscape() {
        let start = position
        position += 1
        guard position < bytes.count else { return }
        switch bytes[position] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"):
            position += 1
        case UInt8(ascii: "u"):
            position += 1
            guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else {
                report(.invalidEscape, "invalid unicode escape", from: start, to: position,
                       label: "expected `{` after `\\u`", help: "write a scalar as `\\u{1F600}`")
                return
            }
            position += 1
            let digitsStart = position
            while position < bytes.count, Self.isHexDigit(bytes[position]), position - digitsStart < 8 { position += 1 }
            let hex = String(decoding: bytes[digitsStart..<position], as: UTF8.self)
            guard position < bytes.count, bytes[position] == UInt8(ascii: "}") else {
                report(.invalidEscape, "invalid unicode escape", from: start, to: position,
                       label: "expected hex digits and `}`", help: "write a scalar as `\\u{1F600}`")
                return
            }
            position += 1
            if hex.isEmpty || UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) == nil {
                report(.invalidEscape, "`\\u{\(hex)}` is not a Unicode scalar value", from: start, to: position,
                       label: "not a character")
            }
        case UInt8(ascii: "\n"):
            report(.invalidEscape, "a backslash cannot continue a string on the next line", from: start, to: position,
                   label: "line continuation", help: "write \\n inside the string for a line break")
        default:
            let length = Self.utf8Length(bytes[position])
            let escaped = String(decoding: bytes[position..<min(bytes.count, position + length)], as: UTF8.self)
            position = min(bytes.count, position + length)
            report(.invalidEscape, "unknown escape sequence `\\\(escaped)`", from: start, to: position,
                   label: "not an escape", help: "escapes are \\\" \\\\ \\n \\t \\r and \\u{…}; write \\\\ for a backslash")
        }
    }

    /// Right-to-left overrides can make code read differently from how it runs ("Trojan Source").
    private mutating func checkBidiControls(from start: Int, to end: Int, inside place: String) {
        var i = start
        while i + 2 < end {
            if bytes[i] == 0xE2 {
                let b1 = bytes[i + 1], b2 = bytes[i + 2]
                let isEmbedding = b1 == 0x80 && (0xAA...0xAE).contains(b2)
                let isIsolate = b1 == 0x81 && (0xA6...0xA9).contains(b2)
                if isEmbedding || isIsolate {
                    report(.bidiControl, "invisible bidirectional control character in \(place)", from: i, to: i + 3,
                           label: "U+\(String(Self.scalar(bytes, at: i), radix: 16, uppercase: true))",
                           help: "it can make the text display differently from what it contains; remove it or write it as \\u{…}")
                    return
                }
            }
            i += 1
        }
    }


    private static func scalar(_ bytes: [UInt8], at i: Int) -> UInt32 {
        (UInt32(bytes[i] & 0x0F) << 12) | (UInt32(bytes[i + 1] & 0x3F) << 6) | UInt32(bytes[i + 2] & 0x3F)
    }

    // MARK: - Helpers

    private func peek(_ offset: Int) -> UInt8? {
        position + offset < bytes.count ? bytes[position + offset] : nil
    }

    private func span(_ start: Int, _ end: Int) -> SourceSpan {
        SourceSpan(file: file, start: start, end: end)
    }

    private mutating func add(_ kind: TokenKind, from start: Int) {
        tokens.append(Token(kind: kind, span: span(start, position), isAtLineStart: sawNewline))
        sawNewline = false
        tokenOnThisLine = true
    }

    private mutating func report(
        _ code: DiagnosticCode, _ message: String, from start: Int, to end: Int, label: String? = nil,
        secondary: [Diagnostic.Label] = [], help: String? = nil, fixIt: Diagnostic.FixIt? = nil
    ) {
        diagnostics.append(Diagnostic(code, message, at: span(start, end), label: label,
                                      secondary: secondary, help: help, fixIt: fixIt))
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || byte == UInt8(ascii: "_")
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }

    static func utf8Length(_ lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: 1
        case 0xC0..<0xE0: 2
        case 0xE0..<0xF0: 3
        case 0xF0..<0xF8: 4
        default: 1
        }
    }

    static func digits(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Int {
        var value = 0
        for i in start..<end { value = value * 10 + Int(bytes[i] &- UInt8(ascii: "0")) }
        return value
    }

    /// Keywords are at most 11 bytes, so the lookup key is a small (inline, unallocated) string.
    private static func keyword(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Keyword? {
        let length = end - start
        guard length >= 2, length <= 11, bytes[start] >= UInt8(ascii: "a") else { return nil }
        return Keyword(rawValue: String(decoding: bytes[start..<end], as: UTF8.self))
    }

    private static func hex(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16, uppercase: true)
        return text.count == 1 ? "0" + text : text
    }

    /// The first reason these bytes are not a text file, if any: a NUL byte or the first
    /// place they stop being UTF-8, whichever comes first.
    static func binaryProblem(_ bytes: [UInt8]) -> (offset: Int, message: String)? {
        let nul = bytes.firstIndex(of: 0)
        let problem = bytes.withUnsafeBufferPointer { UTF8Validation.firstProblem($0, from: 0, to: $0.count) }
        if let nul, nul < problem?.offset ?? bytes.count {
            return (nul, "file contains a NUL byte; it looks like a binary file, not campaign text")
        }
        guard let problem else { return nil }
        let byte = hex(bytes[problem.offset])
        switch problem.kind {
        case .invalidByte: return (problem.offset, "invalid UTF-8 byte 0x\(byte); campaign files must be UTF-8 text")
        case .truncated: return (problem.offset, "file ends in the middle of a UTF-8 character; campaign files must be UTF-8 text")
        case .invalidSequence: return (problem.offset, "invalid UTF-8 sequence at byte 0x\(byte); campaign files must be UTF-8 text")
        }
    }
}
