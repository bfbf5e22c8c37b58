/// Where plan lines are written, and the details formatted once and copied after.
extension PlanLines {
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

    /// Per campaign, detail code, channel and holdout, the formatted detail (`tail`) of a coded detail
    /// (`PlanVocabulary.appendText` reads nothing else of such a row, but the time of an
    /// `exit when EVENT`, which is never kept), made at its first row. Past a million
    /// slots (thousands of campaigns) nothing is kept, and every text is written afresh.
    struct DetailCache {
        /// Per slot, where its text lies in `bytes` (`range`), or -1.
        var spans: [Int]
        var bytes: [UInt8] = []
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

        /// Keeps a formatted detail for its slot; its span (nil past 16 MiB, not kept).
        mutating func keep(_ tail: [UInt8], at slot: Int) -> Int? {
            guard tail.count < 1 << 24 else { return nil }
            let start = bytes.count
            bytes += tail
            spans[slot] = start << 24 | tail.count
            return spans[slot]
        }

        static func range(_ span: Int) -> Range<Int> { (span >> 24)..<((span >> 24) + (span & 0xFF_FFFF)) }
    }
}
