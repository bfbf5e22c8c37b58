/// The result of parsing one file: the syntax tree (as much as could be read) and
/// every problem found, lexical and syntactic.
public struct ParsedFile: Sendable {
    public let syntax: SourceFileSyntax
    public let diagnostics: [Diagnostic]
}

/// Thrown inside the parser when an item cannot be read; the block loop that called it
/// has already been told (a diagnostic is recorded) and re-synchronises.
struct SyntaxError: Error {}

/// A hand-written recursive-descent parser for the whole language (grammar/campaign.ebnf).
///
/// Recovery: a broken item is abandoned and the parser skips to the next line that starts
/// an item, or to the `}` that closes the current block, skipping nested blocks whole. At
/// most one error is reported per token and `maxErrors` per file, so one typo never
/// produces a cascade.
public struct Parser {
    public static let maxErrors = 100
    /// Deeper nesting of parentheses, `not`, blocks or branches is refused rather than
    /// risking the stack: no real campaign comes near it.
    public static let maxDepth = 200

    let bytes: [UInt8]
    let file: FileID
    let tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    var errorCount = 0
    var lastErrorIndex = -1
    /// An unclosed block was reported; the enclosing blocks close without repeating it.
    var unclosedReported = false
    var stopped = false
    var depth = 0
    /// Where the lexer already reported an error: the parser says nothing more about those tokens.
    var lexicalErrorOffsets: Set<Int> = []

    init(source: SourceFile, file: FileID, lexed: LexedFile) {
        self.bytes = source.bytes
        self.file = file
        self.tokens = lexed.tokens
        var lexical = lexed.diagnostics
        if lexical.errorCount > Self.maxErrors {
            var kept: [Diagnostic] = []
            var errors = 0
            for diagnostic in lexical {
                if diagnostic.severity == .error {
                    errors += 1
                    // The lexer's diagnostics are all in the source (`span` is never nil).
                    if errors > Self.maxErrors, let span = diagnostic.span {
                        kept.append(Diagnostic(.tooManyErrors, "too many syntax errors; stopped after \(Self.maxErrors)",
                                               at: span, help: "fix the errors above and run `campaign check` again"))
                        break
                    }
                }
                kept.append(diagnostic)
            }
            lexical = kept
            self.stopped = true
        }
        self.diagnostics = lexical
        self.errorCount = lexical.errorCount
        self.lexicalErrorOffsets = Set(lexical.filter { $0.severity == .error }.compactMap(\.span?.start))
    }

    /// Runs `body` one level deeper, refusing to go past `maxDepth`.
    mutating func nested<T>(_ body: (inout Parser) throws(SyntaxError) -> T) throws(SyntaxError) -> T {
        guard depth < Self.maxDepth else {
            report(.nestingTooDeep, "nested more than \(Self.maxDepth) levels deep", at: current.span,
                   label: "too deep", help: "split the condition into segments, or flatten the branches")
            stopped = true
            index = tokens.count - 1
            throw SyntaxError()
        }
        depth += 1
        defer { depth -= 1 }
        return try body(&self)
    }

    /// Lexes and parses one file.
    public static func parse(_ source: SourceFile, as file: FileID = FileID(0)) -> ParsedFile {
        let lexed = Lexer.lex(source, as: file)
        var parser = Parser(source: source, file: file, lexed: lexed)
        if lexed.isBinary || parser.stopped {
            return ParsedFile(syntax: SourceFileSyntax(file: file, declarations: [], comments: []), diagnostics: parser.diagnostics)
        }
        let declarations = parser.parseFile()
        if declarations.isEmpty, !parser.diagnostics.hasErrors {
            let empty = source.bytes.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
            parser.diagnostics.append(Diagnostic(
                .emptyFile, empty ? "empty file" : "file has no declarations",
                at: SourceSpan(file: file, start: 0, end: 0),
                label: "expected a declaration",
                help: "a campaign file declares at least one of: import, customer, event, channel, segment, policy, campaign"))
        }
        return ParsedFile(
            syntax: SourceFileSyntax(file: file, declarations: declarations, comments: lexed.comments),
            diagnostics: parser.diagnostics.sortedForOutput())
    }

