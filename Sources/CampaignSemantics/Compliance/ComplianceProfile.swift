import CampaignSyntax

/// A built-in compliance profile of `comply PROFILE` (docs/compliance.md): the sending
/// hours and the count limit a law or charter sets for marketing SMS, in the recipient's
/// local time. Messages marked `transactional` are exempt from every rule.
public enum ComplianceProfile: String, Sendable, Hashable, CaseIterable, Comparable {
    case us_tcpa, us_florida, us_oklahoma, us_maryland, fr_sms, in_trai

    public static func < (a: ComplianceProfile, b: ComplianceProfile) -> Bool { a.rawValue < b.rawValue }

    /// Every profile name, in order, for "did you mean" and the list in messages.
    public static let names = allCases.map(\.rawValue)

    /// The channel the profile governs (SMS, for every profile so far).
    public var channel: ChannelKind { .sms }

    /// The local hours a message may go out, as seconds of the day: [start, end).
    public var hours: (start: Int64, end: Int64) {
        switch self {
        case .us_tcpa: (8 * 3_600, 21 * 3_600)
        case .us_florida, .us_oklahoma, .us_maryland, .fr_sms: (8 * 3_600, 20 * 3_600)
        case .in_trai: (9 * 3_600, 21 * 3_600)
        }
    }

    /// The hours as written in docs/compliance.md: `08:00 to 21:00`.
    public var hoursText: String {
        func clock(_ s: Int64) -> String { (s < 36_000 ? "0" : "") + String(s / 3_600) + ":00" }
        return clock(hours.start) + " to " + clock(hours.end)
    }

    /// Whether no message may go out on Sundays and French public holidays (`fr_sms`).
    public var restsOnFrenchHolidays: Bool { self == .fr_sms }

    /// At most `count` marketing messages on the channel in any rolling `seconds`; nil
    /// when the profile sets no count.
    public var limit: (count: Int, seconds: Int64, per: String)? {
        switch self {
        case .us_florida, .us_oklahoma, .us_maryland: (3, 86_400, "24h")
        case .us_tcpa, .fr_sms, .in_trai: nil
        }
    }

    /// Whether a local day (days since 1970-01-01) is closed to sending altogether.
    @inline(__always)
    public func isClosed(day: Int64) -> Bool {
        restsOnFrenchHolidays && (CivilCalendar.isoWeekday(days: Int(day)) == 7 || FrenchPublicHolidays.contains(day: Int(day)))
    }

    /// What the profile allows, in one line (`check --verbose`, `explain`).
    public var summary: String {
        var text = "\(channel.rawValue) \(hoursText)"
        if restsOnFrenchHolidays { text += ", not on Sundays or French public holidays" }
        if let limit { text += ", at most \(limit.count) per \(limit.per)" }
        return text
    }

    /// The rule's source, as docs/compliance.md cites it.
    public var source: String {
        switch self {
        case .us_tcpa: "47 CFR 64.1200(c)(1)"
        case .us_florida: "Fla. Stat. 501.616(6) (2021 amendment)"
        case .us_oklahoma: "Oklahoma Telephone Solicitation Act (2022)"
        case .us_maryland: "Maryland Stop the Spam Calls Act, CL §14-4502 (2024)"
        case .fr_sms: "CNIL guidance on SMS prospecting; the AF2M operators' charter (the stricter reading)"
        case .in_trai: "TRAI TCCCPR 2018"
        }
    }
}
