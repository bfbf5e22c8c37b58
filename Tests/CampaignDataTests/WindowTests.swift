@testable import CampaignData
import CampaignSyntax
import Foundation
import Testing

/// Where the windows a data file is read in end never changes what is read: generated CSV
/// and NDJSON files with every kind of trouble, read in windows of a few bytes up to the
/// whole file on 1 to 3 threads, give the same store and the same diagnostics (lines,
/// columns, counts) as one window holding the whole file.
@Suite struct WindowTests {
    static let schema = """
    customer {
      id: id
      note: text?
      amount: number?
    }
    event visit { note: text?, score: number? }
    event buy { score: number }

    """

    enum Format: String, CaseIterable, Sendable {
        case customersCSV, customersNDJSON, eventsCSV, eventsNDJSON

        var ndjson: Bool { self == .customersNDJSON || self == .eventsNDJSON }
        var events: Bool { self == .eventsCSV || self == .eventsNDJSON }
        var name: String { (events ? "e" : "c") + (ndjson ? ".ndjson" : ".csv") }
    }

    /// A file of the format: plain valid records past the start that the first window must
    /// hold whole, then about `bytes` of generated records with quoted values
    /// holding commas, `""` and line breaks, CRLF, multibyte characters, bad values, blank
    /// lines; sometimes a byte that is not UTF-8, a quote never closed, no final newline.
    static func file(_ format: Format, seed: UInt64, bytes: Int = 5_000) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        func words() -> String {
            (0..<(1 + pick(4))).map { _ in ["ab", "c,d", "é", "xyz", " ", "สม", "😀", "q\"q"][pick(8)] }.joined()
        }
        var out: [UInt8] = []
        func line(_ text: String) { out += Array(text.utf8) }
        let newline = { pick(5) == 0 ? "\r\n" : "\n" }
        if !format.ndjson { line(format.events ? "customer_id,event,time,note,score\n" : "id,note,amount\n") }
        var row = 0
        func customer() -> String { pick(30) == 0 ? "nobody" : "c\(pick(50))" }
        func plain() -> String {
            row += 1
            switch format {
            case .customersCSV: return "c\(row),plain note,\(row)\n"
            case .customersNDJSON: return #"{"id": "c\#(row)", "note": "plain", "amount": \#(row)}"# + "\n"
            case .eventsCSV: return "c\(row % 50),visit,2026-09-01T10:00:00Z,plain,1\n"
            case .eventsNDJSON: return #"{"customer_id": "c\#(row % 50)", "event": "visit", "time": "2026-09-01T10:00:00Z", "properties": {"score": 1}}"# + "\n"
            }
        }
        // The first window grows (doubling) until it holds 64 KiB and a line feed: 128 KiB
        // of plain records put the generated ones where windows end; 60–70 KiB, the line
        // feed that ends the first window's start among them.
        let prefix = seed % 3 == 0 ? 60_000 + pick(10_000) : 131_072 + pick(5_000)
        while out.count < prefix { line(plain()) }
        let end = out.count + bytes
        while out.count < end {
            if pick(25) == 0 { line(newline()) }
            if format.ndjson {
                row += 1
                let note = words().replacingOccurrences(of: "\"", with: "\\\"")
                let id = format.events ? customer() : (pick(40) == 0 ? "c1" : "c\(row)")
                var members = format.events
                    ? [#""customer_id": "\#(id)""#, #""event": "\#(["visit", "buy", "visit", "sale"][pick(4)])""#, #""time": "2026-09-0\#(1 + pick(9))T10:00:00Z""#,
                       #""properties": {"note": "\#(note)", "score": \#(pick(10) == 0 ? "\"x\"" : String(pick(100)))}"#]
                    : [#""id": "\#(id)""#, #""note": "\#(note)""#, #""amount": \#(pick(10) == 0 ? "\"x\"" : String(pick(100)))"#]
                if pick(8) == 0 { members.append(#""extra_\#(pick(3))": 1"#) }
                if pick(30) == 0 { members.append(members[0]) }
                let text = "{" + members.joined(separator: ", ") + "}"
                line(pick(40) == 0 ? String(text.dropLast(2)) : text)
            } else {
                func field() -> String {
                    switch pick(12) {
                    case 0: return ""
                    case 1, 2: return "\"" + words().replacingOccurrences(of: "\"", with: "\"\"") + "\""
                    case 3, 4:
                        let lines = (0..<(1 + pick(6))).map { _ in words().replacingOccurrences(of: "\"", with: "\"\"") }
                        return "\"" + lines.joined(separator: pick(3) == 0 ? "\r\n" : "\n") + "\""
                    case 5: return "ab\"c"
                    case 6: return "\"ab\" x"
                    default: return words().replacingOccurrences(of: "\"", with: "")
                    }
                }
                row += 1
                let number = pick(10) == 0 ? "x" : String(pick(100))
                var fields = format.events
                    ? [customer(), ["visit", "buy", "visit", "sale", ""][pick(5)], "2026-09-0\(1 + pick(9))T10:00:00Z", field(), number]
                    : [pick(40) == 0 ? "c1" : "c\(row)", field(), number]
                if pick(20) == 0 { fields.removeLast() }
                line(fields.joined(separator: ","))
            }
            line(newline())
        }
        if pick(6) == 0, !format.ndjson { line("c9,\"never closed\nand on\n") }
        if pick(3) == 0, out.last == 0x0A {
            out.removeLast()
            if out.last == 0x0D { out.removeLast() }
        }
        if pick(3) == 0 { out[pick(out.count)] = [0xFF, 0xC3, 0x80, 0xE2][pick(4)] }
        return out
    }

    static let customers = Array("id,note,amount\n".utf8) + (0..<50).flatMap { Array("c\($0),,\($0)\n".utf8) }

    /// What reading `bytes` as `format` gives, as text: every issue, the counts, and the store.
    static func outcome(_ format: Format, _ bytes: [UInt8], window: Int, threads: Int, readAhead: Bool = true) throws -> String {
        let (table, errors) = DataSupport.table(schema)
        let checked = try #require(table, "\(errors)")
        var options = ReadOptions(threads: threads)
        options.windowBytes = window
        // Every window reads the next ahead, or none does.
        options.readAheadWindows = readAhead ? 1 : .max
        options.minimumPartBytes = 0
        options.maxErrors = 1_000
        // Stores too, not only the errors: bad rows are left out, and counted.
        options.skipBadRows = true
        let file = DataFile(path: format.name, bytes: bytes)
        let loaded = format.events
            ? DatasetLoader.load(table: checked, customers: DataFile(path: "c.csv", bytes: customers), events: file, options: options)
            : DatasetLoader.load(table: checked, customers: file, events: DataFile(path: "e.csv", bytes: Array("customer_id,event,time\n".utf8)), options: options)
        var text = loaded.logs.map { log in
            log.issues.compactMap(\.dataText).joined(separator: "\n") + "\n\(log.errorCount) errors: "
                + log.countsByCode.map { "\($0.key.id) \($0.value)" }.sorted().joined(separator: ", ")
        }.joined(separator: "\n")
        guard let data = loaded.dataset else { return text }
        let store = data.customers
        for row in 0..<store.count {
            text += "\n" + store.id(row) + ": " + store.columns.keys.sorted().map { store.columns[$0]?.display(row) ?? "-" }.joined(separator: "|")
        }
        for table in data.events.tables {
            text += "\n\(table.name): \(table.offsets) \(table.times) \(table.fileOrder) "
                + table.properties.keys.sorted().map { name in (0..<table.count).map { table.properties[name]?.display($0) ?? "-" }.joined(separator: "|") }.joined(separator: " ")
        }
        return text
    }

    static let cases: [(Format, UInt64)] = Format.allCases.flatMap { format in (0..<6).map { (format, UInt64($0)) } }

    @Test(arguments: cases)
    func windowsReadAsTheWholeFile(_ format: Format, _ seed: UInt64) throws {
        let bytes = Self.file(format, seed: seed)
        let whole = try Self.outcome(format, bytes, window: bytes.count, threads: 1)
        for window in [1, 2, 3, 7, 64, 1_000, 9_000] {
            for threads in [1, 2, 3] {
                for readAhead in [true, false] {
                    let windowed = try Self.outcome(format, bytes, window: window, threads: threads, readAhead: readAhead)
                    #expect(windowed == whole, "window \(window), \(threads) threads, read ahead: \(readAhead)")
                }
            }
        }
    }

    /// A record of over a megabyte (more than `WindowMemory.headroom`, so the record a
    /// window's end cuts may not fit before the stretch read ahead, and the file is read
    /// again from it) among short ones, as CSV and NDJSON, in windows that cut it anywhere:
    /// the same as one window holding the whole file.
    @Test(arguments: [Format.customersCSV, .customersNDJSON, .eventsCSV])
    func aRecordLongerThanTheRoomBeforeAStretchReadAhead(_ format: Format) throws {
        func record(_ row: Int, note: String) -> String {
            switch format {
            case .customersCSV: return "c\(row),\"\(note)\",\(row)\n"
            case .customersNDJSON: return #"{"id": "c\#(row)", "note": "\#(note)", "amount": \#(row)}"# + "\n"
            default: return "c\(row % 50),visit,2026-09-01T10:00:00Z,\"\(note)\",\(row)\n"
            }
        }
        var text = format == .customersCSV ? "id,note,amount\n" : format == .eventsCSV ? "customer_id,event,time,note,score\n" : ""
        for row in 0..<12_000 { text += record(row, note: row == 5_000 ? String(repeating: "long note, ", count: 120_000) : "plain") }
        let bytes = Array(text.utf8)
        let whole = try Self.outcome(format, bytes, window: bytes.count, threads: 1)
        #expect(whole.contains("long note, long note"))
        for window in [200_000, 700_000, 1_100_000, 1_500_000] {
            for threads in [1, 2] {
                let windowed = try Self.outcome(format, bytes, window: window, threads: threads)
                #expect(windowed == whole, "window \(window), \(threads) threads")
            }
        }
    }

    /// The word-at-a-time count of line feeds agrees with a byte-by-byte one, at every
    /// length and alignment, on bytes near and equal to `\n`.
    @Test func lineFeedsAreCountedExactly() {
        var rng = SplitMix64(seed: 5)
        let bytes = (0..<300).map { _ in [0x0A, 0x0B, 0x8A, 0x09, 0x00, 0xFF, 0x7F, 0x0A][Int(rng.next() % 8)] } as [UInt8]
        bytes.withUnsafeBufferPointer { buffer in
            for start in 0..<9 {
                for end in stride(from: start, through: buffer.count, by: 7) {
                    let slice = UnsafeBufferPointer(rebasing: buffer[start..<end])
                    #expect(TextOrigin.lineFeeds(in: slice) == slice.count { $0 == 0x0A })
                }
            }
        }
    }

    /// The generated files do meet what they are meant to: row errors, records over
    /// several lines, bytes that are not UTF-8.
    @Test func generatedFilesHoldTheTrouble() throws {
        let outcomes = try Format.allCases.flatMap { format in
            try (0..<6).map { try Self.outcome(format, Self.file(format, seed: $0), window: 1 << 20, threads: 1) }
        }
        #expect(outcomes.contains { $0.contains("[D0003]") }, "a byte that is not UTF-8")
        #expect(outcomes.contains { $0.contains("never closed") }, "an unclosed quote")
        #expect(outcomes.filter { $0.contains("visit: ") || $0.contains("c1: ") }.count >= 8, "stores read")
        #expect(outcomes.contains { $0.contains("[D0109]") } && outcomes.contains { $0.contains("[D0104]") }, "row errors")
    }
}
