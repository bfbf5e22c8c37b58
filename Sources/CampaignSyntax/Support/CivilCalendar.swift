/// The proleptic Gregorian calendar as arithmetic on days since 1970-01-01: leap years,
/// month lengths, days ↔ year-month-day, the day of the week, and seconds ↔ day and
/// second of the day. The one place the product does calendar arithmetic (the lexer's
/// date literals, the readers, the evaluator, trigger times, templates, plan output), so
/// that every layer agrees on every date, and none uses `Calendar` (slow, and a
/// locale away from giving another answer).
///
/// Every function is total over the integers it can be given without overflow (any year
/// a `days` value of `Int64` reaches): Swift's `/` truncates toward zero, so the
/// arithmetic counts in whole 400-year cycles (146,097 days) floored toward the past. An
/// earlier copy divided a negative year count and put 0000-03-01 a day late.
/// Inlinable: the readers parse millions of timestamps through it.
public enum CivilCalendar {
    /// Every civil day is this long: the calendar counts no leap seconds.
    public static let secondsPerDay: Int64 = 86_400

    /// "January" … "December".
    public static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    /// What makes a year, month and day no date ("there is no month 13", "September 2026
    /// has 30 days"), or nil for a real date: the one wording of the lexer's date literals
    /// and the command line's `--from`/`--to`/`--at`.
    public static func dateProblem(year: Int, month: Int, day: Int) -> String? {
        guard year >= 1 else { return "there is no year 0000" }
        guard (1...12).contains(month) else { return "there is no month \(month)" }
        let length = daysIn(month: month, year: year)
        return day < 1 || day > length ? "\(monthNames[month - 1]) \(year) has \(length) days" : nil
    }

    /// `dateProblem` of text that starts `YYYY-MM-DD` (digits at those places): why it is
    /// no date, or nil when it is one or is not written that way.
    public static func dateProblem(_ text: String) -> String? {
        let bytes = Array(text.utf8.prefix(10))
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for i in range {
                guard bytes[i] &- 48 < 10 else { return nil }
                value = value * 10 + Int(bytes[i] &- 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
        return dateProblem(year: year, month: month, day: day)
    }

    /// Whether `year` has a 29 February (year 0 does: it is 1 BC, a leap year).
    @inlinable @inline(__always)
    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    /// The days of `month` (1…12) in `year`.
    @inlinable @inline(__always)
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a date (`month` 1…12, `day` 1…31), by Howard Hinnant's
    /// `days_from_civil`: the year is counted from 1 March, so the leap day ends it.
    @inlinable @inline(__always)
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The date of a count of days since 1970-01-01 (Hinnant's `civil_from_days`).
    @inlinable @inline(__always)
    public static func date(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let y = yearOfEra + era * 400
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp + (mp < 10 ? 3 : -9)
        return (month <= 2 ? y + 1 : y, month, day)
    }

    /// The ISO day of the week of a day since 1970-01-01: 1 Monday … 7 Sunday
    /// (1970-01-01 was a Thursday).
    @inlinable @inline(__always)
    public static func isoWeekday(days: Int) -> Int { (days % 7 + 10) % 7 + 1 }

    /// The day (since 1970-01-01) of an instant or local time in seconds since the epoch,
    /// rounded toward the past, and the second of that day (0..<86 400).
    @inlinable @inline(__always)
    public static func split(seconds: Int64) -> (day: Int64, second: Int64) {
        var day = seconds / secondsPerDay, second = seconds % secondsPerDay
        if second < 0 {
            second += secondsPerDay
            day -= 1
        }
        return (day, second)
    }
}

extension CivilDate {
    /// The date of a count of days since 1970-01-01.
    @inlinable
    public init(days: Int) {
        let (year, month, day) = CivilCalendar.date(days: days)
        self.init(year: year, month: month, day: day)
    }

    /// Days since 1970-01-01.
    @inlinable
    public var days: Int { CivilCalendar.days(year: year, month: month, day: day) }
}
