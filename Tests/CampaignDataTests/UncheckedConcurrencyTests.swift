import Foundation
import Testing
import TestFixtures

/// Thread safety is the compiler's to prove: every target builds in the Swift 6 language
/// mode (complete concurrency checking), and the sources opt out of that checking in one
/// place only, `ReadOnlyBuffer`, whose comment says why it is safe.
@Suite struct UncheckedConcurrencyTests {
    /// What turns the compiler's checking off for a declaration or an import.
    static let escapes = ["@unchecked", "nonisolated(unsafe)", "@preconcurrency"]

    /// The escapes allowed, by file: the one type that shares read-only memory behind a pointer.
    static let allowed: [String: [String]] = [
        "Sources/CampaignData/Input/ReadOnlyBuffer.swift": ["@unchecked"],
    ]

    /// Each escape in code (comments aside), as (file, line, escape).
    static func escapes(in folder: String) throws -> [(file: String, line: Int, escape: String)] {
        let base = Repository.root.appendingPathComponent(folder)
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: nil) else {
            throw MissingFixture("cannot list \(base.path)")
        }
        var found: [(file: String, line: Int, escape: String)] = []
        for case let url as URL in walker where url.pathExtension == "swift" {
            let file = folder + "/" + url.path.dropFirst(base.path.count + 1)
            for (number, line) in try FixtureFolder.text(url).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let code = line.range(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
                for escape in escapes where code.contains(escape) { found.append((file, number + 1, escape)) }
            }
        }
        return found.sorted { ($0.file, $0.line) < ($1.file, $1.line) }
    }

    @Test func onlyReadOnlyBufferOptsOutOfConcurrencyChecking() throws {
        let found = try Self.escapes(in: "Sources")
        #expect(found.count >= 1, "ReadOnlyBuffer's @unchecked Sendable was not found: is the scan looking in the right place?")
        for escape in found where !(Self.allowed[escape.file] ?? []).contains(escape.escape) {
            Issue.record("""
            \(escape.file):\(escape.line): `\(escape.escape)` turns off the compiler's concurrency checking. \
            Make the type Sendable instead: `let` properties of Sendable types, shared mutable state behind a \
            `Mutex` or an `Atomic` (import Synchronization), closures `@Sendable`, per-part values in \
            `parallelMap`. Read-only memory behind a pointer goes in a `ReadOnlyBuffer` \
            (Sources/CampaignData/Input/ReadOnlyBuffer.swift), the one type allowed to be unchecked.
            """)
        }
        for (file, allowed) in Self.allowed {
            for escape in allowed {
                #expect(found.filter { $0.file == file && $0.escape == escape }.count == 1, "\(file) should have exactly one `\(escape)`")
            }
        }
    }

    /// No target is built in an older language mode or with concurrency checking lowered.
    /// (`MemberImportVisibility` only makes imports stricter: ModuleDependencyTests.)
    @Test func everyTargetBuildsInTheSwift6LanguageMode() throws {
        let manifest = try Repository.text("Package.swift")
            .replacingOccurrences(of: ".enableUpcomingFeature(\"MemberImportVisibility\")", with: "")
        #expect(manifest.contains("swiftLanguageModes: [.v6]"))
        for optOut in [".swiftLanguageMode(", "strict-concurrency", "unsafeFlags", "enableUpcomingFeature", "enableExperimentalFeature"] {
            #expect(!manifest.contains(optOut), "Package.swift: `\(optOut)` can lower concurrency checking for a target")
        }
    }
}
