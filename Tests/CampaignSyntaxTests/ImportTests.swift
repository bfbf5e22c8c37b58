import CampaignSyntax
import Foundation
import Testing

/// Import resolution on real folders: chains, cycles, the project root, symbolic links.
@Suite struct ImportTests {
    /// A fresh folder with the given files.
    static func project(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-imports-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return root.path
    }

    static func codes(_ project: Project) -> [String] { project.diagnostics.map(\.code.id) }

    @Test func chainsAreFollowedAndEachFileReadOnce() throws {
        let root = try Self.project([
            "main.campaign": "import \"lib/a.campaign\"\nimport \"lib/b.campaign\"\nsegment m = vip\n",
            "lib/a.campaign": "import \"b.campaign\"\nsegment a = vip\n",
            "lib/b.campaign": "import \"../shared/c.campaign\"\nsegment b = vip\n",
            "shared/c.campaign": "segment c = vip\n",
        ])
        let project = try ProjectLoader.load(paths: [root + "/main.campaign"], root: root)
        #expect(project.diagnostics.isEmpty)
        #expect(project.sources.files.count == 4)
        #expect(project.sources.files.map { ($0.path as NSString).lastPathComponent }.sorted() == ["a.campaign", "b.campaign", "c.campaign", "main.campaign"])
    }

    @Test func aSharedFilesBadImportIsReportedOnce() throws {
        let root = try Self.project([
            "schema.campaign": "import \"missing.campaign\"\nsegment s = vip\n",
            "a.campaign": "import \"schema.campaign\"\nsegment a = vip\n",
            "b.campaign": "import \"schema.campaign\"\nsegment b = vip\n",
            "c.campaign": "import \"schema.campaign\"\nsegment c = vip\n",
        ])
        let project = try ProjectLoader.load(paths: [root])
        #expect(Self.codes(project) == ["E0040"])
    }

    @Test func diagnosticsAreOrderedByPathNotReadingOrder() throws {
        let root = try Self.project([
            "a.campaign": "import \"z.campaign\"\nsegment a = (\n",
            "z.campaign": "segment z = (\n",
            "m.campaign": "segment m = (\n",
        ])
        let project = try ProjectLoader.load(paths: [root])
        let ordered = project.diagnostics.sortedForOutput(in: project.sources).map { $0.path(in: project.sources) }
        #expect(ordered.map { ($0 as NSString).lastPathComponent } == ["a.campaign", "m.campaign", "z.campaign"])
    }

    @Test func aCycleIsReportedOnce() throws {
        let root = try Self.project([
            "a.campaign": "import \"b.campaign\"\nsegment a = vip\n",
            "b.campaign": "import \"c.campaign\"\nsegment b = vip\n",
            "c.campaign": "import \"a.campaign\"\nsegment c = vip\n",
        ])
        let project = try ProjectLoader.load(paths: [root])
        #expect(Self.codes(project) == ["E0042"])
        #expect(project.diagnostics.first?.message.contains("→") == true)
    }

    @Test func aFileMayNotImportItself() throws {
        let root = try Self.project(["a.campaign": "import \"a.campaign\"\nsegment a = vip\n"])
        #expect(Self.codes(try ProjectLoader.load(paths: [root])) == ["E0042"])
    }

    @Test func dotDotMayNotLeaveTheRoot() throws {
        let root = try Self.project([
            "project/main.campaign": "import \"../outside.campaign\"\nsegment m = vip\n",
            "outside.campaign": "segment o = vip\n",
        ])
        let project = try ProjectLoader.load(paths: [root + "/project"])
        #expect(Self.codes(project) == ["E0041"])
        // A wider root allows it.
        let widened = try ProjectLoader.load(paths: [root + "/project"], root: root)
        #expect(widened.diagnostics.isEmpty)
    }

    @Test func aNamedFileHasItsFolderAsRoot() throws {
        let root = try Self.project([
            "project/main.campaign": "import \"../outside.campaign\"\nsegment m = vip\n",
            "outside.campaign": "segment o = vip\n",
        ])
        #expect(Self.codes(try ProjectLoader.load(paths: [root + "/project/main.campaign"])) == ["E0041"])
    }

    @Test func symbolicLinksThatEscapeAreRefused() throws {
        let root = try Self.project([
            "project/main.campaign": "import \"linked.campaign\"\nsegment m = vip\n",
            "secret.campaign": "segment s = vip\n",
        ])
        try FileManager.default.createSymbolicLink(atPath: root + "/project/linked.campaign", withDestinationPath: root + "/secret.campaign")
        let project = try ProjectLoader.load(paths: [root + "/project/main.campaign"])
        #expect(Self.codes(project) == ["E0041"])
        #expect(project.diagnostics.first?.message.contains("symbolic link") == true)
    }

