import CampaignSemantics
import CampaignSyntax

/// `Diagnostic` values as LSP `Diagnostic` objects: the same code, span, related places
/// and help as `check` prints. The code goes in `code` with a link to its entry in
/// docs/diagnostics.md; the label under the caret, notes and help follow the message on
/// lines of their own; secondary spans become `relatedInformation`.
enum DiagnosticConversion {
    static func json(_ diagnostic: Diagnostic, sources: SourceMap, encoding: PositionEncoding, uri: (String) -> String) -> JSONValue? {
        guard let span = diagnostic.span else { return nil }
        let map = PositionMap(source: sources[span.file], encoding: encoding)
        var message = diagnostic.message
        if let label = diagnostic.label, !label.isEmpty { message += "\n" + label }
        for note in diagnostic.notes { message += "\nnote: " + note }
        if let help = diagnostic.help { message += "\nhelp: " + help }
        var members: [(String, JSONValue)] = [
            ("range", map.range(span)),
            ("severity", .int(severity(diagnostic.severity))),
            ("code", .string(diagnostic.code.id)),
            ("codeDescription", .object([("href", .string(diagnostic.code.documentationURL))])),
            ("source", .string("campaign")),
            ("message", .string(message)),
        ]
        let related: [JSONValue] = diagnostic.secondary.map { label in
            let labelMap = PositionMap(source: sources[label.span.file], encoding: encoding)
            return .object([
                ("location", .object([("uri", .string(uri(ProjectLoader.normalize(sources[label.span.file].path)))), ("range", labelMap.range(label.span))])),
                ("message", .string(label.message)),
            ])
        }
        if !related.isEmpty { members.append(("relatedInformation", .array(related))) }
        // An unreachable step is drawn faded (`DiagnosticTag.Unnecessary`).
        if diagnostic.code == .unreachableStep { members.append(("tags", .array([.int(1)]))) }
        return .object(members)
    }

    static func severity(_ severity: Diagnostic.Severity) -> Int {
        switch severity {
        case .error: 1
        case .warning: 2
        case .note: 3
        }
    }
}
