import CampaignSemantics
import CampaignSyntax
import Foundation
import Synchronization

/// Typed values read straight from bytes: no `String` per field on the hot path, no
/// Foundation date parsing (ISO8601DateFormatter reads ~9k values a second; this reads
/// millions). Each parser returns nil when the bytes are not a valid value.
public enum ValueParsers {
    /// `true false 1 0 yes no`, any case.
    public static func bool(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch b.count {
        case 1:
            if b[0] == UInt8(ascii: "1") { return true }
            if b[0] == UInt8(ascii: "0") { return false }
            return nil
        case 2: return equalsIgnoringCase(b, "no") ? false : nil
        case 3: return equalsIgnoringCase(b, "yes") ? true : nil
        case 4: return equalsIgnoringCase(b, "true") ? true : nil
        case 5: return equalsIgnoringCase(b, "false") ? false : nil
        default: return nil
        }
    }

    static func equalsIgnoringCase(_ b: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        guard b.count == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { w in
            for i in 0..<w.count where b[i] | 0x20 != w[i] { return false }
            return true
        }
    }

    /// A decimal number: `42`, `-3.5`, `1e3`, `0.25`.
    public static func number(_ b: UnsafeBufferPointer<UInt8>) -> Double? {
        var i = 0
        let n = b.count
        guard n > 0 else { return nil }
        var negative = false
        if b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") {
            negative = b[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        while i < n, b[i] &- 48 < 10 {
            if digits < 18 { mantissa = mantissa * 10 + UInt64(b[i] - 48) } else { scale += 1 }
            digits += 1
            i += 1
        }
        if i < n, b[i] == UInt8(ascii: ".") {
            i += 1
            var fraction = 0
            while i < n, b[i] &- 48 < 10 {
                if digits < 18 {
                    mantissa = mantissa * 10 + UInt64(b[i] - 48)
                    scale -= 1
                }
                digits += 1
                fraction += 1
                i += 1
            }
            if fraction == 0 && digits == 0 { return nil }
        }
        guard digits > 0 else { return nil }
        if i < n {
            guard b[i] | 0x20 == UInt8(ascii: "e") else { return nil }
            return Double(String(decoding: b, as: UTF8.self))
        }
        var value = Double(mantissa)
        if scale < 0 {
            value /= powersOfTen[min(-scale, 22)]
            if -scale > 22 { return Double(String(decoding: b, as: UTF8.self)) }
        } else if scale > 0 {
            value *= powersOfTen[min(scale, 22)]
        }
        return negative ? -value : value
    }

    static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }

    /// `YYYY-MM-DD` → days since 1970-01-01, for the years of `InstantRange` (0001–9999).
    public static func date(_ b: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard let days = anyDate(b), days >= firstDay else { return nil }
        return Int32(days)
    }

    /// Why a well-formed time or date was refused: it lies outside `InstantRange`.
    public static func outsideRangeMessage(_ found: String, date: Bool = false) -> String {
        date ? "expected a date from \(InstantRange.firstText.prefix(10)) to \(InstantRange.lastText.prefix(10)), found \(found)"
            : "expected a time from \(InstantRange.description), found \(found)"
    }

    /// The day of `InstantRange.first`, 0001-01-01.
    static let firstDay = Int(InstantRange.first / 86_400)

    /// `YYYY-MM-DD` for any four-digit year, 0000 included: `date` without the range
    /// check, so that a refused date can be told apart from one that is not a date.
    public static func anyDate(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let y = digits(b, 0, 4), let m = digits(b, 5, 2), let d = digits(b, 8, 2),
              (1...12).contains(m), d >= 1, d <= CivilCalendar.daysIn(month: m, year: y) else { return nil }
        return CivilCalendar.days(year: y, month: m, day: d)
    }

    /// ISO 8601 with `Z` or an offset (`2026-11-03T15:00:00Z`, `2026-11-03T10:00:00-05:00`,
    /// `2026-11-03 15:00Z`, fractions of a second ignored), or a date alone (midnight UTC)
    /// → seconds since the epoch, inside `InstantRange`. A time without a zone is refused:
    /// it is ambiguous.
    @inline(__always)
    public static func time(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let t = anyTime(b), InstantRange.contains(t) else { return nil }
        return t
    }

