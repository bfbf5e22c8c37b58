import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation

/// The fixed inputs every fuzz check runs against, made once per process: the examples'
/// schema, a small generated dataset for it (the `campaign gen` generator: 60 customers,
/// 600 events, on disk so the CLI can read it too) and the planning window.
public struct FuzzDataset: Sendable {
    /// The repository the harness was built from: the examples and fixtures are read there.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A folder of this process's own holding `customers.csv` and `events.csv`, removed
    /// when the process exits; it is also the project root, so that an `import` a mutation
    /// invents finds nothing outside it.
    public let folder: String
    public let customers: [UInt8]
    public let events: [UInt8]
    /// The examples' schema, checked.
    public let table: DeclarationTable
    /// The generated customers, read against `table`.
    public let customerStore: CustomerStore

    public var customersPath: String { folder + "/customers.csv" }
    public var eventsPath: String { folder + "/events.csv" }

    /// The window planned: the last seven months of the generated history (which ends on
    /// 2026-11-01) and two months after it, so that event triggers, history, birthdays,
    /// the examples' `once at 2026-05-04` and waits past the data all occur: about 200
    /// rows for the examples (a window of a few weeks gave 6).
    public static let fromText = "2026-04-01"
    public static let toText = "2027-01-01"
    public static let from: Int64 = 1_775_001_600
    public static let to: Int64 = 1_798_761_600

    /// Who opens and clicks: `opened`/`clicked` branches then go both ways.
    public static let engagement = "sms.click=0.3,email.open=0.5,email.click=0.2,push.open=0.4"
    public static let engagementSeed: UInt64 = 1

    /// Nil only when the temporary folder cannot be written or the examples are missing:
    /// the checks then report that instead of fuzzing nothing.
    public static let shared: FuzzDataset? = make()

    static func make() -> FuzzDataset? {
        let folder = NSTemporaryDirectory() + "/campaign-fuzz-\(getpid())"
        do {
            _ = try DatasetGenerator(customers: 60, events: 600, seed: 12).write(to: folder)
        } catch {
            return nil
        }
        atexit { if let folder = FuzzDataset.shared?.folder { try? FileManager.default.removeItem(atPath: folder) } }
        let schema = repository.appendingPathComponent("examples/schema.campaign").path
        guard let customers = FileSystem.read(folder + "/customers.csv"), let events = FileSystem.read(folder + "/events.csv"),
              let project = try? ProjectLoader.load(paths: [schema]) else { return nil }
        let checked = SemanticChecker.check(project)
        guard !(project.diagnostics + checked.diagnostics).hasErrors else { return nil }
        let (store, log) = CustomerReader.read(DataFile(path: "customers.csv", bytes: customers), table: checked.table, options: ReadOptions(threads: 1))
        guard let store, log.errorCount == 0 else { return nil }
        return FuzzDataset(folder: folder, customers: customers, events: events, table: checked.table, customerStore: store)
    }
}
