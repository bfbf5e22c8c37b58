import CampaignSemantics
import CampaignSyntax

/// `--customers` and `--events` given the wrong way round: the customers file has an events
/// file's columns (`customer_id`, `event`, `time`) and not the id field, and the events file
/// has the id field and not `event`. Said once, as that, instead of as one missing column
/// per field of each file.
enum SwappedFiles {
    /// The columns (CSV header names, or the keys of the first NDJSON object) a file
    /// starts with, read from its first 64 KB; nil when they cannot be read.
    static func columns(_ file: DataFile) -> Set<String>? {
        let size = min(file.count, 1 << 16)
        guard size > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: size)
        do {
            try bytes.withUnsafeMutableBufferPointer { buffer throws(Diagnostic) in
                if let base = buffer.baseAddress { try file.read(into: base, count: size, at: 0) }
            }
        } catch {
            return nil
        }
        let line = bytes.prefix { $0 != 0x0A }
        return line.withUnsafeBufferPointer { first -> Set<String>? in
            if file.isNDJSON {
                var reader = JSONLineReader(bytes: first)
                var keys: Set<String> = []
                guard (try? reader.readObject { key, _, _, _ in
                    keys.insert(key)
                    return .skip
                }) != nil else { return nil }
                return keys
            }
            var scanner = CSVScanner(bytes: first)
            var fields: [CSVField] = []
            guard case .record = scanner.next(into: &fields) else { return nil }
            return Set(fields.map { scanner.string($0) })
        }
    }

    /// The error for two files given the wrong way round, or nil when they are not.
    static func issue(customers: DataFile, events: DataFile, idField: String) -> Diagnostic? {
        guard let customerColumns = columns(customers), let eventColumns = columns(events) else { return nil }
        let eventsShape: Set<String> = ["customer_id", "event", "time"]
        guard eventsShape.isSubset(of: customerColumns), !customerColumns.contains(idField),
              eventColumns.contains(idField), !eventColumns.contains("event") else { return nil }
        return Diagnostic.data(DataCode.swappedFiles, file: customers.path, line: 1,
                               "this customers file has the columns of an events file (customer_id, event, time), and the events file \(events.path) has the customers' `\(idField)`: did you swap --customers and --events?")
    }
}
