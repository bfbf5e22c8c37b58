/// What the text of a duration says: `30d` is thirty days, anything else is one of the
/// ways a duration goes wrong. The one definition of how a duration is written
/// (docs/language.md §2.5): the lexer reports what is wrong with a
/// literal, the parser takes its value, and the data readers read `duration` fields with
/// it, so a value that compiles in a `.campaign` file reads the same in a data file.
public enum DurationSyntax: Sendable, Equatable {
    /// A whole number of one unit.
    case valid(amount: Int, unit: DurationUnit)
    /// Digits and then a word that is not a unit (`3days`, `30x`); `meant` is the unit the
    /// word stands for, when it is one spelt another way (`days`, `hrs`, `D`).
    case unknownUnit(number: String, unit: String, meant: DurationUnit?)
    /// `1.5h`: a duration is a whole number of units.
    case fractional
    /// Longer than the whole range of times (`InstantRange.longest`, more than
    /// `longest(in:)` units): no instant plus such a duration is an instant.
    case tooLong
    /// Not digits and a unit at all: no digits first (`banana`, `-3d`, `d`), or digits
    /// with no unit (`3`).
    case malformed

    /// Digits read at most: more than any unit needs to reach past the range of times
    /// (5,258,964,959 minutes is the longest duration), so a longer number is too long
    /// without being read, and an amount always fits in `Int`.
    static let maxDigits = 12

    /// The most units of one kind a duration may have: as long as the range of times,
    /// `InstantRange.longest` (521,722 weeks, a little under 10,000 years). Every sum of
    /// an instant and a duration then stays far inside `Int64`.
    public static func longest(in unit: DurationUnit) -> Int {
        Int(InstantRange.longest) / unit.seconds
    }

    /// Reads the whole text as one duration.
    public static func read(_ text: some Collection<UInt8>) -> DurationSyntax {
        var i = text.startIndex
        var digits = 0
        var amount = 0
        while i < text.endIndex, let digit = Self.digit(text[i]) {
            // Only the first `maxDigits` are kept: longer numbers are refused below.
            if digits < maxDigits { amount = amount * 10 + digit }
            digits += 1
            i = text.index(after: i)
        }
        guard digits > 0 else { return .malformed }
        var fractional = false
        if i < text.endIndex, text[i] == UInt8(ascii: "."), text.index(after: i) < text.endIndex, Self.digit(text[text.index(after: i)]) != nil {
            fractional = true
            i = text.index(after: i)
            while i < text.endIndex, Self.digit(text[i]) != nil { i = text.index(after: i) }
        }
        guard i < text.endIndex else { return .malformed }
        let word = String(decoding: text[i...], as: UTF8.self)
        guard let unit = DurationUnit(rawValue: word) else {
            return .unknownUnit(number: String(decoding: text[..<i], as: UTF8.self), unit: word, meant: DurationUnit.meant(by: word))
        }
        if fractional { return .fractional }
        if digits > maxDigits || amount > longest(in: unit) { return .tooLong }
        return .valid(amount: amount, unit: unit)
    }

    @inline(__always)
    private static func digit(_ byte: UInt8) -> Int? {
        byte &- UInt8(ascii: "0") < 10 ? Int(byte &- UInt8(ascii: "0")) : nil
    }
}

extension DurationSyntax {
    /// `9pm` as the language writes it (`21:00`), when `number` and `suffix` spell an
    /// hour of the 12-hour clock (1–12, then `am` or `pm` in either case); nil otherwise.
    public static func clockTime(number: String, suffix: String) -> String? {
        let suffix = suffix.lowercased()
        guard suffix == "am" || suffix == "pm", let hour = Int(number), (1...12).contains(hour), number.count <= 2 else { return nil }
        let hour24 = hour % 12 + (suffix == "pm" ? 12 : 0)
        return (hour24 < 10 ? "0" : "") + "\(hour24):00"
    }

    /// Whether a word names a calendar unit, which no duration can be: months and years
    /// have no fixed length.
    public static func isCalendarUnit(_ word: String) -> Bool {
        ["mo", "mon", "mos", "month", "months", "y", "yr", "yrs", "year", "years"].contains(word.lowercased())
    }

    /// What to say of an amount in a calendar unit (`1 month`, `2years`, as `written`):
    /// the message, the help, and the days it is usually taken for (30 a month, 365 a
    /// year), which the help suggests. One wording for the lexer and the parser.
    public static func calendarAdvice(number: String, unit: String, written: String) -> (message: String, help: String, days: String) {
        let year = unit.lowercased().hasPrefix("y")
        let days = "\((Int(number) ?? 1) * (year ? 365 : 30))d"
        return ("`\(written)`: durations are exact, and \(year ? "a year" : "a month") has no fixed length",
                "write a number of days, such as `\(days)`, or use a calendar trigger (`trigger monthly on day 1 at 10:00`, `trigger yearly on FIELD at 10:00`)",
                days)
    }
}

extension DurationUnit {
    /// The unit a word that is not one stands for: `days` for `d`, `H` for `h`; nil for
    /// seconds (durations have none) and for anything else.
    public static func meant(by word: String) -> DurationUnit? {
        switch word.lowercased() {
        case "m", "min", "mins", "minute", "minutes": .minutes
        case "h", "hr", "hrs", "hour", "hours": .hours
        case "d", "day", "days": .days
        case "w", "wk", "wks", "week", "weeks": .weeks
        default: nil
        }
    }
}
