import Foundation

/// Every file of a project, parsed, with the problems found while reading and importing.
public struct Project: Sendable {
    public var sources = SourceMap()
    /// Parsed files by `FileID`.
    public var files: [SourceFileSyntax] = []
    public var diagnostics: [Diagnostic] = []
    /// The files named on the command line or found in a named folder (not those only imported).
    public var entryFiles: [FileID] = []
    /// Each file's resolved imports, by `FileID`.
    public var imports: [FileID: [FileID]] = [:]
    /// The root each file's paths were resolved under (the folder named on the command
    /// line, a named file's folder, or `--root`).
    public var roots: [FileID: String] = [:]

    public init() {}

    /// A file's parse result, by id.
    public subscript(id: FileID) -> SourceFileSyntax { files[Int(id.rawValue)] }

    /// Where `body file "…"` written in `file` leads: the import rule, under the root the
    /// file's imports were resolved under. The checker reads each template file through
    /// this, once, and hands its text on (`CheckedProject.messages`): nothing reads one
    /// that the rule refuses.
    public func templateFile(_ target: String, from file: FileID) -> ProjectPath {
        let path = sources[file].path
        return ProjectPath.locate(target, from: path, root: roots[file] ?? ProjectLoader.directory(of: path), canonical: ProjectPath.canonical)
    }
}

/// A command-line path that cannot be used at all: the CLI reports it as an I/O error (exit 2).
public enum ProjectLoadError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case unreadable(String, String)
    case noCampaignFiles(String)

    public var description: String {
        switch self {
        case .notFound(let path): "no such file or folder: \(path)"
        case .unreadable(let path, let reason): "cannot read \(path): \(reason)"
        case .noCampaignFiles(let path): "no .campaign files in \(path)"
        }
    }
}

/// Reads the files and folders named on the command line and everything they import.
///
/// The project root is the folder named, a named file's own folder, or `root` when given.
/// An import is relative to the importing file and must stay inside the root, by path and
/// after resolving symbolic links. Each file is read and parsed once, however often it is
/// imported; cycles are reported at the import that closes them.
public struct ProjectLoader {
    private var project = Project()
    private var idsByRealPath: [String: FileID] = [:]
    private var canonicalFolders: [String: String] = [:]
    /// Files whose imports are resolved: each file's imports are looked at once per run.
    private var resolved: Set<FileID> = []
    /// Text that stands in for a file on disk, by normalized path: an editor's unsaved
    /// buffers (`campaign lsp`). A file must still exist on disk to be found.
    private var overlay: [String: [UInt8]] = [:]
    /// Earlier parses to reuse (`campaign lsp`); nil parses every file.
    private var cache: ParseCache?

    public init() {}

    /// Loads as `check PATH…` does; `overlay` replaces the bytes of the files it names
    /// (keys are normalized paths, as `normalize` writes them).
    public static func load(paths: [String], root: String? = nil, overlay: [String: [UInt8]] = [:], cache: ParseCache? = nil) throws(ProjectLoadError) -> Project {
        var loader = ProjectLoader()
        loader.overlay = overlay
        loader.cache = cache
        try loader.loadAll(paths: paths, root: root)
        return loader.project
    }

    /// A file's bytes: its overlay when it has one, else what is on disk.
    private func read(_ path: String) -> [UInt8]? {
        overlay[Self.normalize(path)] ?? FileSystem.read(path)
    }

    /// Loads one in-memory file and its imports (for standard input and tests).
    public static func load(source: SourceFile, root: String, overlay: [String: [UInt8]] = [:], cache: ParseCache? = nil) -> Project {
        var loader = ProjectLoader()
        loader.overlay = overlay
        loader.cache = cache
        let id = loader.add(source, realPath: nil)
        loader.project.entryFiles.append(id)
        loader.resolveImports(of: id, root: root)
        loader.detectCycles()
        return loader.project
    }

