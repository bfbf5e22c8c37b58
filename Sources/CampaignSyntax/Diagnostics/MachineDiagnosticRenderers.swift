/// Renders diagnostics as JSON: an array of objects with `file line column endLine
/// endColumn severity code message` (columns in characters, `endColumn` exclusive), plus
/// `label`, `labels`, `notes`, `help` and `fixes` where present. A data file's diagnostic
/// has `file`, `line` and `column` where known, and `field` (the column's header name).
public struct JSONDiagnosticRenderer: Sendable {
    public let sources: SourceMap

    public init(sources: SourceMap) { self.sources = sources }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        JSONValue.array(diagnostics.sortedForOutput(in: sources).map(object)).serialized(pretty: true) + "\n"
    }

    func range(_ span: SourceSpan) -> [(String, JSONValue)] {
        let file = sources[span.file]
        let start = file.location(of: span.start)
        let end = file.location(of: span.end)
        return [("file", .string(file.path)), ("line", .int(start.line)), ("column", .int(start.column)),
                ("endLine", .int(end.line)), ("endColumn", .int(end.column))]
    }

    func object(_ diagnostic: Diagnostic) -> JSONValue {
        let span: SourceSpan
        switch diagnostic.location {
        case .source(let source): span = source
        case .data(let place): return dataObject(diagnostic, place)
        }
        var members = range(span)
        members += [("severity", .string(diagnostic.severity.rawValue)), ("code", .string(diagnostic.code.id)),
                    ("message", .string(diagnostic.message))]
        if let label = diagnostic.label { members.append(("label", .string(label))) }
        if !diagnostic.secondary.isEmpty {
            members.append(("labels", .array(diagnostic.secondary.map { .object(range($0.span) + [("message", .string($0.message))]) })))
        }
        if !diagnostic.notes.isEmpty { members.append(("notes", .array(diagnostic.notes.map(JSONValue.string)))) }
        if let help = diagnostic.help { members.append(("help", .string(help))) }
        if let fix = diagnostic.fixIt {
            members.append(("fixes", .array([.object([
                ("message", .string(fix.message)),
                ("edits", .array(fix.edits.map { .object(range($0.span) + [("replacement", .string($0.replacement))]) })),
            ])])))
        }
        return .object(members)
    }

    private func dataObject(_ diagnostic: Diagnostic, _ place: DataLocation) -> JSONValue {
        var members: [(String, JSONValue)] = [("file", .string(place.path))]
        if place.line > 0 { members.append(("line", .int(place.line))) }
        if place.line > 0, let column = place.anyColumn { members.append(("column", .int(column))) }
        members += [("severity", .string(diagnostic.severity.rawValue)), ("code", .string(diagnostic.code.id))]
        if let field = place.columnName { members.append(("field", .string(field))) }
        members.append(("message", .string(diagnostic.message)))
        if let help = diagnostic.help { members.append(("help", .string(help))) }
        return .object(members)
    }
}

/// Renders diagnostics as GitHub Actions workflow commands, so they show on the lines of
/// a pull request: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=E0102::message`.
/// A data file's diagnostic has no end (`::error file=…,line=…,col=…,title=D0203::…`, `line`
/// and `col` where known), and its message names the column.
public struct GitHubDiagnosticRenderer: Sendable {
    public let sources: SourceMap

    public init(sources: SourceMap) { self.sources = sources }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.sortedForOutput(in: sources).map { diagnostic in
            let command = diagnostic.severity == .error ? "error" : diagnostic.severity == .warning ? "warning" : "notice"
            var message = diagnostic.messageWithColumn
            if let help = diagnostic.help { message += "\nhelp: " + help }
            let place: String
            switch diagnostic.location {
            case .source(let span):
                let file = sources[span.file]
                let start = file.location(of: span.start)
                let end = file.location(of: span.end)
                place = "file=\(property(file.path)),line=\(start.line),col=\(start.column),endLine=\(end.line),endColumn=\(end.column)"
            case .data(let data):
                place = "file=\(property(data.path))" + (data.line > 0 ? ",line=\(data.line)" + (data.anyColumn.map { ",col=\($0)" } ?? "") : "")
            }
            return "::\(command) \(place),title=\(property(diagnostic.code.id))::\(data(message))\n"
        }.joined()
    }

    private func data(_ text: String) -> String { WorkflowCommandText.data(text) }

    private func property(_ text: String) -> String { WorkflowCommandText.property(text) }
}

/// The text of a GitHub Actions workflow command (`::notice file=…,title=…::message`), for
/// the diagnostics' renderer and `campaign diff --format github`.
public enum WorkflowCommandText {
    /// GitHub's documented escapes for a command's message (`%`, CR, LF); then the other
    /// control characters are shown as escapes, as on a terminal, since the log is one.
    public static func data(_ text: String) -> String {
        TerminalText.escaping(text.replacingAll("%", "%25").replacingAll("\r", "%0D").replacingAll("\n", "%0A"))
    }

