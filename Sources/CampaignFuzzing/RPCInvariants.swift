import CampaignLanguageServer
import CampaignSyntax
import Foundation

/// What must hold for any bytes sent to `campaign lsp` (docs/language.md §9.13): the
/// server, run in memory over them (`ServerLoop` with a `BufferSource`), ends with status
/// 0 or 1 and never traps; everything it writes is `Content-Length` frames whose bodies
/// are JSON-RPC 2.0 objects, each response with a result or an error, never both. (A
/// mutated session may send two requests with one id, so how often an id is answered is
/// not checked here; the transcript tests check one answer per request.)
public enum RPCInvariants {
    public struct Result {
        public let failures: [String]
        /// Frames the server wrote.
        public let frames: Int
    }

    public static func check(_ input: [UInt8]) -> Result {
        var output: [UInt8] = []
        let status = ServerLoop.run(input: BufferSource(input, chunk: 97)) { bytes in
            output += bytes
            return true
        }
        var failures: [String] = []
        if status != 0 && status != 1 { failures.append("exit status \(status), not 0 or 1") }
        let (bodies, problem) = frames(output)
        if let problem { failures.append(problem) }
        for body in bodies {
            // Foundation's reader, not the server's own (the thing under test).
            guard let members = (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] else {
                failures.append("a frame whose body is not a JSON object: \(String(decoding: body.prefix(200), as: UTF8.self))")
                continue
            }
            if members["jsonrpc"] as? String != "2.0" { failures.append("a frame without \"jsonrpc\": \"2.0\"") }
            if members["result"] != nil && members["error"] != nil { failures.append("a response with both a result and an error") }
            if members["method"] == nil, members["result"] == nil, members["error"] == nil { failures.append("a frame that is neither a message nor a response") }
        }
        return Result(failures: failures, frames: bodies.count)
    }

    /// The bodies of `Content-Length` frames, and what is wrong with the framing, if anything.
    static func frames(_ bytes: [UInt8]) -> ([[UInt8]], String?) {
        var bodies: [[UInt8]] = []
        var i = 0
        let separator = Array("\r\n\r\n".utf8)
        while i < bytes.count {
            guard let end = (i...(bytes.count - separator.count)).first(where: { bytes[$0..<($0 + 4)].elementsEqual(separator) }) else {
                return (bodies, "output ends inside a frame's header")
            }
            let header = String(decoding: bytes[i..<end], as: UTF8.self)
            guard header.hasPrefix("Content-Length: "), let length = Int(header.dropFirst("Content-Length: ".count)), end + 4 + length <= bytes.count else {
                return (bodies, "a frame header that is not `Content-Length: N` with N bytes after it: \(header.prefix(80))")
            }
            bodies.append(Array(bytes[(end + 4)..<(end + 4 + length)]))
            i = end + 4 + length
        }
        return (bodies, nil)
    }
}
