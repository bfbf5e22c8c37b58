#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CampaignSyntax

/// Runs a `LanguageServer` over a byte source and an output: reads frames, hands them
/// to the server, writes what it sends, and checks stale projects whenever no input is
/// waiting. Returns the exit status (LSP 3.17 "exit": 0 after `shutdown`, 1 otherwise,
/// and 1 when the input ends or the output can no longer be written).
public enum ServerLoop {
    public static func run<Source: ByteSource>(input: Source, version: String = "unknown", write: @escaping ([UInt8]) -> Bool) -> Int32 {
        var writable = true
        let server = LanguageServer(version: version) { message in
            guard writable else { return }
            writable = write(MessageWriter.frame(message.serialized()))
        }
        var reader = MessageReader(source: input)
        while writable {
            if let status = server.exitStatus { return status }
            if !reader.hasWaitingInput() { server.checkStaleProjects() }
            switch reader.next() {
            case .body(let bytes): server.receive(bytes)
            case .badHeader(let problem): server.receiveBadHeader(problem)
            case .end: return server.endOfInput()
            }
        }
        return 1
    }

    /// Standard input to standard output, as `campaign lsp` runs.
    public static func runOnStandardStreams(version: String) -> Int32 {
        run(input: DescriptorSource(descriptor: STDIN_FILENO), version: version) { bytes in
            bytes.withUnsafeBytes { FileSystem.writeAll($0, to: STDOUT_FILENO) } == 0
        }
    }
}
