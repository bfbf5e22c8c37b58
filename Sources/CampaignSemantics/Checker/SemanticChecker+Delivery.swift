import CampaignSyntax

/// The delivery rules beside the channels and the policy's basics: caps (the policy's and
/// a campaign's own), quiet hours (a channel's and the policy's), compliance profiles, and
/// whether the hours they leave let any message out at all (docs/language.md §7).
extension SemanticChecker {
    /// `cap [CHANNEL] N per DURATION`, in the policy or a campaign: its channel resolved,
    /// or nil (reported) when the channel is no channel kind.
    mutating func checkCap(channel: Identifier?, count: IntegerLiteral, per window: DurationLiteral) -> TypedCap? {
        var cap: TypedCap?
        if let channel {
            if let kind = ChannelKind(rawValue: channel.name) {
                cap = TypedCap(channel: kind, count: count.value, per: window)
                if table.channels[kind] == nil {
                    report(.undeclaredChannel, "cap on channel `\(channel.name)`, which is not declared", at: channel.span,
                           label: "no `channel \(channel.name)`", help: "declare the channel, or remove the cap")
                }
            } else {
                let (help, fix) = Self.suggestion(for: channel.name, among: ChannelKind.allCases.map(\.rawValue), at: channel.span)
                report(.unknownChannelKind, "unknown channel kind `\(channel.name)` in a cap", at: channel.span,
                       label: "not a channel kind", help: help, fixIt: fix)
            }
        } else {
            cap = TypedCap(channel: nil, count: count.value, per: window)
        }
        if count.value < 1 {
            report(.invalidCap, "a cap of \(count.value) messages lets nothing through", at: count.span,
                   label: "at least 1", help: "to stop a channel, remove its sends or its consent instead")
        }
        if window.seconds == 0 {
            report(.zeroDuration, "a cap needs a window longer than zero", at: window.span, label: "zero")
        }
        return cap
    }

    /// `quiet hours FROM to TO`, in a channel or the policy.
    mutating func checkQuietHours(_ from: TimeOfDayLiteral, _ to: TimeOfDayLiteral, _ span: SourceSpan) {
        checkZone(from)
        checkZone(to)
        if from.hour == to.hour, from.minute == to.minute {
            report(.emptyWindow, "quiet hours from \(from.clockText) to \(to.clockText) cover no time at all", at: span,
                   label: "same start and end", help: "quiet hours run from the first time to the second, across midnight if needed: `21:00 to 08:00`")
        }
    }

    /// Whether the policy keeps every SMS out of the night without the channel's quiet
    /// hours: its own quiet hours, or (for a marketing message) a profile that binds
    /// everyone. Read from the syntax: the policy may be checked after the campaign.
    func policyKeepsSMSNightsQuiet(transactional: Bool) -> Bool {
        (table.policy?.clauses ?? []).contains { clause in
            switch clause {
            case .quietHours: true
            case .comply(let profile, nil, _): !transactional && ComplianceProfile(rawValue: profile.name)?.channel == .sms
            default: false
            }
        }
    }

    /// `comply PROFILE [where CONDITION]`: a known profile, given once, and a customer
    /// condition checked like a segment's (the policy belongs to no campaign).
    mutating func checkComply(_ profile: Identifier, _ condition: Expr?, _ span: SourceSpan) {
        let typedCondition = condition.map { checkTopCondition($0, ExpressionContext(), what: "the condition of `comply \(profile.name)`") }
        guard let kind = ComplianceProfile(rawValue: profile.name) else {
            let (help, fix) = Self.suggestion(for: profile.name, among: ComplianceProfile.names, at: profile.span)
            report(.unknownProfile, "unknown compliance profile `\(profile.name)`", at: profile.span, label: "not a profile",
                   notes: ["the profiles are " + ComplianceProfile.names.map { "`\($0)`" }.joined(separator: ", ") + " (docs/compliance.md)"],
                   help: help, fixIt: fix)
            return
        }
        if let first = table.program.compliance.first(where: { $0.profile == kind }) {
            report(.repeatedProfile, "`comply \(kind.rawValue)` is given twice in the policy", at: span, label: "given again",
                   secondary: [.init(first.span, "first given here")],
                   help: "the first counts; to bind more customers, join the conditions with `or` in one `comply`")
            return
        }
        table.program.compliance.append(TypedCompliance(profile: kind, condition: typedCondition,
                                                        conditionText: condition.map(ExpressionPrinter.print), span: span))
    }

