@testable import CampaignData
import CampaignSyntax
import Testing

/// Files are split for the cores at record boundaries, whatever the quotes: reading the
/// parts one after another gives exactly the records of reading the whole.
@Suite struct SplitTests {
    static func records(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> [[String]] {
        var scanner = CSVScanner(bytes: bytes, start: start, end: end, line: 1)
        var fields: [CSVField] = []
        var out: [[String]] = []
        while case .record = scanner.next(into: &fields) {
            out.append(fields.map { field in field.withValue(in: bytes) { String(decoding: $0, as: UTF8.self) } ?? "" })
        }
        return out
    }

    @Test(arguments: [2, 3, 5, 8, 13])
    func splitPointsFallOnRecordBoundaries(_ parts: Int) {
        var rng = SplitMix64(seed: UInt64(parts))
        var text = "id,note,amount\n"
        while text.utf8.count < 1_400_000 {
            let note: String
            switch rng.next() % 5 {
            case 0: note = "\"line one\nline two, with \"\"quotes\"\"\""
            case 1: note = "\"\"\"\"\"\""
            case 2: note = "\"" + String(repeating: "long,\n", count: Int(rng.next() % 200)) + "\""
            case 3: note = ""
            default: note = "plain"
            }
            text += "c\(rng.next() % 100_000),\(note),\(rng.next() % 1000)\r\n"
        }
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            let start = (bytes.firstIndex(of: 0x0A) ?? -1) + 1
            let points = CSVScanner.splitPoints(buffer, from: start, parts: parts)
            #expect(points.count == parts + 1)
            let whole = Self.records(buffer, start, buffer.count)
            var pieced: [[String]] = []
            for (a, b) in zip(points, points.dropFirst()) { pieced += Self.records(buffer, a, b) }
            #expect(pieced.count == whole.count)
            #expect(pieced == whole)
        }
    }
}
