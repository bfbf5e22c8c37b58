/// Suppression comments (docs/language.md §1.4): `# campaign: allow W0601` at the end of a
/// line silences those warnings on that line; alone on a line before the file's first
/// declaration, in the whole file. Several codes may follow, separated by commas or spaces.
/// Only warnings can be allowed: an error means the file does not compile.
/// The loader leaves out the syntax warnings a comment silences, the checker its own.
public struct Suppressions: Sendable {
    /// One code named by an allow comment.
    public struct Allow: Sendable, Hashable {
        public let code: String
        /// The comment's span (its file, and where to point at a code that is no warning).
        public let span: SourceSpan
        /// The line it silences, or nil for the whole file.
        public let line: Int?
    }

    public let allows: [Allow]
    private let wholeFile: [FileID: Set<String>]
    private let byLine: [FileID: [Int: Set<String>]]

    /// The allow comments of every file of a project.
    public init(_ project: Project) {
        var allows: [Allow] = []
        for file in project.files {
            let source = project.sources[file.file]
            let firstDeclaration = file.declarations.first?.span.start ?? source.bytes.count
            for comment in file.comments {
                let text = String(decoding: source.bytes[comment.span.start..<min(comment.span.end, source.bytes.count)], as: UTF8.self)
                guard let codes = Self.codes(in: text) else { continue }
                let line: Int? = comment.isTrailing ? source.line(of: comment.span.start) : (comment.span.start < firstDeclaration ? nil : -1)
                // A comment alone on a line after the first declaration silences nothing:
                // it is kept (line -1) so that the checker can say so.
                allows += codes.map { Allow(code: $0, span: comment.span, line: line) }
            }
        }
        self.allows = allows
        var wholeFile: [FileID: Set<String>] = [:]
        var byLine: [FileID: [Int: Set<String>]] = [:]
        for allow in allows {
            if let line = allow.line {
                if line >= 0 { byLine[allow.span.file, default: [:]][line, default: []].insert(allow.code) }
            } else {
                wholeFile[allow.span.file, default: []].insert(allow.code)
            }
        }
        self.wholeFile = wholeFile
        self.byLine = byLine
    }

    /// The codes of `# campaign: allow CODE, CODE`, or nil for any other comment.
    static func codes(in comment: String) -> [String]? {
        var text = Substring(comment)
        guard text.first == "#" else { return nil }
        text = text.dropFirst().drop { $0 == " " || $0 == "\t" }
        guard text.hasPrefix("campaign:") else { return nil }
        text = text.dropFirst("campaign:".count).drop { $0 == " " || $0 == "\t" }
        guard text.hasPrefix("allow") else { return nil }
        let codes = text.dropFirst("allow".count).split { $0 == "," || $0 == " " || $0 == "\t" }.map(String.init)
        return codes.isEmpty ? nil : codes
    }

    /// Whether a warning is silenced: by a trailing allow on the line it starts on, or a
    /// whole-file allow of its file. Errors never are.
    public func silences(_ diagnostic: Diagnostic, in sources: SourceMap) -> Bool {
        guard diagnostic.severity == .warning, let span = diagnostic.span else { return false }
        if wholeFile[span.file]?.contains(diagnostic.code.id) == true { return true }
        guard let lines = byLine[span.file] else { return false }
        return lines[sources[span.file].line(of: span.start)]?.contains(diagnostic.code.id) == true
    }

    /// The diagnostics that are not silenced, in their order.
    public func filter(_ diagnostics: [Diagnostic], in sources: SourceMap) -> [Diagnostic] {
        allows.isEmpty ? diagnostics : diagnostics.filter { !silences($0, in: sources) }
    }

    /// What is wrong with the allow comments themselves, given every code there is: a code
    /// that does not exist, an error's code, or a file-wide allow placed after the first
    /// declaration (`invalidAllow`, W0107: the checker reports them, as it knows every code).
    public func problems(knownCodes: [DiagnosticCode], reportedAs invalidAllow: DiagnosticCode) -> [Diagnostic] {
        let known = Dictionary(knownCodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var problems: [Diagnostic] = []
        for allow in allows {
            if allow.line == -1 {
                problems.append(Diagnostic(invalidAllow, "`# campaign: allow \(allow.code)` alone on a line silences the whole file only before the first declaration",
                                           at: allow.span, label: "silences nothing here",
                                           help: "move it to the top of the file, or to the end of the line it is about"))
            } else if let code = known[allow.code] {
                if code.severity == .error {
                    problems.append(Diagnostic(invalidAllow, "\(allow.code) is an error, and errors cannot be allowed", at: allow.span,
                                               label: "an error", help: "fix the error; only warnings can be silenced"))
                }
            } else {
                let guess = Suggestion.closest(to: allow.code, among: known.keys.sorted())
                problems.append(Diagnostic(invalidAllow, "`\(allow.code)` is not a diagnostic code", at: allow.span, label: "unknown code",
                                           help: guess.map { "did you mean \($0)?" } ?? "codes are written as in the diagnostics, such as W0601"))
            }
        }
        return problems
    }
}
