#if canImport(Glibc)
import Glibc
#endif

/// Where CSV records start, found without reading fields: the places a file can be cut
/// into parts for the cores so that reading the parts one after another gives exactly the
/// records (and errors) of `CSVScanner` reading the whole file.
///
/// Just after a line feed, the scanner is either between records or inside a quoted field
/// (an unquoted field, a stray quote's skip and the text after a closing quote all end at
/// the line feed). Which one depends on everything before, and not on quote parity: the
/// scanner opens a quoted field only at a field's start, and skips the rest of a line
/// after a stray quote, whatever quotes it holds. The walk below follows the scanner's
/// rules quote by quote (`memchr` between them), so it is about as fast as counting quotes.
enum CSVBoundaries {
    /// Cut points at record starts near equal offsets of `bytes[start...]`, first and last
    /// included. Each stretch between candidate cuts is walked on its own core twice, once
    /// supposing it starts between records and once inside a quoted field; chaining the
    /// outcomes from the first stretch (which starts between records) says which
    /// supposition was true at every candidate, and a candidate inside a quoted field moves
    /// to the first record start after it.
    static func splitPoints(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, parts: Int, minimumBytes: Int) -> [Int] {
        let candidates = RecordLayout.lineSplitPoints(bytes, from: start, parts: parts, minimumBytes: minimumBytes)
        guard candidates.count > 2 else { return candidates }
        let end = bytes.count
        struct Stretch {
            /// Supposing the stretch starts between records: whether it ends inside quotes.
            var endsQuotedFromRecord: Bool
            /// Supposing it starts inside a quoted field: its first record start (nil when
            /// none is in the stretch) and whether it ends inside quotes.
            var firstStartFromQuoted: Int?
            var endsQuotedFromQuoted: Bool
        }
        let shared = ReadOnlyBuffer(bytes)
        let stretches = parallelMap(candidates.count - 1) { k -> Stretch in
            let bytes = shared.buffer
            let from = candidates[k], to = candidates[k + 1]
            // A candidate is just after a line feed (or the data's start): to == end means
            // the file's end, where nothing is cut.
            func endsQuoted(from position: Int) -> Bool {
                to < end && recordStart(bytes, from: position, insideQuotes: false, atOrAfter: to, limit: to) == nil
            }
            let fromRecord = endsQuoted(from: from)
            guard k > 0, let first = recordStart(bytes, from: from, insideQuotes: true, atOrAfter: from, limit: to) else {
                return Stretch(endsQuotedFromRecord: fromRecord, firstStartFromQuoted: nil, endsQuotedFromQuoted: to < end)
            }
            // Both walks are between records at `first` when the other one passes it as a
            // record start too: from there on they are the same walk.
            let same = recordStart(bytes, from: from, insideQuotes: false, atOrAfter: first, limit: to) == first
            return Stretch(endsQuotedFromRecord: fromRecord, firstStartFromQuoted: first,
                           endsQuotedFromQuoted: same ? fromRecord : endsQuoted(from: first))
        }
        var points = [start]
        var quoted = false
        for k in 1..<(candidates.count - 1) {
            let before = stretches[k - 1]
            quoted = quoted ? before.endsQuotedFromQuoted : before.endsQuotedFromRecord
            let cut = quoted ? stretches[k].firstStartFromQuoted : candidates[k]
            if let cut, cut > points[points.count - 1], cut < end { points.append(cut) }
        }
        points.append(end)
        return points
    }

    /// Walks `bytes` from `position` (just after a line feed, or the data's start), between
    /// records or inside a quoted field as told, by the scanner's rules; returns the first
    /// position at or after `target` and at most `limit` that is just after a line feed and
    /// between records, or nil when there is none.
    static func recordStart(_ bytes: UnsafeBufferPointer<UInt8>, from position: Int, insideQuotes: Bool, atOrAfter target: Int, limit: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let end = bytes.count
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lineFeed: UInt8 = 0x0A, carriageReturn: UInt8 = 0x0D
        /// The first `byte` in `from..<to`.
        func find(_ byte: UInt8, _ from: Int, _ to: Int) -> Int? {
            guard from < to, let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
        var p = position
        var inQuotes = insideQuotes
        if !inQuotes, p >= target, p <= limit { return p }
        while p < limit {
            if inQuotes {
                // The closing quote; `""` is an escaped quote. A line feed just before
                // `limit` means a quote is never the last byte before it.
                guard let q = find(quote, p, limit) else { return nil }
                if q + 1 < end, bytes[q + 1] == quote {
                    p = q + 2
                    continue
                }
                inQuotes = false
                p = q + 1
                guard p < end else { return nil }
                switch bytes[p] {
                case comma:
                    p += 1
                    if p < end, bytes[p] == quote {
                        inQuotes = true
                        p += 1
                    }
                    continue
                case lineFeed:
                    p += 1
                case carriageReturn:
                    p += 1
                    guard p < end, bytes[p] == lineFeed else { continue }
                    p += 1
                default:
                    // Text after the closing quote: the scanner skips to the line's end.
                    guard let feed = find(lineFeed, p, limit) else { return nil }
                    p = feed + 1
                }
                if p >= target { return p <= limit ? p : nil }
                continue
            }
            // Between quotes every line feed ends a record: the first one far enough wins.
            let q = find(quote, p, limit) ?? limit
            if let feed = find(lineFeed, max(p, target - 1), q) { return feed + 1 }
            guard q < limit else { return nil }
            // A quote opens a field at a field's start; anywhere else the scanner reports it
            // and skips to the line's end.
            let previous = q > 0 ? bytes[q - 1] : lineFeed
            if previous == comma || previous == lineFeed || previous == carriageReturn {
                inQuotes = true
                p = q + 1
                continue
            }
            guard let feed = find(lineFeed, q, limit) else { return nil }
            p = feed + 1
            if p >= target { return p }
        }
        return nil
    }
}
