import CampaignSyntax
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A data file's bytes: memory-mapped when it is a regular file (no copy, no page-fault
/// storm of a fresh buffer), read into memory for standard input (`-`).
public final class DataFile: @unchecked Sendable {
    public let path: String
    private let base: UnsafeMutableRawPointer?
    private let length: Int
    private let mapped: Bool
    private var storage: [UInt8]

    public init(path: String, standardInput: () -> [UInt8]? = FileSystem.readStandardInput) throws(DataIssue) {
        self.path = path == "-" ? "<stdin>" : path
        if path == "-" {
            guard let bytes = standardInput() else { throw DataIssue(DataCode.unreadable, file: "<stdin>", line: 0, "cannot read standard input") }
            storage = bytes
            base = nil
            length = bytes.count
            mapped = false
            return
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw DataIssue(DataCode.unreadable, file: path, line: 0, "cannot read the file: \(reason)")
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw DataIssue(DataCode.unreadable, file: path, line: 0, "not a regular file")
        }
        let size = Int(info.st_size)
        storage = []
        length = size
        if size == 0 {
            base = nil
            mapped = false
            return
        }
        guard let pointer = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), pointer != MAP_FAILED else {
            guard let bytes = FileSystem.read(path) else { throw DataIssue(DataCode.unreadable, file: path, line: 0, "cannot read the file") }
            storage = bytes
            base = nil
            mapped = false
            return
        }
        madvise(pointer, size, MADV_SEQUENTIAL)
        base = pointer
        mapped = true
    }

    /// In-memory data (tests).
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        storage = bytes
        base = nil
        length = bytes.count
        mapped = false
    }

    deinit {
        if mapped, let base { munmap(base, length) }
    }

    public var count: Int { original?.count ?? length }

    public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let original { return try original.withBytes(body) }
        if mapped, let base {
            return try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: length))
        }
        return try storage.withUnsafeBufferPointer(body)
    }

    /// Set by `--customers-format` / `--events-format`; otherwise the extension decides.
    private var forcedNDJSON: Bool?
    private var original: DataFile?

    /// The same bytes, read as the given format.
    public convenience init(reformatting file: DataFile, ndjson: Bool) {
        self.init(path: file.path, bytes: [])
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
