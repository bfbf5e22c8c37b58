import CampaignSemantics
import CampaignSyntax

/// One project loaded and checked exactly as `campaign check` would check it, with the
/// editor's open buffers standing in for the files on disk: the parsed files, the
/// checker's model, and every diagnostic in output order.
///
/// The checker runs even while a file has syntax errors (it checks what was parsed), so
/// hover, navigation and semantic tokens keep working as the user types; its diagnostics
/// are published only after a clean parse, as `check` reports them, and rename and the
/// code lens wait for it too (`checked`).
struct ProjectAnalysis {
    let project: Project
    /// The checker's result on what was parsed: names, occurrences, reports.
    let resolved: CheckedProject
    let diagnostics: [Diagnostic]
    /// The files of the project by normalized path.
    let fileIDs: [String: FileID]

    /// Checks `target`: a workspace folder (every `.campaign` file below it, as
    /// `check FOLDER`), or one file (as `check FILE`). `overlay` holds the open buffers
    /// by path.
    /// `cache` keeps the parses of files that did not change since the last check.
    static func check(_ target: ProjectTarget, overlay: [String: [UInt8]], cache: ParseCache? = nil) -> ProjectAnalysis {
        let project: Project
        switch target {
        case .folder(let folder):
            project = (try? ProjectLoader.load(paths: [folder], overlay: overlay, cache: cache)) ?? Project()
        case .file(let path):
            if FileSystem.kind(path) == .file, let loaded = try? ProjectLoader.load(paths: [path], overlay: overlay, cache: cache) {
                project = loaded
            } else {
                let bytes = overlay[path] ?? []
                project = ProjectLoader.load(source: SourceFile(path: path, bytes: bytes), root: ProjectLoader.directoryOf(path),
                                             overlay: overlay, cache: cache)
            }
        }
        var all = project.diagnostics
        let resolved = SemanticChecker.check(project, readFile: { overlay[ProjectLoader.normalize($0)] ?? FileSystem.read($0) })
        // Type checking waits for a clean parse, as in `check`.
        if !project.diagnostics.hasErrors { all += resolved.diagnostics }
        var ids: [String: FileID] = [:]
        for id in project.sources.ids { ids[ProjectLoader.normalize(project.sources[id].path)] = id }
        return ProjectAnalysis(project: project, resolved: resolved, diagnostics: all.sortedForOutput(in: project.sources), fileIDs: ids)
    }

    /// The checked project once every file parses cleanly; nil before (as `check` waits).
    var checked: CheckedProject? { project.diagnostics.hasErrors ? nil : resolved }

    /// The diagnostics of each file of the project, by path (clean files with none).
    var diagnosticsByPath: [String: [Diagnostic]] {
        var result: [String: [Diagnostic]] = [:]
        for path in fileIDs.keys { result[path] = [] }
        for diagnostic in diagnostics {
            guard let span = diagnostic.span else { continue }
            result[ProjectLoader.normalize(project.sources[span.file].path), default: []].append(diagnostic)
        }
        return result
    }

    func source(_ path: String) -> (FileID, SourceFile)? {
        fileIDs[path].map { ($0, project.sources[$0]) }
    }
}

/// What one project is: a workspace folder, or a file outside every folder.
enum ProjectTarget: Hashable {
    case folder(String)
    case file(String)
}
