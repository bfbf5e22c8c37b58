#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CampaignSyntax

/// A file descriptor (standard input) as a `ByteSource`: `FileSystem.readSome`, and
/// `poll(2)` to see whether input is waiting.
public struct DescriptorSource: ByteSource {
    let descriptor: Int32

    public init(descriptor: Int32) { self.descriptor = descriptor }

    public mutating func read(limit: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: max(1, limit))
        let count = bytes.withUnsafeMutableBytes { raw in
            raw.baseAddress.map { FileSystem.readSome(descriptor, into: $0, count: raw.count) } ?? 0
        }
        guard count > 0 else { return [] }
        bytes.removeLast(bytes.count - count)
        return bytes
    }

    public mutating func hasWaitingInput() -> Bool {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        return poll(&request, 1, 0) > 0
    }
}

/// Bytes held in memory as a `ByteSource`, handed out in chunks of at most `chunk`
/// bytes (tests cut messages at every boundary this way).
public struct BufferSource: ByteSource {
    private let bytes: [UInt8]
    private var offset = 0
    private let chunk: Int

    public init(_ bytes: [UInt8], chunk: Int = 65_536) {
        self.bytes = bytes
        self.chunk = max(1, chunk)
    }

    public mutating func read(limit: Int) -> [UInt8] {
        let end = min(bytes.count, offset + min(limit, chunk))
        defer { offset = end }
        return Array(bytes[offset..<end])
    }

    public mutating func hasWaitingInput() -> Bool { offset < bytes.count }
}
