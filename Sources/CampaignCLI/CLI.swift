import CampaignSyntax
import Foundation

/// The `campaign` command line: finds the command, parses its arguments, runs it, and
/// turns every failure into a message and an exit status. The only place that knows
/// about standard streams and exit codes.
public enum CLI {
    public static let version = "0.1.0"

    /// The commands that exist today; later ones are added with their issues.
    static let commands: [any Command.Type] = [CheckCommand.self, FormatCommand.self, PlanCommand.self, ExplainCommand.self, PreviewCommand.self, DiffCommand.self, GraphCommand.self, SegmentsCommand.self, GenCommand.self, LanguageServerCommand.self]

    /// Runs with the process's arguments and streams; returns the exit status.
    public static func main() -> Int32 {
        MemoryTuning.keepFreedMemory()
        // A closed pipe and a file-size limit become errors of the write that met them,
        // handled below, instead of signals that kill the process mid-line.
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
        Interruption.install()
        let console = Console.process()
        let status = run(Array(CommandLine.arguments.dropFirst()), console: console)
        return finish(status, failure: console.finish(), console: console)
    }

    /// The exit status once the output is written (docs/output.md): a reader that closed
    /// the pipe early (`| head -1`) took what it wanted, so the run ends quietly with its
    /// own status; any other failed write is an I/O error, reported, exit 2.
    static func finish(_ status: Int32, failure: WriteFailure?, console: Console) -> Int32 {
        guard let failure, !failure.isBrokenPipe else { return status }
        console.writeError("error: \(failure.message)\n")
        return ExitCode.usage.rawValue
    }

    public static func run(_ arguments: [String], console: Console) -> Int32 {
        guard let first = arguments.first else {
            console.writeError(Help.renderTool(commands: commands.map { $0.spec }, width: console.width))
            return ExitCode.usage.rawValue
        }
        switch first {
        case "--version", "-V", "version":
            console.write("campaign \(version)\n")
            return ExitCode.success.rawValue
        case "--help", "-h":
            console.write(Help.renderTool(commands: commands.map { $0.spec }, width: console.width))
            return ExitCode.success.rawValue
        case "help":
            guard arguments.count > 1 else {
                console.write(Help.renderTool(commands: commands.map { $0.spec }, width: console.width))
                return ExitCode.success.rawValue
            }
            guard let command = commands.first(where: { $0.spec.name == arguments[1] }) else {
                return usageError(UsageError("unknown command '\(arguments[1])'", help: suggestion(arguments[1])), spec: nil, console: console)
            }
            console.write(Help.render(command.spec, width: console.width))
            return ExitCode.success.rawValue
        default:
            break
        }
        guard let command = commands.first(where: { $0.spec.name == first }) else {
            let message = first.hasPrefix("-") ? "unknown option '\(first)'" : "unknown command '\(first)'"
            return usageError(UsageError(message, help: suggestion(first)), spec: nil, console: console)
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            console.write(Help.render(command.spec, width: console.width))
            return ExitCode.success.rawValue
        }
        switch Result(catching: { () throws(UsageError) -> ParsedArguments in try ArgumentParser.parse(rest, for: command.spec) }) {
        case .success(let parsed):
            return command.run(parsed, console: console).rawValue
        case .failure(let error):
            return usageError(error, spec: command.spec, console: console)
        }
    }

    private static func suggestion(_ word: String) -> String? {
        let names = commands.map { $0.spec.name }
        return Suggestion.closest(to: word.trimmingDashes, among: names).map { "did you mean '\($0)'?" }
    }

    static func usageError(_ error: UsageError, spec: CommandSpec?, console: Console) -> Int32 {
        var text = "error: \(error.message)\n"
        if let help = error.help { text += "help: \(help)\n" }
        if let spec {
            text += "usage: " + Help.usageLine(spec) + "\n  See 'campaign \(spec.name) --help'.\n"
        } else {
            text += "usage: campaign <subcommand>\n  See 'campaign --help'.\n"
        }
        console.writeError(text)
        return ExitCode.usage.rawValue
    }
}

/// One subcommand: its declared interface and what it does.
protocol Command: Sendable {
    static var spec: CommandSpec { get }
    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode
}

extension Command {
    /// Reports a usage error with this command's usage line; exit status 2.
    static func usage(_ message: String, console: Console) -> ExitCode {
        _ = CLI.usageError(UsageError(message), spec: spec, console: console)
        return .usage
    }
}

extension String {
    var trimmingDashes: String { String(drop { $0 == "-" }) }
}
