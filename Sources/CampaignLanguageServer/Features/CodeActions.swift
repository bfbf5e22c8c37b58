import CampaignSyntax

extension LanguageServer {
    /// `textDocument/codeAction`: a quick fix for each diagnostic with a fix-it whose
    /// span touches the requested range. The edits are the fix-it's, unchanged.
    func codeActions(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let range = Range(params?["range"]) else { throw .invalidParams("missing or invalid `range`") }
        guard let context = try context(params) else { return .array([]) }
        if let only = params?["context"]?["only"]?.array?.compactMap(\.string), !only.contains(where: { "quickfix".hasPrefix($0) }) {
            return .array([])
        }
        let start = context.map.offset(of: range.start)
        let end = context.map.offset(of: range.end)
        let sources = context.analysis.project.sources
        let uriOf = { (path: String) in self.uri(ofPath: path) }
        var actions: [JSONValue] = []
        for diagnostic in context.analysis.diagnostics {
            guard let fix = diagnostic.fixIt, let span = diagnostic.span, span.file == context.file,
                  span.start <= end, start <= span.end else { continue }
            var byURI: [String: [JSONValue]] = [:]
            for edit in fix.edits {
                let map = PositionMap(source: sources[edit.span.file], encoding: encoding)
                let uri = uriOf(ProjectLoader.normalize(sources[edit.span.file].path))
                byURI[uri, default: []].append(.object([("range", map.range(edit.span)), ("newText", .string(edit.replacement))]))
            }
            var members: [(String, JSONValue)] = [
                ("title", .string(fix.message)),
                ("kind", .string("quickfix")),
                ("isPreferred", .bool(true)),
                ("edit", .object([("changes", .object(byURI.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value)) }))])),
            ]
            if let lsp = DiagnosticConversion.json(diagnostic, sources: sources, encoding: encoding, uri: uriOf) {
                members.insert(("diagnostics", .array([lsp])), at: 2)
            }
            actions.append(.object(members))
        }
        return .array(actions)
    }

    /// The URI the client knows a path by: an open document's own, else a `file:` URI.
    func uri(ofPath path: String) -> String {
        documents.values.first { self.path(of: $0) == path }?.uri ?? DocumentURI.uri(of: path)
    }
}
