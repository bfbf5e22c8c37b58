import Foundation
import TestFixtures
import Testing

/// Golden files beside the tests: `Fixtures/KIND/NAME.campaign` with `NAME.expected`.
/// Run with `UPDATE_GOLDENS=1 swift test` to rewrite the expected files from the output.
enum Golden {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func folder(_ kind: String) -> FixtureFolder { FixtureFolder(fixtures.appendingPathComponent(kind)) }

    static var updating: Bool { ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" }

    /// The `.campaign` fixture names (without extension) in a folder, sorted; throws,
    /// naming the folder, when it is missing or has none.
    static func names(_ kind: String) throws -> [String] {
        try folder(kind).names(endingWith: ".campaign")
    }

    static func input(_ kind: String, _ name: String) throws -> [UInt8] {
        try folder(kind).bytes(name + ".campaign")
    }

    /// Compares with `NAME.expected`, or writes it when updating.
    static func check(_ actual: String, kind: String, name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let url = fixtures.appendingPathComponent(kind).appendingPathComponent(name + ".expected")
        if updating {
            try? Data(actual.utf8).write(to: url)
            return
        }
        guard let data = try? Data(contentsOf: url) else {
            Issue.record("missing golden \(kind)/\(name).expected; run UPDATE_GOLDENS=1 swift test", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if actual != expected {
            Issue.record("\(kind)/\(name) differs from its golden:\n\(diff(expected, actual))", sourceLocation: sourceLocation)
        }
    }

    /// A line diff that explains a failure at a glance.
    static func diff(_ expected: String, _ actual: String) -> String {
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var out: [String] = []
        for index in 0..<max(a.count, b.count) {
            let left = index < a.count ? String(a[index]) : nil
            let right = index < b.count ? String(b[index]) : nil
            if left != right {
                if let left { out.append("- \(index + 1): \(left)") }
                if let right { out.append("+ \(index + 1): \(right)") }
            }
            if out.count > 40 { out.append("…"); break }
        }
        return out.joined(separator: "\n")
    }
}
