import CampaignSyntax
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A data file to read: a regular file, opened (and its size taken) when this is made and
/// read later in windows (`FileWindow`), or bytes already in memory (standard input, tests).
///
/// Read in bounded windows, not whole: a whole-file copy was 571 MB of the 920 MB peak of
/// a win-back over 1M customers and 10M events, and the readers need only the window they
/// are cutting into parts (docs/architecture.md, "Reading data files").
///
/// Not memory-mapped, as it once was: a mapped file that shrinks while the readers scan it
/// (another process truncates or rewrites it) raises SIGBUS on the first page past its new
/// end, on whichever thread gets there, and Swift cannot recover from that signal. Read with
/// `pread` into a window, a file that shrinks is a short read, reported as an I/O error
/// (D0001, exit 2) at whichever window meets it; a file that grows is read to the size it
/// had when opened. What is read is never changed under the readers' feet: a window is
/// copied memory, filled only between the windows' reads. Catching SIGBUS instead
/// (mapping zeros over the lost pages from a signal handler, then failing the read) would
/// keep a mapping free, at the price of process-wide mutable state read from a signal
/// handler, chained to Swift's own crash handler, and a new path for the error out of
/// every reader.
public final class DataFile: Sendable {
    public let path: String
    private let content: Content
    /// Set by `--customers-format` / `--events-format`; otherwise the extension decides.
    private let forcedNDJSON: Bool?

    /// Reads `count` bytes at `offset` into `buffer`, as `pread` does: the bytes read (0 at
    /// the end of the file), or -1 with `errno` set. Tests pass one that changes the file.
    typealias ReadAt = @Sendable (_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int, _ offset: Int) -> Int

    private enum Content: Sendable {
        /// An open regular file, its size when opened, and how to read it.
        case file(descriptor: Int32, size: Int, readAt: ReadAt)
        case bytes([UInt8])
        /// Another file's bytes, read as another format.
        case reformatted(DataFile)
    }

    public convenience init(path: String, standardInput: () -> [UInt8]? = FileSystem.readStandardInput) throws(Diagnostic) {
        try self.init(path: path, standardInput: standardInput, readAt: { pread($0, $1, $2, off_t($3)) })
    }

    init(path: String, standardInput: () -> [UInt8]?, readAt: @escaping ReadAt) throws(Diagnostic) {
        self.path = path == "-" ? "<stdin>" : path
        forcedNDJSON = nil
        if path == "-" {
            guard let bytes = standardInput() else { throw Diagnostic.data(DataCode.unreadable, file: "<stdin>", line: 0, "cannot read standard input") }
            content = .bytes(bytes)
            return
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw Diagnostic.data(DataCode.unreadable, file: path, line: 0, "cannot read the file: \(reason)")
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            let folder = info.st_mode & S_IFMT == S_IFDIR
            close(descriptor)
            guard folder else { throw Diagnostic.data(DataCode.unreadable, file: path, line: 0, "not a regular file (a device, a pipe or a socket); name a CSV or NDJSON file") }
            let inside = Self.dataFiles(inFolder: path)
            throw Diagnostic.data(DataCode.unreadable, file: path, line: 0,
                                  "this is a folder; name a CSV or NDJSON file"
                                  + (inside.isEmpty ? ", and it holds none" : " such as " + inside.prefix(4).map { "`\($0)`" }.joined(separator: ", ")))
        }
        content = .file(descriptor: descriptor, size: max(Int(info.st_size), 0), readAt: readAt)
    }

    /// The paths of the data files (by extension: `.csv`, `.ndjson`, `.jsonl`, `.json`)
    /// directly inside a folder, sorted: what a folder given as a data file could have meant.
    static func dataFiles(inFolder folder: String) -> [String] {
        let names = (FileSystem.entries(in: folder) ?? []).map(\.name).filter { name in
            let lower = name.lowercased()
            return [".csv", ".ndjson", ".jsonl", ".json"].contains { lower.hasSuffix($0) }
        }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        return names.sorted().map { base + $0 }
    }

    /// In-memory data (tests).
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        content = .bytes(bytes)
        forcedNDJSON = nil
    }

    /// The same bytes, read as the given format.
    public init(reformatting file: DataFile, ndjson: Bool) {
        path = file.path
        content = .reformatted(file)
        forcedNDJSON = ndjson
    }

    deinit {
        if case .file(let descriptor, _, _) = content { close(descriptor) }
    }

    /// The file's size when it was opened: what its windows read.
    public var count: Int {
        switch content {
        case .file(_, let size, _): size
        case .bytes(let bytes): bytes.count
        case .reformatted(let original): original.count
        }
    }

    /// CSV or NDJSON, by extension (`.ndjson`, `.jsonl`, `.json` are NDJSON).
    public var isNDJSON: Bool {
        if let forcedNDJSON { return forcedNDJSON }
        let lower = path.lowercased()
        return lower.hasSuffix(".ndjson") || lower.hasSuffix(".jsonl") || lower.hasSuffix(".json")
    }

    /// Copies the `count` bytes at `offset` (within `self.count`) into `buffer`, in calls of
    /// at most 1 GiB (Linux reads less than 2 GiB at a time); interrupted reads are retried.
    /// A file that ends early, or a failed read, is an I/O error.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int, at offset: Int) throws(Diagnostic) {
        switch content {
        case .reformatted(let original):
            try original.read(into: buffer, count: count, at: offset)
        case .bytes(let bytes):
            bytes.withUnsafeBufferPointer { source in
                guard let base = source.baseAddress, count > 0 else { return }
                buffer.update(from: base + offset, count: count)
            }
        case .file(let descriptor, let size, let readAt):
            var done = 0
            while done < count {
                let got = readAt(descriptor, buffer + done, min(count - done, 1 << 30), offset + done)
                if got > 0 {
                    done += got
                } else if got == 0 {
                    throw Diagnostic.data(DataCode.unreadable, file: path, line: 0,
                                          "the file shrank while it was read: it had \(size) bytes when opened, and ended at byte \(offset + done); read it when nothing is writing it")
                } else if errno != EINTR {
                    throw Diagnostic.data(DataCode.unreadable, file: path, line: 0, "cannot read the file: \(String(cString: strerror(errno)))")
                }
            }
        }
    }
}
