/// A place in the campaigns or segments that reads a customer field or an event property:
/// what a column missing from the data leaves without a value ("affects: template of
/// `winback_sms.survey`, condition of segment `loyal`", docs/diagnostics.md D0108).
public struct DataReader: Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Kind: Int, Sendable, Hashable, Comparable {
        case template, audience, trigger, branch, wait, exit, goal, segment
        case channelAddress, channelConsent, timeZone, identity
        /// `comply PROFILE where CONDITION` in the policy (the name is the profile).
        case compliance

        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }

    public let kind: Kind
    /// The message (`winback_sms.survey`), campaign, segment or channel; empty for the
    /// time zone and the identity, which belong to no declaration.
    public let name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    public static func < (a: DataReader, b: DataReader) -> Bool { (a.kind, a.name) < (b.kind, b.name) }

    public var description: String {
        switch kind {
        case .template: "template of `\(name)`"
        case .audience: "audience of campaign `\(name)`"
        case .trigger: "trigger of campaign `\(name)`"
        case .branch: "branch condition in campaign `\(name)`"
        case .wait: "`wait until` in campaign `\(name)`"
        case .exit: "exit condition of campaign `\(name)`"
        case .goal: "goal of campaign `\(name)`"
        case .segment: "condition of segment `\(name)`"
        case .channelAddress: "address of channel `\(name)`"
        case .channelConsent: "consent of channel `\(name)`"
        case .timeZone: "local send times (the policy's time zone is used instead)"
        case .identity: "the customer id"
        case .compliance: "`comply \(name) where …` in the policy"
        }
    }
}
