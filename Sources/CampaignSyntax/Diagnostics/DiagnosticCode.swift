/// A stable diagnostic code (`E0102`, `W0001`) with its severity and a one-line title.
/// Codes never change meaning once released; `docs/diagnostics.md` documents each one.
public struct DiagnosticCode: Sendable, Hashable, CustomStringConvertible {
    public let id: String
    public let severity: Diagnostic.Severity
    public let title: String

    public init(_ id: String, _ severity: Diagnostic.Severity, _ title: String) {
        self.id = id
        self.severity = severity
        self.title = title
    }

    public var description: String { id }

    /// The code's entry in docs/diagnostics.md, as SARIF's `helpUri` and the language
    /// server's `codeDescription` link to it.
    public var documentationURL: String {
        "https://github.com/campaign-lang/campaign/blob/main/docs/diagnostics.md#\(id.lowercased())"
    }

    public static func == (a: DiagnosticCode, b: DiagnosticCode) -> Bool { a.id == b.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension DiagnosticCode {
    // Files and characters.
    public static let emptyFile = DiagnosticCode("E0001", .error, "file has no declarations")
    public static let notUTF8 = DiagnosticCode("E0002", .error, "file is not UTF-8 text")
    public static let unexpectedCharacter = DiagnosticCode("E0003", .error, "unexpected character")
    public static let unterminatedString = DiagnosticCode("E0004", .error, "unterminated string")
    public static let invalidEscape = DiagnosticCode("E0005", .error, "invalid escape sequence")
    public static let unterminatedTemplate = DiagnosticCode("E0006", .error, "unterminated template tag")
    public static let invalidDuration = DiagnosticCode("E0007", .error, "invalid duration")
    public static let invalidTimeOfDay = DiagnosticCode("E0008", .error, "invalid time of day")
    public static let invalidDate = DiagnosticCode("E0009", .error, "invalid date")
    public static let invalidNumber = DiagnosticCode("E0010", .error, "invalid number")
    public static let strayCarriageReturn = DiagnosticCode("E0011", .error, "carriage return without line feed")
    public static let tooManyErrors = DiagnosticCode("E0012", .error, "too many syntax errors")
    public static let invalidPercentage = DiagnosticCode("E0013", .error, "invalid percentage")
    public static let nestingTooDeep = DiagnosticCode("E0014", .error, "nesting too deep")
    public static let durationTooLong = DiagnosticCode("E0015", .error, "duration longer than the range of times")

    // Structure.
    public static let expectedToken = DiagnosticCode("E0020", .error, "unexpected token")
    public static let unclosedBlock = DiagnosticCode("E0021", .error, "block not closed")
    public static let unmatchedBrace = DiagnosticCode("E0022", .error, "unmatched closing brace")
    public static let unknownType = DiagnosticCode("E0023", .error, "unknown type")
    public static let notSnakeCase = DiagnosticCode("E0024", .error, "name is not snake_case")
    public static let keywordAsName = DiagnosticCode("E0025", .error, "keyword used as a name")
    public static let unknownClause = DiagnosticCode("E0026", .error, "unknown clause or step")
    public static let unknownWeekday = DiagnosticCode("E0027", .error, "unknown weekday")
    public static let whereNeedsEvent = DiagnosticCode("E0028", .error, "`where` needs an event name")
    public static let elseWithoutIf = DiagnosticCode("E0029", .error, "`else` without `if`")
    public static let chainedComparison = DiagnosticCode("E0030", .error, "chained comparison")
    public static let expectedInteger = DiagnosticCode("E0031", .error, "whole number expected")
    public static let emptyBlock = DiagnosticCode("E0032", .error, "block needs at least one entry")

    // Imports.
    public static let importNotFound = DiagnosticCode("E0040", .error, "imported file not found")
    /// An import, a template file or a file found in a named folder that leads outside
    /// the project root (`ProjectPath`).
    public static let pathEscapesRoot = DiagnosticCode("E0041", .error, "file outside the project root")
    public static let importCycle = DiagnosticCode("E0042", .error, "import cycle")
    public static let importNotCampaign = DiagnosticCode("E0043", .error, "import of a file that is not `.campaign`")

    // Warnings.
    public static let tabCharacter = DiagnosticCode("W0001", .warning, "tab character")
    public static let crlfLineEndings = DiagnosticCode("W0002", .warning, "CRLF line endings")
    public static let bidiControl = DiagnosticCode("W0003", .warning, "invisible bidirectional control character")

    /// Every code of the front end, for SARIF rule tables and the documentation test.
    public static let syntaxCodes: [DiagnosticCode] = [
        .emptyFile, .notUTF8, .unexpectedCharacter, .unterminatedString, .invalidEscape,
        .unterminatedTemplate, .invalidDuration, .invalidTimeOfDay, .invalidDate, .invalidNumber,
        .strayCarriageReturn, .tooManyErrors, .invalidPercentage, .nestingTooDeep, .durationTooLong,
        .expectedToken, .unclosedBlock, .unmatchedBrace, .unknownType, .notSnakeCase,
        .keywordAsName, .unknownClause, .unknownWeekday, .whereNeedsEvent, .elseWithoutIf,
        .chainedComparison, .expectedInteger, .emptyBlock,
        .importNotFound, .pathEscapesRoot, .importCycle, .importNotCampaign,
        .tabCharacter, .crlfLineEndings, .bidiControl,
    ]
}
