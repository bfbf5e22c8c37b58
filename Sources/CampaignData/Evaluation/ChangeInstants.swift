import CampaignSemantics
import CampaignSyntax

/// When a segment can change value for a customer, for `trigger on enter SEGMENT`.
///
/// A segment's value depends on time only through `now`: event aggregates gain an event
/// at its time and lose it when it leaves a window (`time + D`), and comparisons with
/// `now ± D` flip when `now` passes a value (an event time, a time field) shifted by a
/// constant duration. So every change happens at some `base + offset`, with `base` an
/// event time of a referenced event type or the value of a referenced time/date field,
/// and `offset` 0 or ± a constant duration written in the condition or the customer's value
/// of a `duration` field it reads (or one second after it, for strict comparisons). The
/// result is a
/// superset of the change instants: evaluating the segment at each (and only there)
/// sees every transition.
extension Evaluator {
    /// Candidate change instants in `(from, to]`, sorted, without duplicates.
    public func changeInstants(segment name: String, customer: Int, from: Int64, to: Int64) -> [Int64] {
        guard let ref = program.segment(named: name) else { return [] }
        return changeInstants(segment: ref, customer: customer, from: from, to: to)
    }

    /// Candidate change instants in `(from, to]`, sorted, without duplicates.
    public func changeInstants(segment ref: SegmentRef, customer: Int, from: Int64, to: Int64) -> [Int64] {
        var footprint = Footprint()
        collect(segment: ref.index, into: &footprint, seen: [])
        var bases: [Int64] = []
        for event in footprint.events.sorted(by: { $0.name < $1.name }) {
            guard let t = declaredTable(event) else { continue }
            let table = data.events.tables[t]
            for row in table.rows(of: customer) { bases.append(table.times[row]) }
        }
        for field in footprint.fields.sorted(by: { $0.name < $1.name }) {
            switch columns.field(field) {
            case .time(let values)?: if values[customer] != Column.missingTime { bases.append(values[customer]) }
            case .date(let values)?: if values[customer] != Column.missingDate { bases.append(Int64(values[customer]) * 86_400) }
            default: break
            }
        }
        var offsets: Set<Int64> = [0]
        for d in footprint.durations { offsets.insert(d); offsets.insert(-d) }
        for field in footprint.durationFields.sorted(by: { $0.name < $1.name }) {
            if case .duration(let values)? = columns.field(field), values[customer] != Column.missingDuration {
                offsets.insert(values[customer])
                offsets.insert(-values[customer])
            }
        }
        var instants: Set<Int64> = []
        // Times have one-second resolution: `x < now - 30d` turns true one second after
        // `x + 30d`, `x >= now - 90d` turns false one second after `x + 90d`. Offsets come
        // from the campaign and the data and may be enormous: the sums saturate rather
        // than overflow.
        for base in bases {
            for offset in offsets {
                let shifted = InstantRange.adding(offset, to: base)
                for instant in [shifted, InstantRange.adding(1, to: shifted)] where instant > from && instant <= to {
                    instants.insert(instant)
                }
            }
        }
        return instants.sorted()
    }

    struct Footprint {
        var events: Set<EventRef> = []
        /// `time` and `date` fields: each customer's value is a base.
        var fields: Set<FieldRef> = []
        var durations: Set<Int64> = []
        /// `duration` fields: each customer's value is an offset like a written duration.
        var durationFields: Set<FieldRef> = []
    }

    func collect(segment index: Int, into footprint: inout Footprint, seen: Set<Int>) {
        let segments = program.segments
        guard !seen.contains(index), segments.indices.contains(index) else { return }
        collect(segments[index].condition, into: &footprint, seen: seen.union([index]))
    }

    func collect(_ expression: TypedExpr, into footprint: inout Footprint, seen: Set<Int>) {
        switch expression.node {
        case .literal(.duration(let length)):
            footprint.durations.insert(Int64(length.seconds))
        case .literal, .property, .triggerProperty, .engagement, .engagementHistory, .invalid:
            break
        case .segment(let segment):
            collect(segment: segment.index, into: &footprint, seen: seen)
        case .field(let field):
            switch Self.kind(of: expression.type) {
            case .time: footprint.fields.insert(field)
            case .duration: footprint.durationFields.insert(field)
            default: break
            }
        case .not(let operand), .negate(let operand), .isNone(let operand, _):
            collect(operand, into: &footprint, seen: seen)
        case .compare(_, let left, let right), .coalesce(let left, let right):
            collect(left, into: &footprint, seen: seen)
            collect(right, into: &footprint, seen: seen)
        case .logical(_, let operands):
            for operand in operands { collect(operand, into: &footprint, seen: seen) }
        case .arithmetic(let first, let links):
            collect(first, into: &footprint, seen: seen)
            for link in links { collect(link.operand, into: &footprint, seen: seen) }
            collectConstantDurations(first, links, into: &footprint)
        case .inList(let operand, let items):
            collect(operand, into: &footprint, seen: seen)
            for item in items { collect(item, into: &footprint, seen: seen) }
        case .aggregate(let aggregate):
            if declaredTable(aggregate.event) != nil { footprint.events.insert(aggregate.event) }
            if case .inLast(let length, _)? = aggregate.window { footprint.durations.insert(Int64(length.seconds)) }
            if let filter = aggregate.filter { collect(filter, into: &footprint, seen: seen) }
        }
    }

    /// A constant duration built by arithmetic (`2d * 3`) is an offset too, and so is
    /// each constant duration the chain starts with (`1d + 12h` in `1d + 12h + x`), as
    /// the chain groups from the left. One pass: a long chain costs no more than its length.
    func collectConstantDurations(_ first: TypedExpr, _ links: [ArithmeticLink], into footprint: inout Footprint) {
        let context = EvaluationContext(customer: 0, now: 0)
        guard Self.isConstant(first), var value = quantity(first)(context) else { return }
        for link in links {
            guard Self.isConstant(link.operand) else { return }
            guard let right = quantity(link.operand)(context), let next = Self.apply(link.op, value, right) else { return }
            value = next
            if Self.kind(of: link.resultType) == .duration, case .seconds(let seconds) = value { footprint.durations.insert(Int64(clamping: seconds.magnitude)) }
        }
    }

    static func isConstant(_ expression: TypedExpr) -> Bool {
        switch expression.node {
        case .literal(let literal):
            if case .now = literal { return false }
            return true
        case .not(let operand), .negate(let operand): return isConstant(operand)
        case .compare(_, let left, let right), .coalesce(let left, let right): return isConstant(left) && isConstant(right)
        case .logical(_, let operands): return operands.allSatisfy(isConstant)
        case .arithmetic(let first, let links): return isConstant(first) && links.allSatisfy { isConstant($0.operand) }
        default: return false
        }
    }
}
