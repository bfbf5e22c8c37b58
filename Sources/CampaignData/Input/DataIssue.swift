import CampaignSyntax

/// A problem with one row (or the header) of a customers or events file: which file,
/// which line, which column, and what was expected. Rendered like a compiler diagnostic.
public struct DataIssue: Sendable, Hashable, Error {
    public enum Severity: String, Sendable { case error, warning }

    public let code: String
    public let severity: Severity
    public let file: String
    /// 1-based physical line where the record starts (0 for the file as a whole).
    public let line: Int
    /// 1-based character on the line where the problem is (a header cell, an NDJSON
    /// key), counted as `check` counts columns; nil when the line is place enough.
    public let position: Int?
    /// The column's header name, if the problem is in one column.
    public let column: String?
    public let message: String
    /// How to fix it, when there is one thing to do (`did you mean `first_name`? …`).
    public let help: String?

    public init(_ code: String, _ severity: Severity = .error, file: String, line: Int, position: Int? = nil, column: String? = nil,
                _ message: String, help: String? = nil) {
        self.code = code
        self.severity = severity
        self.file = file
        self.line = line
        self.position = position
        self.column = column
        self.message = message
        self.help = help
    }

    /// About the file as a whole (unreadable, empty, not UTF-8, its header or keys): no row
    /// is to blame, so `--skip-bad-rows` cannot leave it out and it is always shown.
    public var isFileLevel: Bool { Self.isFileLevel(code: code) }

    /// Whether a code is one of a file as a whole (`DataCode.aboutTheFile`).
    public static func isFileLevel(code: String) -> Bool { DataCode.aboutTheFile.contains(code) }

    /// `data/customers.csv:12: error: column `signup_at`: expected … [D0203]`, and a
    /// `= help:` line under it when there is help.
    public var text: String { text(escape: { $0 }) }

    /// The same text, safe for a terminal: the file name, message and help (which may quote
    /// values from the data) have their control characters escaped, but not the line break
    /// before the help (docs/output.md).
    public var terminalText: String { text(escape: { TerminalText.escaping($0) }) }

    private func text(escape: (String) -> String) -> String {
        let place = line > 0 ? "\(file):\(line)" + (position.map { ":\($0)" } ?? "") : file
        let where_ = column.map { "column `\($0)`: " } ?? ""
        return escape("\(place): \(severity.rawValue): \(where_)\(message) [\(code)]") + (help.map { "\n  = help: " + escape($0) } ?? "")
    }

    /// The same issue in a file whose lines start `offset` lines further down (a part of
    /// the file read on its own numbers its lines from 1).
    func movedDown(_ offset: Int) -> DataIssue {
        DataIssue(code, severity, file: file, line: line > 0 ? line + offset : 0, position: position, column: column, message, help: help)
    }
}

/// The stable codes of data problems (documented in docs/diagnostics.md).
public enum DataCode {
    public static let unreadable = "D0001"
    public static let emptyFile = "D0002"
    public static let notUTF8 = "D0003"
    /// More data than the store holds (`StoreLimits`).
    public static let tooLarge = "D0004"
    public static let missingColumn = "D0101"
    public static let unknownColumns = "D0102"
    public static let duplicateColumn = "D0103"
    public static let fieldCount = "D0104"
    public static let badQuote = "D0105"
    public static let badJSON = "D0106"
    public static let misspeltColumn = "D0107"
    public static let absentOptionalColumn = "D0108"
    public static let misplacedKey = "D0109"
    public static let missingValue = "D0201"
    public static let badNumber = "D0202"
    public static let badTime = "D0203"
    public static let badDate = "D0204"
    public static let badBool = "D0205"
    public static let badTimeZone = "D0206"
    public static let badEnum = "D0207"
    public static let badEmail = "D0208"
    public static let badPhone = "D0209"
    public static let textTooLong = "D0210"
    public static let duplicateID = "D0211"
    public static let unknownCustomer = "D0301"
    public static let unknownEvent = "D0302"
    public static let unknownProperty = "D0303"
    public static let badType = "D0212"
    public static let badDuration = "D0213"

    /// Problems with a file as a whole (its bytes, its header, its keys): no row is to
    /// blame, so `--skip-bad-rows` cannot leave them out.
    public static let aboutTheFile: Set<String> = [unreadable, emptyFile, notUTF8, missingColumn, unknownColumns, duplicateColumn, misspeltColumn, tooLarge]
}
