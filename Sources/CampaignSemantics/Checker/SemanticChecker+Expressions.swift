import CampaignSyntax

/// Where an expression is evaluated, which decides the names in scope.
struct ExpressionContext {
    /// The campaign it belongs to (nil in a segment).
    var campaign: CampaignScope?
    /// Inside `where` of an event: the event's properties are in scope by bare name.
    var event: EventInfo?
    /// The segment being checked, to record what it depends on.
    var segment: String?
}

/// What a campaign offers to the expressions inside it.
struct CampaignScope {
    let name: String
    /// The event of `trigger on EVENT`: `event.*` reads its properties.
    let triggerEvent: EventInfo?
    /// Every message the campaign sends, by name.
    let messages: [String: Message]
    /// The position in `TypedCampaign.messages` a name refers to (the first of that name).
    let messageIndex: [String: Int]
    /// Messages sent, on some path, before the point being checked; nil where engagement
    /// is not about a point (the audience, exit and goal clauses see every message).
    var sentBefore: Set<String>?
}

/// Expression typing (docs/language.md §3): each expression gets a `ValueType`, or `.error` after
/// one diagnostic.
extension SemanticChecker {
    /// Checks an expression that must be true or false.
    @discardableResult
    mutating func checkCondition(_ expression: Expr, _ context: ExpressionContext, what: String = "a condition") -> TypedExpr {
        let typed = self.typed(expression, context)
        let type = typed.type
        guard !type.isError, type.wrapped != .bool else { return typed }
        var help = "compare it with something, as in `… > 0`"
        if case .call(let call) = expression, let function = Builtin(named: call.function.name),
           let better = function.conditionHelp(ExpressionPrinter.print(expression)) { help = better }
        report(.notACondition, "\(what) must be true or false, but this is `\(type)`", at: expression.span,
               label: "`\(type)`", help: help)
        return typed
    }

    /// A whole condition (a segment, an audience, a branch): its type, and whether the
    /// types alone already decide it.
    @discardableResult
    mutating func checkTopCondition(_ expression: Expr, _ context: ExpressionContext, what: String) -> TypedExpr {
        let before = diagnostics.count
        let typed = checkCondition(expression, context, what: what)
        if diagnostics.count == before { checkConstantCondition(expression) }
        return typed
    }

    /// The type of an expression, reporting what is wrong with it.
    mutating func typeOf(_ expression: Expr, _ context: ExpressionContext) -> ValueType {
        typed(expression, context).type
    }

