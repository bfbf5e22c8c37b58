import CampaignSyntax

/// What the checker learned about one send.
public struct SendFacts: Sendable, Hashable {
    public let message: Message
    public let channel: ChannelKind
    /// How many messages stand in its `send first of` (1 for a plain send).
    public let alternatives: Int
    public var sms: SMSFacts?

    init(message: Message, channel: ChannelKind, alternatives: Int) {
        self.message = message
        self.channel = channel
        self.alternatives = alternatives
    }
}

/// The most messages one entry into a campaign can send, per channel and in all,
/// over the longest path through its branches (a fallback counts once in all, and once
/// for each channel it may use).
public struct StaticBounds: Sendable, Hashable {
    public var perChannel: [String: Int] = [:]
    public var total = 0

    static func of(_ steps: [Step]) -> StaticBounds {
        var bounds = StaticBounds()
        for step in steps {
            switch step {
            case .send(let message, _):
                bounds.perChannel[message.channel.name, default: 0] += 1
                bounds.total += 1
            case .sendFirstOf(let messages, _, _):
                for channel in Set(messages.map(\.channel.name)) { bounds.perChannel[channel, default: 0] += 1 }
                bounds.total += messages.isEmpty ? 0 : 1
            case .branch(let branch):
                var options = branch.arms.map { of($0.body.steps) }
                options.append(branch.otherwise.map { of($0.steps) } ?? StaticBounds())
                bounds.add(worstOf(options))
            case .split(let split):
                bounds.add(worstOf(split.arms.map { of($0.body.steps) }))
            case .exit:
                return bounds
            default:
                break
            }
        }
        return bounds
    }

    static func worstOf(_ options: [StaticBounds]) -> StaticBounds {
        var worst = StaticBounds()
        for option in options {
            worst.total = max(worst.total, option.total)
            for (channel, count) in option.perChannel { worst.perChannel[channel] = max(worst.perChannel[channel] ?? 0, count) }
        }
        return worst
    }

    mutating func add(_ other: StaticBounds) {
        total += other.total
        for (channel, count) in other.perChannel { perChannel[channel, default: 0] += count }
    }
}

/// What `check --verbose` shows for a campaign: bounds on what one customer can receive
/// and, for every send, whether consent and address are guaranteed by the audience or
/// left to the planner's suppression; SMS encoding and segments.
public struct CampaignReport: Sendable, Hashable {
    public let name: String
    public let bounds: StaticBounds
    public let reentry: String
    /// Consent, address and SMS facts per send, then the compliance profiles that bind
    /// them (`SemanticChecker.addComplianceLines`, once the policy is checked).
    public internal(set) var lines: [String]
    /// Each SMS message's worst case, by message name (for `campaign diff`).
    public let sms: [String: SMSFacts]

    static func make(_ decl: CampaignDecl, sends: [SendFacts], table: DeclarationTable, bounds: StaticBounds) -> CampaignReport {
        var reentry = "never (one entry per customer)"
        for case .reentry(let value, _) in decl.clauses {
            switch value {
            case .never: reentry = "never (one entry per customer)"
            case .always: reentry = "always (the bound is per entry)"
            case .unlessGoal: reentry = "unless goal (the bound is per entry)"
            case .after(let length): reentry = "after \(length) (the bound is per entry)"
            }
        }
        let audience = decl.clauses.compactMap { if case .audience(let e, _) = $0 { e } else { nil } }.first
        let facts = audience.map(AudienceFacts.init) ?? AudienceFacts(conjuncts: [])
        var lines: [String] = []
        for send in sends {
            let label = "\(send.channel.rawValue) \(send.message.name.name)"
            if let channel = table.channels[send.channel] {
                var parts: [String] = []
                if let consent = channel.consent {
                    if send.message.isTransactional {
                        parts.append("consent: not needed (transactional)")
                    } else if facts.requires(consent) {
                        parts.append("consent: guaranteed by the audience (`\(consent)`)")
                    } else {
                        parts.append("consent: left to the planner (`\(consent)`)")
                    }
                }
                if let address = channel.address {
                    let required = table.customerFields[address].map { !$0.type.isOptional } ?? false
                    if required {
                        parts.append("address: always present (`\(address)` is required)")
                    } else if facts.requiresPresent(address) {
                        parts.append("address: guaranteed by the audience (`\(address) is not none`)")
                    } else {
                        parts.append("address: left to the planner (`\(address)` may be missing)")
                    }
                }
                lines.append(label + ": " + parts.joined(separator: "; "))
            }
            if let sms = send.sms { lines.append(label + ": " + sms.summary) }
        }
        var sms: [String: SMSFacts] = [:]
        for send in sends { if let facts = send.sms { sms[send.message.name.name] = facts } }
        return CampaignReport(name: decl.name.name, bounds: bounds, reentry: reentry, lines: lines, sms: sms)
    }

    /// Lines for `check --verbose`.
    public var text: String {
        var out = "campaign \(name)\n"
        let channels = bounds.perChannel.keys.sorted().map { "\($0) \(bounds.perChannel[$0] ?? 0)" }.joined(separator: ", ")
        out += "  at most \(bounds.total) message\(bounds.total == 1 ? "" : "s") per entry" + (channels.isEmpty ? "" : " (\(channels))") + "\n"
        out += "  re-entry: \(reentry)\n"
        for line in lines { out += "  " + line + "\n" }
        return out
    }
}

/// The facts an audience condition guarantees: its top-level `and` terms.
struct AudienceFacts {
    let conjuncts: [Expr]

    init(conjuncts: [Expr]) { self.conjuncts = conjuncts }

    init(_ audience: Expr) {
        conjuncts = SemanticChecker.conjuncts(audience).map(SemanticChecker.unwrapped)
    }

    /// `field` (or `field == true`) is a term.
    func requires(_ field: String) -> Bool {
        conjuncts.contains { term in
            switch term {
            case .name(let name): name.name == field
            case .binary(.equal, .name(let name), .literal(.bool(true), _), _): name.name == field
            default: false
            }
        }
    }

    /// `field is not none` is a term.
    func requiresPresent(_ field: String) -> Bool {
        conjuncts.contains { term in
            if case .isNone(.name(let name), true, _) = term { return name.name == field }
            return false
        }
    }
}
