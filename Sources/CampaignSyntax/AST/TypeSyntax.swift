/// A field's declared type: `text(max 20)?`, `one of ("free", "pro")`.
public struct TypeSyntax: Sendable, Hashable {
    public let base: BaseType
    public let isOptional: Bool
    public let span: SourceSpan

    public init(base: BaseType, isOptional: Bool, span: SourceSpan) {
        self.base = base
        self.isOptional = isOptional
        self.span = span
    }
}

/// The built-in types of docs/language.md §2.3.
public enum BaseType: Sendable, Hashable {
    case id
    case text(max: IntegerLiteral?)
    case number, bool, time, date, duration, timezone, email, phone
    case oneOf([StringLiteral])

    /// Type names that stand alone (everything but `text(max N)` and `one of (…)`).
    public static let simpleNames: [String: BaseType] = [
        "id": .id, "text": .text(max: nil), "number": .number, "bool": .bool, "time": .time,
        "date": .date, "duration": .duration, "timezone": .timezone, "email": .email, "phone": .phone,
    ]

    /// Every spelling a type can start with, for "did you mean" suggestions.
    public static let allNames = ["id", "text", "number", "bool", "time", "date", "duration", "timezone", "email", "phone", "one of"]
}

/// `name: type`, in `customer { … }` and in event properties.
public struct FieldDecl: Sendable, Hashable {
    public let name: Identifier
    public let type: TypeSyntax
    public let span: SourceSpan

    public init(name: Identifier, type: TypeSyntax, span: SourceSpan) {
        self.name = name
        self.type = type
        self.span = span
    }
}
