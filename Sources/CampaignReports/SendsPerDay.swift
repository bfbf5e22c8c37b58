import CampaignPlanner
import CampaignSemantics
import CampaignSyntax

/// Sends per local day in the policy's time zone, per campaign and channel: what the HTML
/// report's charts draw and the text and JSON previews list, one counting for all three.
/// Counted from the plan's send rows only, so every bar recounts from `campaign plan` on the
/// same inputs (docs/output.md).
public struct SendsPerDay: Sendable {
    /// The zone the days are counted in: the policy's `timezone`, else UTC (docs/language.md §5).
    public let zone: String
    /// Whether `zone` is the policy's `timezone`; false when the policy names none and the
    /// days are UTC's by default.
    public let zoneIsThePolicys: Bool
    /// The plan's window as local days (days since 1970-01-01 in `zone`), both ends included.
    public let firstDay: Int
    public let lastDay: Int
    /// The plan's window as instants (seconds since 1970, UTC), `to` excluded: what the
    /// page's header states, in UTC, the zone `--from` and `--to` are read in.
    public let from: Int64
    public let to: Int64
    /// Campaign names, in the plan's order.
    public let campaigns: [String]
    /// Per campaign (as `campaigns`), per channel, per local day: the sends.
    public let counts: [[ChannelKind: [Int: Int]]]

    /// Counts `plan`'s sends by local day in `zone`, called `zoneName` on the charts (as the
    /// policy writes it: Foundation calls UTC "GMT").
    public init(_ plan: Plan, zone: ZoneRules, zoneName: String? = nil, policy: Bool = false) {
        self.init(rows: plan.rows, campaigns: plan.campaigns, from: plan.from, to: plan.to, zone: zone, zoneName: zoneName, policy: policy)
    }

    /// Counts the sends of `rows`, a plan of `campaigns` over `from..<to`.
    init(rows: [PlanRow], campaigns: [String], from: Int64, to: Int64, zone: ZoneRules, zoneName: String?, policy: Bool) {
        self.zone = zoneName ?? zone.name
        zoneIsThePolicys = policy
        self.from = from
        self.to = to
        let first = Int(zone.day(from))
        firstDay = first
        var last = max(first, Int(zone.day(max(from, to - 1))))
        var counts = [[ChannelKind: [Int: Int]]](repeating: [:], count: campaigns.count)
        for row in rows where row.action == .send {
            let day = Int(zone.day(row.time))
            last = max(last, day)
            counts[Int(row.campaign)][row.channel ?? .email, default: [:]][day, default: 0] += 1
        }
        lastDay = last
        self.campaigns = campaigns
        self.counts = counts
    }

    /// Counts `plan`'s sends by local day in the policy's default time zone (else UTC), the
    /// zone that customers without one of their own are planned in.
    public init(_ plan: Plan, policyOf table: DeclarationTable) {
        self.init(rows: plan.rows, campaigns: plan.campaigns, from: plan.from, to: plan.to, policyOf: table)
    }

    /// `init(_:policyOf:)` for rows of a plan read from a file.
    init(rows: [PlanRow], campaigns: [String], from: Int64, to: Int64, policyOf table: DeclarationTable) {
        for clause in table.policy?.clauses ?? [] {
            if case .timezone(let name, _) = clause, let rules = ZoneRules(identifier: name.value, from: from, to: to) {
                self.init(rows: rows, campaigns: campaigns, from: from, to: to, zone: rules, zoneName: name.value, policy: true)
                return
            }
        }
        self.init(rows: rows, campaigns: campaigns, from: from, to: to, zone: .utc, zoneName: "UTC", policy: false)
    }

    /// Sends per day across campaigns, for one channel.
    public func channel(_ channel: ChannelKind) -> [Int: Int] {
        var total: [Int: Int] = [:]
        for campaign in counts { for (day, n) in campaign[channel] ?? [:] { total[day, default: 0] += n } }
        return total
    }

    /// The channels that send at least once, in `ChannelKind` order.
    public var channels: [ChannelKind] {
        ChannelKind.allCases.filter { channel in counts.contains { $0[channel] != nil } }
    }

    /// `2026-04-03` for a local day (days since 1970-01-01), as the plan writes dates.
    public static func date(_ day: Int) -> String {
        var bytes: [UInt8] = []
        InstantText.append(Int64(day) * CivilCalendar.secondsPerDay, offset: 0, utcAsZ: true, into: &bytes)
        return String(decoding: bytes.prefix(10), as: UTF8.self)
    }

    public var total: Int { counts.reduce(0) { $0 + $1.values.reduce(0) { $0 + $1.values.reduce(0, +) } } }
}
