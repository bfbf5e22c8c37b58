@testable import CampaignData
import CampaignSyntax
import Foundation
import Testing

/// Every byte of a data file is checked as UTF-8, wherever it is: the file is refused at the
/// first byte that is not, with its line and column, at any thread count.
@Suite struct EncodingTests {
    enum Place: String, CaseIterable, Sendable {
        case after64KiB, after1MiB, insideQuotedValue, firstByteOfSecondPart, lastByteOfFirstPart
    }

    enum Kind: String, CaseIterable, Sendable {
        case customersCSV, customersNDJSON, eventsCSV, eventsNDJSON

        var ndjson: Bool { self == .customersNDJSON || self == .eventsNDJSON }
        var name: String { (self == .customersCSV || self == .customersNDJSON ? "c" : "e") + (ndjson ? ".ndjson" : ".csv") }
        var header: String? {
            switch self {
            case .customersCSV: "id,email,phone,first_name,country,timezone,signup_at,birthday,tier,email_opt_in,sms_opt_in,push_token,coupon_code"
            case .eventsCSV: "customer_id,event,time,amount,category"
            default: nil
            }
        }

        /// A valid line; `note` goes in a free text field, `last` is the line's last value.
        func line(_ i: Int, note: String = "note", last: String = "X") -> String {
            switch self {
            case .customersCSV: "c\(i),,,Ana,\(note),,2025-01-10T14:00:00Z,,free,true,false,,\(last)"
            case .customersNDJSON: #"{"id": "c\#(i)", "country": "\#(note)", "signup_at": "2025-01-10", "tier": "free", "email_opt_in": true, "sms_opt_in": false, "coupon_code": "\#(last)"}"#
            case .eventsCSV: "c001,article_view,2026-09-01T15:00:00Z,,\(note)\(last)"
            case .eventsNDJSON: #"{"customer_id": "c001", "event": "article_view", "time": "2026-09-01T15:00:00Z", "properties": {"category": "\#(note)\#(last)"}}"#
            }
        }
    }

    /// About 1.2 MB of valid lines with one byte that is not UTF-8 at `place`; its line and
    /// (character) column.
    static func file(_ kind: Kind, _ place: Place) -> (bytes: [UInt8], line: Int, column: Int) {
        var lines: [String] = kind.header.map { [$0] } ?? []
        var i = 0
        var size = 0
        var marked: Int?
        let mark = "\u{1}"
        while size < 1_250_000 {
            var line = kind.line(i)
            let offset = size
            if marked == nil {
                switch place {
                case .after64KiB where offset > 70_000, .after1MiB where offset > 1_100_000:
                    line = kind.line(i, note: "caf" + mark + "e")
                    marked = lines.count
                case .insideQuotedValue where offset > 70_000 && !kind.ndjson:
                    line = kind.line(i, note: "\"first line\nsecond caf" + mark + "e\"")
                    marked = lines.count
                default: break
                }
            }
            lines.append(line)
            size += line.utf8.count + 1
            i += 1
        }
        var bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let position: Int
        switch place {
        case .firstByteOfSecondPart, .lastByteOfFirstPart:
            // Where two threads cut the file: the first byte after the cut (an invalid lead
            // byte), or the last value's byte before it (a lead byte whose character the
            // line feed cuts short).
            let dataStart = kind.header.map { $0.utf8.count + 1 } ?? 0
            let cut = bytes.withUnsafeBufferPointer { RecordLayout.lineSplitPoints($0, from: dataStart, parts: 2)[1] }
            position = place == .firstByteOfSecondPart ? cut : cut - 2
            bytes[position] = place == .firstByteOfSecondPart ? 0xFF : 0xC3
        default:
            position = bytes.firstIndex(of: 0x01) ?? 0
            bytes[position] = 0xE9
        }
        let line = bytes[..<position].filter { $0 == 0x0A }.count + 1
        let lineStart = bytes[..<position].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        return (bytes, line, position - lineStart + 1)
    }

    static let cases: [(Kind, Place)] = Kind.allCases.flatMap { kind in Place.allCases.filter { kind.ndjson ? $0 != .insideQuotedValue : true }.map { (kind, $0) } }

    @Test(arguments: cases)
    func everyByteIsChecked(_ kind: Kind, _ place: Place) throws {
        let (bytes, line, column) = Self.file(kind, place)
        var reports: [[String]] = []
        for threads in [1, 2] {
            let file = DataFile(path: kind.name, bytes: bytes)
            let options = ReadOptions(threads: threads)
            let outcome = kind.name.hasPrefix("c")
                ? DataSupport.load(customers: file, events: DataSupport.file("e.csv", "customer_id,event,time,amount,category\n"), options: options)
                : DataSupport.load(customers: try DataSupport.bundled("customers.csv"), events: file, options: options)
            #expect(outcome.dataset == nil, "\(threads) threads")
            let issues = outcome.logs.flatMap(\.issues)
            reports.append(issues.compactMap(\.dataText))
            #expect(issues.map(\.code) == [DataCode.notUTF8], "\(threads) threads: \(issues.map(\.dataText))")
            #expect(issues.first?.dataLocation?.line == line)
            #expect(issues.first?.dataLocation?.column == column, "\(issues.map(\.dataText))")
        }
        #expect(reports[0] == reports[1])
    }

    /// The validator agrees with the standard library on random bytes, mostly UTF-8 with
    /// damage, and reports where the valid prefix ends.
    @Test func validatorAgreesWithTheStandardLibrary() {
        var rng = SplitMix64(seed: 11)
        let pieces: [[UInt8]] = [Array("abcdefghijklmnopq".utf8), Array("é".utf8), Array("สม".utf8), Array("😀".utf8), Array("\u{10FFFF}".utf8),
                                 [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5], [0x80], [0xE2, 0x82], [0xFF]]
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(rng.next() % 12) {
                let k = Int(rng.next() % UInt64(pieces.count))
                // The valid pieces (the first five) mostly, so that many inputs are valid.
                if k < 5 || rng.next() % 4 == 0 { bytes += pieces[k] }
            }
            let problem = bytes.withUnsafeBufferPointer { UTF8Validation.firstProblem($0, from: 0, to: $0.count) }
            #expect((problem == nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            if let problem {
                #expect(String(validating: bytes[..<problem.offset], as: UTF8.self) != nil, "\(bytes)")
            }
        }
    }
}