    private mutating func loadAll(paths: [String], root: String?) throws(ProjectLoadError) {
        for path in paths {
            guard let kind = FileSystem.kind(path) else { throw .notFound(path) }
            let isDirectory = kind == .directory
            let projectRoot = root ?? (isDirectory ? path : Self.directory(of: path))
            let files: [String]
            if isDirectory {
                guard let found = FileSystem.campaignFiles(in: path) else { throw .unreadable(path, "cannot list the folder") }
                files = found
            } else {
                files = [path]
            }
            if files.isEmpty { throw .noCampaignFiles(path) }
            for file in files {
                let id: FileID
                let real = canonical(file)
                if isDirectory, FileSystem.isSymbolicLink(file), !Self.isInside(real, root: canonical(Self.normalize(projectRoot))) {
                    reportLinkOutside(file, real: real)
                    continue
                }
                if let known = idsByRealPath[real] {
                    id = known
                } else {
                    guard let bytes = read(file) else { throw .unreadable(file, "permission denied or not a regular file") }
                    id = add(SourceFile(path: Self.normalize(file), bytes: bytes), realPath: real)
                }
                if !project.entryFiles.contains(id) { project.entryFiles.append(id) }
                resolveImports(of: id, root: projectRoot)
            }
        }
        detectCycles()
    }

    /// A `.campaign` file found in a named folder that is a symbolic link to a file outside
    /// the root: not read, and reported as an import through such a link is (E0041). The
    /// file has no text of its own to point into, so the diagnostic points at the start
    /// of an empty source named after the link.
    private mutating func reportLinkOutside(_ file: String, real: String) {
        let id = project.sources.add(SourceFile(path: Self.normalize(file), bytes: []))
        project.files.append(SourceFileSyntax(file: id, declarations: [], comments: []))
        project.imports[id] = []
        project.diagnostics.append(Diagnostic(
            .pathEscapesRoot, "`\((file as NSString).lastPathComponent)` is a symbolic link that leads outside the project root; it was not read",
            at: SourceSpan(file: id, start: 0, end: 0), label: "links to \(real)", notes: [ProjectPath.rootNote],
            help: "copy the file into the project instead of linking to it, or run with `--root` naming a folder that holds both"))
    }

    private mutating func add(_ source: SourceFile, realPath: String?) -> FileID {
        let id = project.sources.add(source)
        if let realPath { idsByRealPath[realPath] = id }
        let parsed = cache?.parse(source, as: id) ?? Parser.parse(source, as: id)
        project.files.append(parsed.syntax)
        project.diagnostics += parsed.diagnostics
        project.imports[id] = []
        return id
    }

    private mutating func resolveImports(of id: FileID, root: String) {
        var pending = [id]
        while let current = pending.popLast() {
            guard resolved.insert(current).inserted else { continue }
            project.roots[current] = root
            let importer = project.sources[current]
            var targets: [FileID] = []
            for decl in project[current].imports {
                if let target = resolve(decl, from: importer.path, root: root) {
                    targets.append(target)
                    pending.append(target)
                }
            }
            project.imports[current] = targets
        }
    }

