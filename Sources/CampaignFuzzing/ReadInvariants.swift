import CampaignData
import CampaignSemantics
import CampaignSyntax

/// What the reader fuzzers (`Fuzz/Targets/FuzzCSV`, `FuzzNDJSON`) and the reader mutation
/// tests check of one input: its first byte says which file the rest is (even: a customers
/// file, odd: an events file against the generated customers), and reading it in one part,
/// two and three (split however small the file) must give the same records and the same
/// issues, each issue on a line of the file.
public enum ReadInvariants {
    public enum Format: String, Sendable {
        case csv, ndjson
    }

    public struct Result: Sendable {
        /// Records read in one part.
        public var records = 0
        /// Error issues (any severity counted once, in one part).
        public var errors = 0
        public var failures: [String] = []
    }

    /// The prefix byte that makes the rest of an input a customers (0) or events (1) file.
    public static func input(events: Bool, _ file: [UInt8]) -> [UInt8] { [events ? 1 : 0] + file }

    public static func check(_ bytes: [UInt8], format: Format) -> Result {
        guard let fixed = FuzzDataset.shared else { return Result(failures: ["the generated dataset could not be made"]) }
        let events = (bytes.first ?? 0) & 1 == 1
        let content = Array(bytes.dropFirst())
        let file = DataFile(path: (events ? "events." : "customers.") + format.rawValue, bytes: content)
        let pictures = [1, 2, 3].map { parts in
            var options = ReadOptions(maxErrors: 1_000, threads: parts)
            options.minimumPartBytes = 0
            return events ? ReadPicture(events: file, fixed: fixed, options: options) : ReadPicture(customers: file, table: fixed.table, options: options)
        }
        var result = Result(records: pictures[0].records.count, errors: pictures[0].errorCount)
        for (index, picture) in pictures.enumerated().dropFirst() where picture != pictures[0] {
            result.failures.append("read in \(index + 1) parts differs from one part: " + pictures[0].difference(from: picture))
        }
        // A CSV record also ends at a lone carriage return.
        let lines = 1 + content.indices.count { content[$0] == 0x0A || (content[$0] == 0x0D && content.dropFirst($0 + 1).first != 0x0A) }
        for issue in pictures[0].issues {
            let line = issue.dataLocation?.line ?? -1
            guard line < 0 || line > lines else { continue }
            result.failures.append("issue on line \(line) of a file of \(lines) lines: \(issue.dataText ?? issue.message)")
        }
        return result
    }
}

/// Everything a read produced, in comparable form: the stored values as text, row by row,
/// and the issues with their counts.
struct ReadPicture: Equatable {
    var stored: Bool
    var records: [[String?]] = []
    var issues: [Diagnostic]
    var errorCount: Int
    var countsByCode: [DiagnosticCode: Int]

    init(customers file: DataFile, table: DeclarationTable, options: ReadOptions) {
        let (store, log) = CustomerReader.read(file, table: table, options: options)
        (issues, errorCount, countsByCode) = (log.issues, log.errorCount, log.countsByCode)
        stored = store != nil
        guard let store else { return }
        let fields = table.customerFieldOrder.filter { store.columns[$0] != nil }
        records = (0..<store.count).map { row in fields.map { store.columns[$0]?.display(row) } }
    }

    init(events file: DataFile, fixed: FuzzDataset, options: ReadOptions) {
        let (store, log) = EventReader.read(file, table: fixed.table, customers: fixed.customerStore, options: options)
        (issues, errorCount, countsByCode) = (log.issues, log.errorCount, log.countsByCode)
        stored = store != nil
        guard let store else { return }
        for table in store.tables {
            let properties = table.properties.keys.sorted()
            for customer in 0..<fixed.customerStore.count {
                for row in table.rows(of: customer) {
                    records.append([table.name, fixed.customerStore.id(customer), String(table.times[row]), String(table.fileOrder[row])]
                                   + properties.map { table.properties[$0]?.display(row) })
                }
            }
        }
        records.append(["valid rows", String(store.count)])
    }

    /// Where two pictures first differ, in a line.
    func difference(from other: ReadPicture) -> String {
        if stored != other.stored { return "a store \(stored ? "was" : "was not") made in one part, \(other.stored ? "was" : "was not") in the other" }
        if errorCount != other.errorCount || countsByCode != other.countsByCode { return "errors \(countsByCode) against \(other.countsByCode)" }
        if let i = firstDifference(issues, other.issues) {
            return "issue \(i): " + (i < issues.count ? issues[i].dataText ?? "" : "none") + " against " + (i < other.issues.count ? other.issues[i].dataText ?? "" : "none")
        }
        if let i = firstDifference(records, other.records) {
            return "record \(i): " + (i < records.count ? "\(records[i])" : "none") + " against " + (i < other.records.count ? "\(other.records[i])" : "none")
        }
        return "nothing"
    }
}

/// The first index at which two arrays differ (the shorter one's end if one is a prefix
/// of the other); nil when they are equal.
func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> Int? {
    if let i = zip(a, b).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset { return i }
    return a.count == b.count ? nil : min(a.count, b.count)
}
