import CampaignData
import CampaignPlanner
import CampaignSemantics
import Foundation
import Testing

/// A project written to a temporary folder, checked, loaded with inline CSV data and planned
/// over a window: for tests of one report feature on a few customers.
struct SmallProject {
    let table: DeclarationTable
    let plan: Plan

    init(source: String, customers: String, events: String, from: String, to: String, render: Bool = false) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("project-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(source.utf8).write(to: folder.appendingPathComponent("p.campaign"))
        table = try ReportTests.table([folder.path])
        let data = try #require(DatasetLoader.load(table: table, customers: DataFile(path: "c.csv", bytes: Array(customers.utf8)),
                                                   events: DataFile(path: "e.csv", bytes: Array(events.utf8)),
                                                   options: ReadOptions(threads: 1)).dataset)
        var options = PlanOptions(from: ReportTests.instant(from), to: ReportTests.instant(to))
        options.render = render
        plan = Planner.plan(data, options: options)
    }
}
