@testable import CampaignPlanner
import Foundation
import Testing

/// The offset table against Foundation, and the DST rules for local times of docs/language.md §7.3.
@Suite struct ZoneRulesTests {
    static let from = Int64(1_735_689_600)  // 2025-01-01
    static let to = Int64(1_830_297_600)    // 2028-01-01

    @Test(arguments: ["America/New_York", "Europe/London", "Asia/Tehran", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "UTC"])
    func offsetsMatchFoundationEveryHour(_ name: String) throws {
        let zone = try #require(TimeZone(identifier: name))
        let rules = ZoneRules(zone: zone, from: Self.from, to: Self.to)
        var t = Self.from
        var mismatches = 0
        while t < Self.to {
            if rules.offset(at: t) != Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(t)))) { mismatches += 1 }
            t += 3_600 * 7 + 60 * 13
        }
        #expect(mismatches == 0)
    }

    static func local(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int) -> Int64 {
        Int64(TemplateDays.days(y, m, d)) * 86_400 + Int64(h * 3_600 + min * 60)
    }

    /// (zone, local date-time, the instant it resolves to, written as UTC).
    static let resolutions: [(String, [Int], [Int])] = [
        ("America/New_York", [2026, 3, 8, 2, 30], [2026, 3, 8, 7, 0]),    // gap: 02:30 → 03:00 EDT
        ("America/New_York", [2026, 3, 8, 2, 0], [2026, 3, 8, 7, 0]),     // the gap's first minute
        ("America/New_York", [2026, 3, 8, 3, 0], [2026, 3, 8, 7, 0]),     // just after it
        ("America/New_York", [2026, 3, 8, 1, 59], [2026, 3, 8, 6, 59]),   // just before it
        ("America/New_York", [2026, 11, 1, 1, 30], [2026, 11, 1, 5, 30]), // overlap: first occurrence (EDT)
        ("America/New_York", [2026, 11, 1, 2, 0], [2026, 11, 1, 7, 0]),   // after the overlap (EST)
        ("Europe/London", [2026, 3, 29, 1, 30], [2026, 3, 29, 1, 0]),     // gap: 01:30 → 02:00 BST
        ("Europe/London", [2026, 10, 25, 1, 30], [2026, 10, 25, 0, 30]),  // overlap: first occurrence (BST)
        ("Asia/Tehran", [2026, 6, 1, 9, 0], [2026, 6, 1, 5, 30]),         // +03:30, no DST since 2022
    ]

    @Test(arguments: resolutions)
    func localTimesResolveBySpecRules(_ c: (String, [Int], [Int])) throws {
        let rules = try #require(ZoneRules(identifier: c.0, from: Self.from, to: Self.to))
        let l = c.1, u = c.2
        #expect(rules.resolve(local: Self.local(l[0], l[1], l[2], l[3], l[4])) == Self.local(u[0], u[1], u[2], u[3], u[4]))
    }

    @Test func nextClockTimeIsAtOrAfterNow() throws {
        let rules = try #require(ZoneRules(identifier: "America/New_York", from: Self.from, to: Self.to))
        let nine = Int64(9 * 3_600)
        // At exactly 09:00 local, "until 09:00" is now.
        let at = Self.local(2026, 6, 10, 13, 0)
        #expect(rules.next(secondOfDay: nine, atOrAfter: at) == at)
        #expect(rules.next(secondOfDay: nine, atOrAfter: at + 1) == at + 86_400)
        // In the fall-back overlap, the first instant at or after now reading 01:30 may be
        // the second occurrence (EST, 06:30Z) when now is past the first (05:30Z).
        let secondPass = Self.local(2026, 11, 1, 6, 0)
        #expect(rules.next(secondOfDay: 5_400, atOrAfter: secondPass) == Self.local(2026, 11, 1, 6, 30))
    }
}

import CampaignSemantics
import CampaignSyntax

enum TemplateDays {
    static func days(_ y: Int, _ m: Int, _ d: Int) -> Int { CivilCalendar.days(year: y, month: m, day: d) }
}
