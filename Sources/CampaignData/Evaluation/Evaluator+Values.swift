import CampaignSemantics
import CampaignSyntax

/// Numbers, instants, durations, booleans and text, and the event aggregates.
extension Evaluator {
    /// A column value of the current customer, or of the event a filter is testing.
    enum Source {
        case customer(Column)
        case event(table: Int, Column)
        case trigger(table: Int, Column)
        case absent
    }

    func source(_ expression: Expr, _ scope: Scope) -> Source {
        switch Self.stripped(expression) {
        case .name(let name):
            if let t = scope.event, let column = data.events.tables[t].properties[name.name] { return .event(table: t, column) }
            if let column = data.customers.columns[name.name] { return .customer(column) }
            return .absent
        case .eventProperty(let property, _):
            if let t = scope.triggerEvent, let column = data.events.tables[t].properties[property.name] { return .trigger(table: t, column) }
            return .absent
        default:
            return .absent
        }
    }

    /// The row a source reads for a context.
    @inline(__always)
    static func row(_ source: Source, _ ctx: EvaluationContext) -> Int? {
        switch source {
        case .customer: return ctx.customer
        case .event(let t, _): return ctx.event.flatMap { $0.table == t ? $0.row : nil }
        case .trigger(let t, _): return ctx.trigger.flatMap { $0.table == t ? $0.row : nil }
        case .absent: return nil
        }
    }

    static func column(_ source: Source) -> Column? {
        switch source {
        case .customer(let c), .event(_, let c), .trigger(_, let c): c
        case .absent: nil
        }
    }

    func number(_ expression: Expr, _ scope: Scope) -> Numeric {
        switch Self.stripped(expression) {
        case .literal(.number(_, let value), _):
            return { _ in value }
        case .unary(.negate, let operand, _):
            let inner = number(operand, scope)
            return { ctx in inner(ctx).map { -$0 } }
        case .binary(.coalesce, let left, let right, _):
            let a = number(left, scope), b = number(right, scope)
            return { ctx in a(ctx) ?? b(ctx) }
        case .chain(let chain) where chain.logical == nil:
            return number(chain, scope)
        case .call(let call):
            return aggregateNumber(call, scope)
        default:
            let source = self.source(expression, scope)
            guard case .number(let values)? = Self.column(source) else { return { _ in nil } }
            return { ctx in
                guard let row = Self.row(source, ctx) else { return nil }
                let value = values[row]
                return value.isNaN ? nil : value
            }
        }
    }

    func instant(_ expression: Expr, _ scope: Scope) -> Instant {
        switch Self.stripped(expression) {
        case .literal(.now, _):
            return { ctx in ctx.now }
        case .literal(.date(let date), _):
            let seconds = Int64(TemplateDateFormat.daysFromCivil(date.year, date.month, date.day)) * 86_400
            return { _ in seconds }
        case .literal(.instant(let date, let time), _):
            var seconds = Int64(TemplateDateFormat.daysFromCivil(date.year, date.month, date.day)) * 86_400 + Int64(time.hour * 3_600 + time.minute * 60)
            if case .named(let zone)? = time.zone, let tz = TimeZoneSupport.offset(zone.value, localSeconds: seconds) { seconds -= tz }
            let value = seconds
            return { _ in value }
        case .binary(.coalesce, let left, let right, _):
            let a = instant(left, scope), b = instant(right, scope)
            return { ctx in a(ctx) ?? b(ctx) }
        case .chain(let chain) where chain.logical == nil:
            return seconds(chain, scope)
        case .call(let call):
            return aggregateInstant(call, scope)
        default:
            let source = self.source(expression, scope)
            switch Self.column(source) {
            case .time(let values)?:
                return { ctx in
                    guard let row = Self.row(source, ctx) else { return nil }
                    let value = values[row]
                    return value == Column.missingTime ? nil : value
                }
            case .date(let values)?:
                return { ctx in
                    guard let row = Self.row(source, ctx) else { return nil }
                    let value = values[row]
                    return value == Column.missingDate ? nil : Int64(value) * 86_400
                }
            default:
                return { _ in nil }
            }
        }
    }

    func duration(_ expression: Expr, _ scope: Scope) -> Instant {
        switch Self.stripped(expression) {
        case .literal(.duration(let length), _):
            let seconds = Int64(length.seconds)
            return { _ in seconds }
        case .unary(.negate, let operand, _):
            let inner = duration(operand, scope)
            return { ctx in inner(ctx).map { InstantRange.subtracting($0, from: 0) } }
        case .binary(.coalesce, let left, let right, _):
            let a = duration(left, scope), b = duration(right, scope)
            return { ctx in a(ctx) ?? b(ctx) }
        case .chain(let chain) where chain.logical == nil:
            return seconds(chain, scope)
        default:
            return { _ in nil }
        }
    }

