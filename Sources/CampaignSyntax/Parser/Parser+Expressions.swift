/// Expressions, loosest binding first:
/// `or` < `and` < `not` < comparisons (`== != < <= > >=`, `in (…)`, `is [not] none`; not
/// chainable) < `??` (right-associative) < `+ -` < `* /` < unary `-` < primary.
extension Parser {
    mutating func parseExpression() throws(SyntaxError) -> Expr {
        try parseOr()
    }

    mutating func parseOr() throws(SyntaxError) -> Expr {
        try parseLeftAssociative([(.keyword(.or), .or)]) { (parser: inout Parser) throws(SyntaxError) in try parser.parseAnd() }
    }

    /// Stops before `or`: `wait until purchase where amount > 50 or 3d` reads the `or` as
    /// the timeout.
    mutating func parseAnd() throws(SyntaxError) -> Expr {
        try parseLeftAssociative([(.keyword(.and), .and)]) { (parser: inout Parser) throws(SyntaxError) in try parser.parseNot() }
    }

    /// `operand (op operand)*`, grouping to the left (`a - b - c` is `(a - b) - c`), read
    /// with a loop into one flat `OperatorChain`: a chain of any length costs no stack.
    mutating func parseLeftAssociative(
        _ operators: [(TokenKind, BinaryOperator)],
        operand: (inout Parser) throws(SyntaxError) -> Expr
    ) throws(SyntaxError) -> Expr {
        let first = try operand(&self)
        var links: [OperatorChain.Link] = []
        while let op = operators.first(where: { $0.0 == current.kind })?.1 {
            advance()
            links.append(OperatorChain.Link(op, try operand(&self)))
        }
        guard let last = links.last else { return first }
        return .chain(OperatorChain(first: first, links: links, span: first.span.through(last.operand.span)))
    }

    mutating func parseNot() throws(SyntaxError) -> Expr {
        if check(.not) {
            let keyword = advance()
            let operand = try nested { (parser: inout Parser) throws(SyntaxError) in try parser.parseNot() }
            return .unary(.not, operand, keyword.span.through(operand.span))
        }
        return try parseComparison()
    }

