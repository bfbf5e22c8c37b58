import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation

/// What `campaign plan` is asked for beyond the campaigns and the data.
public struct PlanOptions: Sendable {
    /// The window: nobody enters before `from`; nothing at or after `to` is planned.
    public var from: Int64
    public var to: Int64
    /// Only these campaigns (all when empty).
    public var campaigns: [String] = []
    public var engagement = EngagementModel.none
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Render message templates into the `detail` column.
    public var render = false
    /// Customers per part of the work (up to four parts a thread): fewer parts would not
    /// keep both cores busy, smaller ones would compile the program more often than it
    /// pays. Tests and the fuzzers lower it to run the parts on a few customers.
    public var customersPerPart = 2_000

    public init(from: Int64, to: Int64) {
        self.from = from
        self.to = to
    }
}

/// The policy of docs/language.md §7, compiled: windows as local seconds of the day, caps in seconds.
struct CompiledPolicy: Sendable {
    struct Cap: Sendable {
        let channel: ChannelKind?
        let count: Int
        let seconds: Int64
        /// The period as written (`2d`), for the JSON reason of a capped send.
        let per: String
        let text: String
    }

    /// `comply PROFILE [where CONDITION]`: the profile, and whom it binds (nil: everyone).
    struct Compliance: Sendable {
        let profile: ComplianceProfile
        let condition: Evaluator.Condition?
    }

    var defaultZone = 0
    var window: (start: ClockTime, end: ClockTime)?
    /// `quiet hours … to …` in the policy: on every channel, beside the channel's own.
    var quietHours: (start: ClockTime, end: ClockTime)?
    var caps: [Cap] = []
    /// In the order written, at most eight (a send's binding profiles are a bit set).
    var compliance: [Compliance] = []
    var bestHourTables: [Int] = []
    var bestHourDefault = ClockTime(secondOfDay: 36_000, zone: nil, text: "10:00")
}

/// A channel's delivery rules, compiled (a class: every send reads it, and a struct of
/// columns would be retained field by field on each read).
final class CompiledChannel: Sendable {
    let kind: ChannelKind
    let address: Column?
    let addressName: String?
    let consent: [UInt8]?
    let consentName: String?
    let quietHours: (start: ClockTime, end: ClockTime)?

    init(kind: ChannelKind, address: Column?, addressName: String?, consent: [UInt8]?, consentName: String?,
         quietHours: (start: ClockTime, end: ClockTime)?) {
        self.kind = kind
        self.address = address
        self.addressName = addressName
        self.consent = consent
        self.consentName = consentName
        self.quietHours = quietHours
    }
}

extension ChannelKind {
    /// A dense index (for tables read per send instead of a hashed dictionary).
    var slot: Int {
        switch self {
        case .email: 0
        case .sms: 1
        case .push: 2
        case .in_app: 3
        case .webhook: 4
        }
    }
}

/// The zones the plan needs, built once before planning starts.
struct ZoneCatalog: Sendable {
    var rules: [ZoneRules] = [ZoneRules.utc]
    var index: [String: Int] = ["UTC": 0]
    let from: Int64
    let to: Int64

    init(from: Int64, to: Int64) {
        // History (best hour looks back 90 days, birthdays a year) and the window, with margin.
        self.from = from - 400 * 86_400
        self.to = to + 400 * 86_400
    }

    mutating func add(_ name: String) -> Int? {
        if let known = index[name] { return known }
        guard let rules = ZoneRules(identifier: name, from: from, to: to) else { return nil }
        index[name] = self.rules.count
        self.rules.append(rules)
        return self.rules.count - 1
    }
}