    /// A property's value (`file=`, `title=`): a message's escapes, and `:` and `,`.
    public static func property(_ text: String) -> String {
        data(text).replacingAll(":", "%3A").replacingAll(",", "%2C")
    }
}

/// Renders diagnostics as a SARIF 2.1.0 log for code scanning: one run, a rule per code
/// (id, title, help), results with physical locations and regions.
public struct SARIFDiagnosticRenderer: Sendable {
    public let sources: SourceMap
    public let toolVersion: String
    public let rules: [DiagnosticCode]

    public init(sources: SourceMap, toolVersion: String, rules: [DiagnosticCode]) {
        self.sources = sources
        self.toolVersion = toolVersion
        self.rules = rules
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        let ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        let results: [JSONValue] = diagnostics.sortedForOutput(in: sources).map { diagnostic in
            var message = diagnostic.messageWithColumn
            if let help = diagnostic.help { message += " (help: \(help))" }
            var members: [(String, JSONValue)] = [("ruleId", .string(diagnostic.code.id))]
            if let index = ruleIndex[diagnostic.code.id] { members.append(("ruleIndex", .int(index))) }
            members += [
                ("level", .string(diagnostic.severity == .note ? "note" : diagnostic.severity.rawValue)),
                ("message", .object([("text", .string(message))])),
                ("locations", .array([location(diagnostic.location)])),
            ]
            if !diagnostic.secondary.isEmpty {
                members.append(("relatedLocations", .array(diagnostic.secondary.enumerated().map { index, label in
                    location(label.span, message: label.message, id: index + 1)
                })))
            }
            if let fix = diagnostic.fixIt {
                members.append(("fixes", .array([.object([
                    ("description", .object([("text", .string(fix.message))])),
                    ("artifactChanges", .array(changes(fix))),
                ])])))
            }
            return .object(members)
        }
        let driver: JSONValue = .object([
            ("name", .string("campaign")),
            ("version", .string(toolVersion)),
            ("informationUri", .string("https://github.com/campaign-lang/campaign")),
            ("rules", .array(rules.map { code in
                .object([
                    ("id", .string(code.id)),
                    ("name", .string(code.ruleName)),
                    ("shortDescription", .object([("text", .string(code.title))])),
                    ("helpUri", .string(code.documentationURL)),
                    ("defaultConfiguration", .object([("level", .string(code.severity == .note ? "note" : code.severity.rawValue))])),
                ])
            })),
        ])
        let log: JSONValue = .object([
            ("$schema", .string("https://json.schemastore.org/sarif-2.1.0.json")),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", driver)])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(results)),
            ])])),
        ])
        return log.serialized(pretty: true) + "\n"
    }

    private func region(_ span: SourceSpan) -> JSONValue {
        let file = sources[span.file]
        return .object([
            ("startLine", .int(file.line(of: span.start))), ("startColumn", .int(file.codePointColumn(of: span.start))),
            ("endLine", .int(file.line(of: span.end))), ("endColumn", .int(file.codePointColumn(of: span.end))),
        ])
    }

    private func location(_ location: Diagnostic.Location) -> JSONValue {
        switch location {
        case .source(let span): return self.location(span, message: nil)
        case .data(let place):
            // A region where the line is known (`startColumn` too, where the character is).
            var physical: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(uri(place.path)))]))]
            if place.line > 0 {
                var region: [(String, JSONValue)] = [("startLine", .int(place.line))]
                if let column = place.anyColumn { region.append(("startColumn", .int(column))) }
                physical.append(("region", .object(region)))
            }
            return .object([("physicalLocation", .object(physical))])
        }
    }

    private func location(_ span: SourceSpan, message: String?, id: Int? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = []
        if let id { members.append(("id", .int(id))) }
        members.append(("physicalLocation", .object([
            ("artifactLocation", .object([("uri", .string(uri(sources[span.file].path)))])),
            ("region", region(span)),
        ])))
        if let message { members.append(("message", .object([("text", .string(message))]))) }
        return .object(members)
    }

    private func changes(_ fix: Diagnostic.FixIt) -> [JSONValue] {
        fix.edits.map { edit in
            .object([
                ("artifactLocation", .object([("uri", .string(uri(sources[edit.span.file].path)))])),
                ("replacements", .array([.object([
                    ("deletedRegion", region(edit.span)),
                    ("insertedContent", .object([("text", .string(edit.replacement))])),
                ])])),
            ])
        }
    }

    /// A path as a URI (`PercentEncoding`). A relative path stays a relative reference
    /// (code scanning resolves it against the repository); an absolute one becomes a
    /// `file://` URI.
    private func uri(_ path: String) -> String {
        let relative = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return (relative.hasPrefix("/") ? "file://" : "") + PercentEncoding.path(relative)
    }
}

extension DiagnosticCode {
    /// A PascalCase name for SARIF's `name`, from the title.
    var ruleName: String {
        title.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

extension String {
    func replacingAll(_ target: String, _ replacement: String) -> String {
        contains(target) ? replacing(target, with: replacement) : self
    }
}
