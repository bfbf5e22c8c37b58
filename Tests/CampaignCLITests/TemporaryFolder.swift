import Foundation

/// A fresh folder under the system's temporary folder, with `files` written into it.
enum TemporaryFolder {
    static func make(_ files: [String: [UInt8]] = [:]) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: url.appendingPathComponent(name)) }
        return url.path
    }
}
