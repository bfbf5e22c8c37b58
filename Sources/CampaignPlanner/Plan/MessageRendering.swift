import CampaignData
import CampaignSemantics
import Foundation

/// `--render`: a message's templates filled in with the customer's data, as the detail
/// of its send row; for SMS with its encoding and segment count, as values.
enum MessageRendering {
    static func render<Observer>(_ message: CompiledMessage, run: CustomerRun<Observer>, campaign c: Int, at t: Int64) -> PlanDetail {
        let program = run.program
        let offset = Int(run.zone.offset(at: t))
        var object: [String: TemplateValue] = [:]
        for (name, column) in program.data.customers.columns {
            object[name] = value(column, row: run.customer, offset: offset)
        }
        if let trigger = run.journeys[c].trigger {
            var event: [String: TemplateValue] = [:]
            for (name, column) in program.data.events.tables[trigger.table].properties {
                event[name] = value(column, row: trigger.row, offset: offset)
            }
            event["time"] = .instant(seconds: Int(program.data.events.tables[trigger.table].times[trigger.row]), offset: offset)
            object["event"] = .object(event)
        }
        object["campaign"] = .object(["name": .string(program.campaigns[c].name)])
        let renderer = TemplateRenderer(now: Date(timeIntervalSince1970: TimeInterval(t)))
        let context = TemplateValue.object(object)
        let parts = message.templates.map { (field: $0.field, text: renderer.render($0.template, context)) }
        if message.channel == .sms, let text = parts.first(where: { $0.field == "text" })?.text {
            let count = SMSEncoding.count(text)
            return .renderedSMS(text, encoding: count.encoding, segments: Int32(clamping: count.segments))
        }
        return .rendered(parts.map { "\($0.field): \($0.text)" }.joined(separator: " | "))
    }

    static func value(_ column: Column, row: Int, offset: Int) -> TemplateValue {
        guard !column.isMissing(row) else { return .null }
        switch column {
        case .number(let values):
            let v = values[row]
            return v == v.rounded() && abs(v) < 1e15 ? .integer(Int(v)) : .decimal(v)
        case .time(let values): return .instant(seconds: Int(values[row]), offset: offset)
        case .date(let values):
            let (y, m, d) = TemplateDateFormat.civilFromDays(Int(values[row]))
            return .date(year: y, month: m, day: d)
        case .bool(let values): return .bool(values[row] == 1)
        // A duration shows as it is written in the language (`3d`, `36h`).
        case .category, .text, .duration: return column.display(row).map(TemplateValue.string) ?? .null
        }
    }
}
