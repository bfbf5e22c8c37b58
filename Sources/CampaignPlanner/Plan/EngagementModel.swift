import CampaignSemantics
import Foundation

/// Who opens and clicks during a dry run (docs/language.md §7.7). By default nobody engages: the worst
/// case for how many messages go out. Otherwise each (customer, campaign, message) draws
/// one fixed number u in [0, 1) from a stable hash of the seed and those names; it clicks
/// when u < click rate and opens when u < max(open rate, click rate), so whoever clicks
/// has opened.
public struct EngagementModel: Sendable, Equatable {
    public var open: [ChannelKind: Double] = [:]
    public var click: [ChannelKind: Double] = [:]
    public var seed: UInt64 = 0

    public static let none = EngagementModel()

    public init() {}

    /// Parses `sms.click=0.2,email.open=0.3`; the error says which part is wrong and why.
    public static func parse(_ text: String, seed: UInt64) -> Result<EngagementModel, EngagementError> {
        var model = EngagementModel()
        model.seed = seed
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let item = part.trimmingCharacters(in: .whitespaces)
            let pieces = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2 else { return .failure(EngagementError(message: "'\(item)' is not CHANNEL.open=RATE or CHANNEL.click=RATE")) }
            let key = pieces[0].split(separator: ".", omittingEmptySubsequences: false)
            guard key.count == 2, let channel = ChannelKind(rawValue: String(key[0])) else {
                return .failure(EngagementError(message: "'\(pieces[0])' should be a channel (\(ChannelKind.allCases.map(\.rawValue).joined(separator: ", "))), a dot and open or click"))
            }
            guard let rate = Double(pieces[1]), rate >= 0, rate <= 1 else {
                return .failure(EngagementError(message: "the rate in '\(item)' must be a number from 0 to 1"))
            }
            switch key[1] {
            case "open": model.open[channel] = rate
            case "click": model.click[channel] = rate
            default: return .failure(EngagementError(message: "'\(key[1])' in '\(item)' should be open or click"))
            }
        }
        return .success(model)
    }

    public var isNone: Bool { open.isEmpty && click.isEmpty }

    /// (opened, clicked) for one delivered message.
    func engagement(customer: String, campaign: String, message: String, channel: ChannelKind) -> (opened: Bool, clicked: Bool) {
        let clickRate = click[channel] ?? 0, openRate = max(open[channel] ?? 0, clickRate)
        guard openRate > 0 else { return (false, false) }
        let u = StableHash.unit([String(seed), customer, campaign, message])
        return (u < openRate, u < clickRate)
    }
}

/// A malformed `--engagement` value.
public struct EngagementError: Error, Sendable {
    public let message: String
}
