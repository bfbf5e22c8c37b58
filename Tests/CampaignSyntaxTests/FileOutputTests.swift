@testable import CampaignSyntax
import Foundation
import Testing

/// The one write path: interrupted and partial writes go on, failures come back as values,
/// and a file appears whole or not at all (docs/output.md).
@Suite struct FileOutputTests {
    /// A `write(2)` stand-in that answers from a script: a byte count, or -1 with an errno.
    final class ScriptedWrite {
        var script: [(count: Int, error: Int32)]
        var received: [UInt8] = []
        var waits = 0

        init(_ script: [(count: Int, error: Int32)]) { self.script = script }

        func write(_ pointer: UnsafeRawPointer, _ count: Int) -> Int {
            let (answer, error) = script.isEmpty ? (count, 0) : script.removeFirst()
            if answer < 0 {
                errno = error
                return -1
            }
            let taken = min(answer, count)
            received += UnsafeRawBufferPointer(start: pointer, count: taken)
            return taken
        }
    }

    static let bytes = Array("the whole schedule, every byte of it\n".utf8)

    @Test func interruptedAndPartialWritesAreRetriedUntilAllIsWritten() {
        let fake = ScriptedWrite([(-1, EINTR), (3, 0), (-1, EAGAIN), (-1, EINTR), (5, 0), (1, 0)])
        let code = Self.bytes.withUnsafeBytes { FileSystem.writeAll($0, using: fake.write, waitUntilWritable: { fake.waits += 1 }) }
        #expect(code == 0)
        #expect(fake.received == Self.bytes)
        #expect(fake.waits == 1)
    }

    /// A write that takes nothing and gives no reason would loop for ever: it is an I/O error.
    @Test func aWriteThatTakesNothingIsAnIOError() {
        let fake = ScriptedWrite([(0, 0), (0, 0)])
        #expect(Self.bytes.withUnsafeBytes { FileSystem.writeAll($0, using: fake.write, waitUntilWritable: {}) } == EIO)
    }

    @Test(arguments: [ENOSPC, EPIPE, EIO, EBADF, EFBIG])
    func aFailedWriteIsReturnedNotTrapped(_ error: Int32) {
        let fake = ScriptedWrite([(4, 0), (-1, error)])
        let code = Self.bytes.withUnsafeBytes { FileSystem.writeAll($0, using: fake.write, waitUntilWritable: {}) }
        #expect(code == error)
        #expect(fake.received == Array(Self.bytes.prefix(4)))
    }

    @Test func realDescriptorsReportFullDevicesAndClosedPipes() {
        let full = open("/dev/full", O_WRONLY)
        defer { close(full) }
        #expect(Self.bytes.withUnsafeBytes { FileSystem.writeAll($0, to: full) } == ENOSPC)
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        close(ends[0])
        let previous = signal(SIGPIPE, SIG_IGN)
        #expect(Self.bytes.withUnsafeBytes { FileSystem.writeAll($0, to: ends[1]) } == EPIPE)
        signal(SIGPIPE, previous)
        close(ends[1])
        #expect(WriteFailure(target: "standard output", code: ENOSPC).message == "cannot write to standard output: No space left on device")
    }

    static func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("atomic-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    @Test func aCommittedFileReplacesTheOldOneKeepingItsModeAndLink() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let target = folder + "/report.html", link = folder + "/link.html"
        try Data("old".utf8).write(to: URL(fileURLWithPath: target))
        chmod(target, 0o640)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "report.html")
        let file = try AtomicFile(path: link)
        try file.write(Array("new".utf8))
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "old", "nothing shows before the commit")
        try file.commit()
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "new")
        #expect(FileSystem.isSymbolicLink(link))
        #expect((try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int) == 0o640)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == ["link.html", "report.html"])
    }

    @Test func anUncommittedFileLeavesNothingBehind() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let file = try AtomicFile(path: folder + "/new.csv")
            try file.write(Array("half".utf8))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder).count == 1, "the temporary file")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [])
        #expect(throws: WriteFailure(target: folder + "/no/such/x.csv", code: ENOENT)) { try AtomicFile(path: folder + "/no/such/x.csv") }
        #expect(throws: WriteFailure(target: folder, code: EISDIR)) { try AtomicFile(path: folder) }
    }

    @Test func aDeviceIsWrittenDirectly() throws {
        let file = try AtomicFile(path: "/dev/full")
        #expect(throws: WriteFailure(target: "/dev/full", code: ENOSPC)) { try file.write(Self.bytes) }
        file.discard()
        var info = stat()
        #expect(stat("/dev/full", &info) == 0 && info.st_mode & S_IFMT == S_IFCHR, "still the device, not a renamed file")
    }
}
