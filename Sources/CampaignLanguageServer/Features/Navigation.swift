import CampaignSemantics
import CampaignSyntax

extension LanguageServer {
    /// The name under a position, as the checker resolved it, and every place it is
    /// written. Nil when the position is on no resolved name, or the project has not
    /// been type-checked (it has syntax errors: `check` waits for a clean parse too).
    func symbol(at params: JSONValue?) throws(ResponseError) -> (DocumentContext, SymbolOccurrence, [SymbolOccurrence])? {
        let position = try position(params)
        guard let context = try context(params), let occurrences = context.analysis.checked?.occurrences else { return nil }
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

    func location(_ span: SourceSpan, in analysis: ProjectAnalysis) -> JSONValue {
        let source = analysis.project.sources[span.file]
        return .object([
            ("uri", .string(uri(ofPath: ProjectLoader.normalize(source.path)))),
            ("range", PositionMap(source: source, encoding: encoding).range(span)),
        ])
    }
}
