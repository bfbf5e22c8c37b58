import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Compact rows as the plan's CSV lines (docs/language.md §8.9), written straight from the
/// rows' integers: names come from byte arenas, a line is composed through one pointer
/// into a buffer that grows by doubling, and the detail text of a coded detail (most rows:
/// an entry, a suppression without values) is written once per campaign, channel and
/// holdout and then copied. Building a `PlanRow` per line (its strings and typed detail)
/// and appending field by field cost about four times as much.
struct CSVLines {
    /// The bytes a line refers to, laid out once per piece of output.
    struct Tables: Sendable {
        let names: PlanWriter.Names
        let steps: [String]
        /// Step names and campaign names, each as one arena with where each name starts.
        let stepBytes: [UInt8]
        let stepStarts: [Int]
        let campaignBytes: [UInt8]
        let campaignStarts: [Int]
        /// The customer (row of the store) of each `CompactRow.rank`; empty when the rank
        /// is the customer itself (a plan held in memory).
        let customerOfRank: [Int32]

        init(names: PlanWriter.Names, steps: [String], customerOfRank: [Int32]) {
            self.names = names
            self.steps = steps
            (stepBytes, stepStarts) = Self.arena(steps)
            (campaignBytes, campaignStarts) = Self.arena(names.campaigns)
            self.customerOfRank = customerOfRank
        }

        /// The customer (row of the store) a compact row is about.
        @inline(__always)
        func customer(_ row: CompactRow) -> Int { customerOfRank.isEmpty ? Int(row.rank) : Int(customerOfRank[Int(row.rank)]) }

        /// Row `i` of `rows` as a plan row, for the formats written from plan rows.
        func planRow(_ rows: CompactRows, _ i: Int) -> PlanRow {
            rows.planRow(i, steps: steps, customer: Int32(truncatingIfNeeded: customer(rows.rows[i])))
        }

        static func arena(_ texts: [String]) -> ([UInt8], [Int]) {
            var bytes: [UInt8] = [], starts = [0]
            for text in texts {
                bytes += text.utf8
                starts.append(bytes.count)
            }
            return (bytes, starts)
        }
    }

