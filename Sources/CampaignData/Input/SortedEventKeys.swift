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
    /// Per row read (the parts' rows one after the other), its row in the table; empty
    /// when no property column is to be placed.
    let destinations: [Int32]

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
        let times = HugePages.array(total) { (times: UnsafeMutableBufferPointer<Int64>) in
            fileOrder = HugePages.array(total) { fileOrder in
                offsets.withUnsafeBufferPointer { offsets in
                    guard placingProperties else {
                        Self.place(keys, offsets: offsets, times: times, fileOrder: fileOrder, destinations: nil, sources: nil)
                        Self.sortByTime(offsets: offsets, times: times, fileOrder: fileOrder, destinations: nil, sources: nil)
                        return
                    }
                    // Per table row, the row read that lands there: only kept to move the
                    // property columns after rows are sorted by time.
                    let sources = UnsafeMutableBufferPointer<Int32>.allocate(capacity: total)
                    defer { sources.deallocate() }
                    HugePages.advise(sources)
                    destinations = HugePages.array(total) { destinations in
                        Self.place(keys, offsets: offsets, times: times, fileOrder: fileOrder, destinations: destinations, sources: sources)
                        Self.sortByTime(offsets: offsets, times: times, fileOrder: fileOrder, destinations: destinations, sources: sources)
                    }
                }
            }
        }
        self.offsets = offsets
        self.times = times
        self.fileOrder = fileOrder
        self.destinations = destinations
    }

    /// Writes each row read to its customer's next row: its time, its place in the file,
    /// and (when tracking is asked for) where it went and where it came from.
    private static func place(_ keys: EventKeys, offsets: UnsafeBufferPointer<Int32>, times: UnsafeMutableBufferPointer<Int64>,
                              fileOrder: UnsafeMutableBufferPointer<UInt32>, destinations: UnsafeMutableBufferPointer<Int32>?,
                              sources: UnsafeMutableBufferPointer<Int32>?) {
        var next = Array(offsets.dropLast())
        let tracking = destinations != nil && sources != nil
        let destinations = destinations ?? UnsafeMutableBufferPointer(start: nil, count: 0)
        let sources = sources ?? UnsafeMutableBufferPointer(start: nil, count: 0)
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
                                if tracking {
                                    destinations[read &+ row] = Int32(truncatingIfNeeded: to)
                                    sources[to] = Int32(truncatingIfNeeded: read &+ row)
                                }
                            }
                        }
                    }
                }
                read += keys.customers[part].count
            }
        }
    }

    /// Sorts each customer's rows by time where they are not in time order already; they
    /// are in file order, so a stable sort keeps file order among equal times. The rows
    /// that move take their property values along (`destinations`).
    private static func sortByTime(offsets: UnsafeBufferPointer<Int32>, times: UnsafeMutableBufferPointer<Int64>,
                                   fileOrder: UnsafeMutableBufferPointer<UInt32>, destinations: UnsafeMutableBufferPointer<Int32>?,
                                   sources: UnsafeMutableBufferPointer<Int32>?) {
        for c in 0..<(offsets.count - 1) {
            let start = Int(offsets[c]), end = Int(offsets[c + 1])
            guard end - start > 1 else { continue }
            var i = start + 1
            while i < end, times[i - 1] <= times[i] { i += 1 }
            guard i < end else { continue }
            if end - start <= Self.insertionSortRows {
                insertionSort(start..<end, times: times, fileOrder: fileOrder, sources: sources)
            } else {
                sortMany(start..<end, times: times, fileOrder: fileOrder, sources: sources)
            }
            if let destinations, let sources {
                for row in start..<end { destinations[Int(sources[row])] = Int32(truncatingIfNeeded: row) }
            }
        }
    }

    /// Rows of one customer sorted by moving them one by one: most customers have a few.
    static let insertionSortRows = 24

    private static func insertionSort(_ rows: Range<Int>, times: UnsafeMutableBufferPointer<Int64>, fileOrder: UnsafeMutableBufferPointer<UInt32>,
                                      sources: UnsafeMutableBufferPointer<Int32>?) {
        for i in (rows.lowerBound + 1)..<rows.upperBound {
            let time = times[i], place = fileOrder[i], source = sources?[i] ?? 0
            var j = i
            // Strictly later only: an equal time stays before, in file order.
            while j > rows.lowerBound, times[j - 1] > time {
                times[j] = times[j - 1]
                fileOrder[j] = fileOrder[j - 1]
                sources?[j] = sources?[j - 1] ?? 0
                j -= 1
            }
            times[j] = time
            fileOrder[j] = place
            sources?[j] = source
        }
    }

    /// A customer with many rows: sorted by (time, place in the file), which is unique
    /// within a type, so the order is the stable one whatever sort makes it.
    private static func sortMany(_ rows: Range<Int>, times: UnsafeMutableBufferPointer<Int64>, fileOrder: UnsafeMutableBufferPointer<UInt32>,
                                  sources: UnsafeMutableBufferPointer<Int32>?) {
        let sorted = rows.map { (times[$0], fileOrder[$0], sources?[$0] ?? 0) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) }
        for (offset, row) in sorted.enumerated() {
            times[rows.lowerBound + offset] = row.0
            fileOrder[rows.lowerBound + offset] = row.1
            sources?[rows.lowerBound + offset] = row.2
        }
    }
}
