import CampaignData
import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// Every kind of bad row, each fixture asserting its exact messages (file, line, column,
/// what was expected) against a golden `.expected`. A fixture is read against the bundled
/// schema, or against `NAME.campaign` beside it when there is one (for field types the
/// bundled schema does not use).
@Suite struct RowErrorTests {
    static let folder = DataSupport.fixtures.appendingPathComponent("rows")
    /// The data fixtures (every file but the goldens and the schemas beside some of them);
    /// throws, naming the folder, when it is missing or empty.
    static func names() throws -> [String] {
        try FixtureFolder(folder).names(endingWith: "").filter { !$0.hasSuffix(".expected") && !$0.hasSuffix(".campaign") }
    }

    @Test func corpusIsLargeEnough() throws {
        #expect(try Self.names().count >= 30)
    }

    @Test(arguments: try names())
    func fixture(_ name: String) throws {
        let path = Self.folder.appendingPathComponent(name).path
        let display = name
        let fixture = DataFile(path: display, bytes: try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
        let stem = name.split(separator: ".").first.map(String.init) ?? name
        var table = DataSupport.table
        if let schema = try? String(contentsOf: Self.folder.appendingPathComponent(stem + ".campaign"), encoding: .utf8) {
            let (own, errors) = DataSupport.table(schema)
            table = try #require(own, "\(stem).campaign: \(errors)")
        }
        let outcome: DatasetLoader.Outcome
        if name.contains(".customers.") {
            outcome = DatasetLoader.load(table: table, customers: fixture, events: DataSupport.file("events.csv", "customer_id,event,time,amount,category\n"),
                                         options: ReadOptions())
        } else {
            outcome = DatasetLoader.load(table: table, customers: try DataSupport.bundled("customers.csv"), events: fixture, options: ReadOptions())
        }
        #expect(outcome.dataset == nil, "a fixture with errors must not load")
        let issues = outcome.logs.flatMap(\.issues)
        #expect(issues.contains { $0.severity == .error })
        for issue in issues where issue.severity == .error && (issue.code.id.hasPrefix("D02") || issue.code.id.hasPrefix("D03")) && issue.code != DataCode.duplicateID {
            #expect((issue.dataLocation?.line ?? 0) > 0 && issue.dataLocation?.columnName != nil, "row errors name their line and column: \(issue.dataText ?? "")")
        }
        var rendered = issues.compactMap(\.dataText).joined(separator: "\n") + "\n"
        for log in outcome.logs where log.errorCount > log.issues.filter({ $0.severity == .error }).count {
            rendered += "… \(log.errorCount) errors in all\n"
        }
        let golden = Self.folder.appendingPathComponent(stem + ".expected")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try Data(rendered.utf8).write(to: golden)
            return
        }
        #expect(rendered == (try? String(contentsOf: golden, encoding: .utf8)))
    }
}
