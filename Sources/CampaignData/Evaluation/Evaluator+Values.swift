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

    /// Names resolve as the checker resolves them (docs/language.md): inside `where`, the
    /// event's property first, then the customer's field. By the schema, never by what
    /// happens to be stored: a property the store did not keep must not read a customer
    /// field of the same name.
    func source(_ expression: Expr, _ scope: Scope) -> Source {
        switch Self.stripped(expression) {
        case .name(let name):
            if let t = scope.event, propertyType(name.name, scope) != nil {
                return property(name.name, table: t).map { .event(table: t, $0) } ?? .absent
            }
            if data.table.customerFields[name.name] != nil { return field(name.name).map { .customer($0) } ?? .absent }
            return .absent
        case .eventProperty(let property, _):
            guard let t = scope.triggerEvent else { return .absent }
            return self.property(property.name, table: t).map { .trigger(table: t, $0) } ?? .absent
        default:
            return .absent
        }
    }

    /// Whether a bare name is a column where it is compiled (rather than a segment).
    func isColumn(_ name: String, _ scope: Scope) -> Bool {
        propertyType(name, scope) != nil || data.table.customerFields[name] != nil
    }

    // MARK: - Stored data
    //
    // Every column and event table an expression reads is looked up here, so a read of
    // something the store did not keep is noticed (`unstoredReads`) and compiles to a
    // missing value, whatever the expression around it.

    /// A customer field's column; nil (and noted) when the store did not keep it.
    public func field(_ name: String) -> Column? {
        if let column = data.customers.columns[name] { return column }
        if data.table.customerFields[name] != nil { noteUnstored("field \(name)") }
        return nil
    }

    /// An event property's column; nil (and noted) when the store did not keep it.
    public func property(_ name: String, table t: Int) -> Column? {
        let table = data.events.tables[t]
        if let column = table.properties[name] { return column }
        if data.table.events[table.name]?.properties[name] != nil { noteUnstored("property \(table.name).\(name)") }
        return nil
    }

    /// An event type's table; nil for an undeclared type. A type the store did not keep
    /// has an empty table (no customer has such events) and is noted.
    public func eventTable(_ name: String) -> Int? {
        guard let t = data.events.typeIndex[name] else { return nil }
        if !data.stored.reads(name) { noteUnstored("event \(name)") }
        return t
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
            let seconds = Int64(date.days) * 86_400
            return { _ in seconds }
        case .literal(.instant(let date, let time), _):
            var seconds = Int64(date.days) * 86_400 + Int64(time.hour * 3_600 + time.minute * 60)
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
            return { ctx in inner(ctx).flatMap { Self.seconds(0, minus: $0) } }
        case .binary(.coalesce, let left, let right, _):
            let a = duration(left, scope), b = duration(right, scope)
            return { ctx in a(ctx) ?? b(ctx) }
        case .chain(let chain) where chain.logical == nil:
            return seconds(chain, scope)
        default:
            let source = self.source(expression, scope)
            guard case .duration(let values)? = Self.column(source) else { return { _ in nil } }
            return { ctx in
                guard let row = Self.row(source, ctx) else { return nil }
                let value = values[row]
                return value == Column.missingDuration ? nil : value
            }
        }
    }

    /// The most seconds a computed time or duration may be, either side of zero: about 142
    /// million years, so adding any duration or zone offset to it cannot overflow `Int64`.
    /// Arithmetic on values from the data (`grace * factor`, `signup_at + grace`) that
    /// goes past it is unknown, like a missing value, never a trap.
    static let secondsLimit: Int64 = 1 << 52

    @inline(__always)
    static func seconds(_ value: Double) -> Int64? {
        value.isFinite && abs(value) <= Double(secondsLimit) ? Int64(value) : nil
    }

    @inline(__always)
    static func seconds(_ a: Int64, plus b: Int64) -> Int64? {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow || sum.magnitude > secondsLimit.magnitude ? nil : sum
    }

    @inline(__always)
    static func seconds(_ a: Int64, minus b: Int64) -> Int64? {
        let (difference, overflow) = a.subtractingReportingOverflow(b)
        return overflow || difference.magnitude > secondsLimit.magnitude ? nil : difference
    }

    func bool(_ expression: Expr, _ scope: Scope) -> @Sendable (EvaluationContext) -> Bool? {
        switch Self.stripped(expression) {
        case .binary(.coalesce, let left, let right, _):
            let a = bool(left, scope), b = bool(right, scope)
            return { ctx in a(ctx) ?? b(ctx) }
        case .literal(.bool(let value), _):
            return { _ in value }
        case .name(let name) where isColumn(name.name, scope):
            return boolColumn(expression, scope)
        case .eventProperty:
            return boolColumn(expression, scope)
        default:
            // `condition` never hands these back: it reads column names itself and passes
            // `bool` only `??` and `event.x`, which end above. Each hand-over either goes
            // to a smaller expression or goes one way, so compiling always ends, stored
            // column or not.
            let condition = self.condition(expression, scope: scope)
            return { ctx in
                let result = condition(ctx)
                return result == .unknown ? nil : result == .yes
            }
        }
    }

    /// A bool field or property; missing when the name is not a stored bool column.
    func boolColumn(_ expression: Expr, _ scope: Scope) -> @Sendable (EvaluationContext) -> Bool? {
        let source = self.source(expression, scope)
        guard case .bool(let values)? = Self.column(source) else { return { _ in nil } }
        return { ctx in
            guard let row = Self.row(source, ctx) else { return nil }
            let value = values[row]
            return value == 2 ? nil : value == 1
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
    func window(_ call: CallExpression, _ table: EventTable) -> @Sendable (EvaluationContext) -> Range<Int>? {
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
        guard let name = call.subject.first?.name, let t = eventTable(name) else { return { _ in nil } }
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
        guard call.function.name == "sum", call.subject.count == 2, case .number(let values)? = property(call.subject[1].name, table: t) else {
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
        guard let name = call.subject.first?.name, let t = eventTable(name) else { return { _ in nil } }
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
