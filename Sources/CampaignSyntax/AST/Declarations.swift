/// One parsed `.campaign` file: its declarations in source order, and its comments.
public struct SourceFileSyntax: Sendable, Hashable {
    public let file: FileID
    public let declarations: [Declaration]
    public let comments: [Comment]

    public init(file: FileID, declarations: [Declaration], comments: [Comment]) {
        self.file = file
        self.declarations = declarations
        self.comments = comments
    }

    public var imports: [ImportDecl] {
        declarations.compactMap { if case .import(let decl) = $0 { decl } else { nil } }
    }
}

/// A top-level declaration (docs/language.md §1.2).
public enum Declaration: Sendable, Hashable {
    case `import`(ImportDecl)
    case customer(CustomerDecl)
    case event(EventDecl)
    case channel(ChannelDecl)
    case segment(SegmentDecl)
    case policy(PolicyDecl)
    case campaign(CampaignDecl)

    public var span: SourceSpan {
        switch self {
        case .import(let d): d.span
        case .customer(let d): d.span
        case .event(let d): d.span
        case .channel(let d): d.span
        case .segment(let d): d.span
        case .policy(let d): d.span
        case .campaign(let d): d.span
        }
    }
}

/// The braces of a block, kept so the formatter can place comments before a `}`.
public struct BlockBraces: Sendable, Hashable {
    public let open: SourceSpan
    /// Where the block ends: the `}`, or the point where it should have been when missing.
    public let close: SourceSpan

    public init(open: SourceSpan, close: SourceSpan) {
        self.open = open
        self.close = close
    }
}

/// `import "schema.campaign"`.
public struct ImportDecl: Sendable, Hashable {
    public let path: StringLiteral
    public let span: SourceSpan
}

/// `customer { id: id … }`: the schema of the customers file.
public struct CustomerDecl: Sendable, Hashable {
    public let fields: [FieldDecl]
    public let braces: BlockBraces
    public let span: SourceSpan
}

/// `event purchase { amount: number, category: text? }` or `event app_open`.
public struct EventDecl: Sendable, Hashable {
    public let name: Identifier
    public let properties: [FieldDecl]
    public let braces: BlockBraces?
    public let span: SourceSpan
}

/// `channel sms { address: phone consent: sms_opt_in … }`.
public struct ChannelDecl: Sendable, Hashable {
    public let kind: Identifier
    public let clauses: [ChannelClause]
    public let braces: BlockBraces
    public let span: SourceSpan
}

/// A setting of a channel.
public enum ChannelClause: Sendable, Hashable {
    case address(Identifier, SourceSpan)
    case consent(Identifier, SourceSpan)
    case quietHours(from: TimeOfDayLiteral, to: TimeOfDayLiteral, SourceSpan)
    case maxSegments(IntegerLiteral, SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .address(_, let s), .consent(_, let s), .quietHours(_, _, let s), .maxSegments(_, let s): s
        }
    }
}

/// `segment lapsing = …`.
public struct SegmentDecl: Sendable, Hashable {
    public let name: Identifier
    public let condition: Expr
    public let span: SourceSpan
}

/// `policy { … }`: delivery rules for every campaign in the plan.
public struct PolicyDecl: Sendable, Hashable {
    public let clauses: [PolicyClause]
    public let braces: BlockBraces
    public let span: SourceSpan
}

/// A delivery rule.
public enum PolicyClause: Sendable, Hashable {
    /// `timezone "America/New_York"`: for customers with none.
    case timezone(StringLiteral, SourceSpan)
    /// `send between 09:00 and 20:00`.
    case sendBetween(TimeOfDayLiteral, TimeOfDayLiteral, SourceSpan)
    /// `cap 3 messages per 7d` (channel nil) or `cap sms 1 per 2d`.
    case cap(channel: Identifier?, count: IntegerLiteral, per: DurationLiteral, SourceSpan)
    /// `best hour from app_open, email_open default 10:00`.
    case bestHour(events: [Identifier], fallback: TimeOfDayLiteral, SourceSpan)
    /// `quiet hours 21:00 to 08:00`: on every channel, beside each channel's own.
    case quietHours(from: TimeOfDayLiteral, to: TimeOfDayLiteral, SourceSpan)
    /// `comply us_tcpa` or `comply fr_sms where country == "FR"`: a compliance profile
    /// (docs/compliance.md), for the customers the condition holds for (all when nil).
    case comply(profile: Identifier, condition: Expr?, SourceSpan)

    public var span: SourceSpan {
        switch self {
        case .timezone(_, let s), .sendBetween(_, _, let s), .cap(_, _, _, let s), .bestHour(_, _, let s),
             .quietHours(_, _, let s), .comply(_, _, let s): s
        }
    }
}
