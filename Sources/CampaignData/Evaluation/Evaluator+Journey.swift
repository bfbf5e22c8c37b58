import CampaignSemantics
import CampaignSyntax

/// What the planner compiles from a campaign: instants, event filters, the times a
/// trigger can fire at, and the values behind a decision (for `explain`).
extension Evaluator {
    /// An instant (seconds since the epoch) for a context; nil when missing.
    public typealias InstantValue = @Sendable (EvaluationContext) -> Int64?
    /// A condition on one event (table fixed at compile time, row given per call).
    public typealias EventCondition = @Sendable (EvaluationContext, Int) -> Tri
    /// The leaves of a condition with their values, as `explain` shows them (`decidingValues`).
    public typealias DecidingValues = @Sendable (EvaluationContext) -> [String]

    /// A `time` (or `date`, as midnight UTC) expression.
    public func instantValue(_ expression: TypedExpr) -> InstantValue { instant(expression) }

    /// `where EXPR` on an event of table `t`: its properties read that event's row.
    public func eventCondition(_ expression: TypedExpr, table t: Int) -> EventCondition {
        let test = condition(expression)
        return { ctx, row in
            var inner = ctx
            inner.event = (t, row)
            return test(inner)
        }
    }

    /// Where the values of a `time` expression come from: the event tables it aggregates
    /// and the time/date fields it reads. Computed once per campaign.
    public struct TimeSources: Sendable {
        let tables: [Int]
        let times: [[Int64]]
        let dates: [[Int32]]
        let constants: [Int64]
    }

    /// Where the values of a `time` expression (`D after EXPR`) come from, for
    /// `possibleValues`: the event types it aggregates and the time and date fields it reads,
    /// or its constants when it reads neither.
    public func timeSources(of expression: TypedExpr) -> TimeSources {
        var footprint = Footprint()
        collect(expression, into: &footprint, seen: [])
        var times: [[Int64]] = [], dates: [[Int32]] = []
        for ref in footprint.fields.sorted(by: { $0.name < $1.name }) {
            switch field(ref) {
            case .time(let column)?: times.append(column)
            case .date(let column)?: dates.append(column)
            default: break
            }
        }
        let tables = footprint.events.sorted(by: { $0.name < $1.name }).compactMap { eventTable($0) }
        let constants = footprint.events.isEmpty && footprint.fields.isEmpty ? Array(footprint.durations) : []
        return TimeSources(tables: tables, times: times, dates: dates, constants: constants)
    }

    /// The instants a `time` expression can take for a customer: the times of the events
    /// it aggregates and the values of the fields it reads. `D after EXPR` can only fire
    /// at one of these plus D.
    public func possibleValues(_ sources: TimeSources, customer: Int, into values: inout [Int64]) {
        // Read through the store in place: a copy of the table (`let table = …`) cost five
        // reference counts a customer, on objects both threads share.
        for t in sources.tables {
            for row in data.events.tables[t].rows(of: customer) { values.append(data.events.tables[t].times[row]) }
        }
        for column in sources.times where column[customer] != Column.missingTime { values.append(column[customer]) }
        for column in sources.dates where column[customer] != Column.missingDate { values.append(Int64(column[customer]) * 86_400) }
        values.append(contentsOf: sources.constants)
    }

    /// The leaves of a condition with their values for a context, as `text = value` lines:
    /// what `explain` shows for a branch, an audience or an exit.
    public func decidingValues(_ expression: TypedExpr) -> DecidingValues {
        var parts: [(String, @Sendable (EvaluationContext) -> String)] = []
        var seen: Set<String> = []
        func add(_ e: TypedExpr) {
            let text = ExpressionPrinter.print(e.syntax)
            guard !seen.contains(text) else { return }
            seen.insert(text)
            parts.append((text, describe(e)))
        }
        func walk(_ e: TypedExpr) {
            switch e.node {
            case .logical(_, let operands):
                for operand in operands { walk(operand) }
            case .not(let operand):
                walk(operand)
            case .compare(_, let l, let r):
                if !Self.isConstant(l) { add(l) }
                if !Self.isConstant(r) { add(r) }
            case .isNone(let operand, _), .inList(let operand, _):
                add(operand)
            case .literal:
                break
            default:
                add(e)
            }
        }
        walk(expression)
        let described = parts
        return { ctx in described.map { "\($0.0) = \($0.1(ctx))" } }
    }

    /// An expression's value for a context, as `explain` prints it (`none` when missing).
    func describe(_ expression: TypedExpr) -> @Sendable (EvaluationContext) -> String {
        switch Self.kind(of: expression.type) {
        case .bool:
            let test = condition(expression)
            return { ctx in
                switch test(ctx) {
                case .yes: "true"
                case .no: "false"
                case .unknown: "unknown"
                }
            }
        case .number:
            let read = number(expression)
            return { ctx in read(ctx).map(Self.numberText) ?? "none" }
        case .time:
            let read = instant(expression)
            return { ctx in read(ctx).map { InstantText.stringInRange($0) } ?? "none" }
        case .duration:
            let read = duration(expression)
            return { ctx in read(ctx).map { DurationText.string($0, exact: true) } ?? "none" }
        case .text:
            let read = text(expression)
            return { ctx in read(ctx).map { "\"\($0)\"" } ?? "none" }
        case .none:
            return { _ in "none" }
        }
    }

    static func numberText(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
