import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax

extension LanguageServer {
    /// The command the code lens runs (`workspace/executeCommand`), with arguments
    /// `[uri, campaign name]`.
    static let planCommand = "campaign.plan"

    /// `textDocument/codeLens`: "plan on sample data" above each campaign, or the counts
    /// of its last run.
    func codeLenses(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let context = try context(params) else { return .array([]) }
        var lenses: [JSONValue] = []
        for case .campaign(let decl) in context.analysis.project[context.file].declarations {
            let title = planSummaries[decl.name.name].map { "▶ \($0)" } ?? "▶ plan on sample data"
            lenses.append(.object([
                ("range", context.map.range(decl.name.span)),
                ("command", .object([
                    ("title", .string(title)),
                    ("command", .string(Self.planCommand)),
                    ("arguments", .array([.string(context.uri), .string(decl.name.name)])),
                ])),
            ]))
        }
        return .array(lenses)
    }

    /// `workspace/executeCommand` for `campaign.plan`: plans one campaign on the sample
    /// data as `campaign plan --campaign NAME` would, and answers with what happened
    /// (also shown with `window/showMessage`, and in the lens title from then on).
    func executeCommand(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let command = params?["command"]?.string else { throw .invalidParams("missing `command`") }
        guard command == Self.planCommand else { throw .invalidParams("unknown command `\(command)`; the server runs `\(Self.planCommand)`") }
        guard let arguments = params?["arguments"]?.array, arguments.count == 2, let uri = arguments[0].string, let name = arguments[1].string else {
            throw .invalidParams("`\(Self.planCommand)` takes two arguments: the document's URI and a campaign name")
        }
        guard let context = try context(.object([("textDocument", .object([("uri", .string(uri))]))])) else {
            throw .failed("unknown document \(uri)")
        }
        guard let checked = context.analysis.checked, !context.analysis.diagnostics.hasErrors else {
            throw .failed("the project has errors; fix them before planning")
        }
        guard checked.table.campaigns[name] != nil else { throw .failed("no campaign named `\(name)`") }
        let folder: String? = if case .folder(let path) = target(of: self.path(ofURI: uri)) { path } else { nil }
        let sample: SampleData
        switch settings.sampleData(folder: folder ?? ProjectLoader.directoryOf(self.path(ofURI: uri))) {
        case .success(let found): sample = found
        case .failure(let error): throw error
        }
        let counts = try Self.plan(name, table: checked.table, sample: sample)
        let summary = "entered \(counts.entered) · sent \(counts.sent) · suppressed \(counts.suppressed) (\(sample.fromText) to \(sample.toText))"
        planSummaries[name] = summary
        notifyClient("window/showMessage", .object([("type", .int(3)), ("message", .string("\(name): \(summary)"))]))
        if canRefreshLenses { requestClient("workspace/codeLens/refresh") }
        return .object([
            ("campaign", .string(name)),
            ("entered", .int(counts.entered)),
            ("sent", .int(counts.sent)),
            ("suppressed", .int(counts.suppressed)),
            ("summary", .string(summary)),
        ])
    }

    func path(ofURI uri: String) -> String {
        documents[uri].map { path(of: $0) } ?? DocumentURI.path(of: uri) ?? uri
    }

    /// Reads the sample data for one campaign (only the columns it uses, `DataUse`) and
    /// plans it; the counts of its entries, sends and suppressions.
    static func plan(_ campaign: String, table: DeclarationTable, sample: SampleData) throws(ResponseError) -> (entered: Int, sent: Int, suppressed: Int) {
        var options = ReadOptions(threads: 1)
        options.use = DataUse.of(campaigns: [campaign], segments: [], in: table)
        let customers: DataFile, events: DataFile
        do {
            customers = try DataFile(path: sample.customers)
            events = try DataFile(path: sample.events)
        } catch {
            throw .failed("cannot read the sample data: \(error.message)")
        }
        let outcome = DatasetLoader.load(table: table, customers: customers, events: events, options: options)
        guard let dataset = outcome.dataset else {
            let first = outcome.logs.flatMap(\.issues).first { $0.severity == .error }
            throw .failed("the sample data has errors" + (first.map { ": \($0.message)" } ?? ""))
        }
        var planOptions = PlanOptions(from: sample.from, to: sample.to)
        planOptions.campaigns = [campaign]
        planOptions.threads = 1
        let plan = Planner.plan(dataset, options: planOptions)
        var entered = 0, sent = 0, suppressed = 0
        for row in plan.rows {
            switch row.action {
            case .enter: entered += 1
            case .send: sent += 1
            case .suppress: suppressed += 1
            default: break
            }
        }
        return (entered, sent, suppressed)
    }
}
