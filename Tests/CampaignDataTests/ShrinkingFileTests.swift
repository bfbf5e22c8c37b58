@testable import CampaignData
import Foundation
import CampaignSyntax
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A data file that another process truncates while we hold it: never a crash (a mapped
/// file raised SIGBUS on the first page past its new end), either the bytes as they were
/// when the file was opened or, when it shrinks during the read itself, an I/O error.
@Suite struct ShrinkingFileTests {
    /// A file of `megabytes` MiB of customer-like lines, removed after `body`.
    static func withFile<R>(megabytes: Int, _ body: (String, [UInt8]) throws -> R) throws -> R {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("shrinking-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let line = "c1,someone@example.com\n"
        let bytes = Array(("id,email\n" + String(repeating: line, count: (megabytes << 20) / line.utf8.count)).utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return try body(path, bytes)
    }

    @Test func aFileTruncatedAfterOpeningIsReadAsItWas() throws {
        try Self.withFile(megabytes: 3) { path, written in
            let file = try DataFile(path: path)
            #expect(truncate(path, 0) == 0)
            #expect(file.count == written.count)
            #expect(file.withBytes { $0.elementsEqual(written) })
        }
    }

    @Test func aFileThatShrinksWhileItIsReadIsAnIOError() throws {
        try Self.withFile(megabytes: 4) { path, written in
            let readAt: DataFile.ReadAt = { descriptor, buffer, count, offset in
                // Another process truncates the file once the read has started.
                _ = truncate(path, 1_000)
                return pread(descriptor, buffer, count, off_t(offset))
            }
            #expect {
                _ = try DataFile(path: path, standardInput: { nil }, readAt: readAt)
            } throws: { error in
                guard let issue = error as? Diagnostic else { return false }
                return issue.code == DataCode.unreadable
                    && issue.dataText == "\(path): error: the file shrank while it was read: it had \(written.count) bytes when opened, and ended at byte 1000; read it when nothing is writing it [D0001]"
            }
        }
    }

    @Test func aFailedReadSaysWhy() throws {
        try Self.withFile(megabytes: 1) { path, _ in
            let readAt: DataFile.ReadAt = { _, _, _, _ in
                errno = EIO
                return -1
            }
            #expect {
                _ = try DataFile(path: path, standardInput: { nil }, readAt: readAt)
            } throws: { error in
                (error as? Diagnostic)?.dataText == "\(path): error: cannot read the file: Input/output error [D0001]"
            }
        }
    }
}
