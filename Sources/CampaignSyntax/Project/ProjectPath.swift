/// Where a path written in a project file leads, under the one rule for every file a
/// project reads (docs/language.md §1.3): relative to the file that names it, never
/// absolute, and inside the project root both by path (no `..` out of it) and after
/// symbolic links are resolved. Imports, template files (`body file "…"`) and the files
/// found in a named folder all obey it, and a path that breaks it is E0041.
public enum ProjectPath: Sendable, Equatable {
    /// Inside the root: the path to open, as a user reads it, and its canonical path.
    case inside(path: String, realPath: String)
    case absolute
    /// Leaves the root by path (`../../etc/hostname`).
    case outsideRoot(root: String)
    /// Inside the root by path, but a symbolic link that resolves outside it.
    case linksOutside(realPath: String)
    /// Nothing at that path, or not a regular file.
    case missing(path: String)

    /// Applies the rule to `target`, written in the file at `file`. `canonical` resolves
    /// symbolic links (the loader passes one that caches folders).
    public static func locate(_ target: String, from file: String, root: String, canonical: (String) -> String) -> ProjectPath {
        if target.hasPrefix("/") { return .absolute }
        let joined = ProjectLoader.normalize(ProjectLoader.directory(of: file) + "/" + target)
        let normalizedRoot = ProjectLoader.normalize(root)
        guard ProjectLoader.isInside(joined, root: normalizedRoot) else { return .outsideRoot(root: normalizedRoot) }
        guard FileSystem.kind(joined) == .file else { return .missing(path: joined) }
        let real = canonical(joined)
        guard ProjectLoader.isInside(real, root: canonical(normalizedRoot)) else { return .linksOutside(realPath: real) }
        return .inside(path: joined, realPath: real)
    }

    /// The canonical path without a cache: symbolic links resolved where the path exists.
    public static func canonical(_ path: String) -> String {
        FileSystem.canonical(path) ?? ProjectLoader.normalize(path)
    }

    /// E0041 when the path breaks the rule, worded for what named it (`import`,
    /// `template file`); nil when it is inside the root or simply missing.
    public func escape(_ what: String, target: String, at span: SourceSpan) -> Diagnostic? {
        switch self {
        case .absolute:
            Diagnostic(.pathEscapesRoot, "\(what) paths are relative to the file that names them; `\(target)` is absolute", at: span,
                       label: "absolute path", help: "write the path relative to this file, inside the project folder")
        case .outsideRoot(let root):
            Diagnostic(.pathEscapesRoot, "\(what) `\(target)` leaves the project root `\(root)`", at: span,
                       label: "outside the project", notes: [Self.rootNote],
                       help: "move the file into the project, or run with `--root` naming a folder that holds both")
        case .linksOutside(let real):
            Diagnostic(.pathEscapesRoot, "\(what) `\(target)` is a symbolic link that leads outside the project root", at: span,
                       label: "links to \(real)", help: "copy the file into the project instead of linking to it")
        case .inside, .missing:
            nil
        }
    }

    static let rootNote = "the project root is the folder named on the command line (or the named file's folder); `--root DIR` widens it"
}
