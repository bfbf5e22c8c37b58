extension Parser {
    mutating func parseFile() -> [Declaration] {
        var declarations: [Declaration] = []
        while !atEnd && !stopped {
            let start = index
            unclosedReported = false
            do {
                declarations.append(try parseDeclaration())
            } catch {
                synchronizeToDeclaration(from: start)
            }
            if index == start { advance() }
        }
        return declarations
    }

    /// Skips to the next line that starts a declaration, or a word in the first column
    /// (a misspelt declaration keyword is reported rather than skipped).
    mutating func synchronizeToDeclaration(from start: Int) {
        var depth = 0
        while !atEnd {
            if index > start, depth == 0, startsDeclaration(current) || (current.kind == .identifier && atFirstColumn(current)) {
                return
            }
            if check(.leftBrace) { depth += 1 }
            if check(.rightBrace) { depth = max(0, depth - 1) }
            advance()
        }
    }

    func atFirstColumn(_ token: Token) -> Bool {
        token.span.start == 0 || bytes[token.span.start - 1] == UInt8(ascii: "\n")
    }

    static let declarationList = "a declaration (import, customer, event, channel, segment, policy or campaign)"

    mutating func parseDeclaration() throws(SyntaxError) -> Declaration {
        switch current.kind {
        case .keyword(.import): return .import(try parseImport())
        case .keyword(.customer): return .customer(try parseCustomer())
        case .keyword(.event): return .event(try parseEvent())
        case .keyword(.channel): return .channel(try parseChannel())
        case .keyword(.segment): return .segment(try parseSegment())
        case .keyword(.policy): return .policy(try parsePolicy())
        case .keyword(.campaign): return .campaign(try parseCampaign())
        case .rightBrace:
            report(.unmatchedBrace, "unexpected `}`: no block is open here", at: current.span,
                   label: "nothing to close", help: "remove it, or look for a `{` that is missing above")
            advance()
            throw SyntaxError()
        case .identifier:
            let word = text(current)
            let keywords = Self.declarationKeywords.map(\.rawValue).sorted()
            if let guess = Suggestion.closest(to: word, among: keywords) {
                report(.expectedToken, "expected \(Self.declarationList), found `\(word)`", at: current.span,
                       label: "not a declaration", help: "did you mean `\(guess)`?",
                       fixIt: .init("write `\(guess)`", edits: [.init(current.span, guess)]))
                throw SyntaxError()
            }
            throw error(expected: Self.declarationList)
        default:
            throw error(expected: Self.declarationList)
        }
    }

    mutating func parseImport() throws(SyntaxError) -> ImportDecl {
        let keyword = advance()
        let path = try stringLiteral("a file path in quotes", after: "`import`")
        return ImportDecl(path: path, span: span(keyword.span))
    }

    mutating func parseCustomer() throws(SyntaxError) -> CustomerDecl {
        let keyword = advance()
        let (fields, braces) = try parseBlock("`customer`") { (parser: inout Parser) throws(SyntaxError) in
            let field = try parser.parseField("a field name")
            _ = parser.match(.comma)
            return field
        }
        return CustomerDecl(fields: fields, braces: braces, span: span(keyword.span))
    }

    mutating func parseEvent() throws(SyntaxError) -> EventDecl {
        let keyword = advance()
        let name = try declaredName("an event name", after: "`event`")
        guard check(.leftBrace) else {
            return EventDecl(name: name, properties: [], braces: nil, span: span(keyword.span))
        }
        let (properties, braces) = try parseBlock("`event \(name.name)`") { (parser: inout Parser) throws(SyntaxError) in
            let field = try parser.parseField("a property name")
            if !parser.match(.comma), !parser.check(.rightBrace), !parser.current.isAtLineStart {
                throw parser.error(expected: "`,` or `}`", after: "property `\(field.name.name)`",
                                   help: "separate an event's properties with commas")
            }
            return field
        }
        return EventDecl(name: name, properties: properties, braces: braces, span: span(keyword.span))
    }

    /// `name: type`.
    mutating func parseField(_ what: String) throws(SyntaxError) -> FieldDecl {
        let name = try declaredName(what)
        _ = try expect(.colon, "`:`", after: "`\(name.name)`")
        let type = try parseType()
        return FieldDecl(name: name, type: type, span: name.span.through(type.span))
    }

    mutating func parseType() throws(SyntaxError) -> TypeSyntax {
        guard check(.identifier) else { throw error(expected: "a type such as `text` or `number`") }
        let token = advance()
        let word = text(token)
        let base: BaseType
        if word == "text", check(.leftParen) {
            advance()
            _ = try expectWord("max", after: "`text(`")
            let limit = try integer("a maximum length", after: "`max`")
            if limit.value < 1 {
                report(.expectedInteger, "a maximum length must be at least 1", at: limit.span, label: "too small")
            }
            _ = try expect(.rightParen, "`)`", after: "the maximum length")
            base = .text(max: limit)
        } else if word == "one" {
            _ = try expectWord("of", after: "`one`")
            _ = try expect(.leftParen, "`(`", after: "`one of`")
            var values: [StringLiteral] = []
            repeat {
                if check(.rightParen) { break }
                values.append(try stringLiteral("a value in quotes", after: values.isEmpty ? "`one of (`" : "`,`"))
            } while match(.comma)
            _ = try expect(.rightParen, "`)` or `,`", after: "the last value")
            if values.isEmpty {
                report(.emptyBlock, "`one of` needs at least one value", at: span(token.span), label: "no values")
            }
            base = .oneOf(values)
        } else if let simple = BaseType.simpleNames[word] {
            base = simple
        } else {
            let aliases = ["string": "text", "str": "text", "int": "number", "integer": "number", "float": "number",
                           "decimal": "number", "double": "number", "boolean": "bool", "datetime": "time",
                           "timestamp": "time", "instant": "time", "enum": "one of", "tz": "timezone"]
            let guess = aliases[word.lowercased()] ?? Suggestion.closest(to: word, among: BaseType.allNames)
            report(.unknownType, "unknown type `\(word)`", at: token.span, label: "not a type",
                   notes: ["types are id, text, text(max N), number, bool, time, date, duration, timezone, email, phone and one of (…)"],
                   help: guess.map { "did you mean `\($0)`?" },
                   fixIt: guess.map { .init("write `\($0)`", edits: [.init(token.span, $0)]) })
            base = .text(max: nil)
        }
        let optional = match(.question)
        return TypeSyntax(base: base, isOptional: optional, span: span(token.span))
    }

    mutating func parseChannel() throws(SyntaxError) -> ChannelDecl {
        let keyword = advance()
        let kind = try referenceName("a channel kind (email, sms, push, in_app or webhook)", after: "`channel`")
        let (clauses, braces) = try parseBlock("`channel \(kind.name)`") { (parser: inout Parser) throws(SyntaxError) in
            try parser.parseChannelClause()
        }
        return ChannelDecl(kind: kind, clauses: clauses, braces: braces, span: span(keyword.span))
    }

    mutating func parseChannelClause() throws(SyntaxError) -> ChannelClause {
        let start = current.span
        if matchWord("address") {
            _ = try expect(.colon, "`:`", after: "`address`")
            return .address(try referenceName("a customer field", after: "`address:`"), span(start))
        }
        if matchWord("consent") {
            _ = try expect(.colon, "`:`", after: "`consent`")
            return .consent(try referenceName("a customer field", after: "`consent:`"), span(start))
        }
        if matchWord("quiet") {
            let (from, to) = try parseQuietHours()
            return .quietHours(from: from, to: to, span(start))
        }
        if matchWord("max") {
            _ = try expectWord("segments", after: "`max`")
            let limit = try integer("a number of segments", after: "`max segments`")
            if limit.value < 1 {
                report(.expectedInteger, "`max segments` must be at least 1", at: limit.span, label: "too small")
            }
            return .maxSegments(limit, span(start))
        }
        throw unknownClause(expected: "a channel setting (address, consent, quiet hours or max segments)",
                            candidates: ["address", "consent", "quiet", "max"])
    }

    /// "expected …, found `adress`" with a suggestion when the word is a near miss.
    mutating func unknownClause(expected: String, candidates: [String]) -> SyntaxError {
        guard check(.identifier) || current.kind.isKeyword else { return error(expected: expected) }
        let word = text(current)
        let guess = Suggestion.closest(to: word, among: candidates)
        report(.unknownClause, "expected \(expected), found `\(word)`", at: current.span,
               label: "unknown here",
               help: guess.map { "did you mean `\($0)`?" },
               fixIt: guess.map { .init("write `\($0)`", edits: [.init(current.span, $0)]) })
        return SyntaxError()
    }

    mutating func parseSegment() throws(SyntaxError) -> SegmentDecl {
        let keyword = advance()
        let name = try declaredName("a segment name", after: "`segment`")
        _ = try expect(.assign, "`=`", after: "`segment \(name.name)`")
        let condition = try parseExpression()
        return SegmentDecl(name: name, condition: condition, span: span(keyword.span))
    }

    mutating func parsePolicy() throws(SyntaxError) -> PolicyDecl {
        let keyword = advance()
        let (clauses, braces) = try parseBlock("`policy`") { (parser: inout Parser) throws(SyntaxError) in
            try parser.parsePolicyClause()
        }
        return PolicyDecl(clauses: clauses, braces: braces, span: span(keyword.span))
    }

    mutating func parsePolicyClause() throws(SyntaxError) -> PolicyClause {
        let start = current.span
        if matchWord("timezone") {
            return .timezone(try stringLiteral("a time zone name in quotes, such as \"America/New_York\"", after: "`timezone`"), span(start))
        }
        if match(.send) {
            _ = try expectWord("between", after: "`send`")
            let from = try timeOfDay(after: "`send between`")
            _ = try expect(.and, after: "the start of the send window")
            let to = try timeOfDay(after: "`and`")
            return .sendBetween(from, to, span(start))
        }
        if matchWord("cap") {
            let (channel, count, window) = try parseCapRule()
            return .cap(channel: channel, count: count, per: window, span(start))
        }
        if matchWord("quiet") {
            let (from, to) = try parseQuietHours()
            return .quietHours(from: from, to: to, span(start))
        }
        if matchWord("comply") {
            let profile = try referenceName("a compliance profile such as `us_tcpa`", after: "`comply`")
            var condition: Expr? = nil
            if matchWord("where") { condition = try parseExpression() }
            return .comply(profile: profile, condition: condition, span(start))
        }
        if matchWord("best") {
            _ = try expectWord("hour", after: "`best`")
            _ = try expectWord("from", after: "`best hour`")
            var events = [try referenceName("an event name", after: "`from`")]
            while match(.comma) { events.append(try referenceName("an event name", after: "`,`")) }
            _ = try expectWord("default", after: "the events")
            let fallback = try timeOfDay(after: "`default`")
            return .bestHour(events: events, fallback: fallback, span(start))
        }
        throw unknownClause(expected: "a policy rule (timezone, send between, cap, best hour, quiet hours or comply)",
                            candidates: ["timezone", "send", "cap", "best", "quiet", "comply"])
    }
}

