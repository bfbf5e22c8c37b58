/// What a command accepts, declared once: parsing, `--help` and "did you mean" all come
/// from this table (the feel of swift-argument-parser, without the dependency).
struct CommandSpec: Sendable {
    let name: String
    let overview: String
    let arguments: [ArgumentSpec]
    let options: [OptionSpec]
    /// Examples and notes printed after the options.
    let discussion: String?

    /// Options every command has.
    static let commonOptions: [OptionSpec] = [
        OptionSpec("color", value: "when", help: "Colour output: auto (default: on a terminal, unless NO_COLOR is set), always or never.",
                   choices: ColorChoice.allCases.map(\.rawValue)),
        OptionSpec("help", short: "h", help: "Show help information."),
    ]

    var allOptions: [OptionSpec] { options + Self.commonOptions }

    func option(named name: String) -> OptionSpec? { allOptions.first { $0.name == name } }

    func option(short: Character) -> OptionSpec? { allOptions.first { $0.short == short } }
}

struct ArgumentSpec: Sendable {
    let name: String
    let help: String
    let repeating: Bool
}

struct OptionSpec: Sendable {
    let name: String
    let short: Character?
    /// The value's placeholder (`<format>`); nil for a flag.
    let value: String?
    let help: String
    let choices: [String]?

    init(_ name: String, short: Character? = nil, value: String? = nil, help: String, choices: [String]? = nil) {
        self.name = name
        self.short = short
        self.value = value
        self.help = help
        self.choices = choices
    }

    var synopsis: String {
        let long = "--" + name + (value.map { " <\($0)>" } ?? "")
        return short.map { "-\($0), " + long } ?? long
    }
}

/// Arguments after parsing against a `CommandSpec`.
struct ParsedArguments: Sendable {
    var positionals: [String] = []
    var values: [String: String] = [:]
    var flags: Set<String> = []

    func value(_ name: String) -> String? { values[name] }
    func has(_ flag: String) -> Bool { flags.contains(flag) }
}

enum ArgumentParser {
    /// Parses `--opt v`, `--opt=v`, `-x`, `--` (the rest are paths) and `-` (standard input).
    static func parse(_ arguments: [String], for spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || argument == "-" || !argument.hasPrefix("-") {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            let option: OptionSpec
            var inlineValue: String? = nil
            if argument.hasPrefix("--") {
                var name = String(argument.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
                guard let found = spec.option(named: name) else {
                    if name == "bundles" {
                        throw UsageError("unknown option '--bundles': only `campaign plan` reads customer bundles", help: "give --customers FILE and --events FILE")
                    }
                    let guess = Suggestion.closest(to: name, among: spec.allOptions.map(\.name))
                    throw UsageError("unknown option '--\(name)'", help: guess.map { "did you mean '--\($0)'?" })
                }
                option = found
            } else {
                guard argument.count == 2, let short = argument.last, let found = spec.option(short: short) else {
                    throw UsageError("unknown option '\(argument)'")
                }
                option = found
            }
            guard let placeholder = option.value else {
                if inlineValue != nil { throw UsageError("option '--\(option.name)' takes no value") }
                parsed.flags.insert(option.name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else if index < arguments.count {
                value = arguments[index]
                index += 1
            } else {
                throw UsageError("missing value for '--\(option.name) <\(placeholder)>'")
            }
            if let choices = option.choices, !choices.contains(value) {
                let guess = Suggestion.closest(to: value, among: choices)
                throw UsageError("invalid value '\(value)' for '--\(option.name)'; expected one of: \(choices.joined(separator: ", "))",
                                 help: guess.map { "did you mean '\($0)'?" })
            }
            if parsed.values[option.name] != nil {
                throw UsageError("option '--\(option.name)' given more than once")
            }
            parsed.values[option.name] = value
        }
        return parsed
    }
}

import CampaignSyntax
