/// An instant as ISO 8601 text, `2026-11-03T15:00:00Z` or `2026-11-03T10:00:00-05:00`:
/// how plans, `explain`, previews, the segments listing, data values and the templates'
/// default text of an instant all print one, from one writer.
public enum InstantText {
    /// `2026-11-03T15:00:00Z` or `2026-11-03T10:00:00-05:00`: composed in a small buffer
    /// and appended once (byte-by-byte appends were a third of writing a plan). Total over
    /// `Int64`: the instants of a plan lie in `InstantRange`, but a local time near its
    /// ends can fall in year 0000 or 10000, printed with as many digits as it takes.
    /// Inlinable: plan output writes two a row.
    @inlinable
    public static func append(_ t: Int64, offset: Int64, utcAsZ: Bool, into out: inout [UInt8]) {
        let local = InstantRange.adding(offset, to: t)
        let (days, second) = CivilCalendar.split(seconds: local)
        let (y, m, d) = CivilCalendar.date(days: Int(days))
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 40) { buffer in
            var n = 0
            func put(_ byte: UInt8) { buffer[n] = byte; n += 1 }
            func two(_ value: Int) { put(UInt8(48 + value / 10 % 10)); put(UInt8(48 + value % 10)) }
            if (0...9_999).contains(y) {
                two(y / 100); two(y % 100)
            } else {
                // Outside four digits: sign and as many digits as it takes.
                if y < 0 { put(0x2D) }
                let text = String(y.magnitude).utf8
                for _ in text.count..<max(4, text.count) { put(0x30) }
                for byte in text { put(byte) }
            }
            put(0x2D); two(m); put(0x2D); two(d); put(0x54)
            two(Int(second / 3_600)); put(0x3A); two(Int(second % 3_600 / 60)); put(0x3A); two(Int(second % 60))
            if offset == 0 && utcAsZ {
                put(0x5A)
            } else {
                put(offset < 0 ? 0x2D : 0x2B)
                let a = Int(abs(offset))
                two(a / 3_600 % 100); put(0x3A); two(a % 3_600 / 60)
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<n]))
        }
    }

    /// The text as a `String`; `Z` for UTC unless `utcAsZ` is false (`+00:00`).
    public static func string(_ t: Int64, offset: Int64 = 0, utcAsZ: Bool = true) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        append(t, offset: offset, utcAsZ: utcAsZ, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A computed instant as people read it: `append`'s text with `Z` for UTC or, past the
    /// range of times (a wait of `500000w`), which side of it (`after 9999-12-31T23:59:59Z`).
    /// The plan's rows, `explain` and the deciding values all show instants this way.
    public static func appendInRange(_ t: Int64, offset: Int64 = 0, into out: inout [UInt8]) {
        if let outside = InstantRange.outsideText(t) {
            out.append(contentsOf: outside.utf8)
        } else {
            append(t, offset: offset, utcAsZ: true, into: &out)
        }
    }

    /// `appendInRange` as a string.
    public static func stringInRange(_ t: Int64, offset: Int64 = 0) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(25)
        appendInRange(t, offset: offset, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
