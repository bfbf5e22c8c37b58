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

    /// The column a resolved name reads: the customer's field, the property of the event a
    /// filter is testing, or of the triggering event. By the checker's resolution, never by
    /// what happens to be stored: a property the store did not keep reads as missing.
    func source(_ expression: TypedExpr) -> Source {
        switch expression.node {
        case .field(let ref):
            return field(ref).map { .customer($0) } ?? .absent
        case .property(let ref):
            guard let t = propertyTable(ref) else { return .absent }
            return property(ref).map { .event(table: t, $0) } ?? .absent
        case .triggerProperty(let ref):
            guard let t = propertyTable(ref) else { return .absent }
            return property(ref).map { .trigger(table: t, $0) } ?? .absent
        default:
            return .absent
        }
    }

    // MARK: - Stored data
    //
    // Every column and event table an expression reads is looked up here, so a read of
    // something the store did not keep is noticed (`unstoredReads`) and compiles to a
    // missing value, whatever the expression around it. So does a reference to a position
    // this dataset's table does not have (typed against another table): it is unstored too.

    /// A customer field's column; nil (and noted) when the store did not keep it.
    public func field(_ ref: FieldRef) -> Column? {
        if let column = columns.field(ref) { return column }
        noteUnstored("field \(ref.name)")
        return nil
    }

    /// An event property's column; nil (and noted) when the store did not keep it.
    public func property(_ ref: PropertyRef) -> Column? {
        if let column = columns.property(ref) { return column }
        noteUnstored("property \(ref.event.name).\(ref.name)")
        return nil
    }

    /// The table of the event type a property belongs to; nil when the data has none, and
    /// noted when the type is not one of this dataset's types at all.
    func propertyTable(_ ref: PropertyRef) -> Int? {
        if let t = columns.table(ref.event) { return t }
        if !columns.holds(ref.event) { noteUnstored("property \(ref.event.name).\(ref.name)") }
        return nil
    }

    /// An event type's table, kept or not (then empty), without noting it: for what
    /// reads events only when a journey asks (the policy's best hour, which `DataUse`
    /// keeps only when some journey waits for it).
    public func declaredTable(_ ref: EventRef) -> Int? { columns.table(ref) }

    /// An event type's table; nil when the data has none (noted when the type is not one
    /// of this dataset's types). A type the store did not keep has an empty table (no
    /// customer has such events) and is noted.
    public func eventTable(_ ref: EventRef) -> Int? {
        guard let t = declaredTable(ref) else {
            if !columns.holds(ref) { noteUnstored("event \(ref.name)") }
            return nil
        }
        if !columns.stored(ref) { noteUnstored("event \(ref.name)") }
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

    func number(_ expression: TypedExpr) -> Numeric {
        switch expression.node {
        case .literal(.number(_, let value)):
            return { _ in value }
        case .negate(let operand):
            let inner = number(operand)
            return { ctx in inner(ctx).map { -$0 } }
        case .coalesce(let left, let right):
            let a = number(left), b = number(right)
            return { ctx in a(ctx) ?? b(ctx) }
        case .arithmetic(let first, let links):
            return number(first, links)
        case .aggregate(let aggregate):
            return aggregateNumber(aggregate)
        default:
            let source = self.source(expression)
            guard case .number(let values)? = Self.column(source) else { return { _ in nil } }
            return { ctx in
                guard let row = Self.row(source, ctx) else { return nil }
                let value = values[row]
                return value.isNaN ? nil : value
            }
        }
    }

    func instant(_ expression: TypedExpr) -> Instant {
        switch expression.node {
        case .literal(.now):
            return { ctx in ctx.now }
        case .literal(.date(let date)):
            let seconds = Int64(date.days) * 86_400
            return { _ in seconds }
        case .literal(.instant(let date, let time)):
            var seconds = Int64(date.days) * 86_400 + Int64(time.hour * 3_600 + time.minute * 60)
            if case .named(let zone)? = time.zone, let tz = TimeZoneSupport.offset(zone.value, localSeconds: seconds) { seconds -= tz }
            let value = seconds
            return { _ in value }
        case .coalesce(let left, let right):
            let a = instant(left), b = instant(right)
            return { ctx in a(ctx) ?? b(ctx) }
        case .arithmetic(let first, let links):
            return seconds(first, links)
        case .aggregate(let aggregate):
            return aggregateInstant(aggregate)
        default:
            let source = self.source(expression)
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

    func duration(_ expression: TypedExpr) -> Instant {
        switch expression.node {
        case .literal(.duration(let length)):
            let seconds = Int64(length.seconds)
            return { _ in seconds }
        case .negate(let operand):
            let inner = duration(operand)
            return { ctx in inner(ctx).flatMap { Self.seconds(0, minus: $0) } }
        case .coalesce(let left, let right):
            let a = duration(left), b = duration(right)
            return { ctx in a(ctx) ?? b(ctx) }
        case .arithmetic(let first, let links):
            return seconds(first, links)
        default:
            let source = self.source(expression)
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

    func bool(_ expression: TypedExpr) -> @Sendable (EvaluationContext) -> Bool? {
        switch expression.node {
        case .coalesce(let left, let right):
            let a = bool(left), b = bool(right)
            return { ctx in a(ctx) ?? b(ctx) }
        case .literal(.bool(let value)):
            return { _ in value }
        case .field, .property, .triggerProperty:
            return boolColumn(expression)
        default:
            // `condition` never hands these back: it reads columns itself and passes
            // `bool` only `??`, which ends above. Each hand-over either goes to a smaller
            // expression or goes one way, so compiling always ends, stored column or not.
            let condition = self.condition(expression)
            return { ctx in
                let result = condition(ctx)
                return result == .unknown ? nil : result == .yes
            }
        }
    }

    /// A bool field or property; missing when the name is not a stored bool column.
    func boolColumn(_ expression: TypedExpr) -> @Sendable (EvaluationContext) -> Bool? {
        let source = self.source(expression)
        guard case .bool(let values)? = Self.column(source) else { return { _ in nil } }
        return { ctx in
            guard let row = Self.row(source, ctx) else { return nil }
            let value = values[row]
            return value == 2 ? nil : value == 1
        }
    }

    func text(_ expression: TypedExpr) -> Textual {
        switch expression.node {
        case .literal(.string(let literal)):
            let value = literal.value
            return { _ in value }
        case .coalesce(let left, let right):
            let a = text(left), b = text(right)
            return { ctx in a(ctx) ?? b(ctx) }
        default:
            let source = self.source(expression)
            guard let column = Self.column(source) else { return { _ in nil } }
            return { ctx in Self.row(source, ctx).flatMap { column.display($0) } }
        }
    }

    // MARK: - Aggregates

    /// The rows of the event table an aggregate looks at, for a context.
    func window(_ aggregate: Aggregate, _ table: EventTable) -> @Sendable (EvaluationContext) -> Range<Int>? {
        switch aggregate.window {
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

    func aggregateNumber(_ aggregate: Aggregate) -> Numeric {
        guard let t = eventTable(aggregate.event) else { return { _ in nil } }
        let table = data.events.tables[t]
        let rows = window(aggregate, table)
        let test = aggregate.filter.map(condition)
        switch aggregate.function {
        case .count:
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
        case .sum:
            guard let property = aggregate.property, case .number(let values)? = self.property(property) else { return { _ in nil } }
            return sum(values, rows, test, table: t)
        case .first, .last, .sent, .opened, .clicked:
            return { _ in nil }
        }
    }

    /// SQL's SUM: missing values are skipped, and no values at all give no sum.
    func sum(_ values: [Double], _ rows: @escaping @Sendable (EvaluationContext) -> Range<Int>?, _ test: Condition?, table t: Int) -> Numeric {
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

    func aggregateInstant(_ aggregate: Aggregate) -> Instant {
        guard aggregate.function == .first || aggregate.function == .last, let t = eventTable(aggregate.event) else { return { _ in nil } }
        let table = data.events.tables[t]
        let rows = window(aggregate, table)
        let test = aggregate.filter.map(condition)
        let last = aggregate.function == .last
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
