import Foundation

/// The built `campaign` executable, for tests that run it as a user does.
public enum BuiltBinary {
    /// The binary beside the test bundle (SwiftPM builds it because the test targets that
    /// run it depend on it), else `.build/debug/campaign`.
    public static let campaign: URL = {
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("campaign")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate
            }
            folder = folder.deletingLastPathComponent()
        }
        return Repository.root.appendingPathComponent(".build/debug/campaign")
    }()
}
