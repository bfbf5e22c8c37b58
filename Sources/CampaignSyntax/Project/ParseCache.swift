/// Parse results kept between loads of the same project (`campaign lsp` loads it again on
/// every change): a file whose path, bytes and `FileID` are those of the last load is not
/// parsed again. A parse depends on nothing else, so a hit is exactly what parsing would give.
/// A class because the loads share it; not `Sendable`: one thread owns it.
public final class ParseCache {
    private struct Entry {
        let bytes: [UInt8]
        let file: FileID
        let parsed: ParsedFile
    }

    private var entries: [String: Entry] = [:]

    public init() {}

    func parse(_ source: SourceFile, as file: FileID) -> ParsedFile {
        if let entry = entries[source.path], entry.file == file, entry.bytes == source.bytes { return entry.parsed }
        let parsed = Parser.parse(source, as: file)
        entries[source.path] = Entry(bytes: source.bytes, file: file, parsed: parsed)
        return parsed
    }
}
