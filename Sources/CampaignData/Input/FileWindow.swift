import CampaignSyntax
#if canImport(Glibc)
import Glibc
#endif

/// A stretch of a data file in memory, moved front to back through one reused buffer: the
/// readers cut each window into parts for the cores, then `advance` keeps the record the
/// window's end cut (from its start) and fills the rest of the buffer from the file.
///
/// One buffer, refilled in place: a reused buffer costs no page faults after the first
/// window (a fresh file-sized buffer topped out near 1 GB/s from them), and the carried
/// bytes (less than one record, usually) are moved to its front. A record longer than the
/// window doubles the buffer (`grow`) until it holds the record, and the buffer goes back
/// to the window's size once the record is read.
struct FileWindow: ~Copyable {
    private let file: DataFile
    private var memory: UnsafeMutableBufferPointer<UInt8>
    /// The window's size, which the buffer is unless it holds a longer record.
    private(set) var size: Int
    /// Bytes of the file in the window: `memory[0..<count]`.
    private(set) var count = 0
    /// Where the window starts in the file.
    private(set) var offset = 0

    /// Reads the first window, of `bytes` bytes (at least one) or the whole file if shorter.
    init(_ file: DataFile, bytes: Int) throws(Diagnostic) {
        // No larger than the file: a small file costs no window-sized buffer.
        let memory = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, min(bytes, file.count)))
        let first = min(memory.count, file.count)
        // Read before `self` is whole, so that a failure frees the memory once, here.
        do {
            if let base = memory.baseAddress, first > 0 { try file.read(into: base, count: first, at: 0) }
        } catch {
            memory.deallocate()
            throw error
        }
        self.file = file
        self.memory = memory
        size = memory.count
        count = first
    }

    deinit { memory.deallocate() }

    /// The first window of `file`, or nil with the problem logged: the file cannot be read,
    /// or is an empty CSV file (an NDJSON file has no header: empty, it holds no records,
    /// `RecordLayout.checkKeys`).
    static func first(of file: DataFile, bytes: Int, log: inout IssueLog) -> FileWindow? {
        let window: FileWindow
        do {
            window = try FileWindow(file, bytes: bytes)
        } catch {
            log.add(error)
            return nil
        }
        if window.atEnd, window.count == 0, !file.isNDJSON {
            log.add(Diagnostic.data(DataCode.emptyFile, file: file.path, line: 0, "the file is empty; expected a header line naming the columns"))
            return nil
        }
        return window
    }

    /// The window's bytes; valid until the next `advance` or `grow`.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: memory[0..<count]) }

    /// The window holds the file's last byte.
    var atEnd: Bool { offset + count >= file.count }

    /// Drops the bytes before `keep` (a record start) and fills the buffer after the rest.
    mutating func advance(keeping keep: Int) throws(Diagnostic) {
        if keep < count, let base = memory.baseAddress { memmove(base, base + keep, count - keep) }
        count -= keep
        offset += keep
        // Back to the window's size after a long record, or on to a new one (`widen`).
        if memory.count != max(size, count) { resize(to: max(size, count)) }
        try fill()
    }

    /// Doubles the buffer (a record longer than the window) and fills it.
    mutating func grow() throws(Diagnostic) {
        resize(to: memory.count * 2)
        try fill()
    }

    /// Doubles the window's size from the next window on.
    mutating func widen() { size *= 2 }

    private mutating func resize(to capacity: Int) {
        let resized = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
        if let to = resized.baseAddress, let from = memory.baseAddress { to.update(from: from, count: count) }
        memory.deallocate()
        memory = resized
    }

    /// Where the window starts in the file's lines and characters, for a diagnostic
    /// (`Diagnostic.notUTF8`): counted from the file's start when asked, not as windows
    /// pass, since only a file that is not UTF-8 needs it, and the count, on one thread
    /// between the windows' parallel reads, cost a twentieth of reading a large file.
    func origin() throws(Diagnostic) -> TextOrigin {
        var origin = TextOrigin()
        let piece = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 20)
        defer { piece.deallocate() }
        guard let base = piece.baseAddress else { return origin }
        var done = 0
        while done < offset {
            let count = min(piece.count, offset - done)
            try file.read(into: base, count: count, at: done)
            origin.advance(over: UnsafeBufferPointer(rebasing: piece[0..<count]))
            done += count
        }
        return origin.finished()
    }

    /// The file's bytes after the window, until the buffer is full or the file ends.
    private mutating func fill() throws(Diagnostic) {
        let wanted = min(memory.count - count, file.count - (offset + count))
        guard wanted > 0, let base = memory.baseAddress else { return }
        try file.read(into: base + count, count: wanted, at: offset + count)
        count += wanted
    }
}

/// Where a window starts in its file's text: the line feeds before it, and the characters
/// between the last of them and the window (nonzero only after a record that ended at a
/// lone carriage return, where the line, counted in line feeds, goes on).
struct TextOrigin {
    var lineFeeds = 0
    var column = 0
    /// The bytes after the last line feed so far: counted as characters once they are all
    /// known (`finished`), as a character may span two pieces.
    private var tail: [UInt8] = []

    /// Moves past `bytes`, the next piece of the file.
    mutating func advance(over bytes: UnsafeBufferPointer<UInt8>) {
        lineFeeds += Self.lineFeeds(in: bytes)
        guard let last = bytes.lastIndex(of: 0x0A) else {
            tail += bytes
            return
        }
        tail = Array(bytes[(last + 1)...])
    }

    /// With the characters after the last line feed counted.
    func finished() -> TextOrigin {
        var done = self
        done.column = String(decoding: tail, as: UTF8.self).count
        done.tail = []
        return done
    }

    /// The line feeds in `bytes`, eight bytes at a time: a byte of the word XORed with
    /// `\n` is zero exactly where its high bit stays clear after adding 0x7F to its low
    /// seven bits and ORing the byte back in.
    static func lineFeeds(in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let feeds: UInt64 = 0x0A0A_0A0A_0A0A_0A0A, lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var count = 0
        var i = 0
        while i + 8 <= bytes.count {
            let x = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ feeds
            count &+= (~(((x & lows) &+ lows) | x | lows)).nonzeroBitCount
            i += 8
        }
        while i < bytes.count {
            if bytes[i] == 0x0A { count &+= 1 }
            i += 1
        }
        return count
    }
}
