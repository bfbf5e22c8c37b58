import CampaignSyntax
#if canImport(Glibc)
import Glibc
#endif

/// A stretch of a data file in memory, moved front to back through reused buffers: the
/// readers cut each window into parts for the cores, then `advance` keeps the record the
/// window's end cut (from its start) and reads on from the file.
///
/// Reused buffers (`WindowMemory`: the window's, and a spare one the next stretch is read
/// ahead into while the cores parse the window, `aheadReader`): a reused buffer costs no
/// page faults after the first windows (a fresh file-sized buffer topped out near 1 GB/s
/// from them), and only the carried bytes (less than one record, usually) are copied. A
/// record longer than the window doubles the buffer (`grow`) until it holds the record,
/// and the buffer goes back to the window's size once the record is read.
struct FileWindow: ~Copyable {
    private let file: DataFile
    private let memory: WindowMemory
    /// The window's size, which the buffer is unless it holds a longer record.
    private(set) var size: Int
    /// Bytes of the file in the window.
    private(set) var count = 0
    /// Where the window starts in the file.
    private(set) var offset = 0

    /// Reads the first window, of `bytes` bytes (at least one) or the whole file if shorter;
    /// the window reads ahead when the file holds `readAheadWindows` windows or more.
    init(_ file: DataFile, bytes: Int, readAheadWindows: Int) throws(Diagnostic) {
        // No larger than the file: a small file costs no window-sized buffer.
        let size = max(1, min(bytes, file.count))
        readsAhead = file.count / size >= readAheadWindows
        // Room for a cut record before the stretch read ahead, when this buffer is the
        // spare one (`WindowMemory`), so that the two buffers serve the whole file.
        let memory = WindowMemory(capacity: size + (readsAhead ? WindowMemory.headroom : 0))
        count = try memory.fill(from: file, end: 0, limit: size)
        self.file = file
        self.memory = memory
        self.size = size
    }

    /// Whether the window reads ahead (`aheadReader`; `ReadOptions.readAheadWindows`).
    private let readsAhead: Bool

    /// The first window of `file`, or nil with the problem logged: the file cannot be read,
    /// or is an empty CSV file (an NDJSON file has no header: empty, it holds no records,
    /// `RecordLayout.checkKeys`).
    static func first(of file: DataFile, options: ReadOptions, log: inout IssueLog) -> FileWindow? {
        let window: FileWindow
        do {
            window = try FileWindow(file, bytes: options.windowBytes, readAheadWindows: options.readAheadWindows)
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
    var bytes: UnsafeBufferPointer<UInt8> { memory.bytes.buffer }

    /// The window holds the file's last byte.
    var atEnd: Bool { offset + count >= file.count }

    /// Asks for the stretch after the window (a window's size) and returns what reads it,
    /// for a core with nothing else to do while the window is parsed (nil when the window
    /// does not read ahead); `advance` uses it if it was read, and reads the file itself
    /// if not.
    func aheadReader() -> (@Sendable () -> Void)? {
        guard readsAhead else { return nil }
        let end = offset + count
        memory.ask(offset: end, count: min(size, file.count - end))
        let memory = self.memory, file = self.file
        return { memory.readAhead(from: file) }
    }

    /// Drops the bytes before `keep` (a record start) and fills the buffer after the rest.
    mutating func advance(keeping keep: Int) throws(Diagnostic) {
        if let read = try memory.takeAhead(keeping: keep, end: offset + count) {
            offset += keep
            count = read
            return
        }
        memory.drop(keep)
        count -= keep
        offset += keep
        // Back to the window's size after a long record, or on to a new one (`widen`).
        let needed = max(size, count), room = memory.room
        if room < needed || room > needed + WindowMemory.headroom { memory.resize(to: needed) }
        count = try memory.fill(from: file, end: offset + count, limit: needed)
    }

    /// Doubles the buffer (a record longer than the window) and fills it.
    mutating func grow() throws(Diagnostic) {
        memory.forget()
        let doubled = max(size, count) * 2
        memory.resize(to: doubled)
        count = try memory.fill(from: file, end: offset + count, limit: doubled)
    }

    /// Doubles the window's size from the next window on.
    mutating func widen() { size *= 2 }

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