    func comparisonOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        case .greaterEqual: .greaterEqual
        default: nil
        }
    }

    /// `in` starts a list only before `(`; `in last 30d` belongs to an aggregate's window.
    var atInList: Bool { check(.in) && peek().kind == .leftParen }

    mutating func parseComparison() throws(SyntaxError) -> Expr {
        let left = try parseCoalesce()
        var result = left
        if let op = comparisonOperator(current.kind) {
            advance()
            let right = try parseCoalesce()
            result = .binary(op, left, right, left.span.through(right.span))
        } else if check(.is) {
            advance()
            let negated = match(.not)
            guard check(.none) else {
                throw error(expected: "`none`", after: negated ? "`is not`" : "`is`",
                            help: "`is` only tests for a missing value: `x is none`, `x is not none`; compare values with `==`")
            }
            let none = advance()
            result = .isNone(left, negated: negated, left.span.through(none.span))
        } else if atInList {
            advance()
            let open = advance()
            var items: [Expr] = []
            repeat {
                if check(.rightParen) { break }
                items.append(try parseCoalesce())
            } while match(.comma)
            let close = try expect(.rightParen, "`)` or `,`", after: "the list")
            if items.isEmpty {
                report(.emptyBlock, "`in ( )` needs at least one value", at: open.span.through(close.span), label: "empty list")
            }
            result = .inList(left, items, left.span.through(close.span))
        } else {
            return left
        }
        if comparisonOperator(current.kind) != nil || check(.is) || atInList {
            report(.chainedComparison, "comparisons cannot be chained", at: current.span,
                   label: "second comparison", help: "combine two comparisons with `and`: `a < b and b < c`")
            throw SyntaxError()
        }
        return result
    }

    mutating func parseCoalesce() throws(SyntaxError) -> Expr {
        let left = try parseAdditive()
        guard check(.doubleQuestion) else { return left }
        advance()
        let right = try nested { (parser: inout Parser) throws(SyntaxError) in try parser.parseCoalesce() }
        return .binary(.coalesce, left, right, left.span.through(right.span))
    }

    mutating func parseAdditive() throws(SyntaxError) -> Expr {
        try parseLeftAssociative([(.plus, .add), (.minus, .subtract)]) { (parser: inout Parser) throws(SyntaxError) in
            try parser.parseMultiplicative()
        }
    }

    mutating func parseMultiplicative() throws(SyntaxError) -> Expr {
        try parseLeftAssociative([(.star, .multiply), (.slash, .divide)]) { (parser: inout Parser) throws(SyntaxError) in
            try parser.parseUnary()
        }
    }

    mutating func parseUnary() throws(SyntaxError) -> Expr {
        if check(.minus) {
            let minus = advance()
            let operand = try nested { (parser: inout Parser) throws(SyntaxError) in try parser.parseUnary() }
            return .unary(.negate, operand, minus.span.through(operand.span))
        }
        return try parsePrimary()
    }

    mutating func parsePrimary() throws(SyntaxError) -> Expr {
        let token = current
        switch token.kind {
        case .number:
            advance()
            let raw = text(token)
            return .literal(.number(text: raw, value: Double(raw) ?? 0), token.span)
        case .duration:
            advance()
            return .literal(.duration(durationValue(token)), token.span)
        case .percent:
            let value = try percent("a percentage")
            return .literal(.percent(value), token.span)
        case .string:
            advance()
            return .literal(.string(stringValue(token)), token.span)
        case .date:
            advance()
            let date = dateValue(token)
            if check(.timeOfDay), !current.isAtLineStart {
                let time = try timeOfDay()
                return .literal(.instant(date, time), token.span.through(time.span))
            }
            return .literal(.date(date), token.span)
        case .timeOfDay:
            let time = try timeOfDay()
            return .literal(.timeOfDay(time), time.span)
        case .keyword(.true):
            advance()
            return .literal(.bool(true), token.span)
        case .keyword(.false):
            advance()
            return .literal(.bool(false), token.span)
        case .keyword(.none):
            advance()
            return .literal(.none, token.span)
        case .keyword(.now):
            advance()
            return .literal(.now, token.span)
        case .keyword(.event) where peek().kind == .dot:
            advance()
            advance()
            let property = try referenceName("a property name", after: "`event.`")
            return .eventProperty(property, token.span.through(property.span))
        case .identifier:
            if peek().kind == .leftParen {
                return .call(try parseCall())
            }
            advance()
            let name = Identifier(text(token), span: token.span)
            if check(.dot), peek().kind == .identifier {
                advance()
                let property = advance()
                report(.expectedToken, "`\(name.name).\(text(property))` can only be used inside an aggregate",
                       at: token.span.through(property.span), label: "not an aggregate",
                       help: "aggregate the property over events, as in `sum(\(name.name).\(text(property)))`")
                throw SyntaxError()
            }
            return .name(name)
        case .leftParen:
            let open = advance()
            let inner = try nested { (parser: inout Parser) throws(SyntaxError) in try parser.parseExpression() }
            guard check(.rightParen) else {
                report(.expectedToken, "expected `)`, found \(foundDescription)", at: missingSpan,
                       label: "expected `)`", secondary: [.init(open.span, "to close this `(`")])
                throw SyntaxError()
            }
            let close = advance()
            return .parenthesized(inner, open.span.through(close.span))
        default:
            throw error(expected: "an expression")
        }
    }

    /// `count(purchase where category == "home" in last 30d)`, `sum(purchase.amount)`,
    /// `count(purchase since entry)`, `clicked(any)`.
    mutating func parseCall() throws(SyntaxError) -> CallExpression {
        let functionToken = advance()
        let function = Identifier(text(functionToken), span: functionToken.span)
        _ = advance()
        var subject = [try referenceName("an event or message name", after: "`\(function.name)(`")]
        while match(.dot) {
            subject.append(try referenceName("a property name", after: "`.`"))
        }
        // `clicked(any sms)`: a channel after `any` (not the words that go on a call).
        if subject.count == 1, subject[0].name == "any", check(.identifier), !checkWord("where"), !checkWord("since") {
            subject.append(try referenceName("a channel", after: "`any`"))
        }
        var filter: Expr? = nil
        if matchWord("where") {
            filter = try parseExpression()
        }
        var window: EventWindow? = nil
        if check(.in) && isWord(peek(), "last") {
            let start = advance()
            advance()
            let length = try duration(after: "`in last`")
            window = .inLast(length, start.span.through(length.span))
        } else if checkWord("since") {
            let start = advance()
            let entry = try expectWord("entry", after: "`since`")
            window = .sinceEntry(start.span.through(entry.span))
        }
        guard check(.rightParen) else {
            let expected = filter == nil && window == nil ? "`where`, `in last`, `since entry` or `)`" : "`)`"
            throw error(expected: expected, after: "`\(function.name)(\(subject.map(\.name).joined(separator: ".")) …`")
        }
        let close = advance()
        return CallExpression(function: function, subject: subject, filter: filter, window: window,
                              span: functionToken.span.through(close.span))
    }
}
