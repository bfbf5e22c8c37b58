/// A problem with one row (or the header) of a customers or events file: which file,
/// which line, which column, and what was expected. Rendered like a compiler diagnostic.
public struct DataIssue: Sendable, Hashable, Error {
    public enum Severity: String, Sendable { case error, warning }

    public let code: String
    public let severity: Severity
    public let file: String
    /// 1-based physical line where the record starts (0 for the file as a whole).
    public let line: Int
    /// The column's header name, if the problem is in one column.
    public let column: String?
    public let message: String

    public init(_ code: String, _ severity: Severity = .error, file: String, line: Int, column: String? = nil, _ message: String) {
        self.code = code
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `data/customers.csv:12: error: column `signup_at`: expected … [D0203]`.
    public var text: String {
        let place = line > 0 ? "\(file):\(line)" : file
        let where_ = column.map { "column `\($0)`: " } ?? ""
        return "\(place): \(severity.rawValue): \(where_)\(message) [\(code)]"
    }
}

/// The stable codes of data problems (documented in docs/diagnostics.md).
public enum DataCode {
    public static let unreadable = "D0001"
    public static let emptyFile = "D0002"
    public static let notUTF8 = "D0003"
    public static let missingColumn = "D0101"
    public static let unknownColumns = "D0102"
    public static let duplicateColumn = "D0103"
    public static let fieldCount = "D0104"
    public static let badQuote = "D0105"
    public static let badJSON = "D0106"
    public static let misplacedKey = "D0107"
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
}
