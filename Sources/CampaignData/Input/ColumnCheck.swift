import CampaignSemantics
import CampaignSyntax

/// The columns a file has (a CSV header, or the keys an NDJSON file's records hold)
/// against the fields and properties the schema declares. Data can look right and not be:
/// a header with `firstname` where the schema declares `first_name?` reads cleanly and
/// leaves every customer without a name, so a declared name with no column that an
/// undeclared column nearly spells is an error, and an optional one with no column at all
/// is a warning that says what it leaves empty (docs/diagnostics.md, D0101 D0102 D0107 D0108).
struct ColumnCheck {
    /// A declared name the reader looks for.
    struct Wanted {
        /// What a missing column is when no other column nearly spells the name.
        enum WhenMissing {
            /// An error before any row is read (D0101), naming what kind of column it is.
            case headerError(String)
            /// A warning naming what reads it (D0108).
            case warning
            /// Nothing at the header: each row that needs the value says so (event
            /// properties that some types require).
            case rowErrors
        }

        let name: String
        /// The name in a message: "field `first_name`", "property `amount`".
        let noun: String
        let whenMissing: WhenMissing
    }

    /// A name in the file that the schema does not declare, where it first appears.
    struct Undeclared {
        let name: String
        let line: Int
        let position: Int
    }

    let file: String
    let ndjson: Bool
    let wanted: [Wanted]
    /// What has no value when an optional column is missing: "customer", "event".
    let record: String
    /// What reads a wanted name, for the D0108 warning.
    let readers: (String) -> [DataReader]
    /// What an NDJSON name is called in messages: "key", or in customer bundles, whose
    /// customers and events are checked apart, "customer key" and "event key".
    var keyWord = "key"

    var names: [String] { wanted.map(\.name) }

    /// The problems with these columns: errors only (D0101, D0107) when there are any,
    /// else the warnings (D0102 once, then D0108 per missing optional name).
    func issues(present: (String) -> Bool, undeclared: [Undeclared]) -> [Diagnostic] {
        var errors: [Diagnostic] = []
        var absentOptional: [Wanted] = []
        var misspelt: Set<String> = []
        let candidates = undeclared.filter { !$0.name.isEmpty }
        let thing = ndjson ? keyWord : "column"
        for field in wanted where !present(field.name) {
            if let near = Suggestion.closest(to: field.name, among: candidates.map(\.name)),
               let place = candidates.first(where: { $0.name == near }) {
                misspelt.insert(near)
                errors.append(Diagnostic.data(DataCode.misspeltColumn, file: file, line: place.line, position: place.position,
                                        (ndjson ? "no record has a key for \(field.noun)" : "no column for \(field.noun)") + "; the file has `\(near)`",
                                        help: "did you mean `\(field.name)`? rename the \(thing)"))
                continue
            }
            switch field.whenMissing {
            case .headerError(let kind):
                errors.append(Diagnostic.data(DataCode.missingColumn, file: file, line: 1, column: field.name,
                                        "the header has no column `\(field.name)`, a required \(kind)"))
            case .warning:
                absentOptional.append(field)
            case .rowErrors:
                break
            }
        }
        if !errors.isEmpty { return errors }
        var warnings: [Diagnostic] = []
        let ignored = candidates.filter { !misspelt.contains($0.name) }.map(\.name)
        if !ignored.isEmpty {
            warnings.append(Diagnostic.data(DataCode.unknownColumns, file: file, line: ndjson ? 0 : 1,
                                      "ignoring \(thing)\(ignored.count == 1 ? "" : "s") the schema does not declare: "
                                      + ignored.map { "`\($0)`" }.joined(separator: ", ")))
        }
        for field in absentOptional {
            let readers = readers(field.name)
            let effect = readers.isEmpty
                ? "nothing in the selected campaigns or segments reads it"
                : "affects: " + readers.map(\.description).joined(separator: ", ")
            warnings.append(Diagnostic.data(DataCode.absentOptionalColumn, file: file, line: ndjson ? 0 : 1,
                                      (ndjson ? "no record has a key for optional \(field.noun)" : "no column for optional \(field.noun)")
                                      + ", so no \(record) has a value; " + effect))
        }
        return warnings
    }

    /// The 1-based character position of byte `offset` on the line starting at `lineStart`,
    /// counted as the compiler counts columns (user-visible characters).
    static func position(of offset: Int, lineStart: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[lineStart..<max(lineStart, offset)]), as: UTF8.self).count + 1
    }
}

/// The keys an NDJSON file's records hold, gathered while its parts are read: NDJSON has
/// no header, so these play its part for `ColumnCheck` once the whole file is read.
struct KeyCensus {
    /// Per wanted name, whether some record has the key (`null` included: the file knows it).
    var present: [Bool]
    /// Each undeclared key where it first appears.
    private(set) var undeclared: [String: ColumnCheck.Undeclared] = [:]
    /// Records read as whole JSON objects: with none, the keys say nothing about the file.
    var records = 0

    init(wanted: Int) { present = Array(repeating: false, count: wanted) }

    /// `position` is computed only for a key not seen before.
    mutating func noteUndeclared(_ key: String, line: Int, position: () -> Int) {
        if undeclared[key] == nil { undeclared[key] = ColumnCheck.Undeclared(name: key, line: line, position: position()) }
    }

    /// Adds a later part's keys, whose lines start `lineOffset` lines further down.
    mutating func merge(_ other: KeyCensus, lineOffset: Int) {
        for (i, seen) in other.present.enumerated() where seen && i < present.count { present[i] = true }
        records += other.records
        for (key, place) in other.undeclared where undeclared[key] == nil {
            undeclared[key] = ColumnCheck.Undeclared(name: key, line: place.line + lineOffset, position: place.position)
        }
    }

    /// The undeclared keys in the order they first appear.
    var undeclaredInOrder: [ColumnCheck.Undeclared] {
        undeclared.values.sorted { ($0.line, $0.position, $0.name) < ($1.line, $1.position, $1.name) }
    }
}
