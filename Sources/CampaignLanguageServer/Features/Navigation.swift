import CampaignSemantics
import CampaignSyntax

extension LanguageServer {
    /// The name under a position, as the checker resolved it, and every place it is
    /// written (as far as the files parsed). Nil when the position is on no resolved name.
    func symbol(at params: JSONValue?) throws(ResponseError) -> (DocumentContext, SymbolOccurrence, [SymbolOccurrence])? {
        let position = try position(params)
        guard let context = try context(params) else { return nil }
        let occurrences = context.analysis.resolved.occurrences
        let offset = context.map.offset(of: position)
        guard let hit = occurrences.first(where: { $0.span.file == context.file && $0.span.start <= offset && offset <= $0.span.end }) else {
            return nil
        }
        let all = occurrences.filter { $0.symbol == hit.symbol }
        return (context, hit, all)
    }

    /// `textDocument/definition`: where the name is declared.
    func definition(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let (context, _, all) = try symbol(at: params) else { return .null }
        return .array(all.filter(\.isDeclaration).map { location($0.span, in: context.analysis) })
    }

    /// `textDocument/references`: every place the name is written, its declaration
    /// included when the client asks (`context.includeDeclaration`).
    func references(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let (context, _, all) = try symbol(at: params) else { return .array([]) }
        let withDeclaration = params?["context"]?["includeDeclaration"]?.bool ?? true
        return .array(all.filter { withDeclaration || !$0.isDeclaration }.map { location($0.span, in: context.analysis) })
    }

    /// `textDocument/documentHighlight`: the name's places in this file (declaration as `Write`, uses as `Read`).
    func documentHighlights(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let (context, _, all) = try symbol(at: params) else { return .array([]) }
        return .array(all.filter { $0.span.file == context.file }.map {
            .object([("range", context.map.range($0.span)), ("kind", .int($0.isDeclaration ? 3 : 2))])
        })
    }

    /// `workspace/symbol`: the declarations of every checked project whose name contains
    /// the query (case-insensitive), in name order.
    func workspaceSymbols(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let query = params?["query"]?.string else { throw .invalidParams("missing `query`") }
        for folder in folders { _ = analysis(.folder(folder)) }
        var found: [(SymbolKey, SourceSpan, ProjectAnalysis)] = []
        for target in analyses.keys.sorted(by: { "\($0)" < "\($1)" }) {
            guard let occurrences = analyses[target]?.resolved.occurrences, let analysis = analyses[target] else { continue }
            for occurrence in occurrences where occurrence.isDeclaration
                && (query.isEmpty || occurrence.symbol.name.lowercased().contains(query.lowercased())) {
                found.append((occurrence.symbol, occurrence.span, analysis))
            }
        }
        return .array(found.sorted { $0.0 < $1.0 }.map { symbol, span, analysis in
            var members: [(String, JSONValue)] = [
                ("name", .string(symbol.name)),
                ("kind", .int(Self.symbolKind(symbol.kind))),
                ("location", location(span, in: analysis)),
            ]
            switch symbol.kind {
            case .property(let event): members.append(("containerName", .string(event)))
            case .message(let campaign): members.append(("containerName", .string(campaign)))
            default: break
            }
            return .object(members)
        })
    }

    /// The LSP `SymbolKind` of a declared name, as the outline shows it.
    static func symbolKind(_ kind: SymbolKey.Kind) -> Int {
        switch kind {
        case .field: DocumentOutline.Kind.field.rawValue
        case .event: DocumentOutline.Kind.event.rawValue
        case .property: DocumentOutline.Kind.property.rawValue
        case .segment: DocumentOutline.Kind.boolean.rawValue
        case .campaign: DocumentOutline.Kind.function.rawValue
        case .message: DocumentOutline.Kind.method.rawValue
        }
    }

    func location(_ span: SourceSpan, in analysis: ProjectAnalysis) -> JSONValue {
        let source = analysis.project.sources[span.file]
        return .object([
            ("uri", .string(uri(ofPath: ProjectLoader.normalize(source.path)))),
            ("range", PositionMap(source: source, encoding: encoding).range(span)),
        ])
    }
}
