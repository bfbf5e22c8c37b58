import CampaignSyntax

/// What reading a file found wrong: the first row errors in full (`--max-errors`, which
/// may be 0), the rest counted by code; warnings and file-level errors always in full.
public struct IssueLog: Sendable {
    /// The problems kept in full, in the order met (file-level ones first).
    public private(set) var issues: [Diagnostic] = []
    /// Every error found, kept in full or only counted.
    public private(set) var errorCount = 0
    /// Of `errorCount`, the errors about the file as a whole (`Diagnostic.isFileLevel`).
    public private(set) var fileErrorCount = 0
    /// Every error found, by code: the `--skip-bad-rows` summary.
    public private(set) var countsByCode: [DiagnosticCode: Int] = [:]
    /// The file the issues are about (known even when none is kept).
    public private(set) var file: String?
    private var rowErrorsKept = 0
    let limit: Int
    /// How many issues at the front are about the whole file (`addBeforeRows`).
    private var fileIssues = 0

    init(limit: Int) { self.limit = max(limit, 0) }

    /// Errors about single rows: the ones `--skip-bad-rows` can leave out.
    public var rowErrorCount: Int { errorCount - fileErrorCount }

    /// Whether what was read may be planned: no error at all, or, when bad rows are
    /// skipped, none about the file as a whole.
    public func usable(skippingBadRows: Bool) -> Bool {
        errorCount == 0 || (skippingBadRows && fileErrorCount == 0)
    }

    mutating func add(_ issue: Diagnostic) {
        count(issue)
        keep(issue)
    }

    /// An issue about the whole file found once its rows are read: shown before them
    /// (after any such issue already added), whatever the limit.
    mutating func addBeforeRows(_ issue: Diagnostic) {
        count(issue)
        issues.insert(issue, at: fileIssues)
        fileIssues += 1
    }

    private mutating func count(_ issue: Diagnostic) {
        if file == nil { file = issue.dataLocation?.path }
        guard issue.severity == .error else { return }
        errorCount += 1
        countsByCode[issue.code, default: 0] += 1
        if issue.isFileLevel { fileErrorCount += 1 }
    }

    mutating func merge(_ other: IssueLog, lineOffset: Int) {
        if file == nil { file = other.file }
        errorCount += other.errorCount
        fileErrorCount += other.fileErrorCount
        for (code, count) in other.countsByCode { countsByCode[code, default: 0] += count }
        for issue in other.issues {
            keep(issue.movedDown(lineOffset))
        }
    }

    private mutating func keep(_ issue: Diagnostic) {
        if issue.severity == .warning || issue.isFileLevel {
            issues.append(issue)
        } else if rowErrorsKept < limit {
            rowErrorsKept += 1
            issues.append(issue)
        }
    }
}