    // MARK: - Cursor

    var current: Token { tokens[index] }

    func peek(_ offset: Int = 1) -> Token {
        tokens[min(index + offset, tokens.count - 1)]
    }

    var previous: Token { tokens[max(0, index - 1)] }

    /// The word (an identifier) right after `token`, the current one, with its text.
    func peekWord(after token: Token) -> (text: String, span: SourceSpan)? {
        let next = peek()
        guard next.kind == .identifier else { return nil }
        return (text(next), next.span)
    }

    var atEnd: Bool { current.kind == .endOfFile }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func check(_ kind: TokenKind) -> Bool { current.kind == kind }

    func check(_ keyword: Keyword) -> Bool { current.kind == .keyword(keyword) }

    /// The token is the contextual word `word` (an identifier spelled so).
    func isWord(_ token: Token, _ word: StaticString) -> Bool {
        guard token.kind == .identifier, token.span.end - token.span.start == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { buffer in
            var i = 0
            for byte in buffer {
                if bytes[token.span.start + i] != byte { return false }
                i += 1
            }
            return true
        }
    }

    func checkWord(_ word: StaticString) -> Bool { isWord(current, word) }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    mutating func match(_ keyword: Keyword) -> Bool { match(.keyword(keyword)) }

    mutating func matchWord(_ word: StaticString) -> Bool {
        guard checkWord(word) else { return false }
        advance()
        return true
    }

    func text(_ token: Token) -> String {
        String(decoding: bytes[token.span.start..<token.span.end], as: UTF8.self)
    }

    func span(_ start: SourceSpan) -> SourceSpan {
        start.through(previous.span)
    }

    /// Where to point when something is missing: at the offending token if it is on the
    /// same line, else just after the previous token (where the user stopped typing).
    var missingSpan: SourceSpan {
        if current.isAtLineStart || current.kind == .endOfFile, index > 0 {
            return previous.span.endPoint
        }
        return current.span
    }

    /// How the current token reads in "found …".
    var foundDescription: String {
        switch current.kind {
        case .identifier: "`\(text(current))`"
        case .keyword, .endOfFile: current.kind.displayName
        case .string, .number, .duration, .percent, .timeOfDay, .date:
            "\(current.kind.displayName) `\(shortText(current))`"
        case .invalid: "`\(shortText(current))`"
        default: current.kind.displayName
        }
    }

    func shortText(_ token: Token) -> String {
        let full = text(token)
        return full.count > 24 ? String(full.prefix(24)) + "…" : full
    }

    // MARK: - Expecting

    mutating func expect(_ kind: TokenKind, _ what: String, after context: String? = nil) throws(SyntaxError) -> Token {
        if check(kind) { return advance() }
        throw error(expected: what, after: context)
    }

    mutating func expect(_ keyword: Keyword, after context: String? = nil) throws(SyntaxError) -> Token {
        try expect(.keyword(keyword), "`\(keyword.rawValue)`", after: context)
    }

    mutating func expectWord(_ word: StaticString, after context: String? = nil) throws(SyntaxError) -> Token {
        if checkWord(word) { return advance() }
        throw error(expected: "`\(word)`", after: context)
    }

    /// Records "expected X, found Y" and returns the error to throw.
    mutating func error(expected what: String, after context: String? = nil, help: String? = nil) -> SyntaxError {
        let message = "expected \(what)" + (context.map { " after \($0)" } ?? "") + ", found \(foundDescription)"
        report(.expectedToken, message, at: missingSpan, label: what.count > 40 ? "unexpected here" : "expected \(what)", help: help)
        return SyntaxError()
    }

    /// Records a diagnostic, unless this token already has one or the file hit the limit.
    mutating func report(
        _ code: DiagnosticCode, _ message: String, at span: SourceSpan, label: String? = nil,
        secondary: [Diagnostic.Label] = [], notes: [String] = [], help: String? = nil, fixIt: Diagnostic.FixIt? = nil
    ) {
        if stopped { return }
        if code.severity == .error {
            if current.kind == .invalid || lastErrorIndex == index || hasLexicalError(current) { return }
            lastErrorIndex = index
            errorCount += 1
            if errorCount > Self.maxErrors {
                diagnostics.append(Diagnostic(
                    .tooManyErrors, "too many syntax errors; stopped after \(Self.maxErrors)", at: span,
                    help: "fix the errors above and run `campaign check` again"))
                stopped = true
                index = tokens.count - 1
                return
            }
        }
        diagnostics.append(Diagnostic(code, message, at: span, label: label, secondary: secondary,
                                      notes: notes, help: help, fixIt: fixIt))
    }

