/// Where in a data file (a customers or events file) a diagnostic points: the path, the
/// line a record starts on, the character on it when known, and the column's header name
/// when one column is to blame. Data files are not campaign sources and are never loaded
/// into the `SourceMap` (they can be gigabytes), so the place is kept as numbers.
public struct DataLocation: Sendable, Hashable {
    /// The data file's path as the command line named it (`<stdin>` for standard input).
    public let path: String
    /// 1-based physical line where the record starts; 0 for the file as a whole.
    public let line: Int
    /// 1-based character on the line (a header cell, an NDJSON key, a byte that is not
    /// UTF-8), counted as `check` counts columns; nil when the line is place enough.
    public let column: Int?
    /// The header name of the column (or the NDJSON key) the problem is in, if one is.
    public let columnName: String?
    /// For a value in a row: the character where its cell (an NDJSON value's key) starts,
    /// when it is on the record's first line. Only the machine formats show it: the text
    /// names a row's place by its line and the column's name, as it always has.
    public let cellColumn: Int?

    /// A place in a data file; only the path and line are always known.
    public init(path: String, line: Int, column: Int? = nil, columnName: String? = nil, cellColumn: Int? = nil) {
        self.path = path
        self.line = line
        self.column = column
        self.columnName = columnName
        self.cellColumn = cellColumn
    }

    /// The character the machine formats give: the one the text shows, or else the cell's.
    public var anyColumn: Int? { column ?? cellColumn }

    /// `customers.csv:12`, `customers.csv:1:16`, or the path alone for the whole file: the
    /// place the text shows.
    public var place: String {
        line > 0 ? "\(path):\(line)" + (column.map { ":\($0)" } ?? "") : path
    }

    /// The same place in a file whose lines start `offset` lines further down (a part of
    /// a file read on its own numbers its lines from 1).
    public func movedDown(_ offset: Int) -> DataLocation {
        DataLocation(path: path, line: line > 0 ? line + offset : 0, column: column, columnName: columnName, cellColumn: cellColumn)
    }
}
