import CampaignData
@testable import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// `campaign plan --format csv` writes its lines straight from compact rows (`PlanLines`),
/// with its own instant writer and a cache of detail texts. Each line must say what the
/// row's fields say when written the slow way (`PlanWriter.fields`: `InstantText`, the
/// vocabulary's text of each row, RFC 4180 quoting), for generated projects with every
/// kind of detail, with and without rendered text, in every schedule order.
@Suite struct PlanLinesTests {
    /// A row's fields the slow way, quoted and joined.
    static func expectedLine(_ fields: [String]) -> String {
        fields.map { field in
            field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\n"
    }

    @Test(arguments: Array(PlanPropertyTests.seeds.prefix(8)))
    func linesSayWhatTheFieldsSay(_ seed: UInt64) throws {
        let generated = try #require(PlanPropertyTests.data)
        let (text, _) = PlanPropertyTests.project(seed: seed)
        let table = try PlanSupport.table(generated.schema + text, withSchema: false)
        let outcome = DatasetLoader.load(table: table, customers: try DataFile(path: generated.folder + "/customers.csv"),
                                         events: try DataFile(path: generated.folder + "/events.csv"), options: ReadOptions(threads: 1))
        let data = try #require(outcome.dataset)
        for render in [false, true] {
            var options = PlanOptions(from: PlanSupport.instant("2026-10-15"), to: PlanSupport.instant("2026-12-15"))
            options.threads = 2
            options.render = render
            let plan = Planner.plan(data, options: options)
            let expected = PlanWriter.columns.joined(separator: ",") + "\n" + plan.rows.map { Self.expectedLine(PlanWriter.fields($0, plan)) }.joined()
            let actual = String(decoding: PlanWriter.write(plan, format: .csv, threads: 2), as: UTF8.self)
            let same = actual == expected
            #expect(same, "seed \(seed)\(render ? " --render" : ""): \(plan.rows.count) rows")
            // The JSON formats, against each row's `JSONValue`s (`PlanWriter.jsonRow`).
            let names = PlanWriter.Names(plan)
            let objects = plan.rows.map { row in
                var out: [UInt8] = []
                PlanWriter.jsonRow(row, names, into: &out)
                return String(decoding: out, as: UTF8.self)
            }
            let ndjson = String(decoding: PlanWriter.write(plan, format: .ndjson, threads: 2), as: UTF8.self)
            #expect(ndjson == objects.map { $0 + "\n" }.joined(), "seed \(seed)\(render ? " --render" : ""): ndjson")
            let json = String(decoding: PlanWriter.write(plan, format: .json, threads: 2), as: UTF8.self)
            #expect(json == (objects.isEmpty ? "[" : "[\n") + objects.map { "  " + $0 }.joined(separator: ",\n") + (objects.isEmpty ? "" : "\n") + "]\n",
                    "seed \(seed)\(render ? " --render" : ""): json")
        }
    }

    /// The line writer's instants are `InstantText`'s, at every offset a zone can have and
    /// for instants across the whole range, with `Z` only where `InstantText` writes it;
    /// a year outside four digits is left to `InstantText` (the writer declines it).
    @Test func instantsAreInstantTextsOwn() {
        var random = SplitMix64(seed: 16)
        var mismatches: [String] = []
        let edges: [Int64] = [InstantRange.first, InstantRange.last, 0, -1, 86_399, 86_400, 951_782_400]
        var instants = edges
        for _ in 0..<20_000 { instants.append(Int64.random(in: InstantRange.first...InstantRange.last, using: &random)) }
        for t in instants {
            for offset: Int64 in [0, 1, -1, 3_600, -12 * 3_600, 14 * 3_600, 5 * 3_600 + 45 * 60, -(9 * 3_600 + 30 * 60), Int64.random(in: -64_800...64_800, using: &random)] {
                for utcAsZ in [true, false] {
                    var expected: [UInt8] = []
                    InstantText.append(t, offset: offset, utcAsZ: utcAsZ, into: &expected)
                    var buffer = [UInt8](repeating: 0, count: 40)
                    var n = 0
                    let written = buffer.withUnsafeMutableBufferPointer { p in p.baseAddress.map { PlanLines.instant(t, offset: offset, utcAsZ: utcAsZ, $0, &n) } ?? false }
                    let fourDigits = expected.prefix(5).last == UInt8(ascii: "-") && expected.first != UInt8(ascii: "-")
                    if written != fourDigits || (written && Array(buffer[0..<n]) != expected) {
                        mismatches.append("\(t) \(offset) \(utcAsZ): \(String(decoding: expected, as: UTF8.self)) vs \(String(decoding: buffer[0..<n], as: UTF8.self))")
                    }
                }
            }
        }
        let first = Array(mismatches.prefix(5))
        #expect(mismatches.count == 0, "\(first)")
    }

    /// The line writer's JSON strings are `JSONValue`'s, for texts made of quotes,
    /// backslashes, every control character, U+2028 and U+2029 (escaped), their
    /// neighbours U+2027 and U+202A (not), and other multi-byte characters.
    @Test func jsonStringsAreJSONValuesOwn() {
        var random = SplitMix64(seed: 2_028)
        let pieces = ["\"", "\\", "\n", "\r", "\t", "a", "é", "\u{2028}", "\u{2029}", "\u{2027}", "\u{202A}", "€", "😀", "\u{7F}"]
            + (0..<0x20).map { String(UnicodeScalar(UInt8($0))) }
        var mismatches: [String] = []
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }.joined()
            let expected = JSONValue.string(text).serialized()
            let bytes = Array(text.utf8)
            var buffer = [UInt8](repeating: 0, count: 6 * bytes.count + 2)
            var n = 0
            bytes.withUnsafeBufferPointer { text in buffer.withUnsafeMutableBufferPointer { p in p.baseAddress.map { PlanLines.jsonString(text, $0, &n) } } }
            if String(decoding: buffer[0..<n], as: UTF8.self) != expected { mismatches.append(expected) }
        }
        let first = Array(mismatches.prefix(5))
        #expect(mismatches.count == 0, "\(first)")
    }
}
