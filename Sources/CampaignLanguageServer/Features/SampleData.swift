import CampaignData
import CampaignSyntax

/// The dataset the "plan on sample data" code lens runs the planner on:
///
/// ```json
/// { "sampleData": { "customers": "data/customers.csv", "events": "data/events.csv",
///                   "from": "2026-09-01", "to": "2026-12-31" } }
/// ```
///
/// Given as `initializationOptions`, as `settings.campaign` in
/// `workspace/didChangeConfiguration`, or in a `.campaign-lsp.json` file at the root of
/// the workspace folder (read when neither of the others gave one). Relative paths are
/// relative to the workspace folder; `from` and `to` are instants as `plan --from/--to`
/// take them (docs/editors.md).
struct SampleData: Equatable {
    let customers: String
    let events: String
    let from: Int64
    let to: Int64
    let fromText: String
    let toText: String

    /// The settings in `value["sampleData"]`, or why they cannot be used.
    static func read(_ value: JSONValue?, folder: String?) -> Result<SampleData, ResponseError>? {
        guard let data = value?["sampleData"], data != .null else { return nil }
        guard let customers = data["customers"]?.string, let events = data["events"]?.string,
              let fromText = data["from"]?.string, let toText = data["to"]?.string else {
            return .failure(.failed("campaign.sampleData needs four strings: customers, events, from and to"))
        }
        guard let from = instant(fromText), let to = instant(toText), to > from else {
            return .failure(.failed("campaign.sampleData: `from` and `to` must be instants such as 2026-09-01, with `to` after `from`"))
        }
        let resolve = { (path: String) in
            path.hasPrefix("/") || folder == nil ? path : ProjectLoader.normalize((folder ?? ".") + "/" + path)
        }
        return .success(SampleData(customers: resolve(customers), events: resolve(events), from: from, to: to, fromText: fromText, toText: toText))
    }

    private static func instant(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { ValueParsers.time($0) }
    }
}

/// Where the sample data settings came from, newest first.
struct ServerSettings {
    /// From `initializationOptions` or `workspace/didChangeConfiguration`.
    var given: JSONValue?

    mutating func update(_ settings: JSONValue?) {
        // `{"campaign": {"sampleData": …}}` as VS Code sends sections, or the object itself.
        if let section = settings?["campaign"] { given = section } else if settings?["sampleData"] != nil { given = settings }
    }

    /// The sample data for a workspace folder: the settings, else its `.campaign-lsp.json`.
    func sampleData(folder: String?) -> Result<SampleData, ResponseError> {
        if let found = SampleData.read(given, folder: folder) { return found }
        if let folder, let bytes = FileSystem.read(folder + "/.campaign-lsp.json") {
            guard case .success(let file) = JSONParser.parse(bytes) else {
                return .failure(.failed("\(folder)/.campaign-lsp.json is not valid JSON"))
            }
            if let found = SampleData.read(file, folder: folder) { return found }
        }
        return .failure(.failed("no sample data: set campaign.sampleData {customers, events, from, to} in the editor's settings or in .campaign-lsp.json at the workspace root"))
    }
}
