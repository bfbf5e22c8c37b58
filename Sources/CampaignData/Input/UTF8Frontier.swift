import CampaignSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Validates a part of a data file as UTF-8 a block ahead of its row loop, so every byte is
/// checked (not only the start of the file) while the block is still in cache when the
/// scanner reads it. Blocks end just after a line feed, which no character contains: where
/// a file is cut into parts or blocks never changes what is found.
struct UTF8Frontier {
    let bytes: UnsafeBufferPointer<UInt8>
    let end: Int
    /// Everything before this offset is UTF-8.
    private(set) var validated: Int

    static let blockBytes = 1 << 16

    init(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) {
        self.bytes = bytes
        self.end = end
        validated = start
    }

    /// Validates blocks until one ends past `position` (or the part ends); returns the
    /// offset of the first byte that does not start a UTF-8 character, if any.
    mutating func check(through position: Int) -> Int? {
        while validated < end, validated <= position {
            let blockEnd = Self.lineEnd(bytes, after: validated + Self.blockBytes, before: end)
            if let problem = UTF8Validation.firstProblem(bytes, from: validated, to: blockEnd) { return problem.offset }
            validated = blockEnd
        }
        return nil
    }

    /// Just after the first line feed at or after `position`, or `end`.
    static func lineEnd(_ bytes: UnsafeBufferPointer<UInt8>, after position: Int, before end: Int) -> Int {
        guard position < end, let base = bytes.baseAddress, let hit = memchr(base + position, 0x0A, end - position) else { return end }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
    }
}

extension Diagnostic {
    /// The file is not UTF-8 at `offset` of `bytes`, a window that starts at `origin` of
    /// the file: placed by physical line (line feeds) and column.
    static func notUTF8(file: String, bytes: UnsafeBufferPointer<UInt8>, at offset: Int, origin: TextOrigin = TextOrigin()) -> Diagnostic {
        var line = origin.lineFeeds + 1
        var lineStart = 0
        if let base = bytes.baseAddress {
            while lineStart < offset, let hit = memchr(base + lineStart, 0x0A, offset - lineStart) {
                lineStart = base.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                line += 1
            }
        }
        let byte = String(bytes[offset], radix: 16, uppercase: true)
        // Everything before `offset` is UTF-8, so the column counts characters as `check` does;
        // on the window's first line it goes on from the characters before the window.
        let column = ColumnCheck.position(of: offset, lineStart: lineStart, in: bytes) + (line == origin.lineFeeds + 1 ? origin.column : 0)
        return Diagnostic.data(DataCode.notUTF8, file: file, line: line, position: column,
                         "the file is not UTF-8 text: the byte 0x\(byte.count == 1 ? "0" + byte : byte) does not begin a UTF-8 character; save the file as UTF-8")
    }
}
