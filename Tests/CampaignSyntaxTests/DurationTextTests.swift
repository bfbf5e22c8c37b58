import CampaignSyntax
import Testing

/// Every duration people read goes through `DurationText` (docs/language.md §8.9).
private let cases: [(seconds: Int64, text: String)] = [
    (7_501_814, "86d 19h"),
    (12_000, "3h 20m"),
    (45, "45s"),
    (0, "0s"),
    (90, "1m 30s"),
    (86_700, "1d"),
    (7_776_000, "90d"),
    (129_600, "1d 12h"),
    (1_209_600, "2w"),
    (302_400_000_000, "500000w"),
    (-3_600, "-1h"),
    (.min, "-106751991167300d 15h"),
]

@Test(arguments: cases)
func durationsReadAsPeopleWriteThem(case: (seconds: Int64, text: String)) {
    #expect(DurationText.string(`case`.seconds) == `case`.text)
}

/// Exact lengths (data values, a campaign's own waits) keep every unit.
@Test func exactLengthsKeepEveryUnit() {
    #expect(DurationText.string(172_860, exact: true) == "2d 1m")
    #expect(DurationText.string(7_501_814, exact: true) == "86d 19h 50m 14s")
    #expect(DurationText.string(1_209_600, exact: true) == "2w")
}
