import CampaignData
import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Builds small projects and datasets in a temporary folder and plans them.
enum PlanSupport {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let examples = root.appendingPathComponent("examples")

    /// A schema for rule tests: three channels, SMS quiet hours, no policy (tests add one).
    static let schema = """
    customer {
      id: id
      email: email?
      phone: phone?
      first_name: text(max 20)?
      timezone: timezone?
      signup_at: time
      birthday: date?
      email_opt_in: bool
      sms_opt_in: bool
      push_token: text?
    }
    event purchase { amount: number, order_id: text? }
    event app_open
    channel email { address: email consent: email_opt_in }
    channel sms   { address: phone consent: sms_opt_in quiet hours 21:00 to 08:00 }
    channel push  { address: push_token }

    """

    static let customerHeader = "id,email,phone,first_name,timezone,signup_at,birthday,email_opt_in,sms_opt_in,push_token\n"

    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Type-checks campaign text (the schema is prepended unless `withSchema` is false).
    static func table(_ source: String, withSchema: Bool = true) throws -> DeclarationTable {
        try checked(source, withSchema: withSchema).table
    }

    /// The checker's whole output for campaign text: the table and the bound messages.
    static func checked(_ source: String, withSchema: Bool = true) throws -> CheckedProject {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("test.campaign")
        try Data(((withSchema ? schema : "") + source).utf8).write(to: file)
        let project = try ProjectLoader.load(paths: [file.path])
        let checked = SemanticChecker.check(project)
        let errors = (project.diagnostics + checked.diagnostics).filter { $0.severity == .error }
        if !errors.isEmpty { throw Failure(description: errors.map(\.message).joined(separator: "\n")) }
        return checked
    }

    static func dataset(_ table: DeclarationTable, customers: String, events: String = "customer_id,event,time,amount,order_id\n") throws -> Dataset {
        let outcome = DatasetLoader.load(table: table, customers: DataFile(path: "customers.csv", bytes: Array((customerHeader + customers).utf8)),
                                         events: DataFile(path: "events.csv", bytes: Array(events.utf8)), options: ReadOptions(threads: 1))
        guard let data = outcome.dataset else {
            throw Failure(description: outcome.logs.flatMap(\.issues).compactMap(\.dataText).joined(separator: "\n"))
        }
        return data
    }

    static func instant(_ text: String) -> Int64 {
        Array(text.utf8).withUnsafeBufferPointer { ValueParsers.time($0) } ?? 0
    }

    /// Plans and returns the rows as `time local customer campaign step action channel detail`.
    static func plan(_ source: String, customers: String, events: String = "customer_id,event,time,amount,order_id\n",
                     from: String, to: String, configure: (inout PlanOptions) -> Void = { _ in }) throws -> [String] {
        let checked = try checked(source)
        let data = try dataset(checked.table, customers: customers, events: events)
        var options = PlanOptions(from: instant(from), to: instant(to))
        options.threads = 1
        options.messages = checked.messages
        configure(&options)
        let plan = Planner.plan(data, options: options)
        return plan.rows.map { PlanWriter.fields($0, plan).joined(separator: " ") }
    }

    /// The bundled examples and data, with the examples' checked messages.
    static func examplesDataset() throws -> (data: Dataset, messages: CheckedMessages) {
        let project = try ProjectLoader.load(paths: [examples.path])
        let checked = SemanticChecker.check(project)
        let table = checked.table
        let outcome = DatasetLoader.load(table: table, customers: try DataFile(path: examples.appendingPathComponent("data/customers.csv").path),
                                         events: try DataFile(path: examples.appendingPathComponent("data/events.csv").path), options: ReadOptions(threads: 1))
        guard let data = outcome.dataset else { throw Failure(description: "the bundled data does not load") }
        return (data, checked.messages)
    }
}