    /// After every declaration: each campaign's messages must have some local time of day
    /// that the send window, quiet hours (the policy's and the channel's) and the profiles
    /// that bind every customer (no `where`) all allow (E0309); otherwise the planner
    /// suppresses every one of them ("no allowed time"). Rules written with a zone of their
    /// own are left out: they do not line up with the customer's clock on every day.
    mutating func checkSendableTimes() {
        let policy = table.policy?.clauses ?? []
        var window: (TimeOfDayLiteral, TimeOfDayLiteral, SourceSpan)?
        var policyQuiet: (TimeOfDayLiteral, TimeOfDayLiteral, SourceSpan)?
        for clause in policy {
            switch clause {
            case .sendBetween(let from, let to, let span): if window == nil { window = (from, to, span) }
            case .quietHours(let from, let to, let span): if policyQuiet == nil { policyQuiet = (from, to, span) }
            default: break
            }
        }
        let everyone = table.program.compliance.filter { $0.condition == nil }
        for name in table.campaignNames {
            guard let decl = table.campaigns[name], let typed = table.program.campaigns[name] else { continue }
            let numbering = Self.numberMessages(decl.steps)
            let nameSpans = Dictionary(numbering.position.map { ($0.value, $0.key) }, uniquingKeysWith: { a, _ in a })
            var reported: Set<String> = []
            for (index, message) in typed.messages.enumerated() {
                guard let at = nameSpans[index], reported.insert("\(message.channel.rawValue) \(message.transactional)").inserted else { continue }
                var rules: [SendingRule] = []
                if let (from, to, span) = window {
                    rules.append(SendingRule(allows: (from, to), span: span, text: "the send window \(from.clockText) to \(to.clockText)"))
                }
                if let (from, to, span) = policyQuiet {
                    rules.append(SendingRule(forbids: (from, to), span: span, text: "the policy's quiet hours \(from.clockText) to \(to.clockText)"))
                }
                if let channel = table.channels[message.channel], let quiet = channel.quietHours,
                   let span = channel.declaration.clauses.first(where: { if case .quietHours = $0 { true } else { false } })?.span {
                    rules.append(SendingRule(forbids: (quiet.from, quiet.to), span: span,
                                             text: "\(message.channel.rawValue) quiet hours \(quiet.from.clockText) to \(quiet.to.clockText)"))
                }
                if !message.transactional {
                    for rule in everyone where rule.profile.channel == message.channel {
                        rules.append(SendingRule(profile: rule.profile, span: rule.span))
                    }
                }
                guard rules.count > 1, rules.allSatisfy({ $0.minutes != nil }) else { continue }
                let open = (0..<1_440).contains { minute in rules.allSatisfy { $0.minutes?[minute] == true } }
                guard !open else { continue }
                let kind = message.channel.rawValue
                // When the rules other than the window leave some hours, the window is what
                // shuts them: suggest the longest span they leave. Help, not a fix-it: the
                // window holds every channel, and `check --fix` must not move the other
                // channels' sends on its own.
                var help = "the rules leave no hour at all: shorten the quiet hours or send this message on another channel"
                if let (_, _, windowSpan) = window, let open = SendingRule.longestOpenSpan(rules.filter { $0.span != windowSpan }) {
                    help = "the other rules leave \(open.start) to \(open.end): move the send window there (`send between \(open.start) and \(open.end)`)"
                }
                report(.noTimeToSend, "no local time is left to send \(kind) in campaign `\(name)`: its rules together cover the whole day",
                       at: at, label: "can never go out",
                       secondary: rules.map { .init($0.span, $0.text) },
                       notes: ["every \(message.transactional ? "transactional " : "")\(kind) message of this campaign would be suppressed with \"no allowed time\""],
                       help: help)
            }
        }
    }
}

