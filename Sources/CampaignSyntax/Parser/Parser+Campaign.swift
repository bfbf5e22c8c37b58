extension Parser {
    static let clauseWords = ["audience", "trigger", "reentry", "exit", "goal", "holdout", "priority"]
    static let stepWords = ["send", "wait", "if", "split", "tag", "untag", "unsubscribe", "exit"]

    mutating func parseCampaign() throws(SyntaxError) -> CampaignDecl {
        let keyword = advance()
        let name = try declaredName("a campaign name", after: "`campaign`")
        let (members, braces) = try parseBlock("`campaign \(name.name)`") { (parser: inout Parser) throws(SyntaxError) in
            try parser.parseCampaignMember()
        }
        return CampaignDecl(name: name, members: members, braces: braces, span: span(keyword.span))
    }

    mutating func parseCampaignMember() throws(SyntaxError) -> CampaignMember {
        let start = current.span
        switch current.kind {
        case .keyword(.audience):
            advance()
            return .clause(.audience(try parseExpression(), span(start)))
        case .keyword(.trigger):
            advance()
            return .clause(.trigger(try parseTrigger(), span(start)))
        case .keyword(.reentry):
            advance()
            return .clause(.reentry(try parseReentry(), span(start)))
        case .keyword(.exit) where isWord(peek(), "when") && !peek().isAtLineStart:
            advance()
            advance()
            let condition = try parseExpression()
            var filter: Expr? = nil
            if checkWord("where") {
                guard case .name = condition else {
                    report(.whereNeedsEvent, "`where` filters an event, but `exit when` is followed by a condition",
                           at: current.span, label: "no event to filter",
                           help: "write `exit when EVENT where CONDITION`, or join conditions with `and`")
                    throw SyntaxError()
                }
                advance()
                filter = try parseExpression()
            }
            return .clause(.exitWhen(condition, filter: filter, span(start)))
        case .keyword(.goal):
            advance()
            let event = try referenceName("an event name", after: "`goal`")
            var filter: Expr? = nil
            if matchWord("where") { filter = try parseExpression() }
            _ = try expectWord("within", after: filter == nil ? "the goal event" : "the goal's condition")
            let window = try duration(after: "`within`")
            return .clause(.goal(event: event, filter: filter, within: window, span(start)))
        case .keyword(.holdout):
            advance()
            return .clause(.holdout(try percent("a percentage such as `10%`", after: "`holdout`"), span(start)))
        case .keyword(.priority):
            advance()
            return .clause(.priority(try integer("a whole number", after: "`priority`"), span(start)))
        default:
            return .step(try parseStep(inCampaign: true))
        }
    }

    mutating func parseTrigger() throws(SyntaxError) -> Trigger {
        if matchWord("on") {
            if checkWord("enter"), peek().kind == .identifier, !peek().isAtLineStart {
                advance()
                return .onEnterSegment(try referenceName("a segment name", after: "`on enter`"))
            }
            let event = try referenceName("an event name, or `enter SEGMENT`", after: "`trigger on`")
            var filter: Expr? = nil
            if matchWord("where") { filter = try parseExpression() }
            var key: Identifier? = nil
            if matchWord("key") { key = try referenceName("an event property", after: "`key`") }
            return .onEvent(event, filter: filter, key: key)
        }
        if check(.duration) || check(.number) {
            let delay = try duration()
            _ = try expectWord("after", after: "`trigger \(delay)`")
            return .afterTime(delay, try parseExpression())
        }
        if matchWord("daily") {
            _ = try expectWord("at", after: "`daily`")
            return .daily(try timeOfDay(after: "`daily at`"))
        }
        if matchWord("weekly") {
            _ = try expectWord("on", after: "`weekly`")
            let day = try referenceName("a weekday such as `monday`", after: "`weekly on`")
            if !ContextualWord.weekdays.contains(day.name) {
                let guess = Suggestion.closest(to: day.name, among: ContextualWord.weekdays)
                    ?? ContextualWord.weekdays.first { $0.hasPrefix(day.name.lowercased().prefix(3)) }
                report(.unknownWeekday, "unknown weekday `\(day.name)`", at: day.span, label: "not a weekday",
                       help: guess.map { "did you mean `\($0)`?" } ?? "weekdays are monday … sunday, in lowercase",
                       fixIt: guess.map { .init("write `\($0)`", edits: [.init(day.span, $0)]) })
            }
            _ = try expectWord("at", after: "the weekday")
            return .weekly(weekday: day, try timeOfDay(after: "`at`"))
        }
        if matchWord("monthly") {
            _ = try expectWord("on", after: "`monthly`")
            _ = try expectWord("day", after: "`monthly on`")
            let day = try integer("a day of the month", after: "`monthly on day`")
            if !(1...31).contains(day.value) {
                report(.expectedInteger, "a day of the month runs from 1 to 31", at: day.span, label: "no such day")
            }
            _ = try expectWord("at", after: "the day")
            return .monthly(day: day, try timeOfDay(after: "`at`"))
        }
        if matchWord("once") {
            _ = try expectWord("at", after: "`once`")
            guard check(.date) else { throw error(expected: "a date and time such as `2026-12-01 07:00`", after: "`once at`") }
            let dateToken = advance()
            let time = try timeOfDay("a time of day after the date", after: "the date")
            return .once(dateValue(dateToken), time, dateToken.span.through(time.span))
        }
        if matchWord("yearly") {
            _ = try expectWord("on", after: "`yearly`")
            let field = try referenceName("a date field such as `birthday`", after: "`yearly on`")
            _ = try expectWord("at", after: "the field")
            return .yearly(field: field, try timeOfDay(after: "`at`"))
        }
        throw unknownClause(
            expected: "a trigger (on EVENT, on enter SEGMENT, DURATION after, daily, weekly, monthly, once or yearly)",
            candidates: ["on", "daily", "weekly", "monthly", "once", "yearly"])
    }

    mutating func parseReentry() throws(SyntaxError) -> Reentry {
        if matchWord("never") { return .never }
        if matchWord("always") { return .always }
        if matchWord("unless") {
            guard check(.goal) else { throw error(expected: "`goal`", after: "`reentry unless`") }
            advance()
            return .unlessGoal
        }
        if matchWord("after") { return .after(try duration(after: "`reentry after`")) }
        throw unknownClause(expected: "`never`, `always`, `after DURATION` or `unless goal`",
                            candidates: ["never", "always", "after", "unless"])
    }

    // MARK: - Steps

    mutating func parseStep(inCampaign: Bool = false) throws(SyntaxError) -> Step {
        let start = current.span
        switch current.kind {
        case .keyword(.send):
            advance()
            if checkWord("first"), isWord(peek(), "of") {
                advance()
                advance()
                let (messages, braces) = try parseBlock("`send first of`") { (parser: inout Parser) throws(SyntaxError) in
                    try parser.parseMessage()
                }
                if messages.isEmpty {
                    report(.emptyBlock, "`send first of` needs at least one message", at: span(start), label: "no messages")
                }
                return .sendFirstOf(messages, braces, span(start))
            }
            return .send(try parseMessage(), span(start))
        case .keyword(.wait):
            advance()
            return .wait(try parseWait(), span(start))
        case .keyword(.if):
            return .branch(try parseBranch())
        case .keyword(.else):
            report(.elseWithoutIf, "`else` without a matching `if`", at: current.span, label: "no `if` before it",
                   help: "`else` follows the `}` of an `if` block")
            throw SyntaxError()
        case .keyword(.split):
            return .split(try parseSplit())
        case .keyword(.tag):
            advance()
            return .tag(try declaredName("a tag name", after: "`tag`"), span(start))
        case .keyword(.untag):
            advance()
            return .untag(try declaredName("a tag name", after: "`untag`"), span(start))
        case .keyword(.unsubscribe):
            advance()
            return .unsubscribe(try referenceName("a channel", after: "`unsubscribe`"), span(start))
        case .keyword(.exit):
            advance()
            return .exit(span(start))
        default:
            let expected = inCampaign
                ? "a campaign clause (audience, trigger, reentry, exit when, goal, holdout, priority) or a step (send, wait, if, split, tag, untag, unsubscribe, exit)"
                : "a step (send, wait, if, split, tag, untag, unsubscribe or exit)"
            throw unknownClause(expected: expected, candidates: inCampaign ? Self.clauseWords + Self.stepWords : Self.stepWords)
        }
    }

    /// `CHANNEL NAME { fields }`.
    mutating func parseMessage() throws(SyntaxError) -> Message {
        let channel = try referenceName("a channel (email, sms, push, in_app or webhook)")
        let name = try declaredName("a message name", after: "`\(channel.name)`")
        // A step or a campaign clause cannot be a message field: the message's `}` is
        // missing (`send sms contest {` then `wait 30d`).
        let (fields, braces) = try parseBlock("message `\(name.name)`", endsAt: { token in
            guard case .keyword(let keyword) = token.kind else { return false }
            return Self.stepWords.contains(keyword.rawValue) || Self.clauseWords.contains(keyword.rawValue)
        }) { (parser: inout Parser) throws(SyntaxError) in
            try parser.parseMessageField()
        }
        return Message(channel: channel, name: name, fields: fields, braces: braces, span: span(channel.span))
    }

    /// `subject "…"`, `body file "templates/x.html"`, `transactional`.
    mutating func parseMessageField() throws(SyntaxError) -> MessageField {
        guard check(.identifier) else {
            throw error(expected: "a message field (subject, preheader, body, text, title, link, url or transactional)")
        }
        let nameToken = advance()
        let name = Identifier(text(nameToken), span: nameToken.span)
        if check(.string) {
            let value = stringValue(advance())
            return MessageField(name: name, value: .text(value), span: span(nameToken.span))
        }
        if checkWord("file"), peek().kind == .string {
            advance()
            let path = stringValue(advance())
            return MessageField(name: name, value: .file(path), span: span(nameToken.span))
        }
        if name.name == "transactional" {
            return MessageField(name: name, value: .flag, span: nameToken.span)
        }
        throw error(expected: "a string", after: "`\(name.name)`", help: "message fields take text in quotes: `\(name.name) \"…\"`")
    }

    mutating func parseWait() throws(SyntaxError) -> Wait {
        if check(.duration) || check(.number) {
            return .duration(try duration(after: "`wait`"))
        }
        guard matchWord("until") else {
            throw error(expected: "a duration or `until`", after: "`wait`",
                        help: "write `wait 3d`, `wait until 09:00`, `wait until purchase or 3d` or `wait until best hour`")
        }
        if check(.timeOfDay) {
            return .untilTime(try timeOfDay())
        }
        if checkWord("best"), isWord(peek(), "hour") {
            advance()
            advance()
            return .untilBestHour
        }
        let event = try referenceName("a time of day, an event name or `best hour`", after: "`wait until`")
        var filter: Expr? = nil
        if matchWord("where") { filter = try parseAnd() }
        guard check(.or) else {
            throw error(expected: "`or` and a longest wait", after: "`wait until \(event.name)`",
                        help: "a wait for an event needs a limit: `wait until \(event.name) or 3d`")
        }
        advance()
        return .untilEvent(event, filter: filter, timeout: try duration(after: "`or`"))
    }

    mutating func parseBranch() throws(SyntaxError) -> Branch {
        let start = advance()
        var arms: [Branch.Arm] = []
        var otherwise: StepBlock? = nil
        let condition = try parseExpression()
        arms.append(.init(condition: condition, body: try parseStepBlock("`if`")))
        while check(.else) {
            advance()
            if match(.if) {
                let condition = try parseExpression()
                arms.append(.init(condition: condition, body: try parseStepBlock("`else if`")))
            } else {
                otherwise = try parseStepBlock("`else`")
                break
            }
        }
        return Branch(arms: arms, otherwise: otherwise, span: span(start.span))
    }

    mutating func parseStepBlock(_ describe: String) throws(SyntaxError) -> StepBlock {
        let (steps, braces) = try parseBlock(describe) { (parser: inout Parser) throws(SyntaxError) in
            try parser.parseStep()
        }
        return StepBlock(steps: steps, braces: braces)
    }

    mutating func parseSplit() throws(SyntaxError) -> Split {
        let start = advance()
        let (arms, braces) = try parseBlock("`split`") { (parser: inout Parser) throws(SyntaxError) -> Split.Arm in
            let share = try parser.percent("a share such as `50%`")
            return Split.Arm(share: share, body: try parser.parseStepBlock("`\(share.text)`"))
        }
        if arms.isEmpty {
            report(.emptyBlock, "`split` needs at least one branch", at: span(start.span), label: "no branches")
        }
        return Split(arms: arms, braces: braces, span: span(start.span))
    }
}
