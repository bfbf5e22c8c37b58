import CampaignSyntax

/// The state of one `campaign lsp` session and the handling of every message (LSP 3.17
/// over JSON-RPC 2.0). It never reads or writes streams itself: `ServerLoop` hands it
/// message bodies and sends what it passes to `send`, so tests drive it the same way.
///
/// Checking is deferred: a change marks its project stale, and the project is checked
/// when no more input is waiting (`checkStaleProjects`) or a request needs its results.
/// A burst of edits is therefore checked once, on its last version, and a published
/// result always carries the version it was computed from.
public final class LanguageServer {
    enum Phase { case uninitialized, running, shutDown }

    var phase = Phase.uninitialized
    var encoding = PositionEncoding.utf16
    /// Workspace folders, as normalized paths.
    var folders: [String] = []
    var documents: [String: OpenDocument] = [:]
    var analyses: [ProjectTarget: ProjectAnalysis] = [:]
    /// Each project's parses, reused for the files a change did not touch.
    var parseCaches: [ProjectTarget: ParseCache] = [:]
    var stale: Set<ProjectTarget> = []
    /// The diagnostics last published per URI, so unchanged files are not sent again.
    var published: [String: JSONValue] = [:]
    /// The sample data settings (`initializationOptions`, `workspace/didChangeConfiguration`).
    var settings = ServerSettings()
    /// The last plan of each campaign run from its code lens, shown in the lens title.
    var planSummaries: [String: String] = [:]
    /// The client can be asked to fetch code lenses again (`workspace/codeLens/refresh`).
    var canRefreshLenses = false
    /// Requests the server sent, numbered; their answers are ignored.
    var sentRequests = 0
    /// Which URIs each project published, so a file that leaves it is cleared.
    var publishedBy: [ProjectTarget: Set<String>] = [:]
    let send: (JSONValue) -> Void
    /// What `serverInfo` reports: the `campaign` command's version.
    let version: String
    /// Set by `exit`: 0 after `shutdown`, 1 without.
    public private(set) var exitStatus: Int32?

    public init(version: String = "unknown", send: @escaping (JSONValue) -> Void) {
        self.version = version
        self.send = send
    }

    // MARK: - Receiving

    /// Handles one message body; malformed or invalid messages are answered with the
    /// protocol's error codes, never dropped silently.
    public func receive(_ body: [UInt8]) {
        switch IncomingMessage.decode(body) {
        case .failure(let invalid):
            respond(id: invalid.id, error: invalid.error)
        case .success(.response):
            break
        case .success(.notification(let method, let params)):
            notify(method, params)
        case .success(.request(let id, let method, let params)):
            request(id, method, params)
        }
    }

    /// A header block that could not be used: its body is unknown, so the answer is a
    /// parse error with a null id (JSON-RPC 2.0 §5.1).
    public func receiveBadHeader(_ problem: String) {
        respond(id: .null, error: ResponseError(ResponseError.parseError, "bad message header: \(problem)"))
    }

    /// The input ended without `exit`: as if `exit` came (status 0 after `shutdown`, else 1).
    public func endOfInput() -> Int32 {
        exitStatus = exitStatus ?? (phase == .shutDown ? 0 : 1)
        return exitStatus ?? 1
    }

    private func notify(_ method: String, _ params: JSONValue?) {
        if method == "exit" {
            exitStatus = phase == .shutDown ? 0 : 1
            return
        }
        // Before `initialize`, notifications are dropped (LSP 3.17 "initialize").
        guard phase == .running else { return }
        switch method {
        case "initialized": stale.formUnion(folders.map { ProjectTarget.folder($0) })
        case "textDocument/didOpen": didOpen(params)
        case "textDocument/didChange": didChange(params)
        case "textDocument/didClose": didClose(params)
        case "textDocument/didSave", "workspace/didChangeWatchedFiles": stale.formUnion(analyses.keys)
        case "workspace/didChangeConfiguration": settings.update(params?["settings"])
        case "workspace/didChangeWorkspaceFolders": changeFolders(params?["event"])
        // `$/cancelRequest` and every other notification: requests are answered in order as
        // they arrive, so there is nothing left to cancel, and unknown notifications are
        // ignored as the protocol asks.
        default: break
        }
    }

    private func request(_ id: JSONValue, _ method: String, _ params: JSONValue?) {
        switch phase {
        case .uninitialized where method != "initialize":
            respond(id: id, error: ResponseError(ResponseError.serverNotInitialized, "the server is not initialized: send `initialize` first"))
            return
        case .running where method == "initialize":
            respond(id: id, error: ResponseError(ResponseError.invalidRequest, "`initialize` was already sent"))
            return
        case .shutDown:
            respond(id: id, error: ResponseError(ResponseError.invalidRequest, "the server is shutting down: only `exit` is accepted"))
            return
        default:
            break
        }
        do {
            guard let result = try answer(method, params) else {
                respond(id: id, error: ResponseError(ResponseError.methodNotFound, "unknown method `\(method)`"))
                return
            }
            respond(id: id, result: result)
        } catch {
            respond(id: id, error: error)
        }
    }

    /// The answer to a request, or nil when the method is unknown.
    private func answer(_ method: String, _ params: JSONValue?) throws(ResponseError) -> JSONValue? {
        switch method {
        case "initialize": try initialize(params)
        case "shutdown": shutdown()
        case "textDocument/formatting": try formatting(params)
        case "textDocument/documentSymbol": try documentSymbols(params)
        case "textDocument/foldingRange": try foldingRanges(params)
        case "textDocument/semanticTokens/full": try semanticTokens(params)
        case "textDocument/codeAction": try codeActions(params)
        case "textDocument/definition": try definition(params)
        case "textDocument/references": try references(params)
        case "textDocument/documentHighlight": try documentHighlights(params)
        case "workspace/symbol": try workspaceSymbols(params)
        case "textDocument/prepareRename": try prepareRename(params)
        case "textDocument/rename": try rename(params)
        case "textDocument/hover": try hover(params)
        case "textDocument/completion": try completion(params)
        case "textDocument/codeLens": try codeLenses(params)
        case "workspace/executeCommand": try executeCommand(params)
        default: nil
        }
    }

    // MARK: - Sending

    func respond(id: JSONValue, result: JSONValue) {
        send(.object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)]))
    }

    func respond(id: JSONValue, error: ResponseError) {
        send(.object([("jsonrpc", .string("2.0")), ("id", id), ("error", error.json)]))
    }

    /// A request to the client whose answer does not matter (a refresh).
    func requestClient(_ method: String) {
        sentRequests += 1
        send(.object([("jsonrpc", .string("2.0")), ("id", .string("campaign-\(sentRequests)")), ("method", .string(method))]))
    }

    func notifyClient(_ method: String, _ params: JSONValue) {
        send(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
    }
}
