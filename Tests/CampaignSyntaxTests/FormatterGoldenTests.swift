import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// The formatter checked three ways (as swift-format and Cedar do): the output equals the
/// golden; formatting the output again changes nothing; and the output means the same.
@Suite struct FormatterGoldenTests {
    @Test(arguments: try Golden.names("format"))
    func fixture(_ name: String) throws {
        let source = SourceFile(path: name + ".campaign", bytes: try Golden.input("format", name))
        let parsed = Parser.parse(source)
        #expect(!parsed.diagnostics.hasErrors, "format fixtures must parse: \(parsed.diagnostics.map(\.message))")
        guard case .formatted(let output) = Formatter.formatChecked(source) else {
            Issue.record("formatting \(name) failed its meaning check")
            return
        }
        Golden.check(output, kind: "format", name: name)
        FormatterProperties.expectStable(output, name: name)
    }

    @Test(arguments: try Repository.examples.names(endingWith: ".campaign", dropSuffix: false))
    func examplesAreAlreadyCanonical(_ file: String) throws {
        let bytes = try Repository.examples.bytes(file)
        let source = SourceFile(path: file, bytes: bytes)
        guard case .formatted(let output) = Formatter.formatChecked(source) else {
            Issue.record("\(file) does not format")
            return
        }
        #expect(output == String(decoding: bytes, as: UTF8.self), "run `campaign fmt -w examples`")
    }

    /// The product owner's examples differ from `examples/` only in layout: formatting
    /// them gives exactly the bundled files.
    @Test(arguments: try Repository.specExamples.names(endingWith: ".campaign", dropSuffix: false))
    func specExamplesFormatToTheBundledOnes(_ file: String) throws {
        let source = SourceFile(path: file, bytes: try Repository.specExamples.bytes(file))
        guard case .formatted(let output) = Formatter.formatChecked(source) else {
            Issue.record("\(Repository.specExamples.file(file).path) does not format")
            return
        }
        let bundled = try Repository.examples.text(file)
        #expect(output == bundled, "formatting the spec's \(file) differs from examples/\(file):\n\(Golden.diff(bundled, output))")
    }

    @Test func keepsEveryComment() throws {
        let source = SourceFile(path: "c.campaign", bytes: try Golden.input("format", "comments_everywhere"))
        guard case .formatted(let output) = Formatter.formatChecked(source) else {
            Issue.record("does not format")
            return
        }
        let before = Parser.parse(source).syntax.comments.map { source.text($0.span) }
        let after = SourceFile(path: "c", text: output)
        let afterComments = Parser.parse(after).syntax.comments.map { after.text($0.span) }
        #expect(before == afterComments)
    }

    @Test func refusesFilesWithErrors() {
        let source = SourceFile(path: "bad.campaign", text: "segment a = (\n")
        guard case .invalid(let diagnostics) = Formatter.formatChecked(source) else {
            Issue.record("a file with errors must not be formatted")
            return
        }
        #expect(diagnostics.hasErrors)
    }
}

/// Properties every formatted text must have.
enum FormatterProperties {
    /// Re-formatting changes nothing, and the text parses without errors.
    static func expectStable(_ output: String, name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let again = SourceFile(path: name, text: output)
        switch Formatter.formatChecked(again) {
        case .formatted(let twice):
            #expect(twice == output, "not idempotent:\n\(Golden.diff(output, twice))", sourceLocation: sourceLocation)
        case .invalid(let diagnostics):
            Issue.record("formatted output does not parse: \(diagnostics.map(\.message))", sourceLocation: sourceLocation)
        case .meaningChanged:
            Issue.record("re-formatting changed the meaning", sourceLocation: sourceLocation)
        }
    }
}
