#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A write that did not happen: where to (a file's path, or "standard output") and the
/// system's reason. The command line reports it and exits 2 (docs/output.md).
public struct WriteFailure: Error, Sendable, Equatable {
    /// What was being written, in the user's words: `standard output` or a path.
    public let target: String
    /// The `errno` of the failed call.
    public let code: Int32

    public init(target: String, code: Int32) {
        self.target = target
        self.code = code
    }

    /// The reader of a pipe went away (`| head -1`): the rest is not wanted, nothing is wrong.
    public var isBrokenPipe: Bool { code == EPIPE }

    /// "No space left on device".
    public var reason: String { String(cString: strerror(code)) }

    /// "cannot write to standard output: No space left on device".
    public var message: String { "cannot write to \(target): \(reason)" }
}

extension FileSystem {
    /// Writes all of `bytes` to a descriptor with `write(2)`; 0, or the `errno` that stopped
    /// it. Never traps, whatever the descriptor is (closed, a full device, a closed pipe).
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
        writeAll(bytes, using: { write(descriptor, $0, $1) }, waitUntilWritable: {
            var request = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
            _ = poll(&request, 1, -1)
        })
    }

    /// The loop of `writeAll`, with the system call passed in (so a test can interrupt it):
    /// a write a signal interrupted (EINTR) is tried again, a partial write goes on with the
    /// rest, a full non-blocking descriptor (EAGAIN) is waited for.
    static func writeAll(_ bytes: UnsafeRawBufferPointer, using write: (UnsafeRawPointer, Int) -> Int,
                         waitUntilWritable: () -> Void) -> Int32 {
        guard let base = bytes.baseAddress else { return 0 }
        var offset = 0
        while offset < bytes.count {
            let written = write(base + offset, bytes.count - offset)
            if written > 0 {
                offset += written
                continue
            }
            let code = written < 0 ? errno : EIO
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: waitUntilWritable()
            default: return code
            }
        }
        return 0
    }

    /// Creates a folder and the folders above it that are missing (`mkdir -p`).
    public static func makeDirectories(_ path: String) throws(WriteFailure) {
        if kind(path) == .directory { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if kind(prefix) != .directory, mkdir(prefix, 0o777) != 0, errno != EEXIST {
                throw WriteFailure(target: path, code: errno)
            }
            if kind(prefix) != .directory { throw WriteFailure(target: path, code: ENOTDIR) }
            prefix += "/"
        }
    }
}

/// A file that appears whole or not at all: written to a temporary file in the same folder
/// and renamed over the path by `commit`, so a full disk or any other failure leaves no
/// empty or partial file (an existing file keeps its old contents and its permissions).
/// A path that names a device or a pipe (`/dev/stdout`) is written directly. Dropped
/// without `commit`, the temporary file is removed.
public final class AtomicFile {
    /// The path as the user named it, for messages.
    public let path: String
    private let destination: String
    private let temporary: String?
    private var descriptor: Int32
    private var finished = false

    public init(path: String) throws(WriteFailure) {
        self.path = path
        var info = stat()
        let exists = stat(path, &info) == 0
        if exists, info.st_mode & S_IFMT == S_IFDIR { throw WriteFailure(target: path, code: EISDIR) }
        if exists, info.st_mode & S_IFMT != S_IFREG {
            destination = path
            temporary = nil
            descriptor = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC)
            if descriptor < 0 { throw WriteFailure(target: path, code: errno) }
            return
        }
        // A symbolic link is replaced at its target, as an editor saving through it would.
        let target = exists ? (FileSystem.canonical(path) ?? path) : path
        let slash = target.lastIndex(of: "/")
        let folder = slash.map { String(target[...$0]) } ?? ""
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        let mode: mode_t = exists ? info.st_mode & 0o7777 : 0o666
        var attempt = 0
        var candidate = ""
        var opened: Int32 = -1
        while opened < 0 {
            candidate = folder + "." + name + ".tmp-\(getpid())-\(attempt)"
            opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if opened < 0 {
                guard errno == EEXIST, attempt < 100 else { throw WriteFailure(target: path, code: errno) }
                attempt += 1
            }
        }
        // The umask narrowed the mode of the new file; a replaced file keeps its own.
        if exists { _ = fchmod(opened, mode) }
        destination = target
        temporary = candidate
        descriptor = opened
    }

    public func write(_ bytes: [UInt8]) throws(WriteFailure) {
        let code = bytes.withUnsafeBytes { FileSystem.writeAll($0, to: descriptor) }
        if code != 0 { throw WriteFailure(target: path, code: code) }
    }

    /// Makes the file appear: flushed to the disk (where a late write error shows), closed,
    /// renamed into place. On failure the temporary file is removed.
    public func commit() throws(WriteFailure) {
        guard !finished else { return }
        finished = true
        guard let temporary else {
            if close(descriptor) != 0 { throw WriteFailure(target: path, code: errno) }
            return
        }
        var code: Int32 = 0
        if fsync(descriptor) != 0 { code = errno }
        if close(descriptor) != 0, code == 0 { code = errno }
        if code == 0, rename(temporary, destination) != 0 { code = errno }
        if code != 0 {
            unlink(temporary)
            throw WriteFailure(target: path, code: code)
        }
    }

    /// Gives up: the temporary file is removed and the path left as it was.
    public func discard() {
        guard !finished else { return }
        finished = true
        close(descriptor)
        if let temporary { unlink(temporary) }
    }

    deinit { discard() }
}
