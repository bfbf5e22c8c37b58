import CampaignFuzzing
import Foundation
import Testing

/// Every input a fuzzer crashed on, minimised, kept in `Fixtures/crashers` and named after
/// its target (`csv-…`, `ndjson-…`, `plan-…`): each must now pass its target's checks.
@Suite struct CrasherTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/crashers")

    static let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()

    @Test(arguments: names)
    func crasherPassesItsChecks(_ name: String) throws {
        let target = try #require(FuzzTarget(rawValue: String(name.prefix { $0 != "-" })), "name \(name) does not start with a target")
        let input = try [UInt8](Data(contentsOf: Self.folder.appendingPathComponent(name)))
        #expect(target.failures(input) == [])
    }
}
