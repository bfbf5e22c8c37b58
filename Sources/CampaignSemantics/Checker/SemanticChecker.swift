import CampaignSyntax

/// What the type checker found: the declarations of the project, every problem, the
/// per-message facts `check --verbose` shows (SMS encoding, bounds, guarantees), and the
/// typed program the planner runs.
public struct CheckedProject: Sendable {
    public let table: DeclarationTable
    public let diagnostics: [Diagnostic]
    public let campaignReports: [CampaignReport]
    /// Every declaration and every resolved use of a field, event, property, segment,
    /// campaign and message, in the order the checker met them (the language server's
    /// definitions, references and renames).
    public let occurrences: [SymbolOccurrence]
    /// Every condition typed and every name resolved (`TypedProgram`); what the evaluator,
    /// `DataUse` and the planner compile from.
    public var program: TypedProgram { table.program }
}

/// Checks a parsed project against its own declarations (docs/language.md §2 to §7): names, types,
/// channels, campaigns, templates and SMS length. Keeps going after every error and
/// reports each problem once; a type already found wrong (`.error`) is accepted
/// everywhere after, so one mistake never cascades.
public struct SemanticChecker {
    let project: Project
    /// Reads a `body file` template by its full path (the file system, or a test's own).
    let readFile: (String) -> [UInt8]?
    var table = DeclarationTable()
    var diagnostics: [Diagnostic] = []
    /// Which file declared each top-level name, and each file's visible files (itself
    /// and what it imports, transitively).
    var declaringFile: [String: FileID] = [:]
    var visibleFiles: [FileID: Set<FileID>] = [:]
    var currentFile = FileID(0)
    /// Segment → segments its condition names, with where each is named.
    var segmentEdges: [String: [(String, SourceSpan)]] = [:]
    var reports: [CampaignReport] = []
    /// The first unknown-name report per (file, name): later uses stay quiet.
    var reportedUnknown: Set<String> = []
    var hasCustomer = false
    var customerSpan: SourceSpan?
    /// Where names resolve to, once every declaration is collected.
    var symbols = SymbolIndex()
    /// Every declared and resolved name, where it is written (`CheckedProject.occurrences`).
    var occurrences: [SymbolOccurrence] = []

    init(project: Project, readFile: @escaping (String) -> [UInt8]?) {
        self.project = project
        self.readFile = readFile
    }

    /// Checks every file of the project. Files with syntax errors are still checked as
    /// far as they were parsed. Each `body file` is read here, once, through `readFile`,
    /// and its text kept in the campaign's messages (`TypedCampaign.messages`): nothing after the checker reads it.
    public static func check(_ project: Project, readFile: @escaping (String) -> [UInt8]? = FileSystem.read) -> CheckedProject {
        var checker = SemanticChecker(project: project, readFile: readFile)
        checker.run()
        return CheckedProject(table: checker.table, diagnostics: checker.diagnostics, campaignReports: checker.reports,
                              occurrences: checker.occurrences)
    }

    /// One expression checked against a project's declarations where a segment's
    /// condition stands (no campaign, no event in scope): typed and resolved, with what is
    /// wrong with it. For tools and tests that hold an expression outside any file.
    public static func typed(_ expression: Expr, in table: DeclarationTable) -> (TypedExpr, [Diagnostic]) {
        var checker = SemanticChecker(project: Project(), readFile: { _ in nil })
        checker.table = table
        checker.symbols = SymbolIndex(table)
        let typed = checker.typed(expression, ExpressionContext())
        return (typed, checker.diagnostics)
    }

    /// Imported files before the files that import them, otherwise in path order: "first
    /// declared here" points at the dependency, the same on every machine.
    var filesInOrder: [FileID] {
        let byPath = project.sources.ids.sorted { project.sources[$0].path.utf8.lexicographicallyPrecedes(project.sources[$1].path.utf8) }
        var order: [FileID] = []
        var seen: Set<FileID> = []
        func visit(_ file: FileID) {
            guard seen.insert(file).inserted else { return }
            let imports = (project.imports[file] ?? []).sorted { project.sources[$0].path.utf8.lexicographicallyPrecedes(project.sources[$1].path.utf8) }
            for target in imports { visit(target) }
            order.append(file)
        }
        for file in byPath { visit(file) }
        return order
    }

