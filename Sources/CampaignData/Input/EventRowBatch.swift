extension EventReader {
    /// Event rows held back so that their customers are looked up together.
    ///
    /// In a time-ordered or shuffled events file each row's customer is a random probe into
    /// the id index: cache (and TLB) misses that, one row at a time, leave the core
    /// waiting. Held in a batch, the rows' lookups go a step at a time over all of them
    /// (`lookups`): the loads of one step are independent, so the out-of-order core has many
    /// misses in flight at once (memory-level parallelism, no prefetch instruction needed).
    /// The rows are then validated one by one in file order, so diagnostics come out exactly
    /// as when each row was read alone; a row that cannot wait (a scanner issue, an NDJSON
    /// row, an empty or escaped id) is read after the rows held, and each part ends with
    /// `Chunk.finish(_:)`.
    ///
    /// Every row goes through the batch, in a file grouped by customer too: a row with the
    /// id of the row before costs a comparison of bytes in cache (`lookups`), and reading
    /// it at once instead (as an earlier version did) measured no faster.
    ///
    /// Measured on 1M customers / 10M events, win-back plan, release: batching took the
    /// "event rows" phase of a time-ordered file from 3.4 s to 0.8–1.4 s at 2 threads. At
    /// one thread, with the index's 16-byte slots, the lookups' misses still cost about
    /// 0.35 s of 1.65 s (found by giving every row a made-up customer instead). Radix
    /// partitioning rows by hash, as join engines do, would make the probes sweep the
    /// table in order, but must hold every row's fields (24 bytes each) until its
    /// partition is probed, or scan the file twice, then restore file order for the
    /// diagnostics; a batch of 64 rows takes 8 KB.
    struct RowBatch {
        /// Rows held at most: enough misses in flight to cover the memory latency, few
        /// enough for the batch to stay in the first-level cache.
        static let capacity = 64

        /// Fields per row.
        let width: Int
        var count = 0
        /// Each row's fields, `width` apiece, pointing into `buffer`.
        var fields: [CSVField]
        var lines: [Int]
        /// Where each row starts in `cellBytes` (`CellPlaces.recordStart`).
        var recordStarts: [Int]
        /// Each row's customer after `resolve`, or -1 when no customer has its id.
        var customers: [Int32]
        /// Each row's id's key (`IDKey`), and its slot in the index as the probe goes.
        var keys: [IDKey]
        var places: [Int]
        /// The bytes every held row's fields point into, and its cells' bytes (valid while
        /// the rows are held: a part flushes its batch before its bytes go).
        private(set) var source = ReadOnlyBuffer(UnsafeBufferPointer<UInt8>(start: nil, count: 0))
        private(set) var cellSource = ReadOnlyBuffer(UnsafeBufferPointer<UInt8>(start: nil, count: 0))
        var buffer: UnsafeBufferPointer<UInt8> { source.buffer }
        var cellBytes: UnsafeBufferPointer<UInt8> { cellSource.buffer }
        /// Where the id of the last row looked up is in `buffer` (start -1: none), and its
        /// customer (-1: none has that id).
        private var previous: (start: Int, count: Int) = (-1, 0)
        private var lastCustomer: Int32 = -1
        /// What the touching loops loaded (kept, so that the loads are not dropped).
        private(set) var touched: UInt32 = 0

        init(width: Int) {
            self.width = width
            let absent = CSVField(start: -1, end: -1, hasEscapedQuotes: false)
            fields = Array(repeating: absent, count: Self.capacity * width)
            lines = Array(repeating: 0, count: Self.capacity)
            recordStarts = Array(repeating: 0, count: Self.capacity)
            customers = Array(repeating: -1, count: Self.capacity)
            keys = Array(repeating: IDKey.empty, count: Self.capacity)
            places = Array(repeating: 0, count: Self.capacity)
        }

        /// Whether a row over these bytes may join the rows held (empty, or theirs too).
        func holds(buffer: UnsafeBufferPointer<UInt8>, cells: UnsafeBufferPointer<UInt8>) -> Bool {
            count == 0 || (buffer.baseAddress == self.buffer.baseAddress && buffer.count == self.buffer.count
                && cells.baseAddress == cellBytes.baseAddress && cells.count == cellBytes.count)
        }

        /// Holds a row (`values.count == width`, its id non-empty and unescaped); true when
        /// the batch is full.
        mutating func add(line: Int, values: UnsafeBufferPointer<CSVField>, buffer: UnsafeBufferPointer<UInt8>, cells: CellPlaces) -> Bool {
            if count == 0 {
                if buffer.baseAddress != self.buffer.baseAddress || buffer.count != self.buffer.count {
                    previous = (-1, 0)
                }
                source = ReadOnlyBuffer(buffer)
                cellSource = ReadOnlyBuffer(cells.bytes)
            }
            let base = count * width
            fields.withUnsafeMutableBufferPointer { fields in
                for i in 0..<width { fields[base + i] = values[i] }
            }
            lines[count] = line
            recordStarts[count] = cells.recordStart
            count += 1
            return count == Self.capacity
        }

        /// Looks up every held row's customer (`lookups`), then keeps what the next batch
        /// starts from.
        mutating func resolve(_ lookup: IDLookupView) {
            guard let base = buffer.baseAddress else { return }
            let end = buffer.count, width = self.width, count = self.count
            var previous = self.previous, last = lastCustomer
            let touched = fields.withUnsafeBufferPointer { fields in
                keys.withUnsafeMutableBufferPointer { keys in
                    places.withUnsafeMutableBufferPointer { places in
                        customers.withUnsafeMutableBufferPointer { customers in
                            Self.lookups(lookup, base: base, end: end, fields: fields, width: width, count: count, keys: keys,
                                         places: places, customers: customers, previous: &previous, last: &last)
                        }
                    }
                }
            }
            self.touched &+= touched
            self.previous = previous
            lastCustomer = last
        }

        /// The customers of `count` rows, a step at a time, each step a loop over the rows
        /// whose loads are independent, so that their misses overlap: the rows' keys
        /// (`IDKey`: hash, code, and a compact id's words) and first slots (arithmetic on
        /// bytes in cache); then, in rounds, the loads of those slots and the probes, which
        /// decide a compact id (up to 16 bytes, or a UUID) in its slot and stop a long one at
        /// the first slot whose tag matches, or go on to the next round at a slot in a cache
        /// line not loaded; the loads of those long ids' first and last bytes in the id
        /// column; then their comparisons, which find everything in cache. (A tag that
        /// matched a different id sends its row on along the probe, comparing as it goes.)
        /// Returns what the touching loads read.
        ///
        /// A file grouped by customer, in the customers file's order (as `campaign gen
        /// --order customer` writes), needs no probe: a row with the id of the row before
        /// takes its customer (place -1), and a new id is first compared with the customer
        /// after the last one known (place -2 when it is that one), which is in cache.
        /// Place -3: decided by the probe. (In a file in time order that comparison costs two
        /// misses at the start of each batch, for nothing; made only while a quarter of the
        /// rows before needed no probe, it measured no faster, so it is made every batch.)
        private static func lookups(_ lookup: IDLookupView, base: UnsafePointer<UInt8>, end: Int, fields: UnsafeBufferPointer<CSVField>, width: Int, count: Int,
                                    keys: UnsafeMutableBufferPointer<IDKey>, places: UnsafeMutableBufferPointer<Int>,
                                    customers: UnsafeMutableBufferPointer<Int32>, previous: inout (start: Int, count: Int), last: inout Int32) -> UInt32 {
            var touched: UInt32 = 0
            // The customer of the row before, while it is known without a probe (-1: a
            // customer no id matched; -2: not known until the probes).
            var known = last
            for i in 0..<count {
                let id = fields[i * width]
                let length = id.end - id.start
                customers[i] = -1
                if previous.start >= 0, previous.count == length, sameBytes(base + previous.start, base + id.start, length) {
                    places[i] = -1
                    continue
                }
                previous = (id.start, length)
                let next = Int(known) + 1
                if known >= 0, next < lookup.starts.count, lookup.holds(next, base + id.start, count: length) {
                    customers[i] = Int32(truncatingIfNeeded: next)
                    places[i] = -2
                    known = Int32(truncatingIfNeeded: next)
                    continue
                }
                known = -2
                let key = IDKey(base + id.start, count: length, readable: end - id.start)
                keys[i] = key
                places[i] = lookup.slot(of: key.hash)
            }
            // The probes go in rounds over the rows still probing (`pending`, in row order):
            // a round loads each row's slot (a slot of three words may end on the cache
            // line after its tag's), then probes from it as far as those lines go. A row
            // whose probe steps onto a slot in a line not loaded waits for the next round,
            // with the others' such lines: one in six rows or so, where the table is two
            // thirds full. Those rows' lone misses had 30% of the lookups' samples; in rounds,
            // one thread's event rows took 1.69 s instead of 1.87 (8-byte ids, time order).
            withUnsafeTemporaryAllocation(of: Int.self, capacity: max(1, count)) { pending in
                var left = 0
                for i in 0..<count where places[i] >= 0 {
                    pending[left] = i
                    left += 1
                }
                while left > 0 {
                    for k in 0..<left {
                        let slot = places[pending[k]]
                        touched &+= UInt32(truncatingIfNeeded: lookup.tag(slot) ^ lookup.last(slot))
                    }
                    var still = 0
                    for k in 0..<left {
                        let i = pending[k]
                        let key = keys[i]
                        let tag = IDLookupView.tag(key)
                        let compact = key.isCompact
                        var slot = places[i]
                        let line = lookup.lastLine(slot)
                        while true {
                            let value = lookup.tag(slot)
                            if value == 0 {
                                places[i] = -3
                                break
                            }
                            if IDLookupView.entry(value, matches: tag) {
                                if !compact {
                                    customers[i] = Int32(truncatingIfNeeded: Int(value >> 32) - 1)
                                    places[i] = slot
                                    break
                                }
                                if lookup.keyMatches(slot, key) {
                                    customers[i] = Int32(truncatingIfNeeded: Int(value >> 32) - 1)
                                    places[i] = -3
                                    break
                                }
                            }
                            slot = lookup.next(slot)
                            if lookup.lastLine(slot) != line {
                                places[i] = slot
                                pending[still] = i
                                still += 1
                                break
                            }
                        }
                    }
                    left = still
                }
            }
            for i in 0..<count where places[i] >= 0 {
                let length = fields[i * width].end - fields[i * width].start
                let start = keys[i].code != IDKey.longCode ? Int(lookup.low(places[i])) : Int(lookup.starts[Int(customers[i])])
                if start < lookup.arenaCount { touched &+= UInt32(lookup.arena[start]) }
                // And its last byte: an id of 36 bytes (a UUID) crosses a cache line about
                // half the time, and the comparison would wait for the second line alone.
                let last = start + length - 1
                if last > start, last < lookup.arenaCount { touched &+= UInt32(lookup.arena[last]) }
            }
            for i in 0..<count where places[i] >= 0 {
                let id = fields[i * width]
                let length = id.end - id.start
                if lookup.slotHolds(places[i], base + id.start, count: length, key: keys[i]) { continue }
                let probe = lookup.find(keys[i], id: base + id.start, count: length, from: lookup.next(places[i]))
                if case .found(let row) = probe { customers[i] = Int32(truncatingIfNeeded: row) } else { customers[i] = -1 }
            }
            for i in 0..<count where places[i] == -1 { customers[i] = i == 0 ? last : customers[i - 1] }
            if count > 0 { last = customers[count - 1] }
            return touched
        }
    }
}
