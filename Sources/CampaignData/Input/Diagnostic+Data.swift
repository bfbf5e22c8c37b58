import CampaignSyntax

/// Problems in a customers or events file as diagnostics, with their `DataCode`s.
extension Diagnostic {
    /// A problem with one row (or the header) of a data file: which file, which line
    /// (0 for the file as a whole), which character on it and which column when known,
    /// what was expected, and how to fix it when there is one thing to do. `cell` is where
    /// a row's bad value starts, for the machine formats (`DataLocation.cellColumn`).
    static func data(_ code: DiagnosticCode, file: String, line: Int, position: Int? = nil, column: String? = nil, cell: Int? = nil,
                     _ message: String, help: String? = nil) -> Diagnostic {
        Diagnostic(code, message, in: DataLocation(path: file, line: line, column: position, columnName: column, cellColumn: cell), help: help)
    }

    /// About a data file as a whole (unreadable, empty, not UTF-8, its header or keys): no
    /// row is to blame, so `--skip-bad-rows` cannot leave it out and it is always shown.
    public var isFileLevel: Bool { DataCode.aboutTheFile.contains(code) }

    /// The same diagnostic in a data file whose lines start `offset` lines further down.
    func movedDown(_ offset: Int) -> Diagnostic {
        guard case .data(let place) = location else { return self }
        return Diagnostic(code, message, in: place.movedDown(offset), help: help)
    }
}
