@testable import CampaignData
import CampaignSemantics
import CampaignSyntax
import Testing

/// Where a bad value's cell starts (`DataLocation.cellColumn`), which the machine formats
/// show as the column of a row's problem: counted in characters, at a quoted cell's quote,
/// at an NDJSON value's key, and left out when the cell is not on the record's first line.
/// The text keeps naming the row by its line and the column by its name.
@Suite struct CellColumnTests {
    static func issues(_ name: String, _ text: String, events: String = "customer_id,event,time\n") -> [Diagnostic] {
        let outcome = DataSupport.load(customers: DataSupport.file(name, text), events: DataSupport.file("e.csv", events),
                                       options: ReadOptions(threads: 1))
        return outcome.logs.flatMap(\.issues).filter { $0.severity == .error }
    }

    @Test(arguments: [
        // `é` is one character, and a quoted cell starts at its quote.
        ("c1,,,é,,,\"later\",,free,true,false,,\n", 10),
        ("c1,,,Ana,,,,,free,true,false,,\n", 12),
        // A quoted value spanning lines before the bad cell: its line is unknown.
        ("c1,,,\"two\nlines\",,,never,,free,true,false,,\n", nil),
    ] as [(String, Int?)])
    func csvCells(_ row: String, _ column: Int?) throws {
        let issues = Self.issues("c.csv", ReaderTests.header + "\n" + row)
        let issue = try #require(issues.first, "one error")
        #expect(issues.count == 1)
        #expect(issue.dataLocation?.columnName == "signup_at")
        #expect(issue.dataLocation?.cellColumn == column, "\(issue.dataText ?? "")")
        #expect(issue.dataText?.hasPrefix("c.csv:2: error: column `signup_at`: ") == true, "the text is as it was")
    }

    @Test func ndjsonValuesAreAtTheirKeys() throws {
        let line = #"{"id":"c1","tier":"gold","signup_at":"2025-01-01","email_opt_in":true,"sms_opt_in":false}"#
        let issues = Self.issues("c.ndjson", "\n" + line + "\n")
        #expect(issues.map { $0.dataLocation?.line } == [2])
        #expect(issues.map { $0.dataLocation?.cellColumn } == [12])
    }

    @Test func eventCellsToo() throws {
        let customers = ReaderTests.header + "\nc1,,,,,,2025-01-01,,free,true,false,,\n"
        let issues = Self.issues("c.csv", customers, events: "customer_id,event,time\nc1,app_open,soon\nc9,app_open,2026-01-01\n")
        #expect(issues.map(\.code) == [DataCode.badTime, DataCode.unknownCustomer])
        #expect(issues.map { $0.dataLocation?.cellColumn } == [13, 1])
    }
}
