import CampaignFuzzing
import CampaignSyntax
import Foundation
import TestFixtures
import Testing

/// Thousands of seeded mutations of the examples through the syntax fuzzer's checks
/// (`SyntaxInvariants`: lexer, parser, every renderer and the formatter): nothing crashes
/// or hangs, and whatever parses formats idempotently to a file that means the same.
@Suite struct MutationFuzzTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"] ?? "") ?? 3_000

    /// The examples and the formatter's fixtures; throws, naming the path, when any is missing.
    static func seeds() throws -> [[UInt8]] {
        try ParserTests.specExampleFiles().map(FixtureFolder.bytes) + Golden.names("format").map { try Golden.input("format", $0) }
    }

    static let fragments: [String] = [
        "{", "}", "(", ")", "\"", "{{", "}}", "{%", "%}", "#", "\n", "\r\n", "\t", " ", ",", ":", "?", "??",
        "30d", "30x", "09:00", "25:00", "2026-02-30", "10%", "150%", "and", "or", "not", "is none", "in (",
        "campaign x {", "segment s = ", "send sms m { text \"hi\" }", "if a {", "} else {", "split {", "50% {",
        "wait until", "trigger on", "exit when", "event.", "count(", "where", "in last", "since entry",
        "สวัสดี", "سلام", "안녕", "chào", "👍🏽", "\u{202E}", "\\", "\\u{", "'", ";", "@",
    ]

    static func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
            switch Int.random(in: 0..<10, using: &rng) {
            case 0:
                let length = min(bytes.count - position, Int.random(in: 1...12, using: &rng))
                if length > 0 { bytes.removeSubrange(position..<(position + length)) }
            case 1:
                bytes.insert(contentsOf: Array(fragments.randomElement(using: &rng)!.utf8), at: position)
            case 2:
                bytes.insert(UInt8.random(in: 0...255, using: &rng), at: position)
            case 3:
                if !bytes.isEmpty { bytes[position] = UInt8.random(in: 0x20...0x7E, using: &rng) }
            case 4:
                bytes = Array(bytes.prefix(position))
            default:
                bytes = mutateLines(bytes, &rng)
            }
        }
        return bytes
    }

    /// Line-level edits keep most files valid: they exercise the formatter, not just recovery.
    static func mutateLines(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        guard !lines.isEmpty else { return bytes }
        let index = Int.random(in: 0..<lines.count, using: &rng)
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: lines.insert(Array("# comment \(index)".utf8), at: index)
        case 1: lines.insert([], at: index)
        case 2: lines[index] = Array(repeating: UInt8(ascii: " "), count: Int.random(in: 0...9, using: &rng)) + lines[index].drop { $0 == UInt8(ascii: " ") }
        case 3: lines[index] += Array("  # trailing".utf8)
        case 4: lines.remove(at: index)
        default:
            let other = Int.random(in: 0..<lines.count, using: &rng)
            lines.swapAt(index, other)
        }
        return Array(lines.joined(separator: [UInt8(ascii: "\n")]))
    }

    @Test func mutatedExamplesNeverCrashAndFormatStably() throws {
        let seeds = try Self.seeds()
        var rng = SplitMix64(seed: 20_261_122)
        var parsedClean = 0
        for iteration in 0..<Self.iterations {
            let seed = seeds[iteration % seeds.count]
            let bytes = Self.mutate(seed, &rng)
            let result = SyntaxInvariants.check(bytes)
            if result.parsed { parsedClean += 1 }
            guard result.failures.isEmpty else {
                Issue.record("iteration \(iteration): \(result.failures.joined(separator: "\n"))\n--- input\n\(String(decoding: bytes, as: UTF8.self))")
                return
            }
        }
        #expect(parsedClean > Self.iterations / 10, "too few mutants parse; the test would prove little")
    }
}
