import CampaignSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Reading a data file in windows (`FileWindow`) gives exactly what reading it whole
/// would: the same records on the same lines, the same errors, wherever the windows end.
/// A window is read up to its last line feed; the bytes after it (a line without its
/// final newline, or part of one) and a record whose quoted value the window's end cut
/// (`PartWalk.carry`) are read again with the next window, which starts at that record.
extension RecordLayout {
    /// `make` on a file's first window, grown until it holds all that `make` reads of the
    /// whole file: the start that is checked for UTF-8 first, and the header (CSV).
    static func make(file: DataFile, window: inout FileWindow, columns: ColumnCheck, log: inout IssueLog,
                     propertiesFrom: Int? = nil) -> RecordLayout? {
        do {
            while !window.atEnd, !holdsHeader(window.bytes, ndjson: file.isNDJSON) { try window.grow() }
        } catch {
            log.add(error)
            return nil
        }
        return make(file: file, bytes: window.bytes, columns: columns, log: &log, propertiesFrom: propertiesFrom)
    }

    /// Whether `bytes`, the start of a longer file, hold what `make` reads: up to a line
    /// feed past `UTF8Frontier.blockBytes` (or a byte before that which is not UTF-8
    /// whatever follows), and a CSV header record that ends before the last line feed.
    static func holdsHeader(_ bytes: UnsafeBufferPointer<UInt8>, ndjson: Bool) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let probe = UTF8Frontier.blockBytes
        guard bytes.count > probe, memchr(base + probe, 0x0A, bytes.count - probe) != nil else {
            let problem = UTF8Validation.firstProblem(bytes, from: 0, to: bytes.count)
            return problem.map { $0.kind != .truncated } ?? false
        }
        if ndjson { return true }
        guard let end = lastLineFeed(bytes, from: 0) else { return false }
        var scanner = CSVScanner(bytes: bytes, end: end + 1)
        var fields: [CSVField] = []
        if case .end = scanner.next(into: &fields) { return false }
        return !scanner.endedInsideQuotes
    }

    /// The offset of the last line feed in `bytes[from...]`.
    static func lastLineFeed(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard start < bytes.count else { return nil }
        // From the end: in a window, the last line feed is at most a record from it.
        return UnsafeBufferPointer(rebasing: bytes[start...]).lastIndex(of: 0x0A).map { start + $0 }
    }

    /// Reads the records after the header, window by window from `window` (which `make`
    /// read the header from; its memory goes back when this returns), each window in parts
    /// on the cores (`readParts`); `read` gets a part's index within its window, its range
    /// and the window's bytes. The parts of every window in file order, or nil with what
    /// stopped the read logged: the file's first byte that is not UTF-8, or an I/O error.
    func readWindows<Part: Sendable>(_ window: consuming FileWindow, file: DataFile, threads: Int, minimumBytes: Int, log: inout IssueLog,
                                     _ read: @Sendable (Int, Chunk, UnsafeBufferPointer<UInt8>) -> (Part, PartWalk)) -> PartsRead<Part>? {
        switch readWindows(&window, file: file, threads: threads, minimumBytes: minimumBytes, read) {
        case .success(let parts):
            return parts
        case .failure(let issue):
            log.add(issue)
            return nil
        }
    }

    private func readWindows<Part: Sendable>(_ window: inout FileWindow, file: DataFile, threads: Int, minimumBytes: Int,
                                             _ read: @Sendable (Int, Chunk, UnsafeBufferPointer<UInt8>) -> (Part, PartWalk)) -> Result<PartsRead<Part>, Diagnostic> {
        var reads: [(Part, PartWalk)] = []
        var cuts = PartsRead<Part>.Cuts.lineBreaks
        var start = dataStart
        var nextDoubling = Self.partsPerDoubling
        do {
            while true {
                let all = window.bytes
                let final = window.atEnd
                guard let end = final ? all.count : Self.lastLineFeed(all, from: start).map({ $0 + 1 }) else {
                    // Not one whole line after `start`: a record longer than the window.
                    try window.grow()
                    continue
                }
                let bytes = ReadOnlyBuffer(UnsafeBufferPointer(rebasing: all[0..<end]))
                // The next stretch is read by the first core to run out of parts.
                let windowRead = readParts(bytes.buffer, from: start, final: final, parts: Self.parts(threads: threads), threads: threads,
                                           minimumBytes: minimumBytes, then: final ? nil : window.aheadReader()) { k, chunk in
                    read(k, chunk, bytes.buffer)
                }
                if let invalid = windowRead.walks.lazy.compactMap(\.invalidUTF8).first {
                    return .failure(Diagnostic.notUTF8(file: file.path, bytes: all, at: invalid, origin: try window.origin()))
                }
                let carry = windowRead.walks.last?.carry ?? end
                if carry == start, !final {
                    // No record ends in the window: read it again, larger.
                    try window.grow()
                    continue
                }
                reads += zip(windowRead.parts, windowRead.walks).map { ($0, $1) }
                cuts = max(cuts, windowRead.cuts)
                if final { break }
                if reads.count >= nextDoubling {
                    // Larger windows for a file that is many times the window: fewer parts.
                    guard reads.count < Self.maxTotalParts - Self.partsPerDoubling else {
                        return .failure(Diagnostic.data(DataCode.tooLarge, file: file.path, line: 0,
                                                        "the file is too large: reading it took more than \(Self.maxTotalParts - Self.partsPerDoubling) parts"))
                    }
                    nextDoubling += Self.partsPerDoubling
                    window.widen()
                }
                try window.advance(keeping: carry)
                start = 0
            }
        } catch {
            return .failure(error)
        }
        return .success(PartsRead(reads, firstLine: dataLine, cuts: cuts))
    }

    /// Parts a window is cut into for `threads` threads: more than one a thread, taken in
    /// turn by whichever thread is free, so that a part slowed by another process does not
    /// hold up the whole window while the other cores wait.
    static func parts(threads: Int) -> Int {
        threads > 1 ? threads * 2 : 1
    }

    /// Parts a file is read in, at most: each part keeps its own rows until the tables are
    /// built, so their number is bounded. The window doubles every `partsPerDoubling`
    /// parts, so only a file of terabytes reaches it.
    static let maxTotalParts = 1 << 16
    static let partsPerDoubling = 4096
}
