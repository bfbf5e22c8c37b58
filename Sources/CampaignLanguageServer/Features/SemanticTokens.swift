import CampaignSemantics
import CampaignSyntax

extension LanguageServer {
    /// `textDocument/semanticTokens/full`: every token of the file, classified: names by
    /// what the checker resolved them to (a field, an event, a property, a segment, a
    /// campaign, a message), keywords, literals, operators and comments by the lexer.
    func semanticTokens(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let context = try context(params) else { return .object([("data", .array([]))]) }
        let data = SemanticTokens.encode(context)
        return .object([("data", .array(data.map { .int($0) }))])
    }
}

/// The semantic token legend and the encoding of one file's tokens (LSP 3.17: five
/// integers per token, each position relative to the token before).
enum SemanticTokens {
    static let tokenTypes = ["keyword", "variable", "property", "event", "function", "namespace", "string", "number",
                             "operator", "comment", "type", "enumMember", "method"]
    static let tokenModifiers = ["declaration"]

    static func type(_ name: String) -> Int { tokenTypes.firstIndex(of: name) ?? 1 }

    static func type(of symbol: SymbolKey.Kind) -> Int {
        switch symbol {
        case .field: type("property")
        case .event: type("event")
        case .property: type("enumMember")
        case .segment: type("variable")
        case .campaign: type("namespace")
        case .message: type("method")
        }
    }

    static func encode(_ context: LanguageServer.DocumentContext) -> [Int] {
        let lexed = Lexer.lex(context.source, as: context.file)
        var resolved: [Int: (Int, Bool)] = [:]
        var inStrings: [SymbolOccurrence] = []
        for occurrence in context.analysis.resolved.occurrences where occurrence.span.file == context.file {
            resolved[occurrence.span.start] = (type(of: occurrence.symbol.kind), occurrence.isDeclaration)
            inStrings.append(occurrence)
        }
        inStrings.sort { $0.span.start < $1.span.start }
        var items: [(span: SourceSpan, type: Int, modifiers: Int)] = []
        for token in lexed.tokens {
            let kind: Int?
            var modifiers = 0
            switch token.kind {
            case .keyword: kind = type("keyword")
            case .identifier:
                if let (resolvedType, declaration) = resolved[token.span.start] {
                    kind = resolvedType
                    if declaration { modifiers = 1 }
                } else if BaseType.allNames.contains(context.source.text(token.span)) {
                    kind = type("type")
                } else if ContextualWord.all.contains(context.source.text(token.span)) {
                    kind = type("keyword")
                } else {
                    kind = type("variable")
                }
            case .string:
                // Names inside `{{ }}` are tokens of their own, the string's text around them.
                var start = token.span.start
                for occurrence in inStrings where occurrence.span.start >= start && occurrence.span.end <= token.span.end {
                    items.append((SourceSpan(file: token.span.file, start: start, end: occurrence.span.start), type("string"), 0))
                    items.append((occurrence.span, type(of: occurrence.symbol.kind), 0))
                    start = occurrence.span.end
                }
                items.append((SourceSpan(file: token.span.file, start: start, end: token.span.end), type("string"), 0))
                kind = nil
            case .number, .duration, .percent, .timeOfDay, .date: kind = type("number")
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .plus, .minus, .star, .slash, .question, .doubleQuestion:
                kind = type("operator")
            default: kind = nil
            }
            if let kind { items.append((token.span, kind, modifiers)) }
        }
        for comment in lexed.comments { items.append((comment.span, type("comment"), 0)) }
        items.sort { ($0.span.start, $0.span.end) < ($1.span.start, $1.span.end) }
        var data: [Int] = []
        var previous = Position(line: 0, character: 0)
        for item in items {
            // A token may not cross a line: a multi-line string is one token per line.
            for piece in lines(of: item.span, in: context.source) where !piece.isEmpty {
                let start = context.map.position(of: piece.start)
                let end = context.map.position(of: piece.end)
                guard end.line == start.line, end.character > start.character else { continue }
                let deltaLine = start.line - previous.line
                let deltaStart = deltaLine == 0 ? start.character - previous.character : start.character
                data += [deltaLine, deltaStart, end.character - start.character, item.type, item.modifiers]
                previous = start
            }
        }
        return data
    }

    private static func lines(of span: SourceSpan, in source: SourceFile) -> [SourceSpan] {
        var pieces: [SourceSpan] = []
        var start = span.start
        var index = span.start
        let end = min(span.end, source.bytes.count)
        while index < end {
            if source.bytes[index] == UInt8(ascii: "\n") {
                var stop = index
                if stop > start, source.bytes[stop - 1] == UInt8(ascii: "\r") { stop -= 1 }
                pieces.append(SourceSpan(file: span.file, start: start, end: stop))
                start = index + 1
            }
            index += 1
        }
        pieces.append(SourceSpan(file: span.file, start: start, end: max(start, end)))
        return pieces
    }
}
