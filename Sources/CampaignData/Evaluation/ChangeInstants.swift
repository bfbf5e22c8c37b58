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
        var footprint = Footprint()
        collect(segment: name, into: &footprint, seen: [])
        var bases: [Int64] = []
        for event in footprint.events.sorted() {
            guard let t = data.events.typeIndex[event] else { continue }
            let table = data.events.tables[t]
            for row in table.rows(of: customer) { bases.append(table.times[row]) }
        }
        for field in footprint.fields.sorted() {
            switch data.customers.columns[field] {
            case .time(let values)?: if values[customer] != Column.missingTime { bases.append(values[customer]) }
            case .date(let values)?: if values[customer] != Column.missingDate { bases.append(Int64(values[customer]) * 86_400) }
            default: break
            }
        }
        var offsets: Set<Int64> = [0]
        for d in footprint.durations { offsets.insert(d); offsets.insert(-d) }
        for field in footprint.durationFields.sorted() {
            if case .duration(let values)? = data.customers.columns[field], values[customer] != Column.missingDuration {
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
        var events: Set<String> = []
        var fields: Set<String> = []
        var durations: Set<Int64> = []
        /// `duration` fields: each customer's value is an offset like a written duration.
        var durationFields: Set<String> = []
    }

    func collect(segment name: String, into footprint: inout Footprint, seen: Set<String>) {
        guard !seen.contains(name), let decl = data.table.segments[name] else { return }
        collect(decl.condition, into: &footprint, seen: seen.union([name]))
    }

    func collect(_ expression: Expr, into footprint: inout Footprint, seen: Set<String>) {
        switch expression {
        case .literal(.duration(let length), _):
            footprint.durations.insert(Int64(length.seconds))
        case .literal:
            break
        case .name(let name):
            if data.table.segments[name.name] != nil {
                collect(segment: name.name, into: &footprint, seen: seen)
            } else if let field = data.table.customerFields[name.name] {
                switch Self.kind(of: field.type) {
                case .time: footprint.fields.insert(name.name)
                case .duration: footprint.durationFields.insert(name.name)
                default: break
                }
            }
        case .eventProperty:
            break
        case .unary(_, let operand, _), .isNone(let operand, _, _), .parenthesized(let operand, _):
            collect(operand, into: &footprint, seen: seen)
        case .binary(_, let left, let right, _):
            collect(left, into: &footprint, seen: seen)
            collect(right, into: &footprint, seen: seen)
        case .chain(let chain):
            for operand in chain.operands { collect(operand, into: &footprint, seen: seen) }
            if chain.logical == nil { collectConstantDurations(chain, into: &footprint) }
        case .inList(let operand, let items, _):
            collect(operand, into: &footprint, seen: seen)
            for item in items { collect(item, into: &footprint, seen: seen) }
        case .call(let call):
            if let event = call.subject.first?.name, data.events.typeIndex[event] != nil { footprint.events.insert(event) }
            if case .inLast(let length, _)? = call.window { footprint.durations.insert(Int64(length.seconds)) }
            if let filter = call.filter { collect(filter, into: &footprint, seen: seen) }
        }
    }

    /// A constant duration built by arithmetic (`2d * 3`) is an offset too, and so is
    /// each constant duration the chain starts with (`1d + 12h` in `1d + 12h + x`), as
    /// the chain groups from the left. One pass: a long chain costs no more than its length.
    func collectConstantDurations(_ chain: OperatorChain, into footprint: inout Footprint) {
        let context = EvaluationContext(customer: 0, now: 0)
        guard Self.isConstant(chain.first) else { return }
        var kind = self.kind(chain.first, Scope())
        guard var value = quantity(chain.first, kind, Scope())(context) else { return }
        for link in chain.links {
            guard Self.isConstant(link.operand) else { return }
            let operandKind = self.kind(link.operand, Scope())
            kind = Self.arithmeticKind(link.op, kind, operandKind)
            guard let right = quantity(link.operand, operandKind, Scope())(context), let next = Self.apply(link.op, value, right) else { return }
            value = next
            if kind == .duration, case .seconds(let seconds) = value { footprint.durations.insert(Int64(clamping: seconds.magnitude)) }
        }
    }

    static func isConstant(_ expression: Expr) -> Bool {
        switch expression {
        case .literal(let literal, _):
            if case .now = literal { return false }
            return true
        case .unary(_, let operand, _), .parenthesized(let operand, _): return isConstant(operand)
        case .binary(_, let left, let right, _): return isConstant(left) && isConstant(right)
        case .chain(let chain): return chain.operands.allSatisfy(isConstant)
        default: return false
        }
    }
}