    mutating func run() {
        computeVisibility()
        let filesInOrder = self.filesInOrder
        for file in filesInOrder {
            currentFile = file
            for declaration in project[file].declarations { collect(declaration) }
        }
        checkSchema()
        indexSymbols()
        for file in filesInOrder {
            currentFile = file
            for declaration in project[file].declarations {
                switch declaration {
                case .channel(let decl): checkChannel(decl)
                case .policy(let decl): checkPolicy(decl)
                case .segment(let decl): checkSegment(decl)
                case .campaign(let decl): checkCampaign(decl)
                default: break
                }
            }
        }
        checkSegmentCycles()
    }

    /// Notes where a name is written and what it resolved to.
    mutating func record(_ kind: SymbolKey.Kind, _ name: String, at span: SourceSpan, declaration: Bool = false) {
        occurrences.append(SymbolOccurrence(SymbolKey(kind, name), at: span, isDeclaration: declaration))
    }

    mutating func computeVisibility() {
        for file in project.sources.ids {
            var seen: Set<FileID> = [file]
            var pending = [file]
            while let next = pending.popLast() {
                for target in project.imports[next] ?? [] where seen.insert(target).inserted {
                    pending.append(target)
                }
            }
            visibleFiles[file] = seen
        }
    }

    // MARK: - Reporting

    mutating func report(
        _ code: DiagnosticCode, _ message: String, at span: SourceSpan, label: String? = nil,
        secondary: [Diagnostic.Label] = [], notes: [String] = [], help: String? = nil, fixIt: Diagnostic.FixIt? = nil
    ) {
        diagnostics.append(Diagnostic(code, message, at: span, label: label, secondary: secondary, notes: notes,
                                      help: help, fixIt: fixIt))
    }

    /// Where `key` was first seen, if it was; otherwise remembers `span` for it. Serves
    /// every "given twice" check (clauses, settings, message names and fields).
    static func earlier(_ key: String, at span: SourceSpan, in seen: inout [String: SourceSpan]) -> SourceSpan? {
        if let first = seen[key] { return first }
        seen[key] = span
        return nil
    }

    /// "did you mean" help and a fix-it replacing `span` with the suggestion.
    static func suggestion(for name: String, among candidates: some Sequence<String>, at span: SourceSpan) -> (String?, Diagnostic.FixIt?) {
        guard let guess = Suggestion.closest(to: name, among: candidates) else { return (nil, nil) }
        return ("did you mean `\(guess)`?", .init("write `\(guess)`", edits: [.init(span, guess)]))
    }

    // MARK: - Visibility

    /// Whether a top-level name may be used from the current file; reports it when not.
    mutating func isVisible(_ name: String, at span: SourceSpan) -> Bool {
        guard let declaring = declaringFile[name], let visible = visibleFiles[currentFile] else { return true }
        if visible.contains(declaring) { return true }
        let key = "\(currentFile.rawValue):import:\(name)"
        if reportedUnknown.insert(key).inserted {
            let path = relativeImportPath(from: currentFile, to: declaring)
            let start = SourceSpan(file: currentFile, start: 0, end: 0)
            report(.notImported, "`\(name)` is declared in \(project.sources[declaring].path), which this file does not import",
                   at: span, label: "not imported",
                   secondary: table.names[name].map { [.init($0.span, "declared here")] } ?? [],
                   help: "add `import \"\(path)\"` at the top of this file",
                   fixIt: .init("import \(path)", edits: [.init(start, "import \"\(path)\"\n")]))
        }
        return false
    }

    /// The path to write in an `import` from one file to another.
    func relativeImportPath(from: FileID, to: FileID) -> String {
        let fromParts = project.sources[from].path.split(separator: "/").dropLast().map(String.init)
        let toParts = project.sources[to].path.split(separator: "/").map(String.init)
        var common = 0
        while common < fromParts.count, common < toParts.count - 1, fromParts[common] == toParts[common] { common += 1 }
        let ups = Array(repeating: "..", count: fromParts.count - common)
        return (ups + toParts[common...]).joined(separator: "/")
    }
}
