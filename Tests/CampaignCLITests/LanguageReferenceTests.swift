@testable import CampaignCLI
import Foundation
import TestFixtures
import Testing

/// docs/language.md §9 against the command table that parses arguments and prints
/// `--help`: every command and every option a user can type is documented there, so the
/// reference cannot fall behind the tool.
@Suite struct LanguageReferenceTests {
    static func commandLineSection() throws -> Substring {
        let page = try Repository.text("docs/language.md")
        guard let start = page.range(of: "\n## 9. ") else {
            throw MissingFixture("docs/language.md has no `## 9.` section for the command line")
        }
        return page[start.lowerBound...]
    }

    @Test(arguments: CLI.commands.map { $0.spec.name })
    func everyCommandAndOptionIsDocumented(_ name: String) throws {
        let section = try Self.commandLineSection()
        let spec = try #require(CLI.commands.first { $0.spec.name == name }).spec
        #expect(section.contains("campaign \(name)"), "docs/language.md §9 does not show `campaign \(name)`")
        for option in spec.allOptions {
            #expect(section.contains("--\(option.name)"), "docs/language.md §9 does not mention `--\(option.name)` of `campaign \(name)`")
            if let short = option.short {
                #expect(section.contains("-\(short)"), "docs/language.md §9 does not mention `-\(short)` of `campaign \(name)`")
            }
            for choice in option.choices ?? [] where option.name != "color" {
                #expect(section.contains(choice), "docs/language.md §9 does not mention `--\(option.name) \(choice)` of `campaign \(name)`")
            }
        }
    }

    @Test func exitStatusesAreDocumented() throws {
        let section = try Self.commandLineSection()
        for status in [ExitCode.success, .inputErrors, .usage] {
            #expect(section.contains("| \(status.rawValue) |"), "docs/language.md §9 has no row for exit status \(status.rawValue)")
        }
    }
}
