import CampaignSyntax
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A data file's bytes, read into memory when it is opened: a regular file with `pread`,
/// standard input (`-`) to its end.
///
/// Not memory-mapped, as it was: a mapped file that shrinks while the readers scan it
/// (another process truncates or rewrites it) raises SIGBUS on the first page past its new
/// end, on whichever thread gets there, and Swift cannot recover from that signal. Read
/// into memory, the bytes are the file as it was when opened: a shrink during the read is
/// a short read, reported as an I/O error (D0001, exit 2), and one after it cannot touch
/// them. What that costs, measured on 544 MB of CSV (1M customers, 10M events), four runs
/// each against the mapped file: `segments` 3.2–3.6 s of CPU and 1,158–1,164 MB peak
/// mapped, 3.2–3.4 s and 1,158–1,208 MB read; `plan --campaign winback_sms` 3.7–4.1 s and
/// 922–932 MB mapped, 3.4–4.3 s and 918–932 MB read (mapped pages count towards the peak
/// once read, as the copy does). On its own the copy is about 0.3 s of system time per
/// 430 MB (the page faults of a fresh buffer, and the copy), within the runs' spread above.
/// Copying into a memfd, populating the buffer up front or asking for huge pages cost as
/// much or more; a private writable mapping populated up front is no snapshot (a
/// truncation takes back even the copied pages). The read is on one thread: slices on
/// several would need a buffer that threads write, which the compiler cannot check.
/// Catching SIGBUS instead (mapping zeros over the lost pages from a signal handler, then
/// failing the read) would keep the mapping free, at the price of process-wide mutable
/// state read from a signal handler, chained to Swift's own crash handler, and a new path
/// for the error out of every reader.
public final class DataFile: Sendable {
    public let path: String
    private let storage: [UInt8]
    /// Set by `--customers-format` / `--events-format`; otherwise the extension decides.
    private let forcedNDJSON: Bool?
    private let original: DataFile?

    /// Reads `count` bytes at `offset` into `buffer`, as `pread` does: the bytes read (0 at
    /// the end of the file), or -1 with `errno` set. Tests pass one that changes the file.
    typealias ReadAt = (_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int

    public convenience init(path: String, standardInput: () -> [UInt8]? = FileSystem.readStandardInput) throws(Diagnostic) {
        try self.init(path: path, standardInput: standardInput, readAt: { pread($0, $1, $2, off_t($3)) })
    }

    init(path: String, standardInput: () -> [UInt8]?, readAt: ReadAt) throws(Diagnostic) {
        self.path = path == "-" ? "<stdin>" : path
        original = nil
        forcedNDJSON = nil
        if path == "-" {
            guard let bytes = standardInput() else { throw Diagnostic.data(DataCode.unreadable, file: "<stdin>", line: 0, "cannot read standard input") }
            storage = bytes
            return
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw Diagnostic.data(DataCode.unreadable, file: path, line: 0, "cannot read the file: \(reason)")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw Diagnostic.data(DataCode.unreadable, file: path, line: 0, "not a regular file")
        }
        let size = max(Int(info.st_size), 0)
        var failure: ReadFailure?
        storage = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            failure = buffer.baseAddress.flatMap { Self.read(descriptor, size: size, into: $0, readAt: readAt) }
            initialized = failure == nil ? size : 0
        }
        switch failure {
        case nil:
            break
        case .shrank(let at)?:
            throw Diagnostic.data(DataCode.unreadable, file: path, line: 0,
                            "the file shrank while it was read: it had \(size) bytes when opened, and ended at byte \(at); read it when nothing is writing it")
        case .failed(let code)?:
            throw Diagnostic.data(DataCode.unreadable, file: path, line: 0, "cannot read the file: \(String(cString: strerror(code)))")
        }
    }

    /// Why the file could not be read in full.
    enum ReadFailure {
        /// The file ended at this byte, before the size it had when opened.
        case shrank(Int)
        /// `errno` of a failed read.
        case failed(Int32)
    }

    /// Reads the file's `size` bytes, in calls of at most 1 GiB (Linux reads less than
    /// 2 GiB at a time); interrupted reads are retried.
    static func read(_ descriptor: Int32, size: Int, into base: UnsafeMutablePointer<UInt8>, readAt: ReadAt) -> ReadFailure? {
        var offset = 0
        while offset < size {
            let count = readAt(descriptor, base + offset, min(size - offset, 1 << 30), offset)
            if count > 0 {
                offset += count
            } else if count == 0 {
                return .shrank(offset)
            } else if errno != EINTR {
                return .failed(errno)
            }
        }
        return nil
    }

    /// In-memory data (tests).
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        storage = bytes
        original = nil
        forcedNDJSON = nil
    }

    public var count: Int { original?.count ?? storage.count }

    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let original { return try original.withBytes(body) }
        return try storage.withUnsafeBufferPointer(body)
    }

    /// The same bytes, read as the given format.
    public init(reformatting file: DataFile, ndjson: Bool) {
        path = file.path
        storage = []
        original = file
        forcedNDJSON = ndjson
    }

    /// CSV or NDJSON, by extension (`.ndjson`, `.jsonl`, `.json` are NDJSON).
    public var isNDJSON: Bool {
        if let forcedNDJSON { return forcedNDJSON }
        let lower = path.lowercased()
        return lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".json")
    }
}
