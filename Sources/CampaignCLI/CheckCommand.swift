import CampaignSemantics
import CampaignSyntax

/// `campaign check PATH…`: parse (and, as the checker grows, type-check) files and folders.
enum CheckCommand: Command {
    static let spec = CommandSpec(
        name: "check",
        overview: "Parse and type-check .campaign files and folders, reporting every problem with its place and a fix.",
        arguments: [ArgumentSpec(name: "path", help: "Files or folders; a folder brings in every .campaign file below it as one project. '-' reads standard input.", repeating: true)],
        options: [
            DiagnosticFormat.option,
            OptionSpec("strict", help: "Fail (exit 1) on warnings too."),
            OptionSpec("verbose", short: "v", help: "Also print, per campaign, the most messages one customer can receive, whether consent and address are guaranteed, and each SMS's encoding and segments."),
            OptionSpec("root", value: "dir", help: "The project root that imports may not leave (default: the folder named, or a named file's folder)."),
            OptionSpec("fix", help: "Apply the fixes the diagnostics carry (the fix-its of --format json), rewrite the files they change in the fmt layout, print each fix, then report what remains."),
        ],
        discussion: """
        EXIT STATUS:
          0 no errors (warnings alone do not fail unless --strict), 1 errors found, 2 usage or I/O error.

        EXAMPLES:
          campaign check examples
          campaign check --format sarif examples > campaign.sarif
          campaign check --fix campaigns/
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        guard !arguments.positionals.isEmpty else {
            return usage("missing <path>: name at least one file or folder", console: console)
        }
        let format = arguments.value("format").flatMap(DiagnosticFormat.init) ?? .text
        if arguments.has("fix") {
            guard !arguments.positionals.contains("-") else {
                return usage("--fix rewrites files, so it cannot read standard input ('-')", console: console)
            }
            do {
                let applied = try CheckFixes.run(arguments.positionals, root: arguments.value("root"), console: console)
                console.writeError(CheckFixes.report(applied))
            } catch {
                console.writeError("error: \(error.message)\n")
                return .usage
            }
        }
        let project: Project
        do {
            project = try ProjectInput.load(arguments.positionals, root: arguments.value("root"), console: console)
        } catch {
            console.writeError("error: \(error.message)\n")
            return .usage
        }
        // Type checking waits for a clean parse: a half-read declaration would only produce
        // follow-on errors ("unknown name") that vanish with the syntax error.
        var checked: CheckedProject? = nil
        var all = project.diagnostics
        if !project.diagnostics.hasErrors {
            let result = SemanticChecker.check(project)
            all += result.diagnostics
            checked = result
        }
        let diagnostics = all.sortedForOutput(in: project.sources)
        let colored = console.useColor(arguments.color, forErrors: false)
        let rendered = format.render(diagnostics, sources: project.sources, colored: colored)
        console.write(rendered)
        if format == .text, arguments.has("verbose"), let checked {
            for report in checked.campaignReports.sorted(by: { $0.name < $1.name }) { console.write(TerminalText.escaping(report.text, keepingLines: true)) }
        }
        if format == .text {
            let files = project.sources.files.count
            let fileWord = files == 1 ? "file" : "files"
            if checked == nil {
                console.writeError("checked \(files) \(fileWord): \(summary(diagnostics)); type checking waits until the syntax errors are fixed\n")
            } else if diagnostics.isEmpty {
                console.writeError("checked \(files) \(fileWord): no problems\n")
            } else {
                console.writeError("checked \(files) \(fileWord): \(summary(diagnostics))\n")
            }
        }
        let failed = diagnostics.hasErrors || (arguments.has("strict") && diagnostics.warningCount > 0)
        return failed ? .inputErrors : .success
    }
}

/// Reads the paths named on the command line into a project; `-` is standard input.
enum ProjectInput {
    struct Failure: Error { let message: String }

    static func load(_ paths: [String], root: String?, console: Console) throws(Failure) -> Project {
        if paths == ["-"] {
            guard let bytes = console.readStandardInput() else { throw Failure(message: "cannot read standard input") }
            return ProjectLoader.load(source: SourceFile(path: "<stdin>", bytes: bytes), root: root ?? ".")
        }
        if paths.contains("-") { throw Failure(message: "'-' (standard input) cannot be combined with other paths") }
        do {
            return try ProjectLoader.load(paths: paths, root: root)
        } catch {
            throw Failure(message: error.description)
        }
    }
}