    /// `time` without the range check (year 0000, or 9999-12-31T23:00:00-05:00), so that
    /// a refused time can be told apart from one that is not a time.
    public static func anyTime(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        if let fast = utcSeconds(b) { return fast }
        let n = b.count
        guard n >= 10, let days = anyDate(UnsafeBufferPointer(rebasing: b[0..<10])) else { return nil }
        if n == 10 { return Int64(days) * 86_400 }
        guard n >= 17, b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "),
              let hour = digits(b, 11, 2), b[13] == UInt8(ascii: ":"), let minute = digits(b, 14, 2),
              hour < 24, minute < 60 else { return nil }
        var i = 16
        var second = 0
        if i < n, b[i] == UInt8(ascii: ":") {
            guard let s = digits(b, 17, 2), s < 61 else { return nil }
            second = min(s, 59)
            i = 19
            if i < n, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
                i += 1
                let start = i
                while i < n, b[i] &- 48 < 10 { i += 1 }
                if i == start { return nil }
            }
        }
        guard i < n else { return nil }
        var offset = 0
        if b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            i += 1
        } else if b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") {
            let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = digits(b, i + 1, 2) else { return nil }
            var om = 0
            if i + 3 < n, b[i + 3] == UInt8(ascii: ":") {
                guard let m = digits(b, i + 4, 2) else { return nil }
                om = m
                i += 6
            } else if i + 5 <= n, let m = digits(b, i + 3, 2) {
                om = m
                i += 5
            } else {
                i += 3
            }
            guard oh <= 18, om < 60 else { return nil }
            offset = sign * (oh * 3_600 + om * 60)
        } else {
            return nil
        }
        guard i == n else { return nil }
        return Int64(days) * 86_400 + Int64(hour * 3_600 + minute * 60 + second - offset)
    }

    /// The common case `YYYY-MM-DDTHH:MM:SSZ`, read at fixed positions; nil sends anything
    /// else (or anything invalid) to the general parser.
    ///
    /// Three overlapping words (bytes 0–7, 8–15 and 12–19) hold the whole time: their
    /// separators are checked with one mask each and their digits a word at a time
    /// (`allDigits`), and each digit is then four bits of a word, with no bounds check and
    /// no overflow check (14 digits cannot overflow). Written byte by byte, with checked
    /// indices and arithmetic, this parser took 12 ns a time on the win-back's 11M times
    /// (perf, one thread); this way 10.
    @inline(__always)
    static func utcSeconds(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count == 20, let base = b.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        // Little-endian: byte k of a word is its bits 8k..<8k+8.
        let head = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))    // YYYY-MM-
        let middle = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))  // DDTHH:MM
        let tail = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 12, as: UInt64.self))   // H:MM:SSZ
        // `-` at 4 and 7; `T` at 10 and `:` at 13; `:` at 16 and `Z` at 19.
        guard head & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000,
              middle & 0x0000_FF00_00FF_0000 == 0x0000_3A00_0054_0000,
              tail & 0xFF00_00FF_0000_0000 == 0x5A00_003A_0000_0000,
              allDigits(head, 0x00FF_FF00_FFFF_FFFF),
              allDigits(middle, 0xFFFF_00FF_FF00_FFFF),
              allDigits(tail, 0x00FF_FF00_FFFF_00FF) else { return nil }
        @inline(__always) func d(_ word: UInt64, _ k: UInt64) -> Int { Int(truncatingIfNeeded: (word >> (8 &* k)) & 0x0F) }
        let year = d(head, 0) &* 1000 &+ d(head, 1) &* 100 &+ d(head, 2) &* 10 &+ d(head, 3)
        let month = d(head, 5) &* 10 &+ d(head, 6), day = d(middle, 0) &* 10 &+ d(middle, 1)
        let hour = d(middle, 3) &* 10 &+ d(middle, 4), minute = d(middle, 6) &* 10 &+ d(middle, 7)
        let second = d(tail, 5) &* 10 &+ d(tail, 6)
        guard (1...12).contains(month), day >= 1, hour < 24, minute < 60, second < 61 else { return nil }
        let clock = Int64(hour &* 3_600 &+ minute &* 60 &+ min(second, 59))
        // Within the table's years, a month's first day and length are two loads (the
        // calendar's divisions cost this parser about half its time on 10M rows); other
        // years take the arithmetic.
        let slot = (year &- MonthStarts.firstYear) &* 12 &+ month &- 1
        if slot >= 0, slot < MonthStarts.months {
            let first = MonthStarts.days[slot], next = MonthStarts.days[slot &+ 1]
            guard day <= Int(next &- first) else { return nil }
            return Int64(Int(first) &+ day &- 1) &* 86_400 &+ clock
        }
        guard day <= CivilCalendar.daysIn(month: month, year: year) else { return nil }
        return Int64(CivilCalendar.days(year: year, month: month, day: day)) * 86_400 + clock
    }

    /// The first day (days since 1970-01-01) of every month from January `firstYear` on,
    /// and of the month after the last: what `utcSeconds` reads instead of dividing.
    enum MonthStarts {
        static let firstYear = 1900
        static let months = 300 * 12
        static let days: [Int32] = (0...months).map { slot in
            Int32(CivilCalendar.days(year: firstYear + slot / 12, month: slot % 12 + 1, day: 1))
        }
    }

    /// Whether every byte of `word` selected by `mask` (0xFF bytes) is an ASCII digit: the
    /// others are set to `0`, then each byte must be 0x3_ with a low nibble that does not
    /// carry when 6 is added (0–9).
    @inline(__always)
    static func allDigits(_ word: UInt64, _ mask: UInt64) -> Bool {
        let zeros: UInt64 = 0x3030_3030_3030_3030, highs: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        let x = (word & mask) | (zeros & ~mask)
        return x & highs == zeros && (x &+ 0x0606_0606_0606_0606) & highs == zeros
    }

    static func digits(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= b.count else { return nil }
        var value = 0
        for i in start..<(start + count) {
            let d = b[i] &- 48
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }

    /// E.164: `+` then 2 to 15 digits, the first not 0.
    public static func isPhone(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count >= 3, b.count <= 16, b[0] == UInt8(ascii: "+"), b[1] &- 49 < 9 else { return false }
        for i in 2..<b.count where b[i] &- 48 >= 10 { return false }
        return true
    }

    /// `local@domain.tld`: one `@`, a non-empty local part of at most 64 bytes, a domain
    /// with a dot and no empty label, no spaces or control characters, 254 bytes at most.
    public static func isEmail(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count >= 5, b.count <= 254 else { return false }
        // One pass, each byte classed by a table (`emailClasses`): the domain's labels are
        // counted as they go by, restarting at each `@` (a second `@` fails anyway).
        var at = -1
        var labelLength = 0
        var dots = 0
        let valid = emailClasses.withUnsafeBufferPointer { classes -> Bool in
            for i in 0..<b.count {
                switch classes[Int(b[i])] {
                case 0:
                    labelLength += 1
                case 1:
                    return false
                case 2:
                    if at >= 0 { return false }
                    at = i
                    labelLength = 0
                default:
                    guard at >= 0 else { continue }
                    if labelLength == 0 { return false }
                    dots += 1
                    labelLength = 0
                }
            }
            return true
        }
        guard valid, at > 0, at <= 64, at < b.count - 3 else { return false }
        return dots > 0 && labelLength > 0
    }

    /// Per byte, for `isEmail`: 0 a character of a name, 1 one no address may hold (a
    /// control character, a space, `,` `;` `<` `>`), 2 `@`, 3 `.`.
    private static let emailClasses: [UInt8] = (0...255).map { (byte: Int) -> UInt8 in
        if byte <= 0x20 || byte == 0x7F || [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "<"), UInt8(ascii: ">")].contains(UInt8(byte)) { return 1 }
        if byte == Int(UInt8(ascii: "@")) { return 2 }
        if byte == Int(UInt8(ascii: ".")) { return 3 }
        return 0
    }

    /// Characters (Unicode scalars) in UTF-8 bytes: the unit of `text(max N)`.
    public static func scalarCount(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in b where byte & 0xC0 != 0x80 { count += 1 }
        return count
    }
}

/// IANA time zone names seen in the data, each validated once by Foundation. Shared by
/// the parts a file is read in, so its table is behind a lock.
public final class ZoneTable: Sendable {
    private struct Known {
        var names: [String] = []
        var index: [String: UInt32] = [:]
        var rejected: Set<String> = []
    }

    private let known = Mutex(Known())

    public init() {}

    /// The zones seen so far, by index.
    public var names: [String] { known.withLock { $0.names } }

    /// The index of a known zone, or nil when `TimeZone` does not know the name.
    public func lookup(_ b: UnsafeBufferPointer<UInt8>) -> UInt32? {
        let name = String(decoding: b, as: UTF8.self)
        return known.withLock { known in
            if let id = known.index[name] { return id }
            if known.rejected.contains(name) { return nil }
            guard name.contains("/") || name == "UTC" || name == "GMT", TimeZone(identifier: name) != nil else {
                known.rejected.insert(name)
                return nil
            }
            // At most the names `TimeZone` knows (about 600): far inside a `UInt32`.
            let id = UInt32(known.names.count)
            known.names.append(name)
            known.index[name] = id
            return id
        }
    }

    public func id(of name: String) -> UInt32? {
        known.withLock { $0.index[name] }
    }
}
