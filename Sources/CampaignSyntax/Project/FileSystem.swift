#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file-system operations the front end needs, on POSIX calls: reading a
/// thousand small files through Foundation's enumerator and `Data` cost more than
/// lexing and parsing them.
public enum FileSystem {
    public enum Kind: Sendable { case file, directory, other }

    /// What is at a path (following symbolic links), or nil when nothing is.
    public static func kind(_ path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// Whether the path itself is a symbolic link.
    public static func isSymbolicLink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// The whole file, or nil when it cannot be opened or is not a regular file.
    public static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return readToEnd(descriptor, expected: max(Int(info.st_size), 0))
    }

    /// Everything on standard input (a pipe, a file, a terminal), or nil when it cannot be
    /// read (a folder, a closed descriptor).
    public static func readStandardInput() -> [UInt8]? {
        var info = stat()
        let regular = fstat(STDIN_FILENO, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
        return readToEnd(STDIN_FILENO, expected: regular ? max(Int(info.st_size), 0) : 65_535)
    }

    /// Reads until the end: straight into an array of the expected size, then, for a file
    /// that grows while being read or a pipe, in further rounds. Interrupted reads are retried.
    private static func readToEnd(_ descriptor: Int32, expected: Int) -> [UInt8]? {
        var capacity = expected + 1
        var bytes = [UInt8]()
        while true {
            var failed = false
            let before = bytes.count
            bytes += [UInt8](unsafeUninitializedCapacity: capacity) { buffer, initialized in
                initialized = 0
                guard let base = buffer.baseAddress else { return }
                while initialized < buffer.count {
                    let count = systemRead(descriptor, base + initialized, buffer.count - initialized)
                    if count < 0 {
                        if errno == EINTR { continue }
                        failed = true
                        return
                    }
                    if count == 0 { return }
                    initialized += count
                }
            }
            if failed { return nil }
            if bytes.count - before < capacity { break }
            capacity = 65_536
        }
        return bytes
    }

    /// Every `*.campaign` file below a folder, depth first, sorted by path bytes so the
    /// order is the same on every machine; hidden entries (`.git`, `.build`) are skipped.
    public static func campaignFiles(in folder: String) -> [String]? {
        guard kind(folder) == .directory else { return nil }
        var found: [String] = []
        walk(folder.hasSuffix("/") && folder.count > 1 ? String(folder.dropLast()) : folder, into: &found, depth: 0)
        return found.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// The entries of a folder (`.` and `..` included), each with its `d_type`, in the
    /// order the system lists them; nil when it cannot be opened.
    public static func entries(in folder: String) -> [(name: String, type: UInt8)]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var entries: [(name: String, type: UInt8)] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            entries.append((name, entry.pointee.d_type))
        }
        return entries
    }

    private static func walk(_ folder: String, into found: inout [String], depth: Int) {
        guard depth < 64, let entries = entries(in: folder) else { return }
        for (name, listedType) in entries {
            if name.hasPrefix(".") { continue }
            let path = folder + "/" + name
            var type = listedType
            if type == UInt8(DT_UNKNOWN) || type == UInt8(DT_LNK) {
                switch kind(path) {
                case .file?: type = UInt8(DT_REG)
                case .directory?: type = isSymbolicLink(path) ? UInt8(DT_UNKNOWN) : UInt8(DT_DIR)
                default: type = UInt8(DT_UNKNOWN)
                }
            }
            if type == UInt8(DT_DIR) {
                walk(path, into: &found, depth: depth + 1)
            } else if type == UInt8(DT_REG), name.hasSuffix(".campaign") {
                found.append(path)
            }
        }
    }

    /// The canonical absolute path (symbolic links resolved), or nil when it does not exist.
    public static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Up to `count` bytes from a descriptor into `buffer`, waiting for at least one; 0 at
    /// the end of input, -1 on an error. A read a signal interrupted is tried again.
    public static func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Int {
        while true {
            let result = systemRead(descriptor, buffer, count)
            if result < 0, errno == EINTR { continue }
            return result
        }
    }

    /// `read(2)`, named so it does not clash with `FileSystem.read`.
    private static func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #elseif canImport(Musl)
        Musl.read(descriptor, buffer, count)
        #else
        Darwin.read(descriptor, buffer, count)
        #endif
    }
}
