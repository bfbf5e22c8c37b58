/// One `.campaign` file's text, as bytes for the lexer and with a line index for
/// turning byte offsets into the line and column a user sees.
public struct SourceFile: Sendable {
    /// The path as the user should read it in a diagnostic (relative where it was given relative).
    public let path: String
    /// The file's bytes, exactly as read.
    public let bytes: [UInt8]
    /// Byte offset of the first byte of every line; `lineStarts[0] == 0`.
    public let lineStarts: [Int]
    /// Column checkpoints of the long lines, by 0-based line index (see `ColumnCheckpoint`).
    let checkpoints: [Int: [ColumnCheckpoint]]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
        var starts = [0]
        starts.reserveCapacity(bytes.count / 24 + 1)
        var checkpoints: [Int: [ColumnCheckpoint]] = [:]
        for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            if index - starts[starts.count - 1] > ColumnCheckpoint.longLine {
                checkpoints[starts.count - 1] = ColumnCheckpoint.build(bytes[starts[starts.count - 1]..<index])
            }
            starts.append(index + 1)
        }
        if bytes.count - starts[starts.count - 1] > ColumnCheckpoint.longLine {
            checkpoints[starts.count - 1] = ColumnCheckpoint.build(bytes[starts[starts.count - 1]...])
        }
        self.lineStarts = starts
        self.checkpoints = checkpoints
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }

    /// The 1-based line holding the byte at `offset` (an offset at the end belongs to the last line).
    public func line(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The bytes of a 1-based line, without its line terminator (`\n` or `\r\n`).
    public func lineBytes(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= lineStarts.count else { return [] }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return bytes[start..<max(start, end)]
    }

    /// The text of a 1-based line, without its terminator; invalid UTF-8 is shown as U+FFFD.
    public func lineText(_ line: Int) -> String {
        String(decoding: lineBytes(line), as: UTF8.self)
    }

    /// Line and column of a byte offset. Columns count the characters a user sees
    /// (extended grapheme clusters), starting at 1, so `สมชาย` is five columns wide.
    public func location(of offset: Int) -> SourceLocation {
        let line = line(of: offset)
        let (mark, clamped) = nearestCheckpoint(line: line, offset: offset)
        let counted = String(decoding: bytes[mark.byte..<clamped], as: UTF8.self).count
        return SourceLocation(line: line, column: mark.column + counted + 1)
    }

    /// Column of an offset counted in Unicode scalars (SARIF's `unicodeCodePoints`).
    public func codePointColumn(of offset: Int) -> Int {
        let line = line(of: offset)
        let (mark, clamped) = nearestCheckpoint(line: line, offset: offset)
        return mark.scalars + String(decoding: bytes[mark.byte..<clamped], as: UTF8.self).unicodeScalars.count + 1
    }

    /// The characters (0-based columns) `columns` of a 1-based line, without reading the
    /// rest of a long line.
    public func lineText(_ line: Int, columns: Range<Int>) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let lineBytes = lineBytes(line)
        var mark = ColumnCheckpoint(byte: lineBytes.startIndex, column: 0, scalars: 0)
        if let marks = checkpoints[line - 1], let index = ColumnCheckpoint.last(in: marks, where: { $0.column <= columns.lowerBound }) {
            mark = marks[index]
        }
        let text = String(decoding: bytes[mark.byte..<lineBytes.endIndex], as: UTF8.self)
        return String(text.dropFirst(columns.lowerBound - mark.column).prefix(columns.count))
    }

    /// The checkpoint at or before `offset` on its line (the line start for a short line),
    /// and the offset clamped to the line.
    func nearestCheckpoint(line: Int, offset: Int) -> (ColumnCheckpoint, Int) {
        let start = lineStarts[line - 1]
        let clamped = min(max(offset, start), bytes.count)
        if let marks = checkpoints[line - 1], let index = ColumnCheckpoint.last(in: marks, where: { $0.byte <= clamped }) {
            return (marks[index], clamped)
        }
        return (ColumnCheckpoint(byte: start, column: 0, scalars: 0), clamped)
    }

    /// The text of a byte range.
    public func text(_ span: SourceSpan) -> String {
        let start = min(max(0, span.start), bytes.count)
        let end = min(max(start, span.end), bytes.count)
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

/// A 1-based line and column, the column in user-visible characters.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// Identifies a file inside a `SourceMap`; spans carry it so a diagnostic can point into
/// any file of a project (an error in one file, "declared here" in another).
public struct FileID: Sendable, Hashable, Comparable {
    public let rawValue: Int32
    public init(_ rawValue: Int32) { self.rawValue = rawValue }
    public static func < (a: FileID, b: FileID) -> Bool { a.rawValue < b.rawValue }
}

/// A half-open byte range `start..<end` in one file.
public struct SourceSpan: Sendable, Hashable {
    public var file: FileID
    public var start: Int
    public var end: Int

    public init(file: FileID, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// The smallest span covering both (same file assumed).
    public func through(_ other: SourceSpan) -> SourceSpan {
        SourceSpan(file: file, start: min(start, other.start), end: max(end, other.end))
    }

    /// An empty span at this span's end, for "expected X here" diagnostics.
    public var endPoint: SourceSpan { SourceSpan(file: file, start: end, end: end) }
    public var startPoint: SourceSpan { SourceSpan(file: file, start: start, end: start) }
    public var isEmpty: Bool { start == end }
}

/// Every file read in one run, addressed by `FileID`.
public struct SourceMap: Sendable {
    public private(set) var files: [SourceFile] = []

    public init() {}

    public init(_ file: SourceFile) { files = [file] }

    @discardableResult
    public mutating func add(_ file: SourceFile) -> FileID {
        files.append(file)
        return FileID(Int32(files.count - 1))
    }

    public subscript(id: FileID) -> SourceFile { files[Int(id.rawValue)] }

    public var ids: [FileID] { files.indices.map { FileID(Int32($0)) } }
}

/// Where every 256th character of a long line starts: its byte offset and how many
/// characters and scalars come before it on the line. A column is counted from the
/// nearest checkpoint, so a file with thousands of diagnostics on one megabyte-long line
/// (a generated condition, a long template) is rendered in linear time instead of
/// counting the line from its start for each one.
struct ColumnCheckpoint: Sendable {
    let byte: Int
    let column: Int
    let scalars: Int

    /// Lines longer than this many bytes get checkpoints.
    static let longLine = 2_048
    static let spacing = 256

    /// The checkpoints of one line, or none when the line is not valid UTF-8 (decoding
    /// would change its length, and the file is reported as binary anyway).
    static func build(_ line: ArraySlice<UInt8>) -> [ColumnCheckpoint] {
        let text = String(decoding: line, as: UTF8.self)
        guard text.utf8.count == line.count else { return [] }
        var marks: [ColumnCheckpoint] = []
        var byte = line.startIndex, column = 0, scalars = 0
        for character in text {
            if column % spacing == 0 { marks.append(ColumnCheckpoint(byte: byte, column: column, scalars: scalars)) }
            byte += character.utf8.count
            scalars += character.unicodeScalars.count
            column += 1
        }
        return marks
    }

    /// The index of the last checkpoint that satisfies a condition true of a prefix of them.
    static func last(in marks: [ColumnCheckpoint], where isBefore: (ColumnCheckpoint) -> Bool) -> Int? {
        var low = 0, high = marks.count
        while low < high {
            let mid = (low + high) / 2
            if isBefore(marks[mid]) { low = mid + 1 } else { high = mid }
        }
        return low == 0 ? nil : low - 1
    }
}