    func hasLexicalError(_ token: Token) -> Bool {
        guard !lexicalErrorOffsets.isEmpty else { return false }
        return (token.span.start..<max(token.span.end, token.span.start + 1)).contains { lexicalErrorOffsets.contains($0) }
    }

    // MARK: - Recovery

    /// Skips what remains of a broken item: to the next line that starts with a word, or to
    /// the `}` that closes the current block; nested blocks are skipped whole.
    mutating func synchronize(from start: Int) {
        var depth = 0
        while !atEnd {
            let token = current
            if index > start, depth == 0, token.isAtLineStart, canStartItem(token) { return }
            switch token.kind {
            case .leftBrace:
                depth += 1
            case .rightBrace:
                if depth == 0 { return }
                depth -= 1
            default:
                break
            }
            advance()
        }
    }

    func canStartItem(_ token: Token) -> Bool {
        switch token.kind {
        case .identifier: return true
        case .keyword(let keyword):
            switch keyword {
            case .and, .or, .not, .in, .is, .none, .true, .false, .now: return false
            default: return true
            }
        default: return false
        }
    }

    static let declarationKeywords: Set<Keyword> = [.import, .customer, .event, .channel, .segment, .policy, .campaign]

    /// A declaration keyword at the start of a line inside a block means the block was
    /// never closed (`event` may also start `event.amount` in an expression).
    func startsDeclaration(_ token: Token) -> Bool {
        guard token.isAtLineStart, case .keyword(let keyword) = token.kind,
              Self.declarationKeywords.contains(keyword) else { return false }
        return keyword != .event || peek().kind != .dot
    }

    /// Parses `{ item* }`, recovering inside. `describe` names the block in messages
    /// ("`campaign onboarding`"); `item` parses one entry or throws after reporting.
    /// `endsAt` says which tokens cannot start an item here but start one of an enclosing
    /// block (a step after a message's fields): the block was left open, and it is
    /// reported as such, naming the block, instead of as an unexpected item.
    mutating func parseBlock<Item>(
        _ describe: String,
        endsAt: (Token) -> Bool = { _ in false },
        item: (inout Parser) throws(SyntaxError) -> Item
    ) throws(SyntaxError) -> ([Item], BlockBraces) {
        let open = try expect(.leftBrace, "`{`", after: describe)
        guard depth < Self.maxDepth else {
            _ = try nested { (_: inout Parser) throws(SyntaxError) in 0 }
            throw SyntaxError()
        }
        depth += 1
        defer { depth -= 1 }
        var items: [Item] = []
        while true {
            if stopped { return (items, BlockBraces(open: open.span, close: current.span.startPoint)) }
            if check(.rightBrace) {
                let close = advance()
                return (items, BlockBraces(open: open.span, close: close.span))
            }
            if atEnd || startsDeclaration(current) || endsAt(current) {
                reportUnclosed(describe, open: open)
                return (items, BlockBraces(open: open.span, close: previous.span.endPoint))
            }
            let start = index
            do {
                items.append(try item(&self))
            } catch {
                synchronize(from: start)
            }
            if index == start {
                advance()
            }
        }
    }

    mutating func reportUnclosed(_ describe: String, open: Token) {
        guard !unclosedReported else { return }
        unclosedReported = true
        let found = atEnd ? "the end of the file" : "`\(text(current))`"
        let saved = lastErrorIndex
        lastErrorIndex = -1
        let line = bytes[..<min(open.span.start, bytes.count)].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        report(.unclosedBlock, "expected `}` to close \(describe), opened on line \(line), before \(found)", at: missingSpan,
               label: "expected `}`", secondary: [.init(open.span, "block opened here")],
               help: "add the `}` that ends the block")
        if lastErrorIndex == -1 { lastErrorIndex = saved }
    }

