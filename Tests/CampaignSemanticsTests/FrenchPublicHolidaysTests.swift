import CampaignSemantics
import CampaignSyntax
import Testing

/// The computus and the French holiday table (docs/compliance.md), against dates from the
/// published calendars.
@Suite struct FrenchPublicHolidaysTests {
    /// Easter Sundays as published (the Gregorian table), across century rules.
    static let easters: [(Int, Int, Int)] = [
        (1818, 3, 22), (1886, 4, 25), (1943, 4, 25), (2000, 4, 23), (2008, 3, 23), (2011, 4, 24), (2019, 4, 21),
        (2024, 3, 31), (2025, 4, 20), (2026, 4, 5), (2027, 3, 28), (2028, 4, 16), (2038, 4, 25), (2285, 3, 22),
    ]

    @Test(arguments: easters)
    func easterSundayMatchesThePublishedDate(_ e: (Int, Int, Int)) {
        let day = FrenchPublicHolidays.easterSunday(year: e.0)
        #expect(CivilCalendar.date(days: day) == (e.0, e.1, e.2) ? true : false, "\(e)")
        #expect(CivilCalendar.isoWeekday(days: day) == 7)
    }

    @Test func theHolidaysOf2026() {
        let dates = FrenchPublicHolidays.days(year: 2026).map { CivilCalendar.date(days: $0) }.map { "\($0.month)-\($0.day)" }
        #expect(dates == ["1-1", "4-6", "5-1", "5-8", "5-14", "5-25", "7-14", "8-15", "11-1", "11-11", "12-25"])
        for year in 2020...2040 {
            for day in FrenchPublicHolidays.days(year: year) { #expect(FrenchPublicHolidays.contains(day: day)) }
        }
        // Good Friday (an Alsace-Moselle holiday only) and 26 December are not holidays.
        #expect(!FrenchPublicHolidays.contains(day: CivilCalendar.days(year: 2026, month: 4, day: 3)))
        #expect(!FrenchPublicHolidays.contains(day: CivilCalendar.days(year: 2026, month: 12, day: 26)))
    }

    @Test func frSMSClosesSundaysAndHolidaysOnly() {
        let profile = ComplianceProfile.fr_sms
        #expect(profile.isClosed(day: Int64(CivilCalendar.days(year: 2026, month: 6, day: 7))))   // a Sunday
        #expect(profile.isClosed(day: Int64(CivilCalendar.days(year: 2026, month: 5, day: 8))))   // 8 May, a Friday
        #expect(!profile.isClosed(day: Int64(CivilCalendar.days(year: 2026, month: 6, day: 6))))  // a Saturday
        #expect(!ComplianceProfile.us_tcpa.isClosed(day: Int64(CivilCalendar.days(year: 2026, month: 6, day: 7))))
    }
}
