import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Why a plan's spilled rows could not be written or read back: the folder could not be
/// made, the disk is full, a run came back short. `campaign plan` reports it as an I/O
/// error (exit 2), never as a shorter schedule.
public struct SpillError: Error, Sendable {
    public let message: String

    init(_ what: String, _ path: String, code: Int32) {
        message = "\(what) '\(path)': \(String(cString: strerror(code)))"
    }

    init(message: String) { self.message = message }
}

/// The temporary folder a plan spills its sorted runs into (`campaign-plan-XXXXXX` under
/// the folder given, `TMPDIR` for the CLI), made on the first spill and removed with
/// everything in it when the plan is written or fails, or when the process is interrupted
/// (`removeEvery`, which the CLI calls on SIGINT, SIGTERM and SIGHUP: a run stopped with
/// Ctrl-C would otherwise leave gigabytes of runs behind).
public final class SpillFolder: Sendable {
    let parent: String
    /// The folder once made, and how many run files were named in it.
    private let state = Mutex<(path: String?, files: Int)>((nil, 0))

    init(parent: String) { self.parent = parent }

    /// The folders made and not yet removed; none is made once `removeEvery` has run.
    private static let live = Mutex<(folders: [ObjectIdentifier: SpillFolder], closed: Bool)>(([:], false))

    /// Removes every spill folder of the process, and makes any later spill fail: for an
    /// interrupted run, just before it ends.
    public static func removeEvery() {
        let folders = live.withLock { live in
            live.closed = true
            defer { live.folders = [:] }
            return Array(live.folders.values)
        }
        for folder in folders { folder.remove() }
    }

    /// A new file's path in the folder, made if it is not yet.
    func newFile() throws(SpillError) -> String {
        let parent = parent
        let named: Result<String, SpillError> = state.withLock { state in
            if state.path == nil {
                let open = Self.live.withLock { live in
                    if !live.closed { live.folders[ObjectIdentifier(self)] = self }
                    return !live.closed
                }
                guard open else {
                    // The process is ending by its signal (`removeEvery`'s caller raises it
                    // next): waiting keeps this thread from reporting an error first.
                    sleep(5)
                    return .failure(SpillError(message: "the run was interrupted"))
                }
                var template = Array((parent.hasSuffix("/") ? parent : parent + "/").utf8CString.dropLast()) + Array("campaign-plan-XXXXXX".utf8CString)
                guard mkdtemp(&template) != nil else {
                    return .failure(SpillError("cannot make a folder for the plan's spilled rows in", parent, code: errno))
                }
                state.path = String(cString: template)
            }
            state.files += 1
            return .success((state.path ?? parent) + "/run-\(state.files)")
        }
        return try named.get()
    }

    /// Removes the folder and its runs (nothing when none was spilled).
    func remove() {
        state.withLock { state in
            guard let folder = state.path else { return }
            for i in 1...max(1, state.files) { unlink(folder + "/run-\(i)") }
            rmdir(folder)
            state.path = nil
        }
        _ = Self.live.withLock { $0.folders.removeValue(forKey: ObjectIdentifier(self)) }
    }
}

/// Writes one sorted run to a file, each row followed by its detail's bytes if it has any.
struct RunFileWriter {
    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private(set) var rows = 0

    init(path: String) throws(SpillError) {
        self.path = path
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SpillError("cannot write the plan's spilled rows to", path, code: errno) }
        buffer.reserveCapacity(1 << 20)
    }

    mutating func append(_ row: CompactRow, detail: UnsafeRawBufferPointer) throws(SpillError) {
        withUnsafeBytes(of: row) { buffer.append(contentsOf: $0) }
        if row.detail < DetailCoding.firstCode { buffer.append(contentsOf: detail) }
        rows += 1
        if buffer.count >= 1 << 20 { try flush() }
    }

    mutating func append(_ rows: CompactRows) throws(SpillError) {
        for row in rows.rows {
            try rows.withDetail(row) { (detail) throws(SpillError) in try append(row, detail: detail) }
        }
    }

    private mutating func flush() throws(SpillError) {
        var written = 0
        let code: Int32 = buffer.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return 0 }
            while written < bytes.count {
                let n = Glibc.write(descriptor, base + written, bytes.count - written)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                written += n
            }
            return 0
        }
        guard code == 0 else { throw SpillError("cannot write the plan's spilled rows to", path, code: code) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes the file: the run, for `RunCursor`.
    /// Writes what is buffered and closes the file: the run, for `RunCursor`. `close` can
    /// report a deferred write error (NFS, some full disks): checked before the run is trusted.
    mutating func finish() throws(SpillError) -> SortedRun {
        do {
            try flush()
        } catch {
            close(descriptor)
            throw error
        }
        guard close(descriptor) == 0 else { throw SpillError("cannot write the plan's spilled rows to", path, code: errno) }
        return .file(path: path, rows: rows)
    }
}

/// A sorted run of rows, in memory or spilled to a file.
enum SortedRun: Sendable {
    case memory(CompactRows)
    case file(path: String, rows: Int)

    var count: Int {
        switch self {
        case .memory(let rows): rows.count
        case .file(_, let rows): rows
        }
    }
}
