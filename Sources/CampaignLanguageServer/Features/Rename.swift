import CampaignSemantics
import CampaignSyntax

extension LanguageServer {
    /// `textDocument/prepareRename`: the range of the name under the cursor and its text,
    /// or an error saying why nothing there can be renamed.
    func prepareRename(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let (context, hit, _) = try symbol(at: params), context.analysis.checked != nil else {
            throw .failed(renameRefusal(params))
        }
        return .object([("range", context.map.range(hit.span)), ("placeholder", .string(hit.symbol.name))])
    }

    /// `textDocument/rename`: one edit per place the name is written, in every file of the
    /// project (open or not), names inside `{{ }}` templates included. Refuses a new name
    /// that is not a snake_case name, is a keyword, or is already taken where it would live.
    func rename(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let newName = params?["newName"]?.string else { throw .invalidParams("missing `newName`") }
        guard let (context, hit, all) = try symbol(at: params), context.analysis.checked != nil else {
            throw .failed(renameRefusal(params))
        }
        if let problem = Self.nameProblem(newName) { throw .failed(problem) }
        if newName == hit.symbol.name { return .object([("changes", .object([]))]) }
        if let taken = collision(newName, for: hit.symbol, in: context.analysis) { throw .failed(taken) }
        var changes: [String: [JSONValue]] = [:]
        let sources = context.analysis.project.sources
        for occurrence in all {
            let source = sources[occurrence.span.file]
            let uri = uri(ofPath: ProjectLoader.normalize(source.path))
            changes[uri, default: []].append(.object([
                ("range", PositionMap(source: source, encoding: encoding).range(occurrence.span)),
                ("newText", .string(newName)),
            ]))
        }
        return .object([("changes", .object(changes.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value)) }))])
    }

    private func renameRefusal(_ params: JSONValue?) -> String {
        guard let context = try? context(params) else { return "this file is not part of an open project" }
        if context.analysis.checked == nil {
            return "the project has syntax errors; renaming waits until they are fixed (as `campaign check` waits to type-check)"
        }
        return "nothing to rename here: place the cursor on the name of a field, event, property, segment, campaign or message"
    }

    /// Why a new name cannot be written, or nil when it can: it must be one identifier
    /// token (so not a keyword such as `send`), in snake_case.
    static func nameProblem(_ name: String) -> String? {
        let lexed = Lexer.lex(SourceFile(path: "<rename>", text: name), as: FileID(0))
        guard lexed.diagnostics.isEmpty, lexed.tokens.count == 2, let token = lexed.tokens.first,
              token.span.start == 0, token.span.end == name.utf8.count else {
            return "`\(name)` is not a name: names are lowercase words joined by `_`, such as `first_name`"
        }
        if case .keyword = token.kind { return "`\(name)` is a keyword and cannot name anything" }
        guard case .identifier = token.kind, Parser.isSnakeCase(name) else {
            return "`\(name)` is not snake_case: names are lowercase words joined by `_`, such as `first_name`"
        }
        return nil
    }

    /// What already has the name where the renamed symbol lives: fields, events, segments
    /// and campaigns share one namespace; a property, its event's; a message, its campaign's.
    private func collision(_ name: String, for symbol: SymbolKey, in analysis: ProjectAnalysis) -> String? {
        guard let table = analysis.checked?.table else { return nil }
        switch symbol.kind {
        case .field, .event, .segment, .campaign:
            if let existing = table.names[name] {
                return "cannot rename `\(symbol.name)` to `\(name)`: `\(name)` is already \(existing.kind)"
            }
        case .property(let event):
            if table.events[event]?.properties[name] != nil {
                return "cannot rename `\(symbol.name)` to `\(name)`: event `\(event)` already has a property `\(name)`"
            }
        case .message(let campaign):
            let taken = analysis.checked?.occurrences.contains { $0.symbol == SymbolKey(.message(campaign: campaign), name) } ?? false
            if taken {
                return "cannot rename `\(symbol.name)` to `\(name)`: campaign `\(campaign)` already sends a message named `\(name)`"
            }
        }
        return nil
    }
}