    /// An expression typed and its names resolved, reporting what is wrong with it.
    mutating func typed(_ expression: Expr, _ context: ExpressionContext) -> TypedExpr {
        func make(_ type: ValueType, _ node: TypedExpr.Node) -> TypedExpr { TypedExpr(type, node, syntax: expression) }
        switch expression {
        case .literal(let literal, let span):
            switch literal {
            case .percent(let share):
                report(.notAValue, "a percentage is not a value in a condition", at: span, label: "`\(share.text)`",
                       help: "percentages are for `split` and `holdout`; compare numbers as numbers, such as `0.1`")
                return make(.error, .invalid)
            case .timeOfDay(let time):
                report(.notAValue, "a time of day is not a value in a condition", at: span, label: "`\(time.clockText)`",
                       help: "times of day are for triggers, waits and windows; compare an instant such as `2026-12-01 07:00`")
                return make(.error, .invalid)
            default:
                return make(literalType(literal, span), .literal(literal))
            }
        case .name(let identifier):
            return nameType(identifier, context)
        case .eventProperty(let property, let span):
            guard let campaign = context.campaign else {
                report(.eventOutsideEventTrigger, "`event.\(property.name)` is only available inside a campaign triggered by an event",
                       at: span, label: "no triggering event here", help: "a segment is evaluated for any customer at any time; use an aggregate such as `last(…)`")
                return make(.error, .invalid)
            }
            guard let event = campaign.triggerEvent else {
                report(.eventOutsideEventTrigger, "`event.\(property.name)` needs a campaign triggered `on EVENT`; `\(campaign.name)` is not",
                       at: span, label: "no triggering event", help: "trigger the campaign with `trigger on EVENT`, or read the customer's data instead")
                return make(.error, .invalid)
            }
            guard let info = event.properties[property.name], let ref = propertyRef(event, property.name) else {
                let (help, fix) = Self.suggestion(for: property.name, among: event.order, at: property.span)
                report(.unknownProperty, "event `\(event.name)` has no property `\(property.name)`", at: property.span,
                       label: "not a property of \(event.name)", secondary: [.init(event.span, "event declared here")],
                       help: help ?? (event.order.isEmpty ? "`\(event.name)` declares no properties" : "its properties are " + event.order.map { "`\($0)`" }.joined(separator: ", ")),
                       fixIt: fix)
                return make(.error, .invalid)
            }
            record(.property(event: event.name), property.name, at: property.span)
            return make(info.type, .triggerProperty(ref))
        case .unary(let op, let operand, _):
            switch op {
            case .not:
                let inner = checkCondition(operand, context, what: "the operand of `not`")
                return make(inner.type.isOptional ? .optional(.bool) : .bool, .not(inner))
            case .negate:
                let inner = typed(operand, context)
                let type = inner.type
                if type.isError { return make(.error, .invalid) }
                guard type.wrapped == .number || type.wrapped == .duration else {
                    report(.typeMismatch, "cannot negate `\(type)`", at: operand.span, label: "`\(type)`",
                           help: "only numbers and durations can be negative")
                    return make(.error, .invalid)
                }
                return make(type, .negate(inner))
            }
        case .binary(let op, let left, let right, let span):
            return binaryType(op, left, right, span, context, syntax: expression)
        case .chain(let chain):
            return chainType(chain, context, syntax: expression)
        case .isNone(let operand, let negated, _):
            let inner = typed(operand, context)
            let type = inner.type
            if !type.isError, !type.isOptional {
                report(.neverNone, "`\(ExpressionPrinter.print(operand))` is `\(type)`, which is never none, so this is always \(negated ? "true" : "false")",
                       at: expression.span, label: "always \(negated ? "true" : "false")",
                       help: "remove the test, or declare the field optional (`\(type)?`) if it can be missing")
            }
            return make(.bool, .isNone(inner, negated: negated))
        case .inList(let operand, let items, _):
            let inner = typed(operand, context)
            let type = inner.type
            var typedItems: [TypedExpr] = []
            for item in items {
                let typedItem = typed(item, context)
                typedItems.append(typedItem)
                let itemType = typedItem.type
                if type.isError || itemType.isError { continue }
                if case .literal(.none, _) = item {
                    report(.comparisonWithNone, "`in` with `none` is never true", at: item.span, label: "`none`",
                           help: "test for a missing value with `is none`")
                    continue
                }
                if !comparable(type, itemType) {
                    report(.typeMismatch, "cannot look for `\(itemType)` among values of `\(type)`", at: item.span,
                           label: "`\(itemType)`", help: "the values in `in ( … )` must have the type of `\(ExpressionPrinter.print(operand))`")
                } else {
                    checkEnumValue(type, item)
                }
            }
            return make(type.isOptional ? .optional(.bool) : .bool, .inList(inner, typedItems))
        case .call(let call):
            return callType(call, context, syntax: expression)
        case .parenthesized(let inner, _):
            let typedInner = typed(inner, context)
            return make(typedInner.type, typedInner.node)
        }
    }

    func literalType(_ literal: Literal, _ span: SourceSpan) -> ValueType {
        switch literal {
        case .string: .text(max: nil)
        case .number: .number
        case .duration: .duration
        case .date: .date
        case .instant: .time
        case .bool: .bool
        case .none: .none
        case .now: .time
        case .percent, .timeOfDay: .error
        }
    }

    /// A bare name, resolved as docs/language.md §3.1 has it: inside `where`, the event's
    /// property first; then a customer field; then a segment.
    mutating func nameType(_ identifier: Identifier, _ context: ExpressionContext) -> TypedExpr {
        let name = identifier.name
        let invalid = TypedExpr(.error, .invalid, syntax: .name(identifier))
        if let event = context.event, let property = event.properties[name], let ref = propertyRef(event, name) {
            record(.property(event: event.name), name, at: identifier.span)
            return TypedExpr(property.type, .property(ref), syntax: .name(identifier))
        }
        if let field = table.customerFields[name], let slot = symbols.fieldSlot[name] {
            guard isVisible(name, at: identifier.span) else { return invalid }
            record(.field, name, at: identifier.span)
            return TypedExpr(field.type, .field(FieldRef(index: slot, name: name)), syntax: .name(identifier))
        }
        if table.segments[name] != nil, let index = symbols.segmentIndex[name] {
            if let segment = context.segment { segmentEdges[segment, default: []].append((name, identifier.span)) }
            guard isVisible(name, at: identifier.span) else { return invalid }
            record(.segment, name, at: identifier.span)
            return TypedExpr(.bool, .segment(SegmentRef(index: index, name: name)), syntax: .name(identifier))
        }
        if table.events[name] != nil {
            report(.typeMismatch, "`\(name)` is an event, not a value", at: identifier.span, label: "an event",
                   help: "ask about its occurrences: `count(\(name)) > 0`, `last(\(name))`")
            return invalid
        }
        if table.campaigns[name] != nil {
            report(.typeMismatch, "`\(name)` is a campaign, not a value", at: identifier.span, label: "a campaign")
            return invalid
        }
        var candidates = table.customerFieldOrder + table.segmentNames
        if let event = context.event { candidates += event.order }
        let key = "\(currentFile.rawValue):\(identifier.span.start)"
        if reportedUnknown.insert(key).inserted {
            let (help, fix) = Self.suggestion(for: name, among: candidates, at: identifier.span)
            let label = context.event.map { "not a field of customer, a segment, or a property of \($0.name)" } ?? "not a field of customer or a segment"
            report(.unknownName, "unknown name `\(name)`", at: identifier.span, label: label, help: help, fixIt: fix)
        }
        return invalid
    }