    /// Rows `range` of `rows`, one CSV line each.
    static func lines(_ rows: CompactRows, _ range: Range<Int>, _ tables: Tables) -> [UInt8] {
        var out = Output(capacity: range.count * 112)
        // A detail's text, before it is quoted or kept.
        var text: [UInt8] = []
        var cache = DetailCache(campaigns: tables.names.campaigns.count)
        // Read into locals once: a static or a property read per row costs a retain.
        let vocabulary = tables.names.vocabulary
        let (stepStarts, campaignStarts) = (tables.stepStarts, tables.campaignStarts)
        let actions = Self.actions, channels = Self.channels
        let exitedOnEvent = DetailCoding.code(.exitedOnEvent)
        // Per block of rows: each row's customer, and their ids' bytes one after another.
        var customers: [Int32] = [], idBytes: [UInt8] = [], idEnds: [Int] = []
        tables.names.idBytes.withUnsafeBufferPointer { ids in
        tables.names.idStarts.withUnsafeBufferPointer { idStarts in
        tables.names.idEnds.withUnsafeBufferPointer { idEndsAll in
        tables.stepBytes.withUnsafeBufferPointer { stepBytes in
        tables.campaignBytes.withUnsafeBufferPointer { campaignBytes in
        rows.rows.withUnsafeBufferPointer { compact in
        rows.details.withUnsafeBytes { details in
          for blockStart in stride(from: range.lowerBound, to: range.upperBound, by: Self.block) {
            let block = blockStart..<min(range.upperBound, blockStart + Self.block)
            // Rows are in time order, so each is a different customer, and reaching its id
            // (rank to customer, customer to where its id lies, the id's bytes) is three
            // cache misses. Done a pass at a time over a block of rows, the loads do not
            // wait on each other and the misses overlap; done row by row amid the
            // formatting, they came one after another and were most of the time.
            customers.removeAll(keepingCapacity: true)
            for i in block { customers.append(Int32(truncatingIfNeeded: tables.customer(compact[i]))) }
            idEnds.removeAll(keepingCapacity: true)
            idBytes.removeAll(keepingCapacity: true)
            for customer in customers {
                let start = Int(idStarts[Int(customer)]), end = Int(idEndsAll[Int(customer)])
                if start >= 0 && end > start { idBytes.append(contentsOf: UnsafeBufferPointer(rebasing: ids[start..<end])) }
                idEnds.append(idBytes.count)
            }
            idBytes.withUnsafeBufferPointer { blockIDs in
            for i in block {
                let k = i - block.lowerBound
                let row = compact[i]
                let customer = Int(customers[k])
                let id = UnsafeBufferPointer(rebasing: blockIDs[(k == 0 ? 0 : idEnds[k - 1])..<idEnds[k]])
                let c = Int(row.campaign), s = Int(row.step)
                let campaign = UnsafeBufferPointer(rebasing: campaignBytes[campaignStarts[c]..<campaignStarts[c + 1]])
                let step = UnsafeBufferPointer(rebasing: stepBytes[(s + 1 < stepStarts.count ? stepStarts[s]..<stepStarts[s + 1] : 0..<0)])
                let channel = Int(row.packed >> 3 & 7)
                // The detail: a coded one's quoted text from the cache (made at its first
                // row), else its text written now into `text`, to be quoted.
                var cached = -1
                text.removeAll(keepingCapacity: true)
                if row.detail >= DetailCoding.firstCode {
                    if row.detail == DetailCoding.firstCode {
                        cached = cache.empty
                    } else if row.detail != exitedOnEvent, let slot = cache.slot(campaign: c, code: row.detail, channel: channel, holdout: row.holdout) {
                        cached = cache.spans[slot]
                        if cached < 0, let detail = DetailCoding.detail(code: row.detail) {
                            vocabulary.appendText(Self.planRow(row, detail, customer), into: &text)
                            cached = cache.keep(text, at: slot) ?? -1
                        }
                    } else if let detail = DetailCoding.detail(code: row.detail) {
                        vocabulary.appendText(Self.planRow(row, detail, customer), into: &text)
                    }
                } else {
                    let start = Int(row.detail)
                    if let length = DetailCoding.length(details, at: start), start + 4 + length <= details.count {
                        let bytes = UnsafeRawBufferPointer(rebasing: details[(start + 4)..<(start + 4 + length)])
                        if bytes.first == DetailCoding.renderedTag {
                            // A rendered text is written as it is.
                            text += bytes.dropFirst()
                        } else if let detail = DetailCoding.decode(bytes) {
                            vocabulary.appendText(Self.planRow(row, detail, customer), into: &text)
                        }
                    }
                }
                cache.bytes.withUnsafeBufferPointer { kept in
                text.withUnsafeBufferPointer { text in
                    let detail = cached >= 0 ? UnsafeBufferPointer(rebasing: kept[DetailCache.range(cached)]) : text
                    let bound = 2 * 25 + 2 * (id.count + campaign.count + step.count + detail.count) + 8 + 12 + 8 + 8
                    out.write(upTo: bound) { p in
                        var n = 0
                        if !Self.instant(row.time, offset: 0, utcAsZ: true, p, &n) { return -1 }
                        p[n] = 0x2C; n += 1
                        if !Self.instant(row.time, offset: Int64(row.offset), utcAsZ: false, p, &n) { return -1 }
                        p[n] = 0x2C; n += 1
                        Self.field(id, p, &n)
                        p[n] = 0x2C; n += 1
                        Self.field(campaign, p, &n)
                        p[n] = 0x2C; n += 1
                        Self.field(step, p, &n)
                        p[n] = 0x2C; n += 1
                        Self.copy(actions[Int(row.packed & 7)], p, &n)
                        p[n] = 0x2C; n += 1
                        Self.copy(channels[channel], p, &n)
                        p[n] = 0x2C; n += 1
                        if cached >= 0 { Self.copy(detail, p, &n) } else { Self.field(detail, p, &n) }
                        p[n] = 0x0A; n += 1
                        return n
                    } fallback: { out in
                        // An instant outside four-digit years: the general writer.
                        InstantText.append(row.time, offset: 0, utcAsZ: true, into: &out)
                        out.append(0x2C)
                        InstantText.append(row.time, offset: Int64(row.offset), utcAsZ: false, into: &out)
                        out.append(0x2C)
                        for field in [id, campaign, step] {
                            PlanWriter.csvField(field, into: &out)
                            out.append(0x2C)
                        }
                        out.append(contentsOf: actions[Int(row.packed & 7)])
                        out.append(0x2C)
                        out.append(contentsOf: channels[channel])
                        out.append(0x2C)
                        if cached >= 0 { out.append(contentsOf: detail) } else { PlanWriter.csvField(detail, into: &out) }
                        out.append(0x0A)
                    }
                }}
            }
            }
          }
        }}}}}}}
        return out.finish()
    }

