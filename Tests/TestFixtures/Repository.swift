import Foundation

/// Where the tests find what they read: everything is inside this repository (a test
/// never reads a sibling folder), found from this file's path so that an
/// `UPDATE_GOLDENS=1` run can rewrite goldens in the source tree.
public enum Repository {
    /// The repository's root folder (this file is `Tests/TestFixtures/Repository.swift`).
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled examples, in canonical format, and their dataset (`examples/data`).
    public static let examples = FixtureFolder(repositoryPath: "examples")

    /// The product owner's examples exactly as written (three differ from `examples/` in
    /// layout only): they must parse, check and plan as they are.
    public static let specExamples = FixtureFolder(repositoryPath: "Tests/TestFixtures/Fixtures/spec-examples")

    /// A text file of the repository (`docs/language.md`), or an error naming it.
    public static func text(_ path: String) throws -> String {
        try FixtureFolder.text(root.appendingPathComponent(path))
    }
}
