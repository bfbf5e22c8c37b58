import CampaignSyntax

/// The byte writers of a plan line: each writes at `p + n` and moves `n` on, within the
/// bound its caller made room for.
extension PlanLines {
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

    /// A JSON string (`JSONValue`'s escapes: quote, backslash, \n, \r, \t, other controls
    /// and U+2028, U+2029 as \u and four lowercase hex digits): at most six bytes a byte.
    @inline(__always)
    static func jsonString(_ bytes: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>, _ n: inout Int) {
        p[n] = 0x22; n += 1
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            i += 1
            switch b {
            case 0x22, 0x5C: p[n] = 0x5C; p[n + 1] = b; n += 2
            case 0x0A: p[n] = 0x5C; p[n + 1] = 0x6E; n += 2
            case 0x0D: p[n] = 0x5C; p[n + 1] = 0x72; n += 2
            case 0x09: p[n] = 0x5C; p[n + 1] = 0x74; n += 2
            case 0..<0x20: unicodeEscape(UInt32(b), p, &n)
            case 0xE2 where i + 1 < bytes.count && bytes[i] == 0x80 && (bytes[i + 1] == 0xA8 || bytes[i + 1] == 0xA9):
                unicodeEscape(bytes[i + 1] == 0xA8 ? 0x2028 : 0x2029, p, &n)
                i += 2
            default: p[n] = b; n += 1
            }
        }
        p[n] = 0x22; n += 1
    }

    @inline(__always)
    static func unicodeEscape(_ value: UInt32, _ p: UnsafeMutablePointer<UInt8>, _ n: inout Int) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        p[n] = 0x5C; p[n + 1] = 0x75
        for k in 0..<4 { p[n + 2 + k] = hex[Int(value >> (4 * (3 - UInt32(k))) & 0xF)] }
        n += 6
    }
}
