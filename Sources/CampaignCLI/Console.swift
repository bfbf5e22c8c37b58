import CampaignData
import CampaignSyntax
import Foundation

/// Where a command writes, and what it knows of the terminal. Tests pass a capturing
/// console; `main` passes the process's standard streams.
///
/// Standard output goes through one path: a buffer written with `write(2)` (retried when
/// interrupted, continued after a partial write). The first failed write is kept, later
/// output is dropped, and `finish` returns it for the command line to report
/// (docs/output.md). Standard error is written the same way; its failures cannot be
/// reported anywhere, so they are ignored, but they never stop the program.
///
/// Not `Sendable`: its buffers belong to the thread that runs the command, and the
/// compiler keeps them there.
public final class Console {
    public private(set) var output = ""
    public private(set) var errors = ""
    private let capturing: Bool
    public let stdoutIsTerminal: Bool
    public let stderrIsTerminal: Bool
    public let environment: [String: String]
    private var outBuffer: [UInt8] = []
    private let standardInput: () -> [UInt8]?
    /// The first write to standard output that failed; nothing more is written after it.
    public private(set) var outputFailure: WriteFailure?

    /// A console that keeps everything in memory; `terminal` pretends both streams are one.
    public init(environment: [String: String] = [:], standardInput: [UInt8]? = nil, terminal: Bool = false) {
        capturing = true
        stdoutIsTerminal = terminal
        stderrIsTerminal = terminal
        self.environment = environment
        self.standardInput = { standardInput }
    }

    /// The process's own streams.
    public static func process() -> Console {
        Console(processEnvironment: ProcessInfo.processInfo.environment)
    }

    private init(processEnvironment: [String: String]) {
        capturing = false
        stdoutIsTerminal = isatty(STDOUT_FILENO) != 0
        stderrIsTerminal = isatty(STDERR_FILENO) != 0
        environment = processEnvironment
        standardInput = { FileSystem.readStandardInput() }
    }

    public func write(_ text: String) {
        if capturing {
            output += text
        } else if outputFailure == nil {
            outBuffer.append(contentsOf: text.utf8)
            if outBuffer.count > 1 << 16 { flush() }
        }
    }

    /// Bytes already formatted (a large schedule), written without a `String` in between.
    public func write(bytes: [UInt8]) {
        if capturing {
            output += String(decoding: bytes, as: UTF8.self)
        } else {
            flush()
            bytes.withUnsafeBytes { writeOutput($0) }
        }
    }

    public func writeError(_ text: String) {
        if capturing {
            errors += text
        } else {
            flush()
            var text = text
            text.withUTF8 { _ = FileSystem.writeAll(UnsafeRawBufferPointer($0), to: STDERR_FILENO) }
        }
    }

    public func flush() {
        guard !outBuffer.isEmpty else { return }
        outBuffer.withUnsafeBytes { writeOutput($0) }
        outBuffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is left and closes standard output, where a late error (a file system
    /// that reports on close) shows too; the first failure of any write, or nil.
    public func finish() -> WriteFailure? {
        guard !capturing else { return nil }
        flush()
        if outputFailure == nil, close(STDOUT_FILENO) != 0, errno != EBADF {
            outputFailure = WriteFailure(target: "standard output", code: errno)
        }
        return outputFailure
    }

    private func writeOutput(_ bytes: UnsafeRawBufferPointer) {
        guard outputFailure == nil else { return }
        let code = FileSystem.writeAll(bytes, to: STDOUT_FILENO)
        if code != 0 { outputFailure = WriteFailure(target: "standard output", code: code) }
    }

    public func readStandardInput() -> [UInt8]? { standardInput() }

    /// Standard input as a stream of bundles: the process's, read a chunk at a time, or a
    /// capturing console's bytes.
    func standardInputBundles() -> BundleInput {
        capturing ? BundleInput(path: "<stdin>", bytes: standardInput() ?? []) : BundleInput.standardInput()
    }

    /// Columns for wrapping help text.
    public var width: Int {
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns >= 40 { return min(columns, 120) }
        return 80
    }

    /// Colour only on a terminal, never with `NO_COLOR` set or `TERM=dumb`, unless forced.
    public func useColor(_ choice: ColorChoice, forErrors: Bool) -> Bool {
        switch choice {
        case .always: return true
        case .never: return false
        case .auto:
            if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
            if environment["TERM"] == "dumb" { return false }
            return forErrors ? stderrIsTerminal : stdoutIsTerminal
        }
    }
}

/// `--color auto|always|never`.
public enum ColorChoice: String, Sendable, CaseIterable {
    case auto, always, never
}
