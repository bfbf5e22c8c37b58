import CampaignSyntax
import Foundation

/// `campaign diff --base-ref REV PATH…`: the paths as they were at a git revision, copied
/// out of the repository that holds them into a temporary folder with the `git` command
/// (docs/diff.md). Failures are I/O errors (exit 2) that say what git could not do.
struct GitRevision {
    struct Failure: Error { let message: String }

    /// The copy: the paths to load, how to name each file in output, and the folder to remove.
    struct Checkout {
        let paths: [String]
        let folder: String
        /// `folder/dir/f.campaign` → `REV:dir/f.campaign`.
        let label: (String) -> String
    }

    let revision: String

    /// Copies the folders the paths need (a folder path's tree; a file path's folder, for its
    /// imports and templates) at `revision` into a new temporary folder.
    func checkout(_ paths: [String]) throws(Failure) -> Checkout {
        guard !revision.isEmpty, !revision.hasPrefix("-") else { throw Failure(message: "--base-ref takes a git revision, not '\(revision)'") }
        var located: [(top: String, relative: String, isFolder: Bool)] = []
        for path in paths {
            guard let kind = FileSystem.kind(path), let real = FileSystem.canonical(path) else { throw Failure(message: "no such file or folder: \(path)") }
            let isFolder = kind == .directory
            let folder = isFolder ? real : (real as NSString).deletingLastPathComponent
            let top: String
            switch Self.git(["-C", folder, "rev-parse", "--show-toplevel"]) {
            case .success(let output): top = FileSystem.canonical(output.trimmingCharacters(in: .newlines)) ?? output
            case .failure: throw Failure(message: "\(path) is not in a git repository, so --base-ref has nothing to read")
            }
            guard real == top || real.hasPrefix(top + "/") else { throw Failure(message: "\(path) is outside its repository \(top)") }
            located.append((top, real == top ? "." : String(real.dropFirst(top.count + 1)), isFolder))
        }
        guard let top = located.first?.top else { throw Failure(message: "missing <path>: name the campaign files or folders") }
        if located.contains(where: { $0.top != top }) { throw Failure(message: "the paths are in different git repositories") }
        if case .failure = Self.git(["-C", top, "rev-parse", "--verify", "--quiet", "--end-of-options", revision + "^{commit}"]) {
            throw Failure(message: "unknown revision '\(revision)' in the git repository at \(top)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-base-\(UUID().uuidString)").path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw Failure(message: "cannot create a temporary folder for the base version: \(error.localizedDescription)")
        }
        let trees = Set(located.map { $0.isFolder ? $0.relative : ($0.relative as NSString).deletingLastPathComponent }).map { $0.isEmpty ? "." : $0 }.sorted()
        let archive = folder + "/.base.tar"
        for tree in trees {
            if case .failure(let error) = Self.git(["-C", top, "archive", "--format=tar", "-o", archive, revision, "--", tree]) {
                try? FileManager.default.removeItem(atPath: folder)
                throw Failure(message: "\(tree) does not exist at revision '\(revision)' (\(error.message))")
            }
            if case .failure(let error) = Self.run("/usr/bin/env", ["tar", "-xf", archive, "-C", folder]) {
                try? FileManager.default.removeItem(atPath: folder)
                throw Failure(message: "cannot unpack the base version: \(error.message)")
            }
        }
        try? FileManager.default.removeItem(atPath: archive)
        let revision = self.revision
        for item in located where FileSystem.kind(folder + "/" + item.relative) == nil {
            try? FileManager.default.removeItem(atPath: folder)
            throw Failure(message: "\(item.relative) does not exist at revision '\(revision)'")
        }
        return Checkout(paths: located.map { folder + "/" + $0.relative }, folder: folder,
                        label: { path in path.hasPrefix(folder + "/") ? revision + ":" + path.dropFirst(folder.count + 1) : path })
    }

    static func git(_ arguments: [String]) -> Result<String, Failure> {
        run("/usr/bin/env", ["git"] + arguments)
    }

    /// Runs a program to its end; its standard output, or its standard error as the failure.
    static func run(_ executable: String, _ arguments: [String]) -> Result<String, Failure> {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return .failure(Failure(message: "cannot run \(arguments.first ?? executable): \(error.localizedDescription)"))
        }
        // Both pipes are read before waiting, standard output first: git writes little to
        // standard error for these commands, far from filling the pipe while we read the other.
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: err, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return .failure(Failure(message: text.isEmpty ? "\(arguments.first ?? executable) exited with status \(process.terminationStatus)" : text))
        }
        return .success(String(decoding: out, as: UTF8.self))
    }
}
