/// A problem found in a campaign file, as a value: what is wrong, where, why, and how to
/// fix it. Renderers (`TextDiagnosticRenderer`, JSON, SARIF, GitHub) turn it into output.
public struct Diagnostic: Sendable, Hashable {
    /// How bad it is. Errors fail `check` (exit 1); warnings only with `--strict`.
    public enum Severity: String, Sendable, Hashable, Comparable {
        case error, warning, note

        private var rank: Int {
            switch self {
            case .error: 0
            case .warning: 1
            case .note: 2
            }
        }

        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
    }

    /// Another place the message refers to ("block opened here", "first declared here").
    public struct Label: Sendable, Hashable {
        public let span: SourceSpan
        public let message: String

        public init(_ span: SourceSpan, _ message: String) {
            self.span = span
            self.message = message
        }
    }

    /// One replacement of a span's text.
    public struct TextEdit: Sendable, Hashable {
        public let span: SourceSpan
        public let replacement: String

        public init(_ span: SourceSpan, _ replacement: String) {
            self.span = span
            self.replacement = replacement
        }
    }

    /// A mechanical fix an editor or a future `--fix` can apply.
    public struct FixIt: Sendable, Hashable {
        public let message: String
        public let edits: [TextEdit]

        public init(_ message: String, edits: [TextEdit]) {
            self.message = message
            self.edits = edits
        }
    }

    public let code: DiagnosticCode
    public let message: String
    public let span: SourceSpan
    /// A short text printed under the primary span's caret.
    public let label: String?
    public let secondary: [Label]
    public let notes: [String]
    public let help: String?
    public let fixIt: FixIt?

    public var severity: Severity { code.severity }

    public init(
        _ code: DiagnosticCode,
        _ message: String,
        at span: SourceSpan,
        label: String? = nil,
        secondary: [Label] = [],
        notes: [String] = [],
        help: String? = nil,
        fixIt: FixIt? = nil
    ) {
        self.code = code
        self.message = message
        self.span = span
        self.label = label
        self.secondary = secondary
        self.notes = notes
        self.help = help
        self.fixIt = fixIt
    }
}

extension [Diagnostic] {
    public var errorCount: Int { count(where: { $0.severity == .error }) }
    public var warningCount: Int { count(where: { $0.severity == .warning }) }
    public var hasErrors: Bool { contains(where: { $0.severity == .error }) }

    /// Sorted by file path, then position, then code: the order every renderer prints,
    /// the same whatever order the files were read in.
    public func sortedForOutput(in sources: SourceMap) -> [Diagnostic] {
        sorted { (a: Diagnostic, b: Diagnostic) -> Bool in
            let pathA = sources[a.span.file].path
            let pathB = sources[b.span.file].path
            if pathA != pathB { return pathA.utf8.lexicographicallyPrecedes(pathB.utf8) }
            return (a.span.start, a.span.end, a.code.id, a.message) < (b.span.start, b.span.end, b.code.id, b.message)
        }
    }

    /// Sorted by file id, then position, then code (within one file, the output order).
    public func sortedForOutput() -> [Diagnostic] {
        sorted { a, b in
            (a.span.file, a.span.start, a.span.end, a.code.id, a.message)
                < (b.span.file, b.span.start, b.span.end, b.code.id, b.message)
        }
    }
}
