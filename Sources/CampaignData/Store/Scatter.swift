/// Moving values read in parts to their rows in a table: the parts' rows, one part after
/// the other, are the rows read, and `destinations[r]` is where row read `r` goes (a
/// permutation of the table's rows, made by `SortedEventKeys`), before the customers whose
/// rows were sorted by time are reordered (`Reordering`). Each value is written once,
/// straight into the final array: no sorted copy of the row numbers, no search for the
/// part a row came from.
enum Scatter {
    static func values<T>(_ parts: [[T]], to destinations: [Int32], then reordering: Reordering) -> [T] {
        values(parts, to: destinations, then: reordering) { value, _ in value }
    }

    /// `transform` gets each value and its part's index (a text column shifts the start of
    /// each value by the bytes of the parts before it).
    @inline(__always)
    static func values<T>(_ parts: [[T]], to destinations: [Int32], then reordering: Reordering, _ transform: (T, Int) -> T) -> [T] {
        // Every row is written: the parts hold one value for each row read, as many as
        // `destinations` has rows.
        [T](unsafeUninitializedCapacity: destinations.count) { table, count in
            destinations.withUnsafeBufferPointer { destinations in
                var read = 0
                for (index, part) in parts.enumerated() {
                    part.withUnsafeBufferPointer { values in
                        for row in 0..<values.count {
                            table.initializeElement(at: Int(destinations[read &+ row]), to: transform(values[row], index))
                        }
                    }
                    read += part.count
                }
            }
            reordering.apply(to: table)
            count = destinations.count
        }
    }
}
