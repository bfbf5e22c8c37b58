import CampaignSemantics
import CampaignSyntax

/// Reads customer bundles (`campaign plan --bundles`, docs/language.md §9.5, "Customer bundles"): NDJSON, one
/// customer and their events a line, a batch of customers at a time, each batch read by
/// the two-file readers (`BundleBatch`) and handed on as a small `Dataset` before the next
/// is read. In memory at once: one batch, the line buffer, and the ids seen so far
/// (`SeenIDs`, for duplicates across batches).
///
/// The checks about a file as a whole (its keys: D0102, D0107, D0108) are made once, at the
/// end, on the keys of every batch; a required field with no key is each line's own error
/// (D0201), as it is in the two-file NDJSON input when other lines have the key.
public enum BundleReader {
    /// What reading every batch found.
    public struct Outcome: Sendable {
        /// Every problem, in one log for the bundle file (`--max-errors` applied to it as a whole).
        public let log: IssueLog
        /// Customers read without errors (planned, unless planning stopped).
        public let customers: Int
        /// Batches read (each holding at least one non-blank line).
        public let batches: Int
        /// Batches handed to `plan`: the first ones, up to the first with a row error.
        public let batchesPlanned: Int
        /// Reading stopped at a problem about the input as a whole (not UTF-8, unreadable).
        public let stopped: Bool
    }

    /// The customers per batch when `--batch-size` is not given: about 10 MB of rows and
    /// store for the generated data, and batches large enough that each costs the readers'
    /// and planner's fixed work only once per many customers.
    public static let defaultBatchSize = 10_000

    /// Reads `input` a batch of `batchSize` customers at a time, giving each batch's good
    /// rows to `plan` while no row error has been found (with `options.skipBadRows`,
    /// always). After a row error without it, the rest is still read, for its problems.
    /// `plan` returns false to stop (the output cannot be written): reading stops too.
    public static func read(_ input: BundleInput, table: DeclarationTable, options: ReadOptions, batchSize: Int,
                            plan: (Dataset) -> Bool) -> Outcome {
        var log = IssueLog(limit: options.maxErrors)
        guard let idField = table.idField else {
            log.add(Diagnostic.data(DataCode.missingColumn, file: input.path, line: 0, "the schema declares no `id` field, so customers cannot be read"))
            return Outcome(log: log, customers: 0, batches: 0, batchesPlanned: 0, stopped: true)
        }
        var lines = BundleLines(input)
        var seen = SeenIDs()
        var customerKeys = KeysSeen(), eventKeys = KeysSeen()
        var customers = 0, batches = 0, planned = 0
        var planning = true
        var more = true
        while more {
            var batch = BundleBatch()
            // A problem with the input as a whole (not UTF-8, unreadable) ends the reading
            // after the lines before it are read, for their own problems.
            var ending: Diagnostic?
            do {
                more = try fill(&batch, from: &lines, size: max(1, batchSize), idField: idField, seen: &seen, path: input.path)
            } catch {
                ending = error
                more = false
            }
            guard batch.lines > 0 || ending != nil else { break }
            batches += 1
            let read = batch.read(path: input.path, table: table, options: options) { isCustomers, census, check, place in
                if isCustomers { customerKeys.add(census, check, place) } else { eventKeys.add(census, check, place) }
            }
            for issue in read.issues { log.add(issue) }
            if let ending { log.add(ending) }
            guard let dataset = read.dataset, log.fileErrorCount == 0 else {
                return Outcome(log: log, customers: customers, batches: batches, batchesPlanned: planned, stopped: true)
            }
            customers += dataset.customers.count
            if log.errorCount > 0 && !options.skipBadRows { planning = false }
            if planning {
                guard plan(dataset) else { return Outcome(log: log, customers: customers, batches: batches, batchesPlanned: planned, stopped: true) }
                planned += 1
            }
        }
        for issue in customerKeys.issues(keyWord: "customer key") + eventKeys.issues(keyWord: "event key") { log.addBeforeRows(issue) }
        return Outcome(log: log, customers: customers, batches: batches, batchesPlanned: planned, stopped: false)
    }