    // MARK: - Names

    /// A name being declared: must be an identifier (not a keyword) in snake_case.
    mutating func declaredName(_ what: String, after context: String? = nil) throws(SyntaxError) -> Identifier {
        if case .keyword(let keyword) = current.kind, !Self.declarationKeywords.contains(keyword) || !current.isAtLineStart {
            let token = advance()
            report(.keywordAsName, "`\(keyword.rawValue)` is a keyword and cannot be used as \(what)", at: token.span,
                   label: "reserved word", help: "choose another name, such as `\(keyword.rawValue)_name`")
            return Identifier(keyword.rawValue, span: token.span)
        }
        guard check(.identifier) else { throw error(expected: what, after: context) }
        let token = advance()
        let name = text(token)
        if !Self.isSnakeCase(name) {
            let fixed = Self.snakeCase(name)
            report(.notSnakeCase, "\(Self.withoutArticle(what)) `\(name)` is not snake_case", at: token.span,
                   label: "write `\(fixed)`", help: "names are lowercase words joined by `_`",
                   fixIt: .init("rename to `\(fixed)`", edits: [.init(token.span, fixed)]))
        }
        return Identifier(name, span: token.span)
    }

    /// A name that refers to something (a field, an event, a channel).
    mutating func referenceName(_ what: String, after context: String? = nil) throws(SyntaxError) -> Identifier {
        if check(.identifier) {
            let token = advance()
            return Identifier(text(token), span: token.span)
        }
        if case .keyword(let keyword) = current.kind, !current.isAtLineStart || !Self.declarationKeywords.contains(keyword) {
            if [.none, .true, .false, .now, .and, .or, .not, .in, .is].contains(keyword) == false {
                let token = advance()
                report(.keywordAsName, "`\(keyword.rawValue)` is a keyword, not \(what)", at: token.span,
                       label: "reserved word")
                return Identifier(keyword.rawValue, span: token.span)
            }
        }
        throw error(expected: what, after: context)
    }

    /// "a segment name" → "segment name", for messages that name the thing.
    static func withoutArticle(_ what: String) -> String {
        if what.hasPrefix("a ") { return String(what.dropFirst(2)) }
        if what.hasPrefix("an ") { return String(what.dropFirst(3)) }
        return what
    }

