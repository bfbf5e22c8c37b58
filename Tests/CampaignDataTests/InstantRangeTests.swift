import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Civil-date arithmetic over the whole range of times (`InstantRange`), far from 1970:
/// the reader's fast day count, the general one, and the text they make and read.
@Suite struct InstantRangeTests {
    static func time(_ text: String) -> Int64? { Array(text.utf8).withUnsafeBufferPointer { ValueParsers.time($0) } }
    static func date(_ text: String) -> Int32? { Array(text.utf8).withUnsafeBufferPointer { ValueParsers.date($0) } }

    @Test func rangeEndsAreTheFourDigitYears() {
        #expect(CivilCalendar.days(year: 1, month: 1, day: 1) * 86_400 == Int(InstantRange.first))
        #expect(CivilCalendar.days(year: 9_999, month: 12, day: 31) * 86_400 + 86_399 == Int(InstantRange.last))
        #expect(Self.time(InstantRange.firstText) == InstantRange.first)
        #expect(Self.time(InstantRange.lastText) == InstantRange.last)
        #expect(InstantText.string(InstantRange.first) == InstantRange.firstText)
        #expect(InstantText.string(InstantRange.last) == InstantRange.lastText)
    }

    /// Well-formed, but outside the range: refused, and told apart from malformed text.
    @Test(arguments: [
        "0000-01-01T00:00:00Z", "0000-12-31T23:59:59Z", "0001-01-01T00:30:00+01:00", "9999-12-31T23:00:00-05:00", "0000-03-01",
    ])
    func timesOutsideTheRangeAreRefused(_ text: String) {
        #expect(Self.time(text) == nil)
        #expect(Array(text.utf8).withUnsafeBufferPointer { ValueParsers.anyTime($0) } != nil)
    }

    /// Year 0000 was read a day late: the fast day count divided a negative year count,
    /// and Swift's division truncates toward zero.
    @Test func yearZeroIsCountedRight() {
        #expect(Array("0000-01-01T00:00:00Z".utf8).withUnsafeBufferPointer { ValueParsers.anyTime($0) }
            == Int64(CivilCalendar.days(year: 0, month: 1, day: 1)) * 86_400)
        #expect(Array("0000-03-01".utf8).withUnsafeBufferPointer { ValueParsers.anyDate($0) } == CivilCalendar.days(year: 0, month: 3, day: 1))
        #expect(Self.date("0000-03-01") == nil)
    }

    /// Every day of 400-year cycles before 1970 and after 2100 (and the years around the
    /// range's ends): the reader's day count agrees with the general algorithm, and the
    /// general algorithm round-trips.
    @Test(arguments: [0, 1, 1600, 1900, 2000, 2100, 2400, 9_600])
    func dayCountsAgreeAndRoundTrip(_ startYear: Int) {
        var mismatches = 0
        for year in startYear..<min(startYear + 400, 10_000) {
            for month in 1...12 {
                for day in 1...CivilCalendar.daysIn(month: month, year: year) {
                    let days = CivilCalendar.days(year: year, month: month, day: day)
                    let text = TemplateDateFormat.pad(year, 4) + "-" + TemplateDateFormat.pad(month, 2) + "-" + TemplateDateFormat.pad(day, 2)
                    let read = Array(text.utf8).withUnsafeBufferPointer { ValueParsers.anyDate($0) }
                    let back = CivilCalendar.date(days: days)
                    if read != days || back != (year, month, day) { mismatches += 1 }
                }
            }
        }
        #expect(mismatches == 0)
    }

    /// Random instants across the whole range print and read back to themselves, at
    /// random offsets too.
    @Test func instantsRoundTripThroughText() {
        var random = SplitMix64(seed: 12)
        var failures: [String] = []
        for _ in 0..<20_000 {
            let t = Int64.random(in: InstantRange.first...InstantRange.last, using: &random)
            let text = InstantText.string(t)
            if Self.time(text) != t { failures.append(text) }
            let offset = Int.random(in: -18...18, using: &random) * 3_600
            let local = InstantText.string(t, offset: Int64(offset))
            let inside = InstantRange.contains(t + Int64(offset))
            if inside, Self.time(local) != t { failures.append(local) }
        }
        #expect(failures.count == 0, "\(failures.prefix(5))")
    }
}
