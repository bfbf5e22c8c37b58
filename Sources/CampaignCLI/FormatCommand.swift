import CampaignSyntax

/// `campaign fmt PATH…`: print, rewrite (`-w`) or verify (`--check`) the canonical layout.
enum FormatCommand: Command {
    static let spec = CommandSpec(
        name: "fmt",
        overview: "Format .campaign files in the one canonical layout, keeping comments; never changes meaning.",
        arguments: [ArgumentSpec(name: "path", help: "Files or folders (every .campaign file below). '-' reads standard input.", repeating: true)],
        options: [
            OptionSpec("write", short: "w", help: "Rewrite files in place instead of printing them."),
            OptionSpec("check", help: "Print nothing but the names of files that are not formatted; exit 1 if there are any."),
        ],
        discussion: """
        Formatting is idempotent, and before a file is written the result is parsed again and
        compared with the original: a file is never rewritten into something that means
        anything else. Files with syntax errors are reported and left alone.

        EXIT STATUS:
          0 success, 1 syntax errors (or, with --check, files not formatted), 2 usage or I/O error.
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        let write = arguments.has("write")
        let check = arguments.has("check")
        if write && check {
            return usage("--write and --check cannot be used together", console: console)
        }
        guard !arguments.positionals.isEmpty else {
            return usage("missing <path>: name at least one file or folder", console: console)
        }
        let colored = console.useColor(arguments.color, forErrors: true)

        if arguments.positionals.contains("-") {
            guard arguments.positionals == ["-"], !write else {
                console.writeError("error: '-' (standard input) cannot be combined with other paths or --write\n")
                return .usage
            }
            guard let bytes = console.readStandardInput() else {
                console.writeError("error: cannot read standard input\n")
                return .usage
            }
            return format(SourceFile(path: "<stdin>", bytes: bytes), write: false, check: check, console: console, colored: colored)
        }

        var files: [String] = []
        for path in arguments.positionals {
            guard let kind = FileSystem.kind(path) else {
                console.writeError("error: no such file or folder: \(path)\n")
                return .usage
            }
            if kind == .directory {
                let found = FileSystem.campaignFiles(in: path) ?? []
                if found.isEmpty {
                    console.writeError("error: no .campaign files in \(path)\n")
                    return .usage
                }
                files += found
            } else {
                files.append(path)
            }
        }
        var status = ExitCode.success
        var unformatted = 0
        for path in files {
            guard let bytes = FileSystem.read(path) else {
                console.writeError("error: cannot read \(path)\n")
                return .usage
            }
            let source = SourceFile(path: ProjectLoader.normalize(path), bytes: bytes)
            let result = format(source, write: write, check: check, console: console, colored: colored, realPath: path)
            if result == .inputErrors {
                status = .inputErrors
            }
            if result == .usage { return .usage }
            if check, result == .inputErrors { unformatted += 1 }
        }
        if check, unformatted > 0 {
            console.writeError("\(unformatted) file\(unformatted == 1 ? " is" : "s are") not formatted; run `campaign fmt -w` to fix\n")
        }
        return status
    }

    private static func format(_ source: SourceFile, write: Bool, check: Bool, console: Console, colored: Bool, realPath: String? = nil) -> ExitCode {
        switch Formatter.formatChecked(source) {
        case .invalid(let diagnostics):
            let sources = SourceMap(source)
            console.writeError(TextDiagnosticRenderer(sources: sources, colored: colored).render(diagnostics.sortedForOutput()))
            console.writeError("\(source.path): not formatted: \(summary(diagnostics))\n")
            return .inputErrors
        case .meaningChanged:
            console.writeError("error: internal error: formatting \(source.path) would change its meaning; the file was left unchanged. Please report this with the file.\n")
            return .inputErrors
        case .formatted(let text):
            let unchanged = Array(text.utf8) == source.bytes
            if check {
                if !unchanged { console.write(source.path + "\n") }
                return unchanged ? .success : .inputErrors
            }
            if write, let realPath {
                if unchanged { return .success }
                do {
                    let file = try AtomicFile(path: realPath)
                    try file.write(Array(text.utf8))
                    try file.commit()
                } catch {
                    console.writeError("error: \(error.message)\n")
                    return .usage
                }
                console.writeError("formatted \(source.path)\n")
                return .success
            }
            console.write(text)
            return .success
        }
    }
}
