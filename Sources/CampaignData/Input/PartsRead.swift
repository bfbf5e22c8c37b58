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
    /// NDJSON: the keys the part's records hold (part-relative lines).
    var keys = KeyCensus(wanted: 0)
}

/// The parts of a file read on several cores, in file order, and what puts them together
/// as one read: whatever the cuts, the same records, errors and warnings as reading the
/// file on one core.
struct PartsRead<Part> {
    /// How the parts were cut (the tests check that the last resort is never needed).
    enum Cuts: Equatable {
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

    /// The file is not UTF-8: the first byte that is not (every part before it was read to
    /// its end, so it is the file's first).
    func encodingIssue(file: String, bytes: UnsafeBufferPointer<UInt8>) -> Diagnostic? {
        walks.lazy.compactMap(\.invalidUTF8).first.map { Diagnostic.notUTF8(file: file, bytes: bytes, at: $0) }
    }

    /// NDJSON: the keys the records of the whole file hold, for `RecordLayout.checkKeys`.
    func keyCensus(wanted: Int) -> KeyCensus {
        var keys = KeyCensus(wanted: wanted)
        for (walk, offset) in zip(walks, lineOffsets) { keys.merge(walk.keys, lineOffset: offset) }
        return keys
    }
}