    /// Whether two types can be compared for equality.
    func comparable(_ a: ValueType, _ b: ValueType) -> Bool {
        if a.isError || b.isError { return true }
        let fa = a.family, fb = b.family
        if fa == fb { return true }
        // A date literal is midnight UTC when compared with a time (as `--from 2026-11-01` is).
        if (fa == "time" && fb == "date") || (fa == "date" && fb == "time") { return true }
        return false
    }

    /// A string literal compared with an enum must be one of its values.
    mutating func checkEnumValue(_ type: ValueType, _ other: Expr) {
        guard case .enumeration(let values) = type.wrapped, case .literal(.string(let literal), _) = other,
              !values.contains(literal.value) else { return }
        let guess = Suggestion.closest(to: literal.value, among: values)
        report(.valueOutsideEnum, "\"\(literal.value)\" is not one of the values of \(type.wrapped)", at: literal.span,
               label: "never equal",
               help: guess.map { "did you mean \"\($0)\"?" } ?? "the values are " + values.map { "\"\($0)\"" }.joined(separator: ", "),
               fixIt: guess.map { .init("write \"\($0)\"", edits: [.init(literal.span, "\"\($0)\"")]) })
    }

    /// `a and b and c` checks each operand as a condition; `a + b - c` folds the types
    /// from the left, as `(a + b) - c` groups, reporting at the operation that fails.
    mutating func chainType(_ chain: OperatorChain, _ context: ExpressionContext, syntax: Expr) -> TypedExpr {
        if let op = chain.logical {
            var operands = [checkCondition(chain.first, context, what: "the left side of `\(op.rawValue)`")]
            operands.reserveCapacity(chain.links.count + 1)
            for link in chain.links {
                operands.append(checkCondition(link.operand, context, what: "the right side of `\(op.rawValue)`"))
            }
            return TypedExpr(.bool, .logical(op, operands), syntax: syntax)
        }
        let first = typed(chain.first, context)
        var type = first.type
        var links: [ArithmeticLink] = []
        links.reserveCapacity(chain.links.count)
        for (index, link) in chain.links.enumerated() {
            let operand = typed(link.operand, context)
            type = arithmeticType(link.op, type, operand.type, at: chain.span(through: index))
            links.append(ArithmeticLink(link.op, operand, resultType: type))
        }
        return TypedExpr(type, type.isError ? .invalid : .arithmetic(first, links), syntax: syntax)
    }

    /// The type of `left op right` for `+ - * /`, or `.error` after one diagnostic.
    mutating func arithmeticType(_ op: BinaryOperator, _ lt: ValueType, _ rt: ValueType, at span: SourceSpan) -> ValueType {
        if lt.isError || rt.isError { return .error }
        let optional = lt.isOptional || rt.isOptional
        guard let result = Self.arithmetic(op, lt.wrapped, rt.wrapped) else {
            report(.typeMismatch, "cannot apply `\(op.rawValue)` to `\(lt)` and `\(rt)`", at: span,
                   label: "`\(lt)` \(op.rawValue) `\(rt)`", help: arithmeticHelp(op, lt.wrapped, rt.wrapped))
            return .error
        }
        return optional ? result.asOptional : result
    }

    /// A comparison or `??`: the operators that do not chain.
    mutating func binaryType(_ op: BinaryOperator, _ left: Expr, _ right: Expr, _ span: SourceSpan, _ context: ExpressionContext,
                             syntax: Expr) -> TypedExpr {
        switch op {
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
            let l = typed(left, context), r = typed(right, context)
            let type = comparisonType(op, l, r, span)
            return TypedExpr(type, .compare(op, l, r), syntax: syntax)
        case .coalesce:
            let l = typed(left, context), r = typed(right, context)
            let type = coalesceType(l, r, span)
            return TypedExpr(type, type.isError ? .invalid : .coalesce(l, r), syntax: syntax)
        case .add, .subtract, .multiply, .divide, .and, .or:
            // Parsed as an `OperatorChain`, never as a pair.
            return chainType(OperatorChain(first: left, links: [.init(op, right)], span: span), context, syntax: syntax)
        }
    }

