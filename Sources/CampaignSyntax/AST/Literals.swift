/// A name as written, with where it was written.
public struct Identifier: Sendable, Hashable {
    public let name: String
    public let span: SourceSpan

    public init(_ name: String, span: SourceSpan) {
        self.name = name
        self.span = span
    }
}

/// A string literal: its text with escapes resolved, and the span of the raw source
/// (quotes included) so template diagnostics can point at characters inside it.
public struct StringLiteral: Sendable, Hashable {
    public let value: String
    /// The source exactly as written, quotes and escapes included; the formatter prints it back.
    public let raw: String
    public let span: SourceSpan

    public init(value: String, raw: String, span: SourceSpan) {
        self.value = value
        self.raw = raw
        self.span = span
    }

    static func escapeLength(_ bytes: [UInt8], _ i: Int) -> (raw: Int, value: Int) {
        guard i + 1 < bytes.count else { return (1, 1) }
        if bytes[i + 1] == UInt8(ascii: "u") {
            var j = i + 2
            while j < bytes.count, bytes[j] != UInt8(ascii: "}"), j - i < 12 { j += 1 }
            let hex = String(decoding: bytes[min(i + 3, j)..<j], as: UTF8.self)
            let scalar = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init)
            return (j + 1 - i, scalar.map { String($0).utf8.count } ?? 0)
        }
        return (2, 1)
    }

    /// The text of one escape sequence (`\n`, `\"`, `\u{1F600}`), as its raw bytes.
    static func decode(escape bytes: ArraySlice<UInt8>) -> String {
        decode(raw: [UInt8(ascii: "\"")] + bytes + [UInt8(ascii: "\"")])
    }

    /// The text of a raw literal (with quotes) with escapes resolved; a multi-line one
    /// (`"""`) as `MultiLineString` reads it.
    public static func decode(raw bytes: ArraySlice<UInt8>) -> String {
        let bytes = Array(bytes)
        if MultiLineString.opens(bytes) { return String(decoding: MultiLineString(raw: bytes).value, as: UTF8.self) }
        var end = bytes.count
        if end >= 2, bytes[end - 1] == bytes[0] { end -= 1 }
        var out: [UInt8] = []
        out.reserveCapacity(end)
        var i = 1
        while i < end {
            let byte = bytes[i]
            guard byte == UInt8(ascii: "\\"), i + 1 < end else {
                out.append(byte)
                i += 1
                continue
            }
            switch bytes[i + 1] {
            case UInt8(ascii: "n"): out.append(UInt8(ascii: "\n")); i += 2
            case UInt8(ascii: "t"): out.append(UInt8(ascii: "\t")); i += 2
            case UInt8(ascii: "r"): out.append(UInt8(ascii: "\r")); i += 2
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\"")); i += 2
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); i += 2
            case UInt8(ascii: "u"):
                let length = escapeLength(bytes, i)
                let hexStart = min(i + 3, end)
                let hexEnd = max(hexStart, min(i + length.raw - 1, end))
                let hex = String(decoding: bytes[hexStart..<hexEnd], as: UTF8.self)
                if let scalar = UInt32(hex, radix: 16).flatMap(Unicode.Scalar.init) {
                    out.append(contentsOf: Array(String(scalar).utf8))
                }
                i += length.raw
            default:
                i += 2
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A calendar day, `2026-12-01`.
public struct CivilDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}

/// The unit of a duration literal.
public enum DurationUnit: String, Sendable, Hashable {
    case minutes = "m", hours = "h", days = "d", weeks = "w"

    public var seconds: Int {
        switch self {
        case .minutes: 60
        case .hours: 3_600
        case .days: 86_400
        case .weeks: 604_800
        }
    }
}

/// `30d`: exact elapsed time (`1d` is always 24 hours).
public struct DurationLiteral: Sendable, Hashable, CustomStringConvertible {
    public let amount: Int
    public let unit: DurationUnit
    public let span: SourceSpan

    public init(amount: Int, unit: DurationUnit, span: SourceSpan) {
        self.amount = amount
        self.unit = unit
        self.span = span
    }

    /// The length in seconds; `Int.max` for an amount too large to multiply (the lexer
    /// has already reported it, E0015).
    public var seconds: Int {
        let (product, overflow) = amount.multipliedReportingOverflow(by: unit.seconds)
        return overflow ? Int.max : product
    }
    public var description: String { "\(amount)\(unit.rawValue)" }
}

/// Where a time of day is read: the customer's zone unless one is written.
public enum ZoneSyntax: Sendable, Hashable {
    case utc(SourceSpan)
    case named(StringLiteral)
}

/// `09:00`, `09:00 UTC`, `09:00 "Europe/Paris"`.
public struct TimeOfDayLiteral: Sendable, Hashable, CustomStringConvertible {
    public let hour: Int
    public let minute: Int
    public let zone: ZoneSyntax?
    public let span: SourceSpan

    public init(hour: Int, minute: Int, zone: ZoneSyntax?, span: SourceSpan) {
        self.hour = hour
        self.minute = minute
        self.zone = zone
        self.span = span
    }

    /// `HH:MM` without the zone.
    public var clockText: String {
        (hour < 10 ? "0" : "") + String(hour) + ":" + (minute < 10 ? "0" : "") + String(minute)
    }

    public var description: String {
        switch zone {
        case nil: clockText
        case .utc: clockText + " UTC"
        case .named(let name): clockText + " " + name.raw
        }
    }
}

/// A percentage as written (`10%`, `12.5%`).
public struct PercentLiteral: Sendable, Hashable {
    public let value: Double
    public let text: String
    public let span: SourceSpan

    public init(value: Double, text: String, span: SourceSpan) {
        self.value = value
        self.text = text
        self.span = span
    }
}

/// A whole number as written (`3` in `cap 3 messages per 7d`).
public struct IntegerLiteral: Sendable, Hashable {
    public let value: Int
    public let span: SourceSpan

    public init(value: Int, span: SourceSpan) {
        self.value = value
        self.span = span
    }
}
