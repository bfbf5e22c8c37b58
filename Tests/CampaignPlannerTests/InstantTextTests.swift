@testable import CampaignPlanner
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// How the planner prints instants: every instant of the range, at every offset, and
/// what lies past it.
@Suite struct InstantTextTests {
    static func text(_ t: Int64, offset: Int64 = 0, utcAsZ: Bool = true) -> String {
        var bytes: [UInt8] = []
        InstantText.append(t, offset: offset, utcAsZ: utcAsZ, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A local time at the ends of the range falls in year 0000 or 10000.
    @Test(arguments: [
        (InstantRange.last, 14 * 3_600, "10000-01-01T13:59:59+14:00"),
        (InstantRange.first, -12 * 3_600, "0000-12-31T12:00:00-12:00"),
        (InstantRange.first, 0, "0001-01-01T00:00:00+00:00"),
        (InstantRange.last, 0, "9999-12-31T23:59:59+00:00"),
    ] as [(Int64, Int64, String)])
    func localTimesAtTheEndsOfTheRange(_ t: Int64, _ offset: Int64, _ expected: String) {
        #expect(Self.text(t, offset: offset, utcAsZ: false) == expected)
    }

    /// The same text as the calendar's fields printed with `String(format:)` for instants
    /// of the range, and no trap for any `Int64` at all.
    @Test func everyInstantPrints() {
        var random = SplitMix64(seed: 9_999)
        var mismatches: [String] = []
        for _ in 0..<20_000 {
            let t = Int64.random(in: InstantRange.first...InstantRange.last, using: &random)
            let text = Self.text(t)
            let (day, second) = CivilCalendar.split(seconds: t)
            let date = CivilCalendar.date(days: Int(day))
            let expected = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", date.year, date.month, date.day,
                                  Int(second / 3_600), Int(second / 60 % 60), Int(second % 60))
            if text != expected || InstantText.string(t) != expected { mismatches.append(text) }
        }
        #expect(mismatches.count == 0, "\(mismatches.prefix(3))")
        for t in [Int64.min, .min + 1, -(1 << 62), InstantRange.first - 1, InstantRange.last + 1, 1 << 62, .max - 1, .max] {
            for offset in [Int64(-64_800), 0, 64_800] {
                #expect(!Self.text(t, offset: offset).isEmpty)
            }
        }
    }

    @Test func storiesSayWhereAnInstantPastTheRangeLies() {
        #expect(PlanVocabulary.iso(InstantRange.last + 1) == "after 9999-12-31T23:59:59Z")
        #expect(PlanVocabulary.iso(.max) == "after 9999-12-31T23:59:59Z")
        #expect(PlanVocabulary.iso(InstantRange.first - 1) == "before 0001-01-01T00:00:00Z")
        #expect(PlanVocabulary.iso(InstantRange.last) == "9999-12-31T23:59:59Z")
    }
}