    /// Rows whose customers' ids are gathered at once.
    static let block = 256

    /// The plan row a detail's text is written from (`PlanVocabulary.appendText` reads its
    /// campaign, time, channel, holdout and detail).
    static func planRow(_ row: CompactRow, _ detail: PlanDetail, _ customer: Int) -> PlanRow {
        PlanRow(time: row.time, sequence: 0, offset: row.offset, customer: Int32(truncatingIfNeeded: customer), campaign: Int32(bitPattern: row.campaign),
                action: row.action, step: "", channel: row.channel, detail: detail, holdout: row.holdout)
    }

    /// By `CompactRow`'s action code, and by its channel code (0: none; past the channels, none).
    static let actions: [[UInt8]] = CompactRow.actions.map { Array($0.rawValue.utf8) }
    static let channels: [[UInt8]] = ([[]] + CompactRow.channels.map { Array($0.rawValue.utf8) } + Array(repeating: [], count: 8)).prefix(8).map { $0 }

    @inline(__always)
    static func copy(_ bytes: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>, _ n: inout Int) {
        if let base = bytes.baseAddress { (p + n).update(from: base, count: bytes.count) }
        n += bytes.count
    }

    @inline(__always)
    static func copy(_ bytes: [UInt8], _ p: UnsafeMutablePointer<UInt8>, _ n: inout Int) {
        bytes.withUnsafeBufferPointer { copy($0, p, &n) }
    }