extension SemanticChecker {
    /// `check --verbose`: for each send on a channel some profile governs, which profiles
    /// bind it (everyone, or the customers a `where` picks), or that it is exempt.
    mutating func addComplianceLines() {
        let rules = table.program.compliance
        guard !rules.isEmpty else { return }
        for r in reports.indices {
            guard let typed = table.program.campaigns[reports[r].name] else { continue }
            var seen: Set<String> = []
            for message in typed.messages where seen.insert(message.name).inserted {
                let binding = rules.filter { $0.profile.channel == message.channel }
                guard !binding.isEmpty else { continue }
                let label = "\(message.channel.rawValue) \(message.name)"
                if message.transactional {
                    reports[r].lines.append(label + ": compliance: exempt (transactional)")
                    continue
                }
                let parts = binding.map { rule in
                    "`\(rule.profile.rawValue)` " + (rule.conditionText.map { "where " + $0 } ?? "for everyone")
                        + " (\(rule.profile.summary))"
                }
                reports[r].lines.append(label + ": compliance: " + parts.joined(separator: "; "))
            }
        }
    }
}

/// One rule over the local day, for the E0309 check: the minutes it lets a message out at.
struct SendingRule {
    /// Per minute of the day, whether the rule allows sending; nil when the rule has a zone
    /// of its own (it cannot be compared with the others minute by minute).
    let minutes: [Bool]?
    let span: SourceSpan
    let text: String

    /// The longest run of minutes that every rule allows, across midnight if it wraps, as
    /// `HH:MM` texts (its end is the first minute not allowed); nil when there is none.
    static func longestOpenSpan(_ rules: [SendingRule]) -> (start: String, end: String)? {
        let open = (0..<1_440).map { m in rules.allSatisfy { $0.minutes?[m] == true } }
        guard open.contains(true) else { return nil }
        func clock(_ minute: Int) -> String {
            let m = minute % 1_440
            return (m < 600 ? "0" : "") + "\(m / 60):" + (m % 60 < 10 ? "0" : "") + "\(m % 60)"
        }
        guard open.contains(false) else { return ("00:00", "00:00") }
        // Start at a closed minute so that a run across midnight is read whole.
        let first = open.firstIndex(of: false) ?? 0
        var best = (start: 0, length: 0), current = (start: 0, length: 0)
        for step in 1...1_440 {
            let m = (first + step) % 1_440
            if open[m] {
                if current.length == 0 { current.start = m }
                current.length += 1
                if current.length > best.length { best = current }
            } else {
                current.length = 0
            }
        }
        return (clock(best.start), clock(best.start + best.length))
    }

    static func span(_ from: TimeOfDayLiteral, _ to: TimeOfDayLiteral) -> [Bool]? {
        guard from.zone == nil, to.zone == nil else { return nil }
        let start = from.hour * 60 + from.minute, end = to.hour * 60 + to.minute
        return (0..<1_440).map { m in start < end ? (m >= start && m < end) : start > end ? (m >= start || m < end) : false }
    }

    init(allows span: (TimeOfDayLiteral, TimeOfDayLiteral), span at: SourceSpan, text: String) {
        minutes = Self.span(span.0, span.1)
        self.span = at
        self.text = text
    }

    init(forbids span: (TimeOfDayLiteral, TimeOfDayLiteral), span at: SourceSpan, text: String) {
        minutes = Self.span(span.0, span.1).map { $0.map { !$0 } }
        self.span = at
        self.text = text
    }

    init(profile: ComplianceProfile, span at: SourceSpan) {
        let start = Int(profile.hours.start / 60), end = Int(profile.hours.end / 60)
        minutes = (0..<1_440).map { $0 >= start && $0 < end }
        span = at
        text = "`\(profile.rawValue)`: \(profile.channel.rawValue) only \(profile.hoursText)"
    }
}
