import CampaignSyntax

extension LanguageServer {
    /// `textDocument/formatting`: the whole document in the `fmt` layout, as one edit
    /// (none when it is formatted already). A file with syntax errors is refused, as
    /// `campaign fmt` refuses it, naming the first error.
    func formatting(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        let uri = try documentURI(params)
        let path = documents[uri].map { self.path(of: $0) } ?? DocumentURI.path(of: uri)
        guard let path, let bytes = documents[uri]?.bytes ?? FileSystem.read(path) else { return .array([]) }
        let source = SourceFile(path: path, bytes: bytes)
        switch Formatter.formatChecked(source) {
        case .invalid(let diagnostics):
            let errors = diagnostics.filter { $0.severity == .error }.sortedForOutput()
            var message = "cannot format: the file has \(errors.count) syntax error\(errors.count == 1 ? "" : "s")"
            if let first = errors.first, let span = first.span {
                message += "; the first, at \(source.location(of: span.start)), is: \(first.message) [\(first.code.id)]"
            }
            throw .failed(message)
        case .meaningChanged:
            throw .failed("cannot format: formatting would change what the file means (a bug in the formatter; the file is left as it is)")
        case .formatted(let text):
            guard Array(text.utf8) != bytes else { return .array([]) }
            let map = PositionMap(source: source, encoding: encoding)
            return .array([.object([
                ("range", map.range(SourceSpan(file: FileID(0), start: 0, end: bytes.count))),
                ("newText", .string(text)),
            ])])
        }
    }
}
