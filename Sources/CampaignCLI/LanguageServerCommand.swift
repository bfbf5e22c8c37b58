import CampaignLanguageServer

/// `campaign lsp`: the language server on standard input and output (docs/editors.md).
enum LanguageServerCommand: Command {
    static let spec = CommandSpec(
        name: "lsp",
        overview: "Run the language server: diagnostics, completion, hover, navigation, rename, formatting and plans in an editor.",
        arguments: [],
        options: [],
        discussion: """
        Speaks the Language Server Protocol 3.17 over standard input and output (JSON-RPC 2.0 with
        Content-Length headers). An editor starts it; a workspace folder is checked as `campaign check FOLDER`.

        EXIT STATUS:
          0 after `shutdown` then `exit`; 1 on `exit` without `shutdown`, or when the input ends before `shutdown`.
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        console.flush()
        return ServerLoop.runOnStandardStreams(version: CLI.version) == 0 ? .success : .inputErrors
    }
}
