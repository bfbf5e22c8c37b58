import CampaignData
import CampaignSemantics
import CampaignSyntax

/// Compact rows as the plan's CSV, NDJSON or JSON lines (docs/language.md §8.9,
/// docs/output.md), written straight from the rows' integers: names come from byte
/// arenas, a line is composed through one pointer into a buffer that grows by doubling,
/// and the detail of a coded detail (most rows: an entry, a suppression without values)
/// is formatted once per campaign, channel and holdout (its text, and in JSON its
/// `reason`) and then copied. Building a `PlanRow` per line (its strings and typed
/// detail), appending field by field and, for JSON, a `String` per value, cost from four
/// to twenty times as much.
struct PlanLines {
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

    /// Rows `range` of `rows`, a batch that starts at row `offset` of `total`, one line
    /// each: CSV, NDJSON, or JSON array elements (comma after all but the last).
    static func lines(_ rows: CompactRows, _ range: Range<Int>, _ tables: Tables, format: PlanWriter.Format, offset: Int, total: Int) -> [UInt8] {
        let json = format != .csv
        var out = Output(capacity: range.count * (json ? 300 : 112))
        // A detail's text, then what the line ends with: in CSV the text quoted, in JSON
        // `"detail":…,"reason":…`.
        var text: [UInt8] = [], tail: [UInt8] = []
        var cache = DetailCache(campaigns: tables.names.campaigns.count)
        // Read into locals once: a static or a property read per row costs a retain.
        let vocabulary = tables.names.vocabulary
        let (stepStarts, campaignStarts) = (tables.stepStarts, tables.campaignStarts)
        let actions = Self.actions, channels = Self.channels, keys = Keys()
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
                // The detail, formatted (`tail`): a coded one from the cache (made at its
                // first row), the others now. A detail that cannot be read back (a damaged
                // spilled run) is written as none, as `CompactRows.planRow` reads it.
                var cached = -1, slot: Int?
                var detail: PlanDetail?
                text.removeAll(keepingCapacity: true)
                tail.removeAll(keepingCapacity: true)
                if row.detail >= DetailCoding.firstCode {
                    slot = row.detail == exitedOnEvent ? nil : cache.slot(campaign: c, code: row.detail, channel: channel, holdout: row.holdout)
                    cached = slot.map { cache.spans[$0] } ?? -1
                    if cached < 0 { detail = DetailCoding.detail(code: row.detail) ?? PlanDetail.none }
                } else {
                    detail = PlanDetail.none
                    let start = Int(row.detail)
                    if let length = DetailCoding.length(details, at: start), start + 4 + length <= details.count {
                        let bytes = UnsafeRawBufferPointer(rebasing: details[(start + 4)..<(start + 4 + length)])
                        if bytes.first == DetailCoding.renderedTag {
                            // A rendered text is written as it is; its JSON reason is null.
                            text += bytes.dropFirst()
                            detail = nil
                        } else {
                            detail = DetailCoding.decode(bytes) ?? PlanDetail.none
                        }
                    }
                }
                if cached < 0 {
                    if let detail {
                        // `PlanVocabulary.appendText` reads its campaign, time, channel, holdout and detail.
                        let planRow = row.planRow(detail: detail, customer: Int32(truncatingIfNeeded: customer))
                        vocabulary.appendText(planRow, into: &text)
                        Self.tail(text, json ? vocabulary.reason(planRow) : nil, into: &tail)
                    } else {
                        Self.tail(text, json ? .null : nil, into: &tail)
                    }
                    if let slot { cached = cache.keep(tail, at: slot) ?? -1 }
                }
                cache.bytes.withUnsafeBufferPointer { kept in
                tail.withUnsafeBufferPointer { tail in
                    let detail = cached >= 0 ? UnsafeBufferPointer(rebasing: kept[DetailCache.range(cached)]) : tail
                    let bound = 2 * 25 + 6 * (id.count + campaign.count + step.count) + detail.count + 160
                    let last = offset + i + 1 == total
                    out.write(upTo: bound) { p in
                        var n = 0
                        if json {
                            if format == .json { Self.copy(keys.indent, p, &n) }
                            Self.copy(keys.timeKey, p, &n)
                        }
                        if !Self.instant(row.time, offset: 0, utcAsZ: true, p, &n) { return -1 }
                        Self.copy(json ? keys.localTimeKey : keys.comma, p, &n)
                        if !Self.instant(row.time, offset: Int64(row.offset), utcAsZ: false, p, &n) { return -1 }
                        if json {
                            Self.copy(keys.customerKey, p, &n)
                            Self.jsonString(id, p, &n)
                            Self.copy(keys.campaignKey, p, &n)
                            Self.jsonString(campaign, p, &n)
                            Self.copy(keys.stepKey, p, &n)
                            Self.jsonString(step, p, &n)
                            Self.copy(keys.actionKey, p, &n)
                            Self.copy(actions[Int(row.packed & 7)], p, &n)
                            Self.copy(keys.channelKey, p, &n)
                            Self.copy(channels[channel], p, &n)
                            Self.copy(keys.detailKey, p, &n)
                            Self.copy(detail, p, &n)
                            p[n] = 0x7D; n += 1
                            if format == .json && !last { p[n] = 0x2C; n += 1 }
                        } else {
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
                            Self.copy(detail, p, &n)
                        }
                        p[n] = 0x0A; n += 1
                        return n
                    } fallback: { out in
                        // An instant outside four-digit years: the general writers.
                        if json {
                            if format == .json { out += keys.indent }
                            PlanWriter.jsonRow(tables.planRow(rows, i), tables.names, into: &out)
                            if format == .json && !last { out.append(0x2C) }
                        } else {
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
                            out.append(contentsOf: detail)
                        }
                        out.append(0x0A)
                    }
                }}
            }
            }
          }
        }}}}}}}
        return out.finish()
    }

    /// What a line ends with, from a row's detail text: in CSV the text quoted; in JSON
    /// the text as a string and the `reason`, as `PlanWriter.jsonRow` writes them.
    static func tail(_ text: [UInt8], _ reason: JSONValue?, into tail: inout [UInt8]) {
        guard let reason else { return text.withUnsafeBufferPointer { PlanWriter.csvField($0, into: &tail) } }
        let start = tail.count
        tail += repeatElement(0, count: 6 * text.count + 2)
        var n = 0
        tail.withUnsafeMutableBufferPointer { p in
            text.withUnsafeBufferPointer { text in p.baseAddress.map { jsonString(text, $0 + start, &n) } }
        }
        tail.removeLast(tail.count - start - n)
        tail += Self.reasonKey
        if case .null = reason {
            tail += Self.null
        } else {
            tail += reason.serialized().utf8
        }
    }

    static let null = Array("null".utf8)

    static let reasonKey = Array(",\"reason\":".utf8)

    /// The bytes between a JSON line's values (`PlanWriter.columns`), read into a local
    /// once per piece.
    struct Keys {
        let indent = Array("  ".utf8), comma = Array(",".utf8)
        let timeKey = Array("{\"time\":\"".utf8), localTimeKey = Array("\",\"local_time\":\"".utf8)
        let customerKey = Array("\",\"customer_id\":".utf8), campaignKey = Array(",\"campaign\":".utf8)
        let stepKey = Array(",\"step\":".utf8), actionKey = Array(",\"action\":\"".utf8)
        let channelKey = Array("\",\"channel\":\"".utf8), detailKey = Array("\",\"detail\":".utf8)
    }

    /// Rows whose customers' ids are gathered at once.
    static let block = 256

    /// By `CompactRow`'s action code, and by its channel code (0: none; past the channels, none).
    static let actions: [[UInt8]] = CompactRow.actions.map { Array($0.rawValue.utf8) }
    static let channels: [[UInt8]] = ([[]] + CompactRow.channels.map { Array($0.rawValue.utf8) } + Array(repeating: [], count: 8)).prefix(8).map { $0 }
}
