/// One event type's rows as the parts of the file read them, in file order: each part's
/// customers, times and places among the part's valid rows. Taken out of the parts
/// (`EventReader.Chunk`) so that they are freed as soon as the type's order is made.
struct EventKeys: Sendable {
    var customers: [[Int32]] = []
    var times: [[Int64]] = []
    var ordinals: [[UInt32]] = []
    /// Per part, the valid rows of the file before it: a row's place in the whole file is
    /// this plus its ordinal.
    var validBases: [Int] = []
}

/// One event type's rows sorted by customer, then time, then place in the file (ties in
/// time keep file order: docs/language.md §8.4), and where each row read went: the
/// table's offsets, times and file order, and what moves the property columns.
struct SortedEventKeys: Sendable {
    let offsets: [Int32]
    let times: [Int64]
    let fileOrder: [UInt32]
    /// Per row read (the parts' rows one after the other), its row in the table before
    /// rows are sorted by time (`reordering`); empty when no property column is to be
    /// placed.
    let destinations: [Int32]
    /// The customers whose rows were then sorted by time.
    let reordering: Reordering

    /// A counting sort by customer: rows are written straight to their customer's next
    /// free row, part after part, so each customer's rows come out in file order; then
    /// the customers whose rows the file did not have in time order are sorted by time
    /// (a stable sort of a few rows each). No per-row search for where a row came from,
    /// and nothing copied twice.
    ///
    /// Row numbers are `Int32`: the reader has checked that the type has at most
    /// `StoreLimits.eventsPerType` events, so no count or row number here can pass it,
    /// and the customers are rows of the customers file (below `customerCount`).
    init(_ keys: EventKeys, customerCount: Int, placingProperties: Bool) {
        var offsets = [Int32](repeating: 0, count: customerCount + 1)
        offsets.withUnsafeMutableBufferPointer { counts in
            for part in keys.customers {
                part.withUnsafeBufferPointer { customers in
                    for customer in customers { counts[Int(customer) + 1] &+= 1 }
                }
            }
            for c in 0..<customerCount { counts[c + 1] &+= counts[c] }
        }
        let total = Int(offsets[customerCount])
        var fileOrder: [UInt32] = []
        var destinations: [Int32] = []
        var reordering = Reordering()
        let times = Self.array(total) { (times: UnsafeMutableBufferPointer<Int64>) in
            fileOrder = Self.array(total) { fileOrder in
                offsets.withUnsafeBufferPointer { offsets in
                    guard placingProperties else {
                        Self.place(keys, offsets: offsets, times: times, fileOrder: fileOrder, destinations: nil)
                        _ = Self.sortByTime(offsets: offsets, times: times, fileOrder: fileOrder, noting: false)
                        return
                    }
                    destinations = [Int32](unsafeUninitializedCapacity: total) { destinations, count in
                        Self.place(keys, offsets: offsets, times: times, fileOrder: fileOrder, destinations: destinations)
                        count = total
                    }
                    reordering = Self.sortByTime(offsets: offsets, times: times, fileOrder: fileOrder, noting: true)
                }
            }
        }
        self.offsets = offsets
        self.times = times
        self.fileOrder = fileOrder
        self.destinations = destinations
        self.reordering = reordering
    }

