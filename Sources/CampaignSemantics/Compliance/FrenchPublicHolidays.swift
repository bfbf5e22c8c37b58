import CampaignSyntax

/// The eleven French public holidays (docs/compliance.md, `fr_sms`) as arithmetic on civil
/// days, like `CivilCalendar`: no `Calendar`, so every layer and machine agrees. Regional
/// holidays (Alsace-Moselle's Good Friday and 26 December, the overseas departments'
/// abolition days) are not included.
public enum FrenchPublicHolidays {
    /// Easter Sunday of a Gregorian year, by the anonymous Gregorian computus
    /// (Meeus/Jones/Butcher), as days since 1970-01-01.
    public static func easterSunday(year: Int) -> Int {
        let a = year % 19
        let b = year / 100, c = year % 100
        let d = b / 4, e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return CivilCalendar.days(year: year, month: month, day: day)
    }

    /// The holidays of a year, as days since 1970-01-01, in date order: 1 January, Easter
    /// Monday, 1 May, 8 May, Ascension (Easter + 39), Whit Monday (Easter + 50), 14 July,
    /// 15 August, 1 November, 11 November, 25 December.
    public static func days(year: Int) -> [Int] {
        let easter = easterSunday(year: year)
        return [
            CivilCalendar.days(year: year, month: 1, day: 1), easter + 1,
            CivilCalendar.days(year: year, month: 5, day: 1), CivilCalendar.days(year: year, month: 5, day: 8),
            easter + 39, easter + 50,
            CivilCalendar.days(year: year, month: 7, day: 14), CivilCalendar.days(year: year, month: 8, day: 15),
            CivilCalendar.days(year: year, month: 11, day: 1), CivilCalendar.days(year: year, month: 11, day: 11),
            CivilCalendar.days(year: year, month: 12, day: 25),
        ].sorted()
    }

    /// Whether a civil day is a French public holiday. The computus is a few dozen integer
    /// operations, cheap beside the rest of a deferral; the planner asks only for SMS that
    /// a `fr_sms` profile binds.
    public static func contains(day: Int) -> Bool {
        let date = CivilCalendar.date(days: day)
        switch (date.month, date.day) {
        case (1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1), (11, 11), (12, 25): return true
        default: break
        }
        // Easter Monday falls 23 March – 26 April; Ascension 30 April – 3 June; Whit Monday 11 May – 14 June.
        guard (3...6).contains(date.month) else { return false }
        let easter = easterSunday(year: date.year)
        return day == easter + 1 || day == easter + 39 || day == easter + 50
    }
}