    /// The type of a comparison, reporting what is wrong with it.
    mutating func comparisonType(_ op: BinaryOperator, _ l: TypedExpr, _ r: TypedExpr, _ span: SourceSpan) -> ValueType {
        let left = l.syntax, right = r.syntax
        let lt = l.type, rt = r.type
        if lt.isError || rt.isError { return .bool }
        if lt == .none || rt == .none {
            let other = lt == .none ? right : left
            let negated = op == .notEqual
            report(.comparisonWithNone, "a comparison with `none` is never true (it is unknown)", at: span,
                   label: "always unknown",
                   help: "test for a missing value with `\(ExpressionPrinter.print(other)) is\(negated ? " not" : "") none`",
                   fixIt: .init("use `is\(negated ? " not" : "") none`", edits: [.init(span, ExpressionPrinter.print(other) + (negated ? " is not none" : " is none"))]))
            return .bool
        }
        guard comparable(lt, rt) else {
            report(.typeMismatch, "cannot compare `\(lt)` with `\(rt)`", at: span, label: "`\(lt)` \(op.rawValue) `\(rt)`",
                   help: mismatchHelp(lt, rt))
            return .bool
        }
        if !op.isEquality {
            for (type, side) in [(lt, left), (rt, right)] where type.family == "text" || type.family == "bool" {
                report(.notOrderable, "`\(type.wrapped)` values have no order; `\(op.rawValue)` cannot compare them", at: side.span,
                       label: "`\(type)`", help: "compare with `==`, `!=` or `in ( … )`")
                return .bool
            }
        }
        checkEnumValue(lt, right)
        checkEnumValue(rt, left)
        return lt.isOptional || rt.isOptional ? .optional(.bool) : .bool
    }

    /// The type of `left ?? right`, reporting what is wrong with it.
    mutating func coalesceType(_ l: TypedExpr, _ r: TypedExpr, _ span: SourceSpan) -> ValueType {
        let left = l.syntax, right = r.syntax
        let lt = l.type, rt = r.type
        if lt.isError || rt.isError { return lt.isError ? rt : lt.wrapped }
        if !lt.isOptional {
            report(.neverNone, "`\(ExpressionPrinter.print(left))` is `\(lt)`, which is never none, so `??` never uses its right side",
                   at: span, label: "never none", help: "remove `?? \(ExpressionPrinter.print(right))`")
        }
        guard comparable(lt.wrapped, rt.wrapped) || rt == .none else {
            report(.typeMismatch, "the default for `\(lt)` must have the same type, but this is `\(rt)`", at: right.span,
                   label: "`\(rt)`", help: mismatchHelp(lt, rt))
            return .error
        }
        return rt.isOptional ? lt.wrapped.asOptional : lt.wrapped
    }

    /// Arithmetic on numbers, durations and times (docs/language.md §3.2: `now - 30d`, `signup_at + 7d`).
    static func arithmetic(_ op: BinaryOperator, _ a: ValueType, _ b: ValueType) -> ValueType? {
        switch (op, a, b) {
        case (.add, .number, .number), (.subtract, .number, .number), (.multiply, .number, .number), (.divide, .number, .number):
            return .number
        case (.add, .duration, .duration), (.subtract, .duration, .duration):
            return .duration
        case (.add, .time, .duration), (.subtract, .time, .duration), (.add, .duration, .time):
            return .time
        case (.subtract, .time, .time):
            return .duration
        case (.multiply, .number, .duration), (.multiply, .duration, .number), (.divide, .duration, .number):
            return .duration
        case (.divide, .duration, .duration):
            return .number
        default:
            return nil
        }
    }

    func arithmeticHelp(_ op: BinaryOperator, _ a: ValueType, _ b: ValueType) -> String {
        if a.family == "text" || b.family == "text" { return "text cannot be used in arithmetic; a duration is written `3d`, not \"3\"" }
        if a == .date || b == .date { return "dates have no arithmetic; compare a `time` instead, as in `signup_at + 7d`" }
        if a == .time, b == .number || b == .time, op == .add { return "add a duration to a time: `signup_at + 7d`" }
        return "arithmetic works on numbers, on durations (`7d + 12h`), and on a time with a duration (`now - 30d`)"
    }

    func mismatchHelp(_ a: ValueType, _ b: ValueType) -> String? {
        if a.family == "number", b.family == "text" || a.family == "text" && b.family == "number" {
            return "numbers are written without quotes: `3`, not \"3\""
        }
        if a.family == "duration" || b.family == "duration" { return "durations are written `30d`, `2h`, `15m`" }
        if a.family == "bool" || b.family == "bool" { return "use the condition itself: `sms_opt_in`, or `not sms_opt_in`" }
        return nil
    }
}

extension BinaryOperator {
    var isEquality: Bool { self == .equal || self == .notEqual }
}
