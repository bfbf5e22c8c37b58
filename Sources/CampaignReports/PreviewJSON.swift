import CampaignSemantics
import CampaignSyntax

/// `campaign preview --format json`: the same numbers for machines. Sends are per local day
/// in `dailyTimeZone` (the policy's, else UTC) whatever the window's length: the text
/// condenses long windows to weeks, the JSON keeps each day (docs/output.md).
public enum PreviewJSON {
    public static func render(_ preview: Preview) -> String {
        let value = JSONValue.object([
            ("from", .string(preview.from)), ("to", .string(preview.to)),
            ("customers", preview.customersWithRowsOnly ? .null : .int(preview.customers)),
            ("rows", .int(preview.rows)), ("dailyTimeZone", .string(preview.sends.zone)), ("campaigns", .array(preview.campaigns.indices.map { campaign(preview.campaigns[$0], days: preview.sends.counts.indices.contains($0) ? preview.sends.counts[$0] : [:], textsKnown: preview.textsKnown) })),
        ])
        guard preview.hasUnknowns, case .object(var members) = value else { return value.serialized(pretty: true) + "\n" }
        // A plan read from a file: what it does not hold is null above, and said here.
        members.insert(("customersWithRows", preview.customersWithRowsOnly ? .int(preview.customers) : .null), at: 3)
        members.insert(("unknown", .string(Preview.unknownNote(preview))), at: 4)
        return JSONValue.object(members).serialized(pretty: true) + "\n"
    }

    static func rate(_ value: Double?) -> JSONValue {
        guard let value else { return .null }
        return .double((value * 10_000).rounded() / 10_000)
    }

    static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    /// One campaign, its sends per local day (`days`: per channel, per day number) from
    /// `Preview.sends`, the one counting of days the text and the page read too.
    static func campaign(_ c: Preview.Campaign, days: [ChannelKind: [Int: Int]], textsKnown: Bool = true) -> JSONValue {
        var holdout = JSONValue.null
        if c.holdout != nil {
            var difference = JSONValue.null
            if let t = c.treatmentRate, let h = c.holdoutRate { difference = rate(t - h) }
            let comparison = c.comparison
            holdout = .object([("entered", .int(c.heldOut)), ("goal", .int(c.goalsHoldout)), ("goalRate", rate(c.holdoutRate)), ("difference", difference),
                               ("interval95", comparison.map { .array([rate($0.low), rate($0.high)]) } ?? .null),
                               ("enoughToTell", comparison.map { .bool($0.enough) } ?? .bool(false))])
        }
        let funnel = JSONValue.object([
            ("entered", .int(c.treatment)), ("stages", stages(c.funnel, exitsKnown: c.exitStepsKnown)), ("goal", .int(c.goalsTreatment)),
            ("goalRate", rate(c.treatmentRate)), ("holdout", holdout),
        ])
        var daily: [JSONValue] = []
        let channels = days.keys.sorted()
        for day in Set(days.values.flatMap(\.keys)).sorted() {
            var members: [(String, JSONValue)] = [("day", .string(SendsPerDay.date(day)))]
            for channel in channels { if let n = days[channel]?[day] { members.append((channel.rawValue, .int(n))) } }
            daily.append(.object(members))
        }
        let members: [(String, JSONValue)] = [
            ("name", .string(c.name)), ("trigger", .string(c.trigger)), ("audience", optional(c.audience)),
            ("goal", optional(c.goal)), ("holdout", optional(c.holdout)),
            ("entered", .int(c.entered)), ("heldOut", .int(c.heldOut)), ("exitedEarly", .int(c.exits)),
            ("messages", .array(c.messages.map { message($0, textsKnown: textsKnown) })), ("funnel", funnel), ("daily", .array(daily)),
        ]
        return .object(members)
    }

    /// `{"messages", "reached", "sent"}` per send step; `{"exited"}` per `exit` step;
    /// `{"arms": [{"label", "stages"}]}` per branch or split.
    static func stages(_ stages: [Preview.Stage], exitsKnown: Bool = true) -> JSONValue {
        .array(stages.map { stage in
            switch stage {
            case .send(let messages, _, let reached, let sent):
                .object([("messages", .array(messages.map(JSONValue.string))), ("reached", .int(reached)), ("sent", .int(sent))])
            case .exit(_, let exited):
                .object([("exited", exitsKnown ? .int(exited) : .null)])
            case .arms(let arms):
                .object([("arms", .array(arms.map { .object([("label", .string($0.label)), ("stages", Self.stages($0.stages, exitsKnown: exitsKnown))]) }))])
            }
        })
    }

    static func message(_ m: Preview.Message, textsKnown: Bool) -> JSONValue {
        let reasons: [(String, JSONValue)] = m.suppressedByReason.map { ($0.reason, JSONValue.int($0.count)) }
        let samples: [JSONValue] = m.samples.map {
            .object([("customer", .string($0.customer)), ("localTime", .string($0.localTime)), ("text", .string($0.text))])
        }
        let members: [(String, JSONValue)] = [
            ("name", .string(m.name)), ("channel", .string(m.channel.rawValue)),
            ("alternatives", .array(m.alternatives.map(JSONValue.string))), ("sent", .int(m.sent)),
            ("deferred", m.deferralsKnown ? .object([("sendWindow", .int(m.deferredByWindow)), ("quietHours", .int(m.deferredByQuietHours))]
                                 + (m.deferredByCompliance > 0 ? [("compliance", .int(m.deferredByCompliance))] : [])) : .null),
            ("suppressed", .int(m.suppressedTotal)), ("suppressedByReason", .object(reasons)),
            ("exitedBefore", m.exitedBeforeKnown ? .int(m.exitedBefore) : .null), ("smsSegments", m.channel == .sms && textsKnown ? .int(m.smsSegments) : .null),
            ("samples", .array(samples)),
        ] + (m.exitedBeforeKnown ? [] : [("exitedBeforeRange", .array([.int(m.exitedBefore), .int(m.exitedBeforeAtMost)]))])
        return .object(members)
    }
}
