/// Where the server's incoming bytes come from: standard input, or a test's buffer.
public protocol ByteSource {
    /// Up to `limit` bytes, waiting for at least one; an empty array at the end of input.
    mutating func read(limit: Int) -> [UInt8]
    /// Whether a `read` would return at once (more input is already waiting).
    mutating func hasWaitingInput() -> Bool
}

/// One unit of input as the framing sees it (LSP base protocol: `Content-Length` headers,
/// a blank line, then exactly that many bytes of JSON).
public enum Frame: Sendable, Equatable {
    /// A whole body, not yet parsed.
    case body([UInt8])
    /// A header block that cannot be used (no `Content-Length`, a value that is not a
    /// number, a line that is not a header, too long): it is dropped, and reading goes on.
    case badHeader(String)
    /// The input ended; `truncated` when it ended inside a header or a body.
    case end(truncated: Bool)
}

/// Cuts a byte stream into frames. Never waits for bytes a header did not promise, and
/// never keeps more than one header block (8 KiB) and one body (64 MiB) in memory.
public struct MessageReader<Source: ByteSource> {
    public static var maxHeaderBytes: Int { 8_192 }
    public static var maxBodyBytes: Int { 64 << 20 }

    private var source: Source
    private var buffer: [UInt8] = []
    private var start = 0
    private var ended = false

    public init(source: Source) { self.source = source }

    /// Whether a whole frame, or more input, is already waiting.
    public mutating func hasWaitingInput() -> Bool {
        start < buffer.count || (!ended && source.hasWaitingInput())
    }

    public mutating func next() -> Frame {
        // The header block, up to its blank line.
        var terminator: Int?
        while true {
            terminator = headerEnd()
            if terminator != nil { break }
            if buffer.count - start > Self.maxHeaderBytes {
                let dropped = min(buffer.count, start + Self.maxHeaderBytes)
                start = dropped
                compact()
                return .badHeader("a header block longer than \(Self.maxHeaderBytes) bytes")
            }
            if !fill() {
                let truncated = start < buffer.count
                start = buffer.count
                return .end(truncated: truncated)
            }
        }
        guard let end = terminator else { return .end(truncated: false) }
        let header = buffer[start..<end]
        start = end + 4
        let length: Int
        switch Self.contentLength(header) {
        case .success(let value): length = value
        case .failure(let problem):
            compact()
            return .badHeader(problem.message)
        }
        while buffer.count - start < length {
            if !fill() {
                start = buffer.count
                return .end(truncated: true)
            }
        }
        let body = Array(buffer[start..<(start + length)])
        start += length
        compact()
        return .body(body)
    }

    struct HeaderProblem: Error { let message: String }

    /// The `Content-Length` of a header block; other headers (`Content-Type`) are accepted
    /// and ignored, as the protocol allows.
    static func contentLength(_ header: ArraySlice<UInt8>) -> Result<Int, HeaderProblem> {
        var length: Int?
        let text = String(decoding: header, as: UTF8.self)
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(HeaderProblem(message: "a header line without `:`"))
            }
            let name = line[..<colon].trimmingSpaces.lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces
            guard name == "content-length" else { continue }
            guard !value.isEmpty, value.utf8.count <= 10, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(value) else {
                return .failure(HeaderProblem(message: "Content-Length `\(value.prefix(20))` is not a number"))
            }
            guard number <= maxBodyBytes else {
                return .failure(HeaderProblem(message: "Content-Length \(number) is more than \(maxBodyBytes) bytes"))
            }
            length = number
        }
        guard let length else { return .failure(HeaderProblem(message: "no Content-Length header")) }
        return .success(length)
    }

    /// Where `\r\n\r\n` starts after `start`, if it is in the buffer.
    private func headerEnd() -> Int? {
        guard buffer.count - start >= 4 else { return nil }
        var index = start
        while index + 3 < buffer.count {
            if buffer[index] == 0x0D, buffer[index + 1] == 0x0A, buffer[index + 2] == 0x0D, buffer[index + 3] == 0x0A {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Reads more input; false at the end.
    private mutating func fill() -> Bool {
        guard !ended else { return false }
        let bytes = source.read(limit: 65_536)
        if bytes.isEmpty {
            ended = true
            return false
        }
        buffer += bytes
        return true
    }

    private mutating func compact() {
        if start > 65_536 || start == buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}

/// The frame of an outgoing message: its header and body.
public enum MessageWriter {
    public static func frame(_ body: String) -> [UInt8] {
        let bytes = Array(body.utf8)
        return Array("Content-Length: \(bytes.count)\r\n\r\n".utf8) + bytes
    }
}
