import CampaignLanguageServer
import CampaignSyntax
import Foundation
import TestFixtures

/// A scripted client: framed messages go through the server's own framing and JSON
/// reader, in process, and what the server sends is parsed back. `idle()` stands for a
/// moment with no input waiting, when the server checks stale projects.
final class Transcript {
    private(set) var received: [JSONValue] = []
    private(set) var server: LanguageServer!
    private var nextID = 1

    init() {
        server = LanguageServer { [unowned self] message in
            // Every message goes out framed and is read back, as a client would.
            let framed = MessageWriter.frame(message.serialized())
            var reader = MessageReader(source: BufferSource(framed))
            guard case .body(let body) = reader.next(), case .success(let value) = JSONParser.parse(body) else {
                self.received.append(.string("unreadable output"))
                return
            }
            self.received.append(value)
        }
    }

    /// Sends raw bytes (one or more frames, or garbage) through the framing.
    func sendBytes(_ bytes: [UInt8]) {
        var reader = MessageReader(source: BufferSource(bytes))
        while true {
            switch reader.next() {
            case .body(let body): server.receive(body)
            case .badHeader(let problem): server.receiveBadHeader(problem)
            case .end: return
            }
        }
    }

    func sendRaw(_ json: String) {
        sendBytes(MessageWriter.frame(json))
    }

    /// Sends a request and returns the response to it.
    @discardableResult
    func request(_ method: String, _ params: String = "{}") -> JSONValue {
        let id = nextID
        nextID += 1
        sendRaw(#"{"jsonrpc":"2.0","id":\#(id),"method":"\#(method)","params":\#(params)}"#)
        return response(id) ?? .string("no response to \(method)")
    }

    func notify(_ method: String, _ params: String = "{}") {
        sendRaw(#"{"jsonrpc":"2.0","method":"\#(method)","params":\#(params)}"#)
    }

    func response(_ id: Int) -> JSONValue? {
        received.last { $0["id"]?.int == id && $0["method"] == nil }
    }

    func idle() { server.checkStaleProjects() }

    /// The `publishDiagnostics` params received for a URI, oldest first.
    func diagnostics(for uri: String) -> [JSONValue] {
        received.filter { $0["method"]?.string == "textDocument/publishDiagnostics" && $0["params"]?["uri"]?.string == uri }
            .compactMap { $0["params"] }
    }

    /// The codes of the newest diagnostics published for a URI.
    func codes(_ uri: String) -> [String] {
        diagnostics(for: uri).last?["diagnostics"]?.array?.compactMap { $0["code"]?.string } ?? []
    }

    /// `initialize` (with a workspace folder when given) and `initialized`.
    @discardableResult
    func start(folder: String? = nil, encodings: [String] = [], options: String = "null") -> JSONValue {
        let root = folder.map { "\"" + Transcript.uri($0) + "\"" } ?? "null"
        let offered = encodings.map { "\"\($0)\"" }.joined(separator: ",")
        let result = request("initialize", #"{"processId":null,"rootUri":\#(root),"capabilities":{"general":{"positionEncodings":[\#(offered)]}},"initializationOptions":\#(options)}"#)
        notify("initialized")
        return result
    }

    func open(_ uri: String, _ text: String, version: Int = 1) {
        notify("textDocument/didOpen", #"{"textDocument":{"uri":"\#(uri)","languageId":"campaign","version":\#(version),"text":\#(Transcript.quoted(text))}}"#)
    }

    func change(_ uri: String, version: Int, _ changes: String) {
        notify("textDocument/didChange", #"{"textDocument":{"uri":"\#(uri)","version":\#(version)},"contentChanges":\#(changes)}"#)
    }

    static func uri(_ path: String) -> String { "file://" + path }

    static func quoted(_ text: String) -> String { JSONValue.string(text).serialized() }

    static func position(_ line: Int, _ character: Int) -> String { #"{"line":\#(line),"character":\#(character)}"# }

    static func range(_ a: (Int, Int), _ b: (Int, Int)) -> String {
        #"{"start":\#(position(a.0, a.1)),"end":\#(position(b.0, b.1))}"#
    }

    /// The folder of this target's fixtures.
    static let fixtures = Repository.root.appendingPathComponent("Tests/CampaignLanguageServerTests/Fixtures").path

    /// A copy of a fixture folder in a fresh temporary folder (for tests that write).
    static func copy(_ folder: String) throws -> String {
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("lsp-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: folder, toPath: target.path)
        return FileSystem.canonical(target.path) ?? target.path
    }
}

extension JSONValue {
    /// The error code of a response, if it is an error.
    var errorCode: Int? { self["error"]?["code"]?.int }
}
