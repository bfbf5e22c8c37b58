import CampaignSemantics
import CampaignSyntax

/// One project loaded and checked exactly as `campaign check` would check it, with the
/// editor's open buffers standing in for the files on disk: the parsed files, the
/// checked program (nil while any file has syntax errors, as `check` waits for a clean
/// parse), and every diagnostic in output order.
struct ProjectAnalysis {
    let project: Project
    let checked: CheckedProject?
    let diagnostics: [Diagnostic]
    /// The files of the project by normalized path.
    let fileIDs: [String: FileID]

    /// Checks `target`: a workspace folder (every `.campaign` file below it, as
    /// `check FOLDER`), or one file (as `check FILE`). `overlay` holds the open buffers
    /// by path; `detached` is the text of a buffer with no file behind it.
    static func check(_ target: ProjectTarget, overlay: [String: [UInt8]]) -> ProjectAnalysis {
        let project: Project
        switch target {
        case .folder(let folder):
            project = (try? ProjectLoader.load(paths: [folder], overlay: overlay)) ?? Project()
        case .file(let path):
            if FileSystem.kind(path) == .file, let loaded = try? ProjectLoader.load(paths: [path], overlay: overlay) {
                project = loaded
            } else {
                let bytes = overlay[path] ?? []
                project = ProjectLoader.load(source: SourceFile(path: path, bytes: bytes), root: ProjectLoader.directoryOf(path), overlay: overlay)
            }
        }
        var all = project.diagnostics
        var checked: CheckedProject?
        if !project.diagnostics.hasErrors {
            let result = SemanticChecker.check(project, readFile: { overlay[ProjectLoader.normalize($0)] ?? FileSystem.read($0) })
            all += result.diagnostics
            checked = result
        }
        var ids: [String: FileID] = [:]
        for id in project.sources.ids { ids[ProjectLoader.normalize(project.sources[id].path)] = id }
        return ProjectAnalysis(project: project, checked: checked, diagnostics: all.sortedForOutput(in: project.sources), fileIDs: ids)
    }

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
