import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation

/// Where `--render` reads one variable of a message, resolved once when the program is
/// compiled: a column and a row kind, never a name.
enum SlotSource: Sendable {
    /// A customer field's column, read at the customer's row.
    case customer(Column)
    /// A property of the triggering event (its table), read at the event's row.
    case eventProperty(table: Int, Column)
    /// The instant of the triggering event.
    case eventTime(table: Int)
    /// The same for every customer (`campaign.name`, or data the store does not hold).
    case constant(TemplateValue)
}

/// `--render`: a message's templates filled in with the customer's data, as the detail
/// of its send row; for SMS with its encoding and segment count, as values.
enum MessageRendering {
    /// Where each of the checked message's variables is read from, in the store.
    static func slots(_ message: CheckedMessage, evaluator: Evaluator) -> [SlotSource] {
        message.variables.map { variable in
            switch variable {
            case .customerField(let field, _):
                return evaluator.field(field).map(SlotSource.customer) ?? .constant(.null)
            case .eventProperty(let property, _):
                guard let t = evaluator.eventTable(property.event) else { return .constant(.null) }
                return evaluator.property(property).map { .eventProperty(table: t, $0) } ?? .constant(.null)
            case .eventTime(let event, _):
                return evaluator.eventTable(event).map { .eventTime(table: $0) } ?? .constant(.null)
            case .campaignName(let name):
                return .constant(.string(name))
            }
        }
    }

    static func render<Observer>(_ message: CompiledMessage, run: CustomerRun<Observer>, campaign c: Int, at t: Int64) -> PlanDetail {
        let offset = Int(run.zone.offset(at: t))
        let trigger = run.journeys[c].trigger
        let slots = message.slots.map { source -> TemplateValue in
            switch source {
            case .customer(let column):
                return value(column, row: run.customer, offset: offset)
            case .eventProperty(let table, let column):
                guard let trigger, trigger.table == table else { return .null }
                return value(column, row: trigger.row, offset: offset)
            case .eventTime(let table):
                guard let trigger, trigger.table == table else { return .null }
                return .instant(seconds: Int(run.program.data.events.tables[table].times[trigger.row]), offset: offset)
            case .constant(let value):
                return value
            }
        }
        let renderer = TemplateRenderer(now: Date(timeIntervalSince1970: TimeInterval(t)), offset: offset)
        if let template = message.smsText {
            let text = renderer.render(template, slots: slots)
            let count = SMSEncoding.count(text)
            return .renderedSMS(text, encoding: count.encoding, segments: Int32(clamping: count.segments))
        }
        return .rendered(message.templates.map { "\($0.field): " + renderer.render($0.template, slots: slots) }.joined(separator: " | "))
    }

    static func value(_ column: Column, row: Int, offset: Int) -> TemplateValue {
        guard !column.isMissing(row) else { return .null }
        switch column {
        case .number(let values):
            let v = values[row]
            return v == v.rounded() && abs(v) < 1e15 ? .integer(Int(v)) : .decimal(v)
        case .time(let values): return .instant(seconds: Int(values[row]), offset: offset)
        case .date(let values):
            let (y, m, d) = CivilCalendar.date(days: Int(values[row]))
            return .date(year: y, month: m, day: d)
        case .bool(let values): return .bool(values[row] == 1)
        // A duration shows as it is written in the language (`3d`, `36h`).
        case .category, .text, .duration: return column.display(row).map(TemplateValue.string) ?? .null
        }
    }
}
