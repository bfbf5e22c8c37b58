import Foundation
import TestFixtures
import Testing

/// `Package.swift` says what each module uses: every module of this package that a file
/// imports is a dependency of the file's target, and every dependency is imported by some
/// file of the target (an executable, which cannot be imported, is listed only to be
/// built). SwiftPM does not check the first: a module built earlier in the same build is
/// found whether it is listed or not, so an unlisted import compiles until the build
/// order changes. Together with `MemberImportVisibility` (set in `Package.swift`), which
/// makes each file import what it uses, the graph is the truth.
@Suite struct ModuleDependencyTests {
    /// One target of the manifest, as written.
    struct Target: Equatable {
        var name: String
        var kind: String
        var dependencies: [String]
        var path: String?

        /// The folder of its sources, by SwiftPM's convention unless `path:` says otherwise.
        var folder: String { path ?? ((kind == "testTarget" ? "Tests/" : "Sources/") + name) }
    }

    /// The `.target(…)`, `.executableTarget(…)` and `.testTarget(…)` calls of a manifest's
    /// text: name, quoted dependencies and path. (The manifest lists dependencies by name
    /// only; a `.product(…)` or `.target(name:)` dependency would need more parsing.)
    static func targets(inManifest text: String) -> [Target] {
        var result: [Target] = []
        var rest = Substring(text)
        let call = /\.(target|executableTarget|testTarget)\(/
        while let match = rest.firstMatch(of: call) {
            // The call's arguments, up to its balanced closing parenthesis.
            var depth = 1, end = match.range.upperBound
            while end < rest.endIndex, depth > 0 {
                if rest[end] == "(" { depth += 1 } else if rest[end] == ")" { depth -= 1 }
                end = rest.index(after: end)
            }
            let arguments = rest[match.range.upperBound..<end]
            rest = rest[end...]
            guard let name = arguments.firstMatch(of: /name:\s*"([^"]+)"/)?.1 else { continue }
            var dependencies: [String] = []
            if let list = arguments.firstMatch(of: /dependencies:\s*\[([^\]]*)\]/)?.1 {
                dependencies = list.matches(of: /"([^"]+)"/).map { String($0.1) }
            }
            let path = arguments.firstMatch(of: /path:\s*"([^"]+)"/).map { String($0.1) }
            result.append(Target(name: String(name), kind: String(match.1), dependencies: dependencies, path: path))
        }
        return result
    }

    /// The modules a Swift file imports (`import X`, `@testable import X`, `import struct X.Y`).
    static func imports(inSource text: String) -> Set<String> {
        var modules = Set<String>()
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let pattern = /^\s*(?:@\w+\s+)*import\s+(?:(?:class|struct|enum|protocol|typealias|func|var|let)\s+)?([A-Za-z_]\w*)/
            if let match = line.firstMatch(of: pattern) { modules.insert(String(match.1)) }
        }
        return modules
    }

    /// Every problem of the graph, one line each.
    static func problems(targets: [Target], importsByTarget: [String: [(file: String, modules: Set<String>)]]) -> [String] {
        let ours = Set(targets.map(\.name))
        let executables = Set(targets.filter { $0.kind == "executableTarget" }.map(\.name))
        var problems: [String] = []
        for target in targets {
            let files = importsByTarget[target.name] ?? []
            let listed = Set(target.dependencies)
            for (file, modules) in files {
                for module in modules.intersection(ours).subtracting(listed).subtracting([target.name]).sorted() {
                    problems.append("\(file) imports \(module), which target \(target.name) does not list")
                }
            }
            let imported = files.reduce(into: Set<String>()) { $0.formUnion($1.modules) }
            for module in listed.subtracting(imported).subtracting(executables).sorted() {
                problems.append("target \(target.name) lists \(module), which none of its files imports")
            }
        }
        return problems
    }

    static func swiftFiles(under folder: String) throws -> [String] {
        let root = Repository.root.appendingPathComponent(folder)
        guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var files: [String] = []
        for case let url as URL in walk {
            // Fixtures are data (`.campaign` projects, goldens), excluded from every target.
            if url.lastPathComponent == "Fixtures" { walk.skipDescendants(); continue }
            if url.pathExtension == "swift" { files.append(folder + "/" + url.path.dropFirst(root.path.count + 1)) }
        }
        return files.sorted()
    }

    @Test func everyImportIsADependencyAndEveryDependencyIsImported() throws {
        let targets = Self.targets(inManifest: try Repository.text("Package.swift"))
        #expect(targets.count >= 14, "the manifest's targets were not found: \(targets.map(\.name))")
        var importsByTarget: [String: [(file: String, modules: Set<String>)]] = [:]
        for target in targets {
            let files = try Self.swiftFiles(under: target.folder)
            #expect(!files.isEmpty, "no Swift files under \(target.folder)")
            importsByTarget[target.name] = try files.map { ($0, Self.imports(inSource: try Repository.text($0))) }
        }
        #expect(Self.problems(targets: targets, importsByTarget: importsByTarget) == [])
    }

    /// A module re-exported with `@_exported import` would be reachable without being
    /// listed or imported: the graph would lie again.
    @Test func noModuleIsReExported() throws {
        for target in Self.targets(inManifest: try Repository.text("Package.swift")) {
            for file in try Self.swiftFiles(under: target.folder) {
                let text = try Repository.text(file)
                #expect(text.split(separator: "\n").allSatisfy { $0.firstMatch(of: /^\s*@_exported\s/) == nil }, "\(file)")
            }
        }
    }

    /// The check itself: an unlisted import and an unused dependency are both reported.
    @Test func theCheckFindsBothKindsOfLie() {
        let manifest = """
            targets: [
                .target(name: "A"),
                .target(name: "B", dependencies: ["A"]),
                .target(name: "C", dependencies: ["A", "B"]),
                .executableTarget(name: "tool", dependencies: ["C"]),
                .testTarget(
                    name: "CTests",
                    dependencies: ["C", "tool"],
                    path: "Tests/Elsewhere"
                ),
            ]
            """
        let targets = Self.targets(inManifest: manifest)
        #expect(targets.map(\.name) == ["A", "B", "C", "tool", "CTests"])
        #expect(targets.last == Target(name: "CTests", kind: "testTarget", dependencies: ["C", "tool"], path: "Tests/Elsewhere"))
        #expect(targets[2].folder == "Sources/C")
        let imports: [String: [(file: String, modules: Set<String>)]] = [
            "A": [("Sources/A/a.swift", Self.imports(inSource: "import Foundation\n"))],
            "B": [("Sources/B/b.swift", Self.imports(inSource: "import A\n@preconcurrency import struct C.Thing\n"))],
            "C": [("Sources/C/c.swift", Self.imports(inSource: "import B\nlet text = \"\"\"\n  not an import A\n\"\"\"\n"))],
            "tool": [("Sources/tool/main.swift", ["C"])],
            "CTests": [("Tests/Elsewhere/t.swift", Self.imports(inSource: "@testable import C\nimport Testing\n"))],
        ]
        #expect(Self.problems(targets: targets, importsByTarget: imports) == [
            "Sources/B/b.swift imports C, which target B does not list",
            "target C lists A, which none of its files imports",
        ])
    }
}
