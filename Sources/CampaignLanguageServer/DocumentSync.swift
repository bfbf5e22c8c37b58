import CampaignSyntax

extension LanguageServer {
    // MARK: - Open documents

    func didOpen(_ params: JSONValue?) {
        guard let item = params?["textDocument"], let uri = item["uri"]?.string, let text = item["text"]?.string else { return }
        let document = OpenDocument(uri: uri, path: DocumentURI.path(of: uri), version: item["version"]?.int ?? 0, bytes: Array(text.utf8))
        documents[uri] = document
        stale.insert(target(of: document))
    }

    /// Applies the changes in order; a change that cannot be read (no `text`) stops the
    /// rest, since later ranges refer to the text it would have made.
    func didChange(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.string, var document = documents[uri] else { return }
        for change in params?["contentChanges"]?.array ?? [] {
            guard document.apply(change, encoding: encoding) else { break }
        }
        if let version = params?["textDocument"]?["version"]?.int { document.version = version }
        documents[uri] = document
        stale.insert(target(of: document))
    }

    func didClose(_ params: JSONValue?) {
        guard let uri = params?["textDocument"]?["uri"]?.string, let document = documents.removeValue(forKey: uri) else { return }
        let target = target(of: document)
        if case .folder = target {
            // The file on disk takes the buffer's place.
            stale.insert(target)
        } else {
            // A file outside the workspace is no project once closed: its diagnostics go.
            analyses[target] = nil
            parseCaches[target] = nil
            stale.remove(target)
            for cleared in publishedBy.removeValue(forKey: target) ?? [] { publish(uri: cleared, diagnostics: [], version: nil) }
        }
    }

    func changeFolders(_ event: JSONValue?) {
        for removed in event?["removed"]?.array ?? [] {
            guard let uri = removed["uri"]?.string, let path = DocumentURI.path(of: uri) else { continue }
            folders.removeAll { $0 == path }
            let target = ProjectTarget.folder(path)
            analyses[target] = nil
            parseCaches[target] = nil
            stale.remove(target)
            for cleared in publishedBy.removeValue(forKey: target) ?? [] { publish(uri: cleared, diagnostics: [], version: nil) }
        }
        for added in event?["added"]?.array ?? [] {
            guard let uri = added["uri"]?.string, let path = DocumentURI.path(of: uri), FileSystem.kind(path) == .directory,
                  !folders.contains(path) else { continue }
            folders.append(path)
            stale.insert(.folder(path))
        }
        stale.formUnion(documents.values.map { target(of: $0) })
    }

    // MARK: - Projects

    /// The project a path belongs to: the innermost workspace folder holding it, else
    /// the file alone (with its imports). A buffer with no file on disk yet is checked
    /// alone too: a folder's project is the files found in it, as `check FOLDER` finds them.
    func target(of path: String) -> ProjectTarget {
        guard FileSystem.kind(path) == .file else { return .file(path) }
        let holding = folders.filter { path.hasPrefix($0.hasSuffix("/") ? $0 : $0 + "/") }
        if let folder = holding.max(by: { $0.utf8.count < $1.utf8.count }) { return .folder(folder) }
        return .file(path)
    }

    func target(of document: OpenDocument) -> ProjectTarget {
        target(of: path(of: document))
    }

    /// The path a document is checked under: its file's, or for a buffer with no file
    /// (`untitled:`) its URI, which no import can name.
    func path(of document: OpenDocument) -> String {
        document.path ?? document.uri
    }

    /// The open buffers by path: what the loader reads instead of the disk.
    var overlay: [String: [UInt8]] {
        var result: [String: [UInt8]] = [:]
        for document in documents.values { result[path(of: document)] = document.bytes }
        return result
    }

    /// Checks every stale project and publishes what changed. Called when no input is
    /// waiting, and before a request reads a project's results.
    public func checkStaleProjects() {
        for target in stale.sorted(by: { "\($0)" < "\($1)" }) { checkNow(target) }
    }