    private mutating func resolve(_ decl: ImportDecl, from importer: String, root: String) -> FileID? {
        let target = decl.path.value
        let span = decl.path.span
        if target.isEmpty {
            project.diagnostics.append(Diagnostic(.importNotFound, "empty import path", at: span, label: "no file named",
                                                  help: "name a file relative to this one, as in `import \"schema.campaign\"`"))
            return nil
        }
        if !target.hasPrefix("/"), !target.hasSuffix(".campaign") {
            project.diagnostics.append(Diagnostic(
                .importNotCampaign, "only `.campaign` files can be imported; `\(target)` is not one", at: span,
                label: "not a .campaign file", help: "templates are read with `body file \"…\"`, not imported"))
            return nil
        }
        let location = ProjectPath.locate(target, from: importer, root: root) { canonical($0) }
        guard case .inside(let joined, let real) = location else {
            if let escape = location.escape("import", target: target, at: span) {
                project.diagnostics.append(escape)
                return nil
            }
            guard case .missing(let joined) = location else { return nil }
            let folder = Self.directory(of: joined)
            let siblings = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".campaign") }
            let wanted = (target as NSString).lastPathComponent
            let importerName = (importer as NSString).lastPathComponent
            let stem = { (name: String) in String(name.dropLast(".campaign".count)) }
            let guess = Suggestion.closest(to: stem(wanted), among: siblings.filter { $0 != importerName }.map(stem).sorted())
                .map { $0 + ".campaign" }
            project.diagnostics.append(Diagnostic(
                .importNotFound, "cannot find imported file `\(target)`", at: span, label: "looked for \(joined)",
                help: guess.map { "did you mean `\($0)`?" }))
            return nil
        }
        if let known = idsByRealPath[real] { return known }
        guard let bytes = read(joined) else {
            project.diagnostics.append(Diagnostic(.importNotFound, "cannot read imported file `\(target)`", at: span,
                                                  label: "unreadable"))
            return nil
        }
        return add(SourceFile(path: joined, bytes: bytes), realPath: real)
    }

    /// Reports each import cycle once, at the import that closes it.
    private mutating func detectCycles() {
        enum Mark { case visiting, done }
        var marks: [FileID: Mark] = [:]
        var stack: [FileID] = []
        var reported: Set<[FileID]> = []

        func visit(_ id: FileID, _ loader: inout ProjectLoader) {
            marks[id] = .visiting
            stack.append(id)
            let declarations = loader.project[id].imports
            for target in loader.project.imports[id] ?? [] {
                switch marks[target] {
                case .visiting?:
                    guard let start = stack.firstIndex(of: target) else { continue }
                    let cycle = Array(stack[start...])
                    let key = cycle.sorted()
                    if reported.insert(key).inserted {
                        let names = (cycle + [target]).map { loader.project.sources[$0].path }
                        let importIndex = matchingImport(id, target, loader)
                        guard importIndex < declarations.count else { continue }
                        let decl = declarations[importIndex]
                        loader.project.diagnostics.append(Diagnostic(
                            .importCycle, "import cycle: " + names.joined(separator: " → "), at: decl.path.span,
                            label: "this import closes the cycle",
                            help: "move the shared declarations into a file that both import"))
                    }
                case .done?:
                    continue
                case nil:
                    visit(target, &loader)
                }
            }
            stack.removeLast()
            marks[id] = .done
        }

        func matchingImport(_ from: FileID, _ target: FileID, _ loader: ProjectLoader) -> Int {
            let resolvedPath = loader.project.sources[target].path
            let importer = loader.project.sources[from].path
            return loader.project[from].imports.firstIndex {
                Self.normalize(Self.directory(of: importer) + "/" + $0.path.value) == resolvedPath
            } ?? 0
        }

        for id in project.sources.ids where marks[id] == nil {
            visit(id, &self)
        }
    }

    // MARK: - Paths

    /// The folder of a path (`.` for a bare name): a file's project root when none is named.
    public static func directoryOf(_ path: String) -> String { directory(of: path) }

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let folder = String(path[..<slash])
        return folder.isEmpty ? "/" : folder
    }

    /// Removes `.` and resolves `..` lexically; keeps a leading `/` or leading `..`.
    public static func normalize(_ path: String) -> String {
        let absolute = path.hasPrefix("/")
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", absolute {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        if absolute { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    static func isInside(_ path: String, root: String) -> Bool {
        if root == "." { return !path.hasPrefix("../") && path != ".." && !path.hasPrefix("/") }
        return path == root || path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// The canonical path of a file: its folder's canonical path (resolved once per folder)
    /// and its name, or the file's own resolution when it is a symbolic link itself.
    private mutating func canonical(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/"), !FileSystem.isSymbolicLink(path) else {
            return FileSystem.canonical(path) ?? Self.normalize(path)
        }
        let name = String(path[path.index(after: slash)...])
        if name.isEmpty || name == "." || name == ".." { return FileSystem.canonical(path) ?? Self.normalize(path) }
        let folder = Self.directory(of: path)
        let resolvedFolder: String
        if let known = canonicalFolders[folder] {
            resolvedFolder = known
        } else {
            resolvedFolder = FileSystem.canonical(folder) ?? Self.normalize(folder)
            canonicalFolders[folder] = resolvedFolder
        }
        return resolvedFolder == "/" ? "/" + name : resolvedFolder + "/" + name
    }
}
