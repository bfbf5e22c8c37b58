import CampaignSyntax
import Foundation
import Testing

/// The one civil calendar: leap years from a table, days ↔ dates round-tripping over
/// the whole range the product reads (and far past it, negative years included), and a
/// sample of days against Foundation's Gregorian calendar.
@Suite struct CivilCalendarTests {
    @Test(arguments: [
        (1_970, false), (1_972, true), (1_900, false), (2_000, true), (2_100, false), (2_400, true),
        (2_024, true), (2_026, false), (0, true), (1, false), (4, true), (100, false), (400, true),
        (-1, false), (-4, true), (-100, false), (-400, true), (9_996, true), (9_999, false),
    ])
    func leapYears(_ year: Int, _ leap: Bool) {
        #expect(CivilCalendar.isLeap(year) == leap)
        #expect(CivilCalendar.daysIn(month: 2, year: year) == (leap ? 29 : 28))
    }

    @Test func monthLengthsMakeTheYear() {
        for year in [1_900, 2_000, 2_025, 2_028] {
            let total = (1...12).reduce(0) { $0 + CivilCalendar.daysIn(month: $1, year: year) }
            #expect(total == (CivilCalendar.isLeap(year) ? 366 : 365))
            #expect(CivilCalendar.days(year: year + 1, month: 1, day: 1) - CivilCalendar.days(year: year, month: 1, day: 1) == total)
        }
    }

    /// Known days, the epoch's neighbours and both ends of the four-digit years. 0000-03-01
    /// is the date an earlier copy of the arithmetic read a day late.
    @Test(arguments: [
        (1_970, 1, 1, 0), (1_969, 12, 31, -1), (2_000, 3, 1, 11_017), (2_026, 11, 3, 20_760),
        (1, 1, 1, -719_162), (0, 1, 1, -719_528), (0, 3, 1, -719_468), (9_999, 12, 31, 2_932_896),
        (-1, 12, 31, -719_529),
    ])
    func knownDays(_ year: Int, _ month: Int, _ day: Int, _ days: Int) {
        #expect(CivilCalendar.days(year: year, month: month, day: day) == days)
        #expect(CivilCalendar.date(days: days) == (year, month, day))
    }

    /// Every day from year -800 to 10 400 reads back to itself, one day after another.
    @Test func everyDayRoundTrips() {
        var expected = (year: -800, month: 1, day: 1)
        var days = CivilCalendar.days(year: expected.year, month: 1, day: 1)
        var mismatches = 0
        while expected.year <= 10_400 {
            if CivilCalendar.date(days: days) != expected || CivilCalendar.days(year: expected.year, month: expected.month, day: expected.day) != days {
                mismatches += 1
            }
            days += 1
            if expected.day < CivilCalendar.daysIn(month: expected.month, year: expected.year) {
                expected.day += 1
            } else if expected.month < 12 {
                expected = (expected.year, expected.month + 1, 1)
            } else {
                expected = (expected.year + 1, 1, 1)
            }
        }
        #expect(mismatches == 0)
    }

    /// A seeded sample of days from 0001 to 9999 agrees with Foundation's Gregorian
    /// calendar (proleptic in UTC for the dates it is asked here) on the date and weekday.
    @Test func agreesWithFoundation() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: "UTC"))
        let first = CivilCalendar.days(year: 1_583, month: 1, day: 1), last = CivilCalendar.days(year: 9_999, month: 12, day: 31)
        var rng = SplitMix64(seed: 13)
        for _ in 0..<2_000 {
            let days = first + Int(rng.next() % UInt64(last - first + 1))
            let parts = calendar.dateComponents([.year, .month, .day, .weekday], from: Date(timeIntervalSince1970: Double(days) * 86_400))
            let date = CivilCalendar.date(days: days)
            #expect(parts.year == date.year && parts.month == date.month && parts.day == date.day, "\(days)")
            // Foundation counts Sunday 1 … Saturday 7.
            #expect(parts.weekday == CivilCalendar.isoWeekday(days: days) % 7 + 1, "\(days)")
        }
    }

    @Test(arguments: [(0, 4), (-1, 3), (-3, 1), (-4, 7), (4, 1), (-719_528, 6), (20_760, 2)])
    func isoWeekdays(_ days: Int, _ weekday: Int) {
        #expect(CivilCalendar.isoWeekday(days: days) == weekday)
    }

    @Test(arguments: [
        (Int64(0), Int64(0), Int64(0)), (86_399, 0, 86_399), (86_400, 1, 0), (-1, -1, 86_399), (-86_400, -1, 0),
        (-86_401, -2, 86_399), (Int64.max, 106_751_991_167_300, 55_807), (Int64.min, -106_751_991_167_301, 30_592),
    ])
    func secondsSplitIntoDayAndSecond(_ seconds: Int64, _ day: Int64, _ second: Int64) {
        #expect(CivilCalendar.split(seconds: seconds) == (day, second))
    }

    @Test func civilDatesConvert() {
        #expect(CivilDate(days: 20_760) == CivilDate(year: 2_026, month: 11, day: 3))
        #expect(CivilDate(year: 0, month: 3, day: 1).days == -719_468)
        #expect(CivilDate(days: 0).description == "1970-01-01")
    }
}
