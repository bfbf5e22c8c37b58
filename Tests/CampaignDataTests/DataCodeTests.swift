import CampaignData
import CampaignSyntax
import Foundation
import Testing

/// The data codes as `DiagnosticCode`s: each documented, each once, with the severity the
/// readers always gave it.
@Suite struct DataCodeTests {
    @Test func everyCodeIsDocumentedOnce() throws {
        let page = try String(contentsOf: DataSupport.root.appendingPathComponent("docs/diagnostics.md"), encoding: .utf8)
        #expect(Set(DataCode.all.map(\.id)).count == DataCode.all.count, "no code twice")
        for code in DataCode.all {
            #expect(page.contains("| \(code.id) |"), "docs/diagnostics.md has no row for \(code.id)")
            #expect(code.id.hasPrefix("D") && !code.title.isEmpty)
        }
    }

    @Test func onlyTheColumnWarningsAreWarnings() {
        #expect(DataCode.all.filter { $0.severity == .warning } == [DataCode.unknownColumns, DataCode.absentOptionalColumn])
        #expect(DataCode.aboutTheFile.isSubset(of: Set(DataCode.all)))
    }
}
