/// Applying fix-its to a file's text (`campaign check --fix`): the edits of every fix that
/// touches the file, in order of position, except a fix one of whose edits overlaps an edit
/// already taken (it waits for the next round, when its diagnostic comes again if it still
/// applies). A fix is taken whole or not at all.
public enum FixApplication {
    /// The text with the fixes applied, and the indexes (into `fixes`) of those applied.
    /// Edits outside `file`, or past the text's end, make their fix skipped.
    public static func apply(_ fixes: [Diagnostic.FixIt], to bytes: [UInt8], file: FileID) -> (bytes: [UInt8], applied: [Int]) {
        var taken: [(range: Range<Int>, text: [UInt8])] = []
        var applied: [Int] = []
        // Fixes in the order of their first edit; ties keep the diagnostics' order.
        let order = fixes.indices.sorted { a, b in
            let x = fixes[a].edits.map(\.span.start).min() ?? 0, y = fixes[b].edits.map(\.span.start).min() ?? 0
            return x == y ? a < b : x < y
        }
        for index in order {
            let edits = fixes[index].edits
            guard !edits.isEmpty, edits.allSatisfy({ $0.span.file == file && $0.span.start <= $0.span.end && $0.span.end <= bytes.count }) else { continue }
            let ranges = edits.map { $0.span.start..<$0.span.end }
            let clashes = ranges.contains { range in
                taken.contains { other in
                    range.overlaps(other.range) || (range.isEmpty && other.range.isEmpty && range.lowerBound == other.range.lowerBound)
                        || (range.isEmpty && other.range.contains(range.lowerBound)) || (other.range.isEmpty && range.contains(other.range.lowerBound))
                }
            }
            // Two edits of one fix may not overlap either.
            let selfClash = ranges.indices.contains { i in ranges.indices.contains { j in i < j && ranges[i].overlaps(ranges[j]) } }
            if clashes || selfClash { continue }
            taken += zip(ranges, edits).map { ($0, Array($1.replacement.utf8)) }
            applied.append(index)
        }
        var out = bytes
        for edit in taken.sorted(by: { $0.range.lowerBound > $1.range.lowerBound }) {
            out.replaceSubrange(edit.range, with: edit.text)
        }
        return (out, applied.sorted())
    }
}
