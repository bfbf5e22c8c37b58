import CampaignSemantics
import CampaignSyntax

/// `campaign check --fix` (docs/language.md §9): applies the fix-its that the diagnostics
/// carry (the same ones `--format json` shows), rewrites each file it changed, and formats
/// those files as `campaign fmt` would. Fixes go in rounds: a fix that clashes with another
/// in the same round, or a problem that shows only once another is fixed (type errors
/// after a syntax error), is fixed in the next round, until a round fixes nothing.
enum CheckFixes {
    /// One fix applied: where its diagnostic was, and what it did.
    struct Applied {
        let path: String
        let location: SourceLocation
        let code: String
        let fix: String
    }

    /// A file that could not be rewritten.
    struct Failure: Error {
        let message: String
    }

    static let rounds = 5

    /// Fixes the project named by `paths`; the fixes applied, in the order made.
    static func run(_ paths: [String], root: String?, console: Console) throws(Failure) -> [Applied] {
        var applied: [Applied] = []
        var changed: [String] = []
        for _ in 0..<rounds {
            let project: Project
            do {
                project = try ProjectInput.load(paths, root: root, console: console)
            } catch {
                throw Failure(message: error.message)
            }
            var diagnostics = project.diagnostics
            if !diagnostics.hasErrors { diagnostics += SemanticChecker.check(project).diagnostics }
            let fixable = diagnostics.sortedForOutput(in: project.sources).filter { $0.fixIt != nil }
            var madeThisRound = false
            for file in Set(fixable.flatMap { $0.fixIt?.edits.map(\.span.file) ?? [] }).sorted(by: { $0.rawValue < $1.rawValue }) {
                let source = project.sources[file]
                let mine = fixable.filter { $0.fixIt?.edits.contains { $0.span.file == file } == true }
                let (bytes, taken) = FixApplication.apply(mine.compactMap(\.fixIt), to: source.bytes, file: file)
                guard !taken.isEmpty else { continue }
                try write(bytes, to: source.path)
                for index in taken {
                    let diagnostic = mine[index]
                    let location = source.location(of: diagnostic.span?.start ?? 0)
                    applied.append(Applied(path: source.path, location: location, code: diagnostic.code.id, fix: diagnostic.fixIt?.message ?? ""))
                }
                if !changed.contains(source.path) { changed.append(source.path) }
                madeThisRound = true
            }
            if !madeThisRound { break }
        }
        // The files fixed, in the canonical layout (a file that still has syntax errors is
        // left as the fixes made it).
        for path in changed {
            guard let bytes = FileSystem.read(path), case .formatted(let text) = Formatter.formatChecked(SourceFile(path: path, bytes: bytes)),
                  Array(text.utf8) != bytes else { continue }
            try write(Array(text.utf8), to: path)
        }
        return applied
    }

    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        do {
            let file = try AtomicFile(path: path)
            try file.write(bytes)
            try file.commit()
        } catch {
            throw Failure(message: error.message)
        }
    }

    /// What `--fix` did, for standard error: each fix, then how many.
    static func report(_ applied: [Applied]) -> String {
        var out = ""
        for fix in applied {
            out += "\(fix.path):\(fix.location.line):\(fix.location.column): fixed [\(fix.code)] \(fix.fix)\n"
        }
        let files = Set(applied.map(\.path)).count
        out += applied.isEmpty ? "nothing to fix\n" : "fixed \(applied.count) problem\(applied.count == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s")\n"
        return out
    }
}
