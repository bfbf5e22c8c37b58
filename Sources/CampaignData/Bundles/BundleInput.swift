import CampaignSyntax
#if canImport(Glibc)
import Glibc
#endif

/// Where customer bundles come from (docs/language.md §9.5, "Customer bundles"): a file or
/// standard input, read a chunk at a time through `BundleLines`, or bytes in memory
/// (tests). Unlike a `DataFile`, never read whole: bundles arrive through a pipe as often
/// as from a file (a Spark partition piped into the binary), and the input
/// may be larger than memory.
public final class BundleInput {
    /// The path diagnostics name: as given, or `<stdin>` for `-`.
    public let path: String
    private let source: Source
    /// How far into the in-memory bytes a read has come.
    private var consumed = 0

    private enum Source {
        /// A descriptor to read, and whether this input opened it (and so closes it).
        case descriptor(Int32, owned: Bool)
        case bytes([UInt8])
    }

    /// The process's standard input, named `<stdin>`.
    public static func standardInput() -> BundleInput { BundleInput(descriptor: STDIN_FILENO, path: "<stdin>") }

    private init(descriptor: Int32, path: String) {
        self.path = path
        source = .descriptor(descriptor, owned: false)
    }

    /// Opens `path`: any readable file but a folder (a named pipe will do).
    public init(path: String) throws(Diagnostic) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let reason = errno == ENOENT ? "no such file" : String(cString: strerror(errno))
            throw Diagnostic.data(DataCode.unreadable, file: path, line: 0, "cannot read the file: \(reason)")
        }
        var info = stat()
        if fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
            close(descriptor)
            throw Diagnostic.data(DataCode.unreadable, file: path, line: 0, "this is a folder; name a file of customer bundles (NDJSON)")
        }
        source = .descriptor(descriptor, owned: true)
    }

    /// Bundles already in memory, named `path` in diagnostics (tests, and standard input
    /// of a command run in a test's console).
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        source = .bytes(bytes)
    }

    deinit {
        if case .descriptor(let descriptor, owned: true) = source { close(descriptor) }
    }

    /// Reads at most `count` bytes into `buffer`: how many were read, 0 at the end of the
    /// input. A failed read is an I/O error (D0001); interrupted reads are retried.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(Diagnostic) -> Int {
        switch source {
        case .bytes(let bytes):
            let n = min(count, bytes.count - consumed)
            bytes.withUnsafeBufferPointer { source in
                if n > 0, let base = source.baseAddress { buffer.update(from: base + consumed, count: n) }
            }
            consumed += n
            return n
        case .descriptor(let descriptor, _):
            while true {
                let got = Glibc.read(descriptor, buffer, count)
                if got >= 0 { return got }
                if errno != EINTR { throw Diagnostic.data(DataCode.unreadable, file: path, line: 0, "cannot read the bundles: \(String(cString: strerror(errno)))") }
            }
        }
    }
}

/// The lines of a `BundleInput`, in order, through one reused buffer (1 MiB, doubled for a
/// longer line): what is in memory is the buffer and the line being read, never the input.
struct BundleLines: ~Copyable {
    private let input: BundleInput
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    /// The unread bytes are `buffer[start..<end]`.
    private var start = 0
    private var end = 0
    private var finished = false
    /// The number of the last line given (1-based).
    private(set) var line = 0

    init(_ input: BundleInput, bufferBytes: Int = 1 << 20) {
        self.input = input
        buffer = .allocate(capacity: max(16, bufferBytes))
    }

    deinit { buffer.deallocate() }

    /// Appends the next line (without its line feed) to `arena` and returns its number and
    /// where it is in `arena`, or nil at the end of the input.
    mutating func next(into arena: inout [UInt8]) throws(Diagnostic) -> (line: Int, range: Range<Int>)? {
        while true {
            if let base = buffer.baseAddress, start < end, let hit = memchr(base + start, 0x0A, end - start) {
                let lineEnd = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                return take(upTo: lineEnd, skipping: 1, into: &arena)
            }
            if finished {
                return start < end ? take(upTo: end, skipping: 0, into: &arena) : nil
            }
            try fill()
        }
    }

    private mutating func take(upTo lineEnd: Int, skipping: Int, into arena: inout [UInt8]) -> (line: Int, range: Range<Int>) {
        let first = arena.count
        arena.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[start..<lineEnd]))
        start = lineEnd + skipping
        line += 1
        return (line, first..<arena.count)
    }

    /// Moves the unread bytes to the front (doubling the buffer when they fill it) and
    /// reads more after them.
    private mutating func fill() throws(Diagnostic) {
        guard let base = buffer.baseAddress else {
            finished = true
            return
        }
        if start > 0 {
            if end > start { memmove(base, base + start, end - start) }
            end -= start
            start = 0
        }
        if end == buffer.count {
            let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
            if let target = larger.baseAddress { target.update(from: base, count: end) }
            buffer.deallocate()
            buffer = larger
        }
        guard let target = buffer.baseAddress else { return }
        let got = try input.read(into: target + end, count: buffer.count - end)
        if got == 0 { finished = true }
        end += got
    }
}