    /// An array of `count` elements that `fill` writes, each exactly once, in any order.
    ///
    /// In 4 KiB pages, though the writes go in the file's order, not the table's. An
    /// earlier version asked Linux for 2 MiB pages (`madvise(MADV_HUGEPAGE)`) to spare the
    /// TLB misses: back to back, the event tables of the win-back took 0.06 s instead of
    /// 0.11 s. But on a virtual machine a fresh 2 MiB page is often one the host has taken
    /// back, and touching it cost 20 times what small pages do (78 against 1,600 MB/s,
    /// measured): with a few seconds between runs, as in `Benchmarks/plan.sh`, the phase took
    /// 0.19–0.33 s with huge pages and 0.07 s without.
    private static func array<T>(_ count: Int, _ fill: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            fill(buffer)
            initialized = count
        }
    }

    /// Writes each row read to its customer's next row: its time, its place in the file,
    /// and (given `destinations`) the row it went to. Rows of one customer land in file
    /// order. Only the table's columns are written out of order: `destinations` is
    /// written in the order rows are read.
    private static func place(_ keys: EventKeys, offsets: UnsafeBufferPointer<Int32>, times: UnsafeMutableBufferPointer<Int64>,
                              fileOrder: UnsafeMutableBufferPointer<UInt32>, destinations: UnsafeMutableBufferPointer<Int32>?) {
        var next = Array(offsets.dropLast())
        let tracking = destinations != nil
        let destinations = destinations ?? UnsafeMutableBufferPointer(start: nil, count: 0)
        var read = 0
        next.withUnsafeMutableBufferPointer { next in
            for part in keys.customers.indices {
                // Fits: the file has at most `StoreLimits.eventsPerFile` valid rows.
                let base = UInt32(truncatingIfNeeded: keys.validBases[part])
                keys.customers[part].withUnsafeBufferPointer { customers in
                    keys.times[part].withUnsafeBufferPointer { partTimes in
                        keys.ordinals[part].withUnsafeBufferPointer { ordinals in
                            for row in 0..<customers.count {
                                let customer = Int(customers[row])
                                let to = Int(next[customer])
                                next[customer] = Int32(truncatingIfNeeded: to &+ 1)
                                times.initializeElement(at: to, to: partTimes[row])
                                fileOrder.initializeElement(at: to, to: base &+ ordinals[row])
                                if tracking { destinations.initializeElement(at: read &+ row, to: Int32(truncatingIfNeeded: to)) }
                            }
                        }
                    }
                }
                read += keys.customers[part].count
            }
        }
    }

    /// Sorts each customer's rows by time where they are not in time order already; they
    /// are in file order, so a stable sort keeps file order among equal times. `noting`,
    /// it notes where each row of a sorted customer came from, for the property columns
    /// (the same move, made on each column afterwards).
    private static func sortByTime(offsets: UnsafeBufferPointer<Int32>, times: UnsafeMutableBufferPointer<Int64>,
                                   fileOrder: UnsafeMutableBufferPointer<UInt32>, noting: Bool) -> Reordering {
        var reordering = Reordering()
        var carry: [Int32] = []
        for c in 0..<(offsets.count - 1) {
            let start = Int(offsets[c]), end = Int(offsets[c + 1])
            guard end - start > 1 else { continue }
            var i = start + 1
            while i < end, times[i - 1] <= times[i] { i += 1 }
            guard i < end else { continue }
            carry.removeAll(keepingCapacity: true)
            if noting { carry.append(contentsOf: 0..<Int32(truncatingIfNeeded: end - start)) }
            carry.withUnsafeMutableBufferPointer { carry in
                let from = noting ? carry : nil
                if end - start <= Self.insertionSortRows {
                    insertionSort(start..<end, times: times, fileOrder: fileOrder, from: from)
                } else {
                    sortMany(start..<end, times: times, fileOrder: fileOrder, from: from)
                }
            }
            if noting { reordering.add(Int32(truncatingIfNeeded: start)..<Int32(truncatingIfNeeded: end), from: carry) }
        }
        return reordering
    }

    /// Rows of one customer sorted by moving them one by one: most customers have a few.
    static let insertionSortRows = 24

    /// `from[k]` moves with row `rows.lowerBound + k`.
    private static func insertionSort(_ rows: Range<Int>, times: UnsafeMutableBufferPointer<Int64>, fileOrder: UnsafeMutableBufferPointer<UInt32>,
                                      from: UnsafeMutableBufferPointer<Int32>?) {
        let first = rows.lowerBound
        for i in (first + 1)..<rows.upperBound {
            let time = times[i], place = fileOrder[i], source = from?[i - first] ?? 0
            var j = i
            // Strictly later only: an equal time stays before, in file order.
            while j > first, times[j - 1] > time {
                times[j] = times[j - 1]
                fileOrder[j] = fileOrder[j - 1]
                from?[j - first] = from?[j - 1 - first] ?? 0
                j -= 1
            }
            times[j] = time
            fileOrder[j] = place
            from?[j - first] = source
        }
    }

    /// A customer with many rows: sorted by (time, place in the file), which is unique
    /// within a type, so the order is the stable one whatever sort makes it.
    private static func sortMany(_ rows: Range<Int>, times: UnsafeMutableBufferPointer<Int64>, fileOrder: UnsafeMutableBufferPointer<UInt32>,
                                 from: UnsafeMutableBufferPointer<Int32>?) {
        let first = rows.lowerBound
        let sorted = rows.map { (times[$0], fileOrder[$0], from?[$0 - first] ?? 0) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        for (offset, row) in sorted.enumerated() {
            times[first + offset] = row.0
            fileOrder[first + offset] = row.1
            from?[offset] = row.2
        }
    }
}

/// How rows placed in file order within their customer were then sorted by time: the
/// table rows of each customer that moved, and for each of those rows the row of that
/// customer it takes its values from. Written in table order as the customers are
/// sorted, read once per property column: no row is written out of order for it.
struct Reordering: Sendable {
    private(set) var ranges: [Range<Int32>] = []
    /// Per row of `ranges`, one range after the other: its source, as an offset in its range.
    private(set) var from: [Int32] = []

    mutating func add(_ range: Range<Int32>, from offsets: [Int32]) {
        ranges.append(range)
        from.append(contentsOf: offsets)
    }

    /// Moves the values of `table` (placed in file order) as the rows were moved.
    func apply<T>(to table: UnsafeMutableBufferPointer<T>) {
        guard !ranges.isEmpty else { return }
        var scratch: [T] = []
        var k = 0
        from.withUnsafeBufferPointer { from in
            for range in ranges {
                let start = Int(range.lowerBound)
                scratch.removeAll(keepingCapacity: true)
                scratch.append(contentsOf: table[start..<Int(range.upperBound)])
                for i in 0..<range.count { table[start + i] = scratch[Int(from[k + i])] }
                k += range.count
            }
        }
    }
}
