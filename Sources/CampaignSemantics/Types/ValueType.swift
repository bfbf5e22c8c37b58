import CampaignSyntax

/// The type of a value in an expression or a field (docs/language.md §2.3, §3).
public indirect enum ValueType: Sendable, Hashable, CustomStringConvertible {
    case id
    /// `text`, or `text(max N)` with its bound.
    case text(max: Int?)
    case number, bool, time, date, duration, timezone, email, phone
    /// `one of ("free", "plus", "pro")`.
    case enumeration([String])
    /// `T?`: may be missing (`none`).
    case optional(ValueType)
    /// The literal `none`: fits any optional.
    case none
    /// The type of something already reported as wrong: accepted everywhere, so one
    /// mistake gives one diagnostic.
    case error

    /// The type without `?`.
    public var wrapped: ValueType {
        if case .optional(let inner) = self { return inner }
        return self
    }

    public var isOptional: Bool {
        switch self {
        case .optional, .none: true
        default: false
        }
    }

    /// `T?` (never `T??`).
    public var asOptional: ValueType {
        switch self {
        case .optional, .none, .error: self
        default: .optional(self)
        }
    }

    /// Text-like values compare with each other and with string literals.
    public var isTextual: Bool {
        switch wrapped {
        case .id, .text, .email, .phone, .timezone, .enumeration: true
        default: false
        }
    }

    public var isError: Bool { self == .error || wrapped == .error }

    /// The family used for "can these be compared": text-like types form one family.
    var family: String {
        switch wrapped {
        case .id, .text, .email, .phone, .timezone, .enumeration: "text"
        case .number: "number"
        case .bool: "bool"
        case .time: "time"
        case .date: "date"
        case .duration: "duration"
        case .none: "none"
        case .error: "error"
        case .optional(let inner): inner.family
        }
    }

    public var description: String {
        switch self {
        case .id: "id"
        case .text(let limit): limit.map { "text(max \($0))" } ?? "text"
        case .number: "number"
        case .bool: "bool"
        case .time: "time"
        case .date: "date"
        case .duration: "duration"
        case .timezone: "timezone"
        case .email: "email"
        case .phone: "phone"
        case .enumeration(let values): "one of (" + values.map { "\"\($0)\"" }.joined(separator: ", ") + ")"
        case .optional(let inner): inner.description + "?"
        case .none: "none"
        case .error: "<error>"
        }
    }

    /// The type a field declaration names.
    public init(_ syntax: TypeSyntax) {
        let base: ValueType
        switch syntax.base {
        case .id: base = .id
        case .text(let limit): base = .text(max: limit?.value)
        case .number: base = .number
        case .bool: base = .bool
        case .time: base = .time
        case .date: base = .date
        case .duration: base = .duration
        case .timezone: base = .timezone
        case .email: base = .email
        case .phone: base = .phone
        case .oneOf(let values): base = .enumeration(values.map(\.value))
        }
        self = syntax.isOptional ? .optional(base) : base
    }
}