    /// A CSV field (`PlanWriter.csvField`'s rule): at most twice its length and two quotes.
    @inline(__always)
    static func field(_ bytes: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>, _ n: inout Int) {
        var needsQuotes = false
        for b in bytes where b == 0x2C || b == 0x22 || b == 0x0A || b == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return copy(bytes, p, &n) }
        p[n] = 0x22; n += 1
        for b in bytes {
            if b == 0x22 { p[n] = 0x22; n += 1 }
            p[n] = b; n += 1
        }
        p[n] = 0x22; n += 1
    }

    /// `InstantText.append`'s text for a year of four digits (at most 25 bytes); false,
    /// writing nothing, for any other year.
    @inline(__always)
    static func instant(_ t: Int64, offset: Int64, utcAsZ: Bool, _ p: UnsafeMutablePointer<UInt8>, _ n: inout Int) -> Bool {
        let local = InstantRange.adding(offset, to: t)
        let (days, second) = CivilCalendar.split(seconds: local)
        let (y, m, d) = CivilCalendar.date(days: Int(days))
        guard (0...9_999).contains(y) else { return false }
        @inline(__always) func two(_ value: Int) {
            p[n] = UInt8(truncatingIfNeeded: 48 + value / 10 % 10)
            p[n + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
            n += 2
        }
        two(y / 100); two(y % 100)
        p[n] = 0x2D; n += 1
        two(m)
        p[n] = 0x2D; n += 1
        two(d)
        p[n] = 0x54; n += 1
        let s = Int(second)
        two(s / 3_600)
        p[n] = 0x3A; n += 1
        two(s % 3_600 / 60)
        p[n] = 0x3A; n += 1
        two(s % 60)
        if offset == 0 && utcAsZ {
            p[n] = 0x5A; n += 1
        } else {
            p[n] = offset < 0 ? 0x2D : 0x2B; n += 1
            let a = Int(offset.magnitude)
            two(a / 3_600 % 100)
            p[n] = 0x3A; n += 1
            two(a % 3_600 / 60)
        }
        return true
    }

    /// Bytes written through a pointer into an array kept longer than what it holds,
    /// doubled when a line might not fit; `finish` cuts it to what was written.
    struct Output {
        private var bytes: [UInt8]
        private var count = 0

        init(capacity: Int) { bytes = [UInt8](repeating: 0, count: max(256, capacity)) }

        /// Writes at most `bound` bytes through `body`, which returns how many it wrote, or
        /// -1 to have `fallback` append the line to an array instead.
        @inline(__always)
        mutating func write(upTo bound: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Int, fallback: (inout [UInt8]) -> Void) {
            if count + bound > bytes.count { bytes += repeatElement(0, count: max(bytes.count, count + bound - bytes.count)) }
            let at = count
            let written = bytes.withUnsafeMutableBufferPointer { buffer in buffer.baseAddress.map { body($0 + at) } ?? -1 }
            if written >= 0 {
                count += written
                return
            }
            var line: [UInt8] = []
            fallback(&line)
            if count + line.count > bytes.count { bytes += repeatElement(0, count: count + line.count - bytes.count) }
            bytes.withUnsafeMutableBufferPointer { buffer in
                line.withUnsafeBufferPointer { line in
                    if let base = buffer.baseAddress, let from = line.baseAddress { (base + at).update(from: from, count: line.count) }
                }
            }
            count += line.count
        }

        consuming func finish() -> [UInt8] {
            bytes.removeLast(bytes.count - count)
            return bytes
        }
    }

    /// Per campaign, detail code, channel and holdout, the quoted text of a coded detail
    /// (`PlanVocabulary.appendText` reads nothing else of such a row, but the time of an
    /// `exit when EVENT`, which is never kept), made at its first row. Past a million
    /// slots (thousands of campaigns) nothing is kept, and every text is written afresh.
    struct DetailCache {
        /// Per slot, where its text lies in `bytes` (`range`), or -1.
        var spans: [Int]
        var bytes: [UInt8] = []
        /// The span of an empty text.
        let empty = 0
        static let codes = 16

        init(campaigns: Int) {
            let slots = campaigns * Self.codes * 8 * 2
            spans = slots <= 1 << 20 ? Array(repeating: -1, count: slots) : []
        }

        @inline(__always)
        func slot(campaign: Int, code: UInt32, channel: Int, holdout: Bool) -> Int? {
            let index = Int(code - DetailCoding.firstCode)
            guard index < Self.codes else { return nil }
            let slot = ((campaign * Self.codes + index) * 8 + channel) * 2 + (holdout ? 1 : 0)
            return slot < spans.count ? slot : nil
        }

        /// Keeps a text, quoted, for its slot; its span (nil for a text over 16 MiB, not kept).
        mutating func keep(_ text: [UInt8], at slot: Int) -> Int? {
            guard 2 * text.count + 2 < 1 << 24 else { return nil }
            let start = bytes.count
            text.withUnsafeBufferPointer { PlanWriter.csvField($0, into: &bytes) }
            spans[slot] = start << 24 | (bytes.count - start)
            return spans[slot]
        }

        static func range(_ span: Int) -> Range<Int> { (span >> 24)..<((span >> 24) + (span & 0xFF_FFFF)) }
    }
}
