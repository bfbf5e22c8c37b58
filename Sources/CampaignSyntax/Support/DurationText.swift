/// A length of time as people read it, `86d 19h`, `3h 20m`, `45s`, `2w`: how plans,
/// `explain`, previews, data values and templates print every duration, from one writer
/// (docs/language.md §8.9 states the rule).
public enum DurationText {
    /// The largest unit that is not zero and the next unit down when that is not zero, the
    /// rest dropped (rounded toward zero): `7501814` seconds is `86d 19h`, `90060` is `1d 1h`,
    /// `86700` (1d 0h 5m) is `1d`. Weeks only for a whole number of weeks
    /// (`2w`, `500000w`), so a length written in weeks reads back as written; otherwise days
    /// are the largest unit (`86d 19h`, not `12w 2d`). Zero is `0s`; a negative length has
    /// a leading `-`.
    /// `exact` writes every unit that is not zero instead (`2d 1m`), for lengths that must
    /// read back as they are: data values, and the waits and re-entry a campaign wrote.
    public static func string(_ seconds: Int64, exact: Bool = false) -> String {
        let magnitude = seconds.magnitude
        if magnitude == 0 { return "0s" }
        let sign = seconds < 0 ? "-" : ""
        let week: UInt64 = 604_800
        if magnitude % week == 0 { return sign + String(magnitude / week) + "w" }
        var rest = magnitude
        var parts: [String] = []
        for (unit, size) in [("d", UInt64(86_400)), ("h", 3_600), ("m", 60), ("s", 1)] {
            let count = rest / size
            rest %= size
            if count > 0 { parts.append(String(count) + unit) }
            else if !parts.isEmpty && !exact { break }
            if parts.count == 2 && !exact { break }
        }
        return sign + parts.joined(separator: " ")
    }
}
