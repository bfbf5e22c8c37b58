import CampaignSyntax

extension LanguageServer {
    /// `initialize`: the workspace folders, the position encoding, and what the server can do.
    func initialize(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let params, params.isObject else { throw .invalidParams("`initialize` needs an object of params") }
        let offered = params["capabilities"]?["general"]?["positionEncodings"]?.array?.compactMap(\.string) ?? []
        encoding = PositionEncoding.negotiate(offered)
        canRefreshLenses = params["capabilities"]?["workspace"]?["codeLens"]?["refreshSupport"]?.bool ?? false
        var found: [String] = []
        for folder in params["workspaceFolders"]?.array ?? [] {
            if let uri = folder["uri"]?.string, let path = DocumentURI.path(of: uri) { found.append(path) }
        }
        if found.isEmpty, let uri = params["rootUri"]?.string, let path = DocumentURI.path(of: uri) { found.append(path) }
        if found.isEmpty, let path = params["rootPath"]?.string, path.hasPrefix("/") { found.append(ProjectLoader.normalize(path)) }
        folders = found.filter { FileSystem.kind($0) == .directory }
        if let options = params["initializationOptions"], options.isObject { settings.update(options) }
        phase = .running
        return .object([
            ("capabilities", Self.capabilities(encoding)),
            ("serverInfo", .object([("name", .string("campaign")), ("version", .string(version))])),
        ])
    }

    func shutdown() -> JSONValue {
        phase = .shutDown
        return .null
    }

    /// What `initialize` advertises (docs/editors.md lists the same).
    static func capabilities(_ encoding: PositionEncoding) -> JSONValue {
        .object([
            ("positionEncoding", .string(encoding.rawValue)),
            ("textDocumentSync", .object([
                ("openClose", .bool(true)),
                ("change", .int(2)),
                ("save", .object([("includeText", .bool(false))])),
            ])),
            ("documentFormattingProvider", .bool(true)),
            ("documentSymbolProvider", .bool(true)),
            ("foldingRangeProvider", .bool(true)),
            ("hoverProvider", .bool(true)),
            ("completionProvider", .object([("triggerCharacters", .array([".", "(", "{", "|", "\""].map { .string($0) }))])),
            ("definitionProvider", .bool(true)),
            ("referencesProvider", .bool(true)),
            ("documentHighlightProvider", .bool(true)),
            ("workspaceSymbolProvider", .bool(true)),
            ("renameProvider", .object([("prepareProvider", .bool(true))])),
            ("codeActionProvider", .object([("codeActionKinds", .array([.string("quickfix")]))])),
            ("semanticTokensProvider", .object([
                ("legend", .object([
                    ("tokenTypes", .array(SemanticTokens.tokenTypes.map { .string($0) })),
                    ("tokenModifiers", .array(SemanticTokens.tokenModifiers.map { .string($0) })),
                ])),
                ("full", .bool(true)),
            ])),
            ("codeLensProvider", .object([("resolveProvider", .bool(false))])),
            ("executeCommandProvider", .object([("commands", .array([.string(LanguageServer.planCommand)]))])),
            ("workspace", .object([
                ("workspaceFolders", .object([("supported", .bool(true)), ("changeNotifications", .bool(true))])),
            ])),
        ])
    }
}
