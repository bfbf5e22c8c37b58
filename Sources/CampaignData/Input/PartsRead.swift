import Synchronization
import CampaignSyntax

/// What walking one part of a data file found besides its rows.
struct PartWalk {
    /// Lines read: the next part's line numbers follow on from them.
    var lines = 0
    /// The part ended inside a quoted field: it was cut inside a value, unless it is the
    /// file's last part (then the value is never closed).
    var endedInsideQuotes = false
    /// The first byte that does not begin a UTF-8 character; the part stopped there.
    var invalidUTF8: Int?
    /// The part ended inside a quoted value before the end of the file (the end of a
    /// window): the record that starts here goes on in the next window, which reads it
    /// again from here. `lines` stops before it.
    var carry: Int?
    /// NDJSON: the keys the part's records hold (part-relative lines).
    var keys = KeyCensus(wanted: 0)
}

/// The parts of a file read on several cores, in file order, and what puts them together
/// as one read: whatever the cuts, the same records, errors and warnings as reading the
/// file on one core.
struct PartsRead<Part> {
    /// How the parts were cut (the tests check that the last resort is never needed), from
    /// the best to the worst.
    enum Cuts: Comparable {
        /// At line breaks near equal offsets (or not at all), which turned out to be record
        /// starts.
        case lineBreaks
        /// At the record starts `CSVBoundaries` found.
        case recordStarts
        /// Not cut, because the cuts at record starts did not check out.
        case lastResort
    }

    let parts: [Part]
    let walks: [PartWalk]
    /// Per part, what turns its line numbers into the file's.
    let lineOffsets: [Int]
    let cuts: Cuts

    init(_ reads: [(Part, PartWalk)], firstLine: Int, cuts: Cuts) {
        parts = reads.map(\.0)
        walks = reads.map(\.1)
        var offsets: [Int] = []
        var offset = firstLine - 1
        for walk in walks {
            offsets.append(offset)
            offset += walk.lines
        }
        lineOffsets = offsets
        self.cuts = cuts
    }

    /// NDJSON: the keys the records of the whole file hold, for `RecordLayout.checkKeys`.
    func keyCensus(wanted: Int) -> KeyCensus {
        var keys = KeyCensus(wanted: wanted)
        for (walk, offset) in zip(walks, lineOffsets) { keys.merge(walk.keys, lineOffset: offset) }
        return keys
    }
}

/// One value per part index, made when a part of that index first asks and reused by the
/// part of the same index in every later window: the parts of one window have different
/// indices, so no two threads use one value at once.
final class PerPart<Value: Sendable>: Sendable {
    private let values = Mutex<[Int: Value]>([:])
    private let make: @Sendable () -> Value

    init(_ make: @escaping @Sendable () -> Value) { self.make = make }

    subscript(part: Int) -> Value {
        if let value = values.withLock({ $0[part] }) { return value }
        // Made outside the lock: the other parts need not wait for it.
        let value = make()
        return values.withLock { values in
            if let made = values[part] { return made }
            values[part] = value
            return value
        }
    }
}