    @discardableResult
    func checkNow(_ target: ProjectTarget) -> ProjectAnalysis {
        stale.remove(target)
        if parseCaches[target] == nil { parseCaches[target] = ParseCache() }
        let analysis = ProjectAnalysis.check(target, overlay: overlay, cache: parseCaches[target])
        analyses[target] = analysis
        publish(analysis, for: target)
        return analysis
    }

    /// The current analysis of a project, checked first when stale.
    func analysis(_ target: ProjectTarget) -> ProjectAnalysis {
        if !stale.contains(target), let known = analyses[target] { return known }
        return checkNow(target)
    }

    // MARK: - Publishing

    private func publish(_ analysis: ProjectAnalysis, for target: ProjectTarget) {
        let uriByPath = Dictionary(documents.values.map { (path(of: $0), $0.uri) }, uniquingKeysWith: { a, _ in a })
        let uriOf = { (path: String) in uriByPath[path] ?? DocumentURI.uri(of: path) }
        var sent: Set<String> = []
        for (path, diagnostics) in analysis.diagnosticsByPath.sorted(by: { $0.key < $1.key }) {
            let uri = uriOf(path)
            sent.insert(uri)
            let items = diagnostics.compactMap {
                DiagnosticConversion.json($0, sources: analysis.project.sources, encoding: encoding, uri: uriOf)
            }
            publish(uri: uri, diagnostics: items, version: documents[uri]?.version)
        }
        for gone in (publishedBy[target] ?? []).subtracting(sent) { publish(uri: gone, diagnostics: [], version: nil) }
        publishedBy[target] = sent
    }

    /// Sends `publishDiagnostics` when the list differs from the last one sent for the
    /// URI, or when an open document's version moved on (the client then knows the
    /// result is for its newest text).
    private func publish(uri: String, diagnostics: [JSONValue], version: Int?) {
        var members: [(String, JSONValue)] = [("uri", .string(uri))]
        if let version { members.append(("version", .int(version))) }
        members.append(("diagnostics", .array(diagnostics)))
        let params = JSONValue.object(members)
        guard published[uri] != params else { return }
        if diagnostics.isEmpty, published[uri] == nil, version == nil { return }
        published[uri] = params
        notifyClient("textDocument/publishDiagnostics", params)
    }

    // MARK: - Requests about one document

    /// The document a request names, in its checked project: the analysis, the file's
    /// id and text, and how to turn its positions into offsets.
    struct DocumentContext {
        let analysis: ProjectAnalysis
        let file: FileID
        let source: SourceFile
        let map: PositionMap
        let uri: String
    }

    /// The `textDocument.uri` of a request's params.
    func documentURI(_ params: JSONValue?) throws(ResponseError) -> String {
        guard let uri = params?["textDocument"]?["uri"]?.string else {
            throw .invalidParams("missing `textDocument.uri`")
        }
        return uri
    }

    /// The context of a request's document, or nil when the server does not know it
    /// (not open and not a file of a workspace project): such requests get an empty answer.
    func context(_ params: JSONValue?) throws(ResponseError) -> DocumentContext? {
        let uri = try documentURI(params)
        let path = documents[uri].map { self.path(of: $0) } ?? DocumentURI.path(of: uri)
        guard let path else { return nil }
        let target = target(of: path)
        // A file of a workspace folder is known whether open or not; another only once open.
        var inFolder = false
        if case .folder = target { inFolder = true }
        guard documents[uri] != nil || inFolder || analyses[target] != nil else { return nil }
        let analysis = analysis(target)
        guard let (file, source) = analysis.source(path) else { return nil }
        return DocumentContext(analysis: analysis, file: file, source: source, map: PositionMap(source: source, encoding: encoding), uri: uri)
    }

    /// The `position` of a request's params.
    func position(_ params: JSONValue?) throws(ResponseError) -> Position {
        guard let position = Position(params?["position"]) else {
            throw .invalidParams("missing or invalid `position` (0-based `line` and `character`)")
        }
        return position
    }
}
