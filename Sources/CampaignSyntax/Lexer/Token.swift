/// One lexical token: what it is and which bytes it covers. Its value (a number, a
/// string's text) is read from those bytes by the parser when it needs it.
public struct Token: Sendable, Hashable {
    public let kind: TokenKind
    public let span: SourceSpan
    /// A newline (or the start of the file) comes before this token: error recovery
    /// and the formatter use line starts.
    public let isAtLineStart: Bool

    public init(kind: TokenKind, span: SourceSpan, isAtLineStart: Bool) {
        self.kind = kind
        self.span = span
        self.isAtLineStart = isAtLineStart
    }
}

/// The kinds of token in a `.campaign` file.
public enum TokenKind: Sendable, Hashable {
    case identifier
    case keyword(Keyword)
    /// `"…"`, with escapes and embedded template tags.
    case string
    /// `42`, `3.5`.
    case number
    /// `30d`, `15m`, `2h`, `2w`.
    case duration
    /// `10%`, `12.5%`.
    case percent
    /// `09:00`.
    case timeOfDay
    /// `2026-12-01`.
    case date
    case leftBrace, rightBrace, leftParen, rightParen
    case comma, colon, dot, assign, question, doubleQuestion
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case plus, minus, star, slash
    /// Bytes the lexer could not read; already reported.
    case invalid
    case endOfFile

    /// How the token reads in a message: "`{`", "a string", "end of file".
    public var displayName: String {
        switch self {
        case .identifier: "a name"
        case .keyword(let keyword): "`\(keyword.rawValue)`"
        case .string: "a string"
        case .number: "a number"
        case .duration: "a duration"
        case .percent: "a percentage"
        case .timeOfDay: "a time of day"
        case .date: "a date"
        case .invalid: "an invalid token"
        case .endOfFile: "end of file"
        default: "`\(punctuationText ?? "?")`"
        }
    }

    /// The fixed spelling of punctuation and operators.
    public var punctuationText: String? {
        switch self {
        case .leftBrace: "{"
        case .rightBrace: "}"
        case .leftParen: "("
        case .rightParen: ")"
        case .comma: ","
        case .colon: ":"
        case .dot: "."
        case .assign: "="
        case .question: "?"
        case .doubleQuestion: "??"
        case .equal: "=="
        case .notEqual: "!="
        case .less: "<"
        case .lessEqual: "<="
        case .greater: ">"
        case .greaterEqual: ">="
        case .plus: "+"
        case .minus: "-"
        case .star: "*"
        case .slash: "/"
        default: nil
        }
    }
}

/// A `#` comment, kept so the formatter can put it back where it was.
public struct Comment: Sendable, Hashable {
    public let span: SourceSpan
    /// Code stands before it on the same line (`send … # why`).
    public let isTrailing: Bool
}
