/// The exit statuses of docs/language.md §9.2.
public enum ExitCode: Int32, Sendable {
    /// Success; warnings alone do not fail unless `--strict`.
    case success = 0
    /// The input has errors: error diagnostics, bad rows, unformatted files with `--check`.
    case inputErrors = 1
    /// A usage or I/O error.
    case usage = 2
    /// `campaign diff --exit-code` found differences (docs/diff.md).
    case differences = 3
}

/// A usage error: printed with the usage line and a pointer to `--help`, exit 2.
struct UsageError: Error {
    let message: String
    let help: String?

    init(_ message: String, help: String? = nil) {
        self.message = message
        self.help = help
    }
}
