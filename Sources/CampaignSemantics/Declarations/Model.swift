import CampaignSyntax

/// A customer field or an event property: its name, type and where it was declared.
public struct FieldInfo: Sendable, Hashable {
    public let name: String
    public let type: ValueType
    public let span: SourceSpan
}

/// An event type and its properties.
public struct EventInfo: Sendable, Hashable {
    public let name: String
    public let properties: [String: FieldInfo]
    /// Property names in declaration order.
    public let order: [String]
    public let span: SourceSpan
}

/// The delivery channel kinds of docs/language.md §4.1.
public enum ChannelKind: String, Sendable, Hashable, CaseIterable, Comparable {
    case email, sms, push, in_app, webhook

    public static func < (a: ChannelKind, b: ChannelKind) -> Bool { a.rawValue < b.rawValue }

    /// The fields a message on this channel may have, and which are required.
    public var messageFields: [String] {
        switch self {
        case .email: ["subject", "preheader", "body"]
        case .sms: ["text"]
        case .push: ["title", "body", "link"]
        case .in_app: ["title", "body"]
        case .webhook: ["url", "body"]
        }
    }

    public var requiredFields: [String] {
        switch self {
        case .email: ["subject", "body"]
        case .sms: ["text"]
        case .push: ["body"]
        case .in_app: ["body"]
        case .webhook: ["url"]
        }
    }
}

/// A declared channel bound to customer fields.
public struct ChannelInfo: Sendable, Hashable {
    public let kind: ChannelKind
    public let address: String?
    public let consent: String?
    public let quietHours: (from: TimeOfDayLiteral, to: TimeOfDayLiteral)?
    public let maxSegments: Int?
    public let declaration: ChannelDecl

    public static func == (a: ChannelInfo, b: ChannelInfo) -> Bool { a.declaration == b.declaration }
    public func hash(into hasher: inout Hasher) { hasher.combine(declaration) }
}

/// Everything a project declares, across its files: the checker's symbol table and what
/// the planner runs.
public struct DeclarationTable: Sendable {
    public var customerFields: [String: FieldInfo] = [:]
    public var customerFieldOrder: [String] = []
    public var idField: String?
    public var events: [String: EventInfo] = [:]
    public var channels: [ChannelKind: ChannelInfo] = [:]
    public var segments: [String: SegmentDecl] = [:]
    public var campaigns: [String: CampaignDecl] = [:]
    public var policy: PolicyDecl?
    /// Every top-level name and where it was declared (fields, events, segments, campaigns).
    public var names: [String: (kind: String, span: SourceSpan)] = [:]
    /// The segments and campaigns checked: typed, names resolved. Kept with the
    /// declarations so that whatever holds the table (a `Dataset`) holds the program too.
    public internal(set) var program = TypedProgram()

    public init() {}

    /// Campaigns in name order.
    public var campaignNames: [String] { campaigns.keys.sorted() }

    /// Whether data read against this table reads the same against `other`: the same id,
    /// customer fields (names, order, types), time zone field and events (names,
    /// properties, types); where they are declared does not matter.
    public func readsDataLike(_ other: DeclarationTable) -> Bool {
        guard idField == other.idField, customerFieldOrder == other.customerFieldOrder,
              program.timeZoneField?.name == other.program.timeZoneField?.name,
              program.eventNames == other.program.eventNames, Set(events.keys) == Set(other.events.keys) else { return false }
        for name in customerFieldOrder where customerFields[name]?.type != other.customerFields[name]?.type { return false }
        for (name, info) in events {
            guard let theirs = other.events[name], info.order == theirs.order else { return false }
            for property in info.order where info.properties[property]?.type != theirs.properties[property]?.type { return false }
        }
        return true
    }
    public var segmentNames: [String] { segments.keys.sorted() }
}