    /// Whether a name is lowercase words joined by `_` (E0024 otherwise).
    public static func isSnakeCase(_ name: String) -> Bool {
        name.utf8.allSatisfy { ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || Lexer.isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    static func snakeCase(_ name: String) -> String {
        var out = ""
        var previousWasLower = false
        for character in name {
            if character.isUppercase {
                if previousWasLower { out.append("_") }
                out += character.lowercased()
                previousWasLower = false
            } else {
                out.append(character)
                previousWasLower = character.isLowercase || character.isNumber
            }
        }
        return out
    }

    // MARK: - Literal tokens

    mutating func integer(_ what: String, after context: String? = nil) throws(SyntaxError) -> IntegerLiteral {
        let negative = check(.minus) && peek().kind == .number
        let start = current.span
        if negative { advance() }
        guard check(.number) else { throw error(expected: what, after: context) }
        let token = advance()
        let raw = text(token)
        guard let value = Int(raw) else {
            report(.expectedInteger, "\(what) must be a whole number, not `\(raw)`", at: token.span,
                   label: "not a whole number")
            throw SyntaxError()
        }
        return IntegerLiteral(value: negative ? -value : value, span: start.through(token.span))
    }

    mutating func duration(_ what: String = "a duration such as `30d`", after context: String? = nil) throws(SyntaxError) -> DurationLiteral {
        guard check(.duration) else {
            if check(.number), let unit = peekWord(after: current), DurationSyntax.isCalendarUnit(unit.text) {
                // `wait 1 month`: a calendar unit, written apart from its number.
                let token = current
                let number = text(token)
                let advice = DurationSyntax.calendarAdvice(number: number, unit: unit.text, written: "\(number) \(unit.text)")
                report(.invalidDuration, advice.message, at: token.span.through(unit.span), label: "not an exact duration", help: advice.help,
                       fixIt: .init("write `\(advice.days)`", edits: [.init(token.span.through(unit.span), advice.days)]))
                advance()
                advance()
                throw SyntaxError()
            }
            if check(.number) {
                let token = current
                report(.invalidDuration, "a duration needs a unit", at: token.span,
                       label: "add m, h, d or w", help: "write `\(text(token))d` for days, `\(text(token))h` for hours",
                       fixIt: .init("write `\(text(token))d`", edits: [.init(token.span.endPoint, "d")]))
                advance()
                throw SyntaxError()
            }
            throw error(expected: what, after: context)
        }
        let token = advance()
        return durationValue(token)
    }

    /// The value of a duration token; one the lexer reported as invalid counts as zero days
    /// (the file does not compile, so the value is never used).
    func durationValue(_ token: Token) -> DurationLiteral {
        guard case .valid(let amount, let unit) = DurationSyntax.read(bytes[token.span.start..<token.span.end]) else {
            return DurationLiteral(amount: 0, unit: .days, span: token.span)
        }
        return DurationLiteral(amount: amount, unit: unit, span: token.span)
    }

    mutating func percent(_ what: String, after context: String? = nil) throws(SyntaxError) -> PercentLiteral {
        guard check(.percent) else {
            if check(.number) {
                let token = current
                report(.invalidPercentage, "a share is written with `%`", at: token.span, label: "add `%`",
                       fixIt: .init("write `\(text(token))%`", edits: [.init(token.span.endPoint, "%")]))
                advance()
                throw SyntaxError()
            }
            throw error(expected: what, after: context)
        }
        let token = advance()
        let raw = text(token)
        return PercentLiteral(value: Double(raw.dropLast()) ?? 0, text: raw, span: token.span)
    }

    mutating func stringLiteral(_ what: String, after context: String? = nil) throws(SyntaxError) -> StringLiteral {
        guard check(.string) else { throw error(expected: what, after: context) }
        return stringValue(advance())
    }

    func stringValue(_ token: Token) -> StringLiteral {
        let raw = bytes[token.span.start..<token.span.end]
        return StringLiteral(value: StringLiteral.decode(raw: raw), raw: String(decoding: raw, as: UTF8.self), span: token.span)
    }

    func dateValue(_ token: Token) -> CivilDate {
        let s = token.span.start
        return CivilDate(year: Lexer.digits(bytes, s, s + 4), month: Lexer.digits(bytes, s + 5, s + 7),
                         day: Lexer.digits(bytes, s + 8, s + 10))
    }

    /// `09:00`, optionally followed on the same line by `UTC` or a zone name in quotes.
    mutating func timeOfDay(_ what: String = "a time of day such as `09:00`", after context: String? = nil) throws(SyntaxError) -> TimeOfDayLiteral {
        guard check(.timeOfDay) else { throw error(expected: what, after: context) }
        let token = advance()
        let s = token.span.start
        let colon = bytes[s + 1] == UInt8(ascii: ":") ? s + 1 : s + 2
        let hour = Lexer.digits(bytes, s, colon)
        let minute = Lexer.digits(bytes, colon + 1, token.span.end)
        var zone: ZoneSyntax? = nil
        if !current.isAtLineStart {
            if checkWord("UTC") {
                zone = .utc(advance().span)
            } else if check(.string) {
                zone = .named(stringValue(advance()))
            } else if check(.identifier), let first = bytes[current.span.start...].first,
                      first >= UInt8(ascii: "A"), first <= UInt8(ascii: "Z") {
                let name = text(current)
                report(.expectedToken, "a time zone other than UTC is written in quotes", at: current.span,
                       label: "write \"\(name)\"", help: "use an IANA name, as in `09:00 \"Europe/Paris\"`",
                       fixIt: .init("quote the zone", edits: [.init(current.span, "\"\(name)\"")]))
                let zoneToken = advance()
                zone = .named(StringLiteral(value: name, raw: "\"\(name)\"", span: zoneToken.span))
            }
        }
        return TimeOfDayLiteral(hour: hour, minute: minute, zone: zone, span: span(token.span))
    }
}
