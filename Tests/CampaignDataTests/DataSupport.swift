import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation

/// The bundled schema and data, and helpers to read data against them.
enum DataSupport {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let examples = root.appendingPathComponent("examples")

    static let table: DeclarationTable = {
        guard let project = try? ProjectLoader.load(paths: [examples.appendingPathComponent("schema.campaign").path]) else { return DeclarationTable() }
        return SemanticChecker.check(project).table
    }()

    /// A schema (and segments) from text, checked; nil with the messages when it has errors.
    static func table(_ source: String) -> (DeclarationTable?, [String]) {
        let project = ProjectLoader.load(source: SourceFile(path: "test.campaign", text: source), root: ".")
        let checked = SemanticChecker.check(project)
        let errors = (project.diagnostics + checked.diagnostics).filter { $0.severity == .error }.map(\.message)
        return (errors.isEmpty ? checked.table : nil, errors)
    }

    static func file(_ name: String, _ text: String) -> DataFile { DataFile(path: name, bytes: Array(text.utf8)) }

    static func load(customers: DataFile, events: DataFile, options: ReadOptions = ReadOptions()) -> DatasetLoader.Outcome {
        DatasetLoader.load(table: table, customers: customers, events: events, options: options)
    }

    static func bundled(_ name: String) throws -> DataFile {
        try DataFile(path: examples.appendingPathComponent("data/\(name)").path)
    }

    static func instant(_ text: String) -> Int64 {
        Array(text.utf8).withUnsafeBufferPointer { ValueParsers.time($0) } ?? 0
    }
}
