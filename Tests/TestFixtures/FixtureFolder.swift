import Foundation

/// A folder of test fixtures inside the repository. Listing or reading fixtures that are
/// not there throws an error naming the path, so a test whose fixtures are missing fails
/// (Swift Testing records an error thrown by a test, or by its `arguments:`, as an issue)
/// instead of running over nothing and passing.
public struct FixtureFolder: Sendable, CustomStringConvertible {
    public let url: URL

    public init(_ url: URL) {
        self.url = url
    }

    /// A folder of the repository, by its path from the root (`examples`, `Tests/…/Fixtures`).
    public init(repositoryPath: String) {
        self.init(Repository.root.appendingPathComponent(repositoryPath))
    }

    public var path: String { url.path }
    public var description: String { url.path }

    public func appending(_ component: String) -> FixtureFolder { FixtureFolder(url.appendingPathComponent(component)) }

    public func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    /// The names of the files whose names end with `suffix` (all files for ""), sorted,
    /// without the suffix when `dropSuffix`. Throws when the folder is missing or holds
    /// no such file.
    public func names(endingWith suffix: String, dropSuffix: Bool = true) throws -> [String] {
        let all: [String]
        do {
            all = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw MissingFixture("the fixture folder \(url.path) cannot be listed: \(error.localizedDescription)")
        }
        let names = all.filter { $0.hasSuffix(suffix) && !$0.hasPrefix(".") }.sorted()
        if names.isEmpty {
            throw MissingFixture("the fixture folder \(url.path) has no \(suffix.isEmpty ? "files" : "`*\(suffix)` files")")
        }
        return dropSuffix ? names.map { String($0.dropLast(suffix.count)) } : names
    }

    /// The URLs of the files whose names end with `suffix`, sorted by name; throws as `names`.
    public func files(endingWith suffix: String) throws -> [URL] {
        try names(endingWith: suffix, dropSuffix: false).map(file)
    }

    public func bytes(_ name: String) throws -> [UInt8] { try Self.bytes(file(name)) }

    public func text(_ name: String) throws -> String { try Self.text(file(name)) }

    /// A file's bytes; the error names the path.
    public static func bytes(_ url: URL) throws -> [UInt8] {
        do {
            return try [UInt8](Data(contentsOf: url))
        } catch {
            throw MissingFixture("the fixture \(url.path) cannot be read: \(error.localizedDescription)")
        }
    }

    /// A file's text (UTF-8); the error names the path.
    public static func text(_ url: URL) throws -> String {
        String(decoding: try bytes(url), as: UTF8.self)
    }
}

/// A fixture folder or file that is missing, empty or unreadable, with its path.
public struct MissingFixture: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