    func bool(_ expression: Expr, _ scope: Scope) -> (EvaluationContext) -> Bool? {
        switch Self.stripped(expression) {
        case .binary(.coalesce, let left, let right, _):
            let a = bool(left, scope), b = bool(right, scope)
            return { ctx in a(ctx) ?? b(ctx) }
        case .literal(.bool(let value), _):
            return { _ in value }
        case .name, .eventProperty:
            let source = self.source(expression, scope)
            if case .bool(let values)? = Self.column(source) {
                return { ctx in
                    guard let row = Self.row(source, ctx) else { return nil }
                    let value = values[row]
                    return value == 2 ? nil : value == 1
                }
            }
            let condition = self.condition(expression, scope: scope)
            return { ctx in
                let result = condition(ctx)
                return result == .unknown ? nil : result == .yes
            }
        default:
            let condition = self.condition(expression, scope: scope)
            return { ctx in
                let result = condition(ctx)
                return result == .unknown ? nil : result == .yes
            }
        }
    }

    func text(_ expression: Expr, _ scope: Scope) -> Textual {
        switch Self.stripped(expression) {
        case .literal(.string(let literal), _):
            let value = literal.value
            return { _ in value }
        case .binary(.coalesce, let left, let right, _):
            let a = text(left, scope), b = text(right, scope)
            return { ctx in a(ctx) ?? b(ctx) }
        default:
            let source = self.source(expression, scope)
            guard let column = Self.column(source) else { return { _ in nil } }
            return { ctx in Self.row(source, ctx).flatMap { column.display($0) } }
        }
    }

    // MARK: - Aggregates

    /// The rows of the event table an aggregate looks at, for a context.
    func window(_ call: CallExpression, _ table: EventTable) -> (EvaluationContext) -> Range<Int>? {
        switch call.window {
        case .inLast(let length, _)?:
            let seconds = Int64(length.seconds)
            return { ctx in
                let rows = table.rows(of: ctx.customer)
                let high = table.upperBound(ctx.now, in: rows)
                let low = table.upperBound(ctx.now - seconds, in: rows.lowerBound..<high)
                return low..<high
            }
        case .sinceEntry?:
            return { ctx in
                guard let entry = ctx.entry else { return nil }
                let rows = table.rows(of: ctx.customer)
                let high = table.upperBound(ctx.now, in: rows)
                return table.lowerBound(entry, in: rows.lowerBound..<high)..<high
            }
        case nil:
            return { ctx in
                let rows = table.rows(of: ctx.customer)
                return rows.lowerBound..<table.upperBound(ctx.now, in: rows)
            }
        }
    }

    func filter(_ call: CallExpression, table t: Int, _ scope: Scope) -> Condition? {
        call.filter.map { condition($0, scope: Scope(event: t, triggerEvent: scope.triggerEvent)) }
    }

    func aggregateNumber(_ call: CallExpression, _ scope: Scope) -> Numeric {
        guard let name = call.subject.first?.name, let t = data.events.typeIndex[name] else { return { _ in nil } }
        let table = data.events.tables[t]
        let rows = window(call, table)
        let test = filter(call, table: t, scope)
        if call.function.name == "count" {
            guard let test else { return { ctx in rows(ctx).map { Double($0.count) } } }
            return { ctx in
                guard let range = rows(ctx) else { return nil }
                var count = 0
                var inner = ctx
                for row in range {
                    inner.event = (t, row)
                    if test(inner) == .yes { count += 1 }
                }
                return Double(count)
            }
        }
        guard call.function.name == "sum", call.subject.count == 2, case .number(let values)? = table.properties[call.subject[1].name] else {
            return { _ in nil }
        }
        // SQL's SUM: missing values are skipped, and no values at all give no sum.
        return { ctx in
            guard let range = rows(ctx) else { return nil }
            var total = 0.0
            var any = false
            var inner = ctx
            for row in range {
                if let test {
                    inner.event = (t, row)
                    if test(inner) != .yes { continue }
                }
                let value = values[row]
                if value.isNaN { continue }
                total += value
                any = true
            }
            return any ? total : nil
        }
    }

    func aggregateInstant(_ call: CallExpression, _ scope: Scope) -> Instant {
        guard let name = call.subject.first?.name, let t = data.events.typeIndex[name] else { return { _ in nil } }
        let table = data.events.tables[t]
        let rows = window(call, table)
        let test = filter(call, table: t, scope)
        let last = call.function.name == "last"
        return { ctx in
            guard let range = rows(ctx), !range.isEmpty else { return nil }
            guard let test else { return table.times[last ? range.upperBound - 1 : range.lowerBound] }
            var inner = ctx
            if last {
                for row in range.reversed() {
                    inner.event = (t, row)
                    if test(inner) == .yes { return table.times[row] }
                }
            } else {
                for row in range {
                    inner.event = (t, row)
                    if test(inner) == .yes { return table.times[row] }
                }
            }
            return nil
        }
    }
}
