@testable import CampaignData
import Foundation
import CampaignSyntax
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A data file that another process truncates while we read it: never a crash (a mapped
/// file raised SIGBUS on the first page past its new end), an I/O error (D0001) at the
/// window that meets the new end, whether it shrank before the read or between windows.
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

    /// The problems of reading `file` as customers with the columns `id,email`, in windows
    /// of `window` bytes.
    static func readIssues(_ file: DataFile, window: Int) throws -> [Diagnostic] {
        let (table, errors) = DataSupport.table("customer { id: id  email: email? }\n")
        let checked = try #require(table, "\(errors)")
        var options = ReadOptions(threads: 2)
        options.windowBytes = window
        options.readAheadWindows = 1
        options.minimumPartBytes = 0
        let (store, log) = CustomerReader.read(file, table: checked, options: options)
        #expect(store == nil)
        return log.issues
    }

    @Test func aFileTruncatedAfterOpeningIsAnIOErrorWhenRead() throws {
        try Self.withFile(megabytes: 3) { path, written in
            let file = try DataFile(path: path)
            #expect(truncate(path, 0) == 0)
            #expect(file.count == written.count)
            let issues = try Self.readIssues(file, window: 1 << 20)
            #expect(issues.map(\.dataText) == ["\(path): error: the file shrank while it was read: it had \(written.count) bytes when opened, and ended at byte 0; read it when nothing is writing it [D0001]"])
        }
    }

    /// The file shrinks after its first windows are read: the next window's read is short.
    @Test(arguments: [1, 3])
    func aFileThatShrinksBetweenWindowsIsAnIOError(_ windowsBeforeShrinking: Int) throws {
        try Self.withFile(megabytes: 4) { path, written in
            let reads = Atomic<Int>(0)
            let window = 256 << 10
            let readAt: DataFile.ReadAt = { descriptor, buffer, count, offset in
                // Another process truncates the file once some windows are read.
                if reads.add(1, ordering: .relaxed).newValue > windowsBeforeShrinking { _ = truncate(path, 1_000_000) }
                return pread(descriptor, buffer, count, off_t(offset))
            }
            let file = try DataFile(path: path, standardInput: { nil }, readAt: readAt)
            let issues = try Self.readIssues(file, window: window)
            #expect(issues.map(\.dataText) == ["\(path): error: the file shrank while it was read: it had \(written.count) bytes when opened, and ended at byte 1000000; read it when nothing is writing it [D0001]"])
        }
    }

    @Test func aFailedReadSaysWhy() throws {
        try Self.withFile(megabytes: 1) { path, _ in
            let readAt: DataFile.ReadAt = { _, _, _, _ in
                errno = EIO
                return -1
            }
            let file = try DataFile(path: path, standardInput: { nil }, readAt: readAt)
            let issues = try Self.readIssues(file, window: 1 << 20)
            #expect(issues.map(\.dataText) == ["\(path): error: cannot read the file: Input/output error [D0001]"])
        }
    }
}
