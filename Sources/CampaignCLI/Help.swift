/// `--help` text: OVERVIEW, USAGE, ARGUMENTS, OPTIONS (and SUBCOMMANDS for the tool),
/// wrapped to the terminal width.
enum Help {
    static func usageLine(_ spec: CommandSpec) -> String {
        var parts = ["campaign", spec.name]
        for option in spec.options {
            parts.append("[--\(option.name)" + (option.value.map { " <\($0)>" } ?? "") + "]")
        }
        for argument in spec.arguments {
            parts.append("<\(argument.name)>" + (argument.repeating ? " ..." : ""))
        }
        return parts.joined(separator: " ")
    }

    static func render(_ spec: CommandSpec, width: Int) -> String {
        var out = "OVERVIEW: " + wrap(spec.overview, width: width, indent: 10, firstIndent: 0) + "\n\n"
        out += "USAGE: " + wrap(usageLine(spec), width: width, indent: 7, firstIndent: 0) + "\n"
        if !spec.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for argument in spec.arguments {
                out += row("<\(argument.name)>" + (argument.repeating ? " ..." : ""), argument.help, width: width)
            }
        }
        out += "\nOPTIONS:\n"
        for option in spec.allOptions {
            out += row(option.synopsis, option.help, width: width)
        }
        if let discussion = spec.discussion {
            out += "\n" + discussion + "\n"
        }
        return out
    }

    static func renderTool(commands: [CommandSpec], width: Int) -> String {
        var out = "OVERVIEW: " + wrap("Compile, check and format customer journeys written in the campaign language, and plan them against customer data: who gets what, when, and why not.",
                                      width: width, indent: 10, firstIndent: 0) + "\n\n"
        out += "USAGE: campaign <subcommand>\n\nOPTIONS:\n"
        out += row("--version", "Show the version.", width: width)
        out += row("-h, --help", "Show help information.", width: width)
        out += "\nSUBCOMMANDS:\n"
        for command in commands {
            out += row(command.name, command.overview, width: width)
        }
        out += "\nEXIT STATUS:\n  " + wrap(Self.exitStatus, width: width, indent: 2, firstIndent: 2) + "\n"
        out += "\n  See 'campaign help <subcommand>' for detailed help.\n"
        return out
    }

    /// The rules of docs/output.md, in brief.
    static let exitStatus = "0 success, 1 errors in the input, 2 usage or I/O error. A write that fails (a full disk, a closed "
        + "standard output) is reported with the output's name and exits 2; a reader that closes the pipe early (head) "
        + "ends the output quietly, with the status the run would have had. Text for a terminal shows control characters as "
        + "escapes (\\u{1B}); csv, ndjson and json keep the exact data. See docs/output.md."

    static let column = 26

    static func row(_ left: String, _ text: String, width: Int) -> String {
        let head = "  " + left
        if head.count + 2 > column {
            return head + "\n" + String(repeating: " ", count: column) + wrap(text, width: width, indent: column, firstIndent: column) + "\n"
        }
        return head + String(repeating: " ", count: column - head.count) + wrap(text, width: width, indent: column, firstIndent: column) + "\n"
    }

    /// Wraps words so that no line passes `width`; continuation lines start at `indent`.
    static func wrap(_ text: String, width: Int, indent: Int, firstIndent: Int) -> String {
        var lines: [String] = []
        var line = ""
        var used = firstIndent
        for word in text.split(separator: " ") {
            if !line.isEmpty, used + 1 + word.count > width {
                lines.append(line)
                line = ""
                used = indent
            }
            if !line.isEmpty {
                line += " "
                used += 1
            }
            line += word
            used += word.count
        }
        lines.append(line)
        return lines.joined(separator: "\n" + String(repeating: " ", count: indent))
    }
}
