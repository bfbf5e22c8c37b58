import Foundation

/// Where a command writes, and what it knows of the terminal. Tests pass a capturing
/// console; `main` passes the process's standard streams.
public final class Console: @unchecked Sendable {
    public private(set) var output = ""
    public private(set) var errors = ""
    private let capturing: Bool
    public let stdoutIsTerminal: Bool
    public let stderrIsTerminal: Bool
    public let environment: [String: String]
    private var outBuffer: [UInt8] = []
    private let standardInput: () -> [UInt8]?

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
        standardInput = { FileHandle.standardInput.readDataToEndOfFile().withUnsafeBytes { [UInt8]($0) } }
    }

    public func write(_ text: String) {
        if capturing {
            output += text
        } else {
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
            bytes.withUnsafeBufferPointer { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Foundation.write(STDOUT_FILENO, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { break }
                    offset += written
                }
            }
        }
    }

    public func writeError(_ text: String) {
        if capturing {
            errors += text
        } else {
            flush()
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    public func flush() {
        guard !outBuffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(outBuffer))
        outBuffer.removeAll(keepingCapacity: true)
    }

    public func readStandardInput() -> [UInt8]? { standardInput() }

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