    /// A file found in a named folder obeys the rule an import does: a symbolic link to a
    /// file outside the root is reported, not read.
    @Test func folderLinksThatEscapeAreRefused() throws {
        let root = try Self.project([
            "project/main.campaign": "segment m = vip\n",
            "project/inner/real.campaign": "segment r = vip\n",
            "secret.campaign": "segment secret = vip\n",
        ])
        try FileManager.default.createSymbolicLink(atPath: root + "/project/linked.campaign", withDestinationPath: root + "/secret.campaign")
        try FileManager.default.createSymbolicLink(atPath: root + "/project/alias.campaign", withDestinationPath: root + "/project/inner/real.campaign")
        let project = try ProjectLoader.load(paths: [root + "/project"])
        #expect(Self.codes(project) == ["E0041"])
        let diagnostic = try #require(project.diagnostics.first)
        #expect(diagnostic.path(in: project.sources).hasSuffix("project/linked.campaign"))
        #expect(diagnostic.message.contains("symbolic link"))
        let segments = project.files.flatMap(\.declarations).compactMap { if case .segment(let s) = $0 { s.name.name } else { nil } }
        #expect(segments.sorted() == ["m", "r"], "the link inside the root is read once, the one outside not at all")
        // A root that holds the target allows it.
        let widened = try ProjectLoader.load(paths: [root + "/project"], root: root)
        #expect(widened.diagnostics.isEmpty)
    }

    /// `body file "…"` follows the import rule, through the same function.
    @Test(arguments: [
        ("../secret.html", "E0041"), ("/etc/hostname", "E0041"), ("linked.html", "E0041"),
        ("inner/../page.html", nil), ("missing.html", nil),
    ] as [(String, String?)])
    func templateFilesObeyTheImportRule(_ target: String, _ code: String?) throws {
        let root = try Self.project([
            "project/main.campaign": "segment m = vip\n",
            "project/page.html": "Hi",
            "secret.html": "secret",
        ])
        try FileManager.default.createSymbolicLink(atPath: root + "/project/linked.html", withDestinationPath: root + "/secret.html")
        let project = try ProjectLoader.load(paths: [root + "/project"])
        let id = try #require(project.entryFiles.first)
        let location = project.templateFile(target, from: id)
        let span = SourceSpan(file: id, start: 0, end: 0)
        #expect(location.escape("template file", target: target, at: span)?.code.id == code)
        if target == "inner/../page.html" { #expect(location == .inside(path: root + "/project/page.html", realPath: ProjectPath.canonical(root + "/project/page.html"))) }
        if target == "missing.html" { #expect(location == .missing(path: root + "/project/missing.html")) }
    }

    @Test func missingImportsSuggestANeighbour() throws {
        let root = try Self.project([
            "main.campaign": "import \"shema.campaign\"\nsegment m = vip\n",
            "schema.campaign": "segment s = vip\n",
        ])
        let project = try ProjectLoader.load(paths: [root + "/main.campaign"])
        #expect(Self.codes(project) == ["E0040"])
        #expect(project.diagnostics.first?.help == "did you mean `schema.campaign`?")
    }

    @Test(arguments: [("/etc/passwd.campaign", "E0041"), ("notes.txt", "E0043"), ("", "E0040")])
    func badImportPaths(_ path: String, _ code: String) throws {
        let root = try Self.project(["main.campaign": "import \"\(path)\"\nsegment m = vip\n"])
        #expect(Self.codes(try ProjectLoader.load(paths: [root])) == [code])
    }

    @Test func commandLinePathsThatDoNotExistAreIOErrors() {
        #expect(throws: ProjectLoadError.notFound("/no/such/place")) {
            try ProjectLoader.load(paths: ["/no/such/place"])
        }
    }

    @Test func foldersWithoutCampaignFilesAreIOErrors() throws {
        let root = try Self.project(["readme.txt": "hi"])
        #expect(throws: ProjectLoadError.noCampaignFiles(root)) {
            try ProjectLoader.load(paths: [root])
        }
    }

    @Test func folderFilesAreSortedAndHiddenFoldersSkipped() throws {
        let root = try Self.project([
            "b.campaign": "segment b = vip\n", "a/z.campaign": "segment z = vip\n", "a.campaign": "segment a = vip\n",
            ".hidden/x.campaign": "segment x = (\n",
        ])
        let project = try ProjectLoader.load(paths: [root])
        #expect(project.diagnostics.isEmpty)
        #expect(project.sources.files.map { String($0.path.dropFirst(root.count + 1)) } == ["a.campaign", "a/z.campaign", "b.campaign"])
    }

    @Test(arguments: [("a/./b/../c", "a/c"), ("./x", "x"), ("../x", "../x"), ("a/../../x", "../x"), ("/a/../b", "/b"), (".", ".")])
    func normalize(_ path: String, _ expected: String) {
        #expect(ProjectLoader.normalize(path) == expected)
    }
}
