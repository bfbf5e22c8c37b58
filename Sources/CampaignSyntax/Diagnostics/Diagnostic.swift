/// A problem found in a campaign file or a data file, as a value: what is wrong, where, why,
/// and how to fix it. Renderers (`TextDiagnosticRenderer`, JSON, SARIF, GitHub) turn it
/// into output. Thrown where an I/O edge cannot go on (a data file that cannot be read).
public struct Diagnostic: Sendable, Hashable, Error {
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

    /// Where the problem is: characters of a campaign source (in the `SourceMap`), or a
    /// place in a data file, which is never loaded as a source.
    public enum Location: Sendable, Hashable {
        case source(SourceSpan)
        case data(DataLocation)
    }

    public let code: DiagnosticCode
    public let message: String
    /// Where it points: a span of a campaign file, or a place in a data file.
    public let location: Location
    /// A short text printed under the primary span's caret.
    public let label: String?
    public let secondary: [Label]
    public let notes: [String]
    public let help: String?
    public let fixIt: FixIt?

    public var severity: Severity { code.severity }

    /// The characters in a campaign source, or nil for a diagnostic about a data file.
    public var span: SourceSpan? {
        if case .source(let span) = location { span } else { nil }
    }

    /// The place in a data file, or nil for a diagnostic about a campaign source.
    public var dataLocation: DataLocation? {
        if case .data(let place) = location { place } else { nil }
    }

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
        self.location = .source(span)
        self.label = label
        self.secondary = secondary
        self.notes = notes
        self.help = help
        self.fixIt = fixIt
    }

    /// A problem in a data file: no snippet, labels or fix-its (the file is not shown), a
    /// help line when there is one thing to do.
    public init(_ code: DiagnosticCode, _ message: String, in place: DataLocation, help: String? = nil) {
        self.code = code
        self.message = message
        self.location = .data(place)
        self.label = nil
        self.secondary = []
        self.notes = []
        self.help = help
        self.fixIt = nil
    }
}

extension [Diagnostic] {
    public var errorCount: Int { count(where: { $0.severity == .error }) }
    public var warningCount: Int { count(where: { $0.severity == .warning }) }
    public var hasErrors: Bool { contains(where: { $0.severity == .error }) }

    /// Sorted by file path, then position, then code: the order every renderer prints,
    /// the same whatever order the files were read in. A data file's diagnostics sort by
    /// line and character; in one path (never in practice) campaign sources come first.
    public func sortedForOutput(in sources: SourceMap) -> [Diagnostic] {
        sorted { (a: Diagnostic, b: Diagnostic) -> Bool in
            let pathA = a.path(in: sources)
            let pathB = b.path(in: sources)
            if pathA != pathB { return pathA.utf8.lexicographicallyPrecedes(pathB.utf8) }
            return a.precedesInOneFile(b)
        }
    }

    /// Sorted by file id, then position, then code (within one file, the output order);
    /// data files after the campaign sources, by path.
    public func sortedForOutput() -> [Diagnostic] {
        sorted { a, b in
            switch (a.location, b.location) {
            case (.source(let x), .source(let y)) where x.file != y.file: x.file < y.file
            case (.data(let x), .data(let y)) where x.path != y.path: x.path.utf8.lexicographicallyPrecedes(y.path.utf8)
            default: a.precedesInOneFile(b)
            }
        }
    }
}

extension Diagnostic {
    /// The path of the file the diagnostic is in.
    public func path(in sources: SourceMap) -> String {
        switch location {
        case .source(let span): sources[span.file].path
        case .data(let place): place.path
        }
    }

    /// The order within one file: position, then code, then message.
    func precedesInOneFile(_ other: Diagnostic) -> Bool {
        switch (location, other.location) {
        case (.source(let a), .source(let b)):
            (a.start, a.end, code.id, message) < (b.start, b.end, other.code.id, other.message)
        case (.data(let a), .data(let b)):
            (a.line, a.anyColumn ?? 0, code.id, message) < (b.line, b.anyColumn ?? 0, other.code.id, other.message)
        case (.source, .data): true
        case (.data, .source): false
        }
    }
}