extension Parser {
    /// After `quiet`, in a channel or the policy: `hours FROM to TO`.
    mutating func parseQuietHours() throws(SyntaxError) -> (TimeOfDayLiteral, TimeOfDayLiteral) {
        _ = try expectWord("hours", after: "`quiet`")
        let from = try timeOfDay(after: "`quiet hours`")
        _ = try expectWord("to", after: "the start of quiet hours")
        let to = try timeOfDay(after: "`to`")
        return (from, to)
    }

    /// After `cap`, in a policy or a campaign: `[CHANNEL] N [messages] per DURATION`.
    mutating func parseCapRule() throws(SyntaxError) -> (Identifier?, IntegerLiteral, DurationLiteral) {
        var channel: Identifier? = nil
        if check(.identifier), !checkWord("messages"), !checkWord("message") {
            channel = Identifier(text(current), span: advance().span)
        }
        let count = try integer("a number of messages", after: "`cap`")
        if count.value < 0 {
            report(.expectedInteger, "a cap cannot be negative", at: count.span, label: "negative")
        }
        if !matchWord("messages") { _ = matchWord("message") }
        _ = try expectWord("per", after: "the number of messages")
        let window = try duration(after: "`per`")
        return (channel, count, window)
    }
}

extension TokenKind {
    var isKeyword: Bool { if case .keyword = self { true } else { false } }
}
