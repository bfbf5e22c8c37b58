import CampaignSyntax

/// The stable codes of problems in a customers or events file, as `DiagnosticCode`s
/// (documented in docs/diagnostics.md). Each code has one severity: the two warnings are
/// D0102 and D0108. The titles of row errors name them in the `--skip-bad-rows` summary.
/// Each constant is named for its problem and titled with it; docs/diagnostics.md gives
/// each code an example.
public enum DataCode {
    public static let unreadable = DiagnosticCode("D0001", .error, "file cannot be read")
    public static let emptyFile = DiagnosticCode("D0002", .error, "empty file")
    public static let notUTF8 = DiagnosticCode("D0003", .error, "data file is not UTF-8 text")
    /// More data than the store holds (`StoreLimits`).
    public static let tooLarge = DiagnosticCode("D0004", .error, "more data than the store holds")
    public static let missingColumn = DiagnosticCode("D0101", .error, "missing column")
    public static let unknownColumns = DiagnosticCode("D0102", .warning, "undeclared columns")
    public static let duplicateColumn = DiagnosticCode("D0103", .error, "duplicate column")
    public static let fieldCount = DiagnosticCode("D0104", .error, "wrong number of fields")
    public static let badQuote = DiagnosticCode("D0105", .error, "malformed quotes")
    public static let badJSON = DiagnosticCode("D0106", .error, "invalid JSON")
    public static let misspeltColumn = DiagnosticCode("D0107", .error, "misspelt column")
    public static let absentOptionalColumn = DiagnosticCode("D0108", .warning, "optional column absent")
    public static let misplacedKey = DiagnosticCode("D0109", .error, "misplaced NDJSON key")
    public static let unclosedQuote = DiagnosticCode("D0110", .error, "quoted field never closed")
    /// The customers and events files given the wrong way round (`SwappedFiles`).
    public static let swappedFiles = DiagnosticCode("D0111", .error, "customers and events files swapped")
    public static let missingValue = DiagnosticCode("D0201", .error, "missing required value")
    public static let badNumber = DiagnosticCode("D0202", .error, "invalid number")
    public static let badTime = DiagnosticCode("D0203", .error, "invalid time")
    public static let badDate = DiagnosticCode("D0204", .error, "invalid date")
    public static let badBool = DiagnosticCode("D0205", .error, "invalid true/false")
    public static let badTimeZone = DiagnosticCode("D0206", .error, "unknown time zone")
    public static let badEnum = DiagnosticCode("D0207", .error, "value outside the enum")
    public static let badEmail = DiagnosticCode("D0208", .error, "invalid email")
    public static let badPhone = DiagnosticCode("D0209", .error, "invalid phone")
    public static let textTooLong = DiagnosticCode("D0210", .error, "text too long")
    public static let duplicateID = DiagnosticCode("D0211", .error, "duplicate customer id")
    public static let badType = DiagnosticCode("D0212", .error, "value of the wrong kind")
    public static let badDuration = DiagnosticCode("D0213", .error, "invalid duration")
    public static let unknownCustomer = DiagnosticCode("D0301", .error, "unknown customer")
    public static let unknownEvent = DiagnosticCode("D0302", .error, "unknown event")
    public static let unknownProperty = DiagnosticCode("D0303", .error, "undeclared property")

    /// Every data code, in order: SARIF's rule table and the documentation test.
    public static let all: [DiagnosticCode] = [
        unreadable, emptyFile, notUTF8, tooLarge,
        missingColumn, unknownColumns, duplicateColumn, fieldCount, badQuote, badJSON, misspeltColumn, absentOptionalColumn,
        misplacedKey, unclosedQuote, swappedFiles,
        missingValue, badNumber, badTime, badDate, badBool, badTimeZone, badEnum, badEmail, badPhone, textTooLong, duplicateID,
        badType, badDuration,
        unknownCustomer, unknownEvent, unknownProperty,
    ]

    /// Problems with a file as a whole (its bytes, its header, its keys): no row is to
    /// blame, so `--skip-bad-rows` cannot leave them out.
    public static let aboutTheFile: Set<DiagnosticCode> = [unreadable, emptyFile, notUTF8, missingColumn, unknownColumns, duplicateColumn, misspeltColumn, tooLarge, unclosedQuote, swappedFiles]
}
