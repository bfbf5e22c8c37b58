/// The instants the product reads and prints: 0001-01-01T00:00:00Z to
/// 9999-12-31T23:59:59Z, in seconds since 1970-01-01T00:00:00Z. The years are those of
/// ISO 8601's four-digit form, so every instant in the range prints as
/// `YYYY-MM-DDTHH:MM:SSZ` (docs/language.md §2.3, §2.5).
///
/// The one place the range is decided. Input outside it is refused: a time cell in the
/// data (a row error), `--from`/`--to` (a usage error), year 0000 in a `.campaign` date
/// (E0009), a duration longer than the whole range (E0015 in a `.campaign` file, D0213 in
/// the data). Arithmetic at run time (`wait 500000w` in 2026) may still leave it: the
/// planner adds with `adding`, exact or held at the end of `Int64` (the evaluator makes
/// values past `Evaluator.secondsLimit` unknown instead), so a computed instant compares
/// correctly with every instant of the range; where one is shown, `outsideText` says
/// "after 9999-12-31T23:59:59Z" instead of printing a year that does not exist.
public enum InstantRange {
    /// 0001-01-01T00:00:00Z.
    public static let first: Int64 = -62_135_596_800
    /// 9999-12-31T23:59:59Z.
    public static let last: Int64 = 253_402_300_799
    /// The longest duration between two instants of the range (a little under 10,000 years).
    public static let longest: Int64 = last - first

    public static let firstText = "0001-01-01T00:00:00Z"
    public static let lastText = "9999-12-31T23:59:59Z"
    /// "0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z", for messages.
    public static let description = firstText + " to " + lastText

    public static func contains(_ t: Int64) -> Bool { t >= first && t <= last }

    /// `t + d` (an instant and a duration, or two durations), exactly, or the nearest
    /// end of `Int64` where that overflows.
    @inline(__always)
    public static func adding(_ d: Int64, to t: Int64) -> Int64 {
        let (sum, overflow) = t.addingReportingOverflow(d)
        return overflow ? (d > 0 ? .max : .min) : sum
    }

    /// `t - d`, exactly, or the nearest end of `Int64` where that overflows.
    @inline(__always)
    public static func subtracting(_ d: Int64, from t: Int64) -> Int64 {
        let (difference, overflow) = t.subtractingReportingOverflow(d)
        return overflow ? (d < 0 ? .max : .min) : difference
    }

    /// "after 9999-12-31T23:59:59Z" or "before 0001-01-01T00:00:00Z" for an instant
    /// outside the range; nil for one inside, which its caller prints.
    public static func outsideText(_ t: Int64) -> String? {
        if t > last { return "after " + lastText }
        if t < first { return "before " + firstText }
        return nil
    }
}