    /// Takes lines into `batch` until it holds `size` non-blank lines; false at the end of
    /// the input. A line that is not UTF-8 ends the reading (D0003, about the input as a
    /// whole, as in the two-file input); one whose shape is wrong, or whose id was seen
    /// before, is a problem of its own line.
    static func fill(_ batch: inout BundleBatch, from lines: inout BundleLines, size: Int, idField: String,
                     seen: inout SeenIDs, path: String) throws(Diagnostic) -> Bool {
        while batch.lines < size {
            guard let (line, range) = try lines.next(into: &batch.arena) else { return false }
            let problem: Diagnostic? = batch.arena.withUnsafeBufferPointer { arena in
                let text = UnsafeBufferPointer(rebasing: arena[range])
                if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
                if let bad = UTF8Validation.firstProblem(text, from: 0, to: text.count) {
                    return Diagnostic.notUTF8(file: path, bytes: text, at: bad.offset).movedDown(line - 1)
                }
                batch.lines += 1
                do throws(BundleShape.Problem) {
                    let shape = try BundleShape.read(text, idField: idField)
                    if let id = shape.id, let first = seen.insert(id, line: line) {
                        let position = shape.idKey.map { ColumnCheck.position(of: range.lowerBound + $0, lineStart: range.lowerBound, in: arena) }
                        let shown = id.withUnsafeBufferPointer { String(decoding: $0, as: UTF8.self) }
                        batch.issues.append(Diagnostic.data(DataCode.duplicateID, file: path, line: line, position: position, column: "customer.\(idField)",
                                                            "customer id \"\(shown)\" appears more than once (first on line \(first)); ids must be unique"))
                    } else {
                        batch.bundles.append(BundleBatch.Bundle(line: line, range: range, shape: shape))
                    }
                } catch {
                    let position = error.at.map { ColumnCheck.position(of: range.lowerBound + $0, lineStart: range.lowerBound, in: arena) }
                    batch.issues.append(Diagnostic.data(error.code, file: path, line: line, position: position, column: error.part, error.message,
                                                        help: error.code == DataCode.misplacedKey ? BundleShape.shapeHelp : nil))
                }
                return nil
            }
            if let problem { throw problem }
        }
        return true
    }
}

/// The keys every batch's customers (or events) held, on the bundle file's lines, for the
/// checks `RecordLayout.checkKeys` makes of a whole NDJSON file.
struct KeysSeen {
    private var census: KeyCensus?
    private var check: ColumnCheck?

    mutating func add(_ batch: KeyCensus, _ check: ColumnCheck, _ place: (Int, Int) -> (line: Int, position: Int)) {
        var merged = census ?? KeyCensus(wanted: batch.present.count)
        for (i, present) in batch.present.enumerated() where present { merged.present[i] = true }
        merged.records += batch.records
        for key in batch.undeclaredInOrder {
            let moved = place(key.line, key.position)
            merged.noteUndeclared(key.name, line: moved.line) { moved.position }
        }
        census = merged
        if self.check == nil { self.check = check }
    }

    /// The problems with the keys of the whole input: D0102, D0107 and D0108 as for an
    /// NDJSON file; a required name that no line has is left to each line's D0201.
    func issues(keyWord: String) -> [Diagnostic] {
        guard var check, let census, census.records > 0 else { return [] }
        check.keyWord = keyWord
        var slots: [String: Int] = [:]
        for (i, name) in check.names.enumerated() { slots[name] = i }
        return check.issues(present: { slots[$0].map { census.present[$0] } ?? false }, undeclared: census.undeclaredInOrder)
            .filter { $0.code != DataCode.missingColumn }
    }
}
