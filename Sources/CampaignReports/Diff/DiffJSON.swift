import CampaignPlanner
import CampaignSemantics
import CampaignSyntax

/// `campaign diff --format json` (docs/diff.md): versioned; a minor version only adds fields.
public enum DiffJSON {
    public static let formatVersion = "1.0"

    public static func render(_ report: DiffReport) -> String {
        let changed = Set(report.changedCampaigns)
        let value = JSONValue.object([
            ("format_version", .string(formatVersion)),
            ("base", .string(report.base)), ("head", .string(report.head)),
            ("from", .string(InstantText.stringInRange(report.from))), ("to", .string(InstantText.stringInRange(report.to))),
            ("customers", .int(report.customers)),
            ("customers_affected", .int(report.rows.customers)),
            ("campaigns", .array(report.rows.campaigns.map { campaign($0, report, changed: changed.contains($0.name)) })),
            ("changes", .array(report.rows.changes.map(change))),
            ("static", statics(report.statics)),
            ("samples", .array(report.rows.campaigns.flatMap { c in (report.stories[c.name] ?? []).map { sample($0, campaign: c.name) } })),
        ])
        return value.serialized(pretty: true) + "\n"
    }

    static func campaign(_ c: PlanDiff.Campaign, _ report: DiffReport, changed: Bool) -> JSONValue {
        .object([
            ("campaign", .string(c.name)),
            ("status", .string(report.status(of: c.name) ?? (changed ? "changed" : "unchanged"))),
            ("renamed_from", c.renamedFrom.map(JSONValue.string) ?? .null),
            ("sends_added", .int(c.sendsAdded)), ("sends_removed", .int(c.sendsRemoved)),
            ("added", .int(c.added)), ("removed", .int(c.removed)), ("moved", .int(c.moved)), ("changed", .int(c.changed)),
            ("median_move_seconds", .int(Int(c.medianMove))),
            ("customers", .int(c.customers)),
        ])
    }

    static func change(_ c: PlanDiff.Change) -> JSONValue {
        .object([
            ("campaign", .string(c.key.campaign)), ("step", .string(c.key.step)), ("action", .string(c.key.action.rawValue)),
            ("channel", c.key.channel.map { .string($0.rawValue) } ?? .null),
            ("base", .int(c.base)), ("head", .int(c.head)),
            ("added", .int(c.added)), ("removed", .int(c.removed)), ("moved", .int(c.moved)), ("changed", .int(c.changed)),
            ("customers", .int(c.customers)),
        ])
    }

    static func statics(_ s: StaticDiff) -> JSONValue {
        func optional(_ n: Int?) -> JSONValue { n.map { .int($0) } ?? .null }
        func text(_ t: String?) -> JSONValue { t.map(JSONValue.string) ?? .null }
        return .object([
            ("campaigns_added", .array(s.added.map(JSONValue.string))),
            ("campaigns_removed", .array(s.removed.map(JSONValue.string))),
            ("campaigns_renamed", .array(s.renames.sorted { $0.value < $1.value }.map { .object([("from", .string($0.key)), ("to", .string($0.value))]) })),
            ("campaigns", .array(s.campaigns.map { c in
                .object([
                    ("campaign", .string(c.name)), ("renamed_from", text(c.renamedFrom)),
                    ("clauses", .array(c.clauses.map { .object([("clause", .string($0.kind)), ("base", text($0.base)), ("head", text($0.head))]) })),
                    ("messages_added", .array(c.messagesAdded.map(JSONValue.string))),
                    ("messages_removed", .array(c.messagesRemoved.map(JSONValue.string))),
                    ("max_messages_per_entry", c.maxMessages.map { .object([("base", .int($0.base)), ("head", .int($0.head))]) } ?? .null),
                    ("sms_segments", .array(c.sms.map { .object([("message", .string($0.message)), ("base", optional($0.base)), ("head", optional($0.head))]) })),
                ])
            })),
        ])
    }

    static func sample(_ s: DiffReport.Story, campaign: String) -> JSONValue {
        .object([("campaign", .string(campaign)), ("customer_id", .string(s.customerID)), ("kind", .string(s.kind.rawValue)),
                 ("base", .string(s.was)), ("head", .string(s.now))])
    }
}
