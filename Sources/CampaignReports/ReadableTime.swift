import CampaignSyntax

/// An instant as the text preview shows it to people: `Tue 2026-12-01 10:00 UTC+7`, the
/// weekday first (when a message lands matters by day of the week), seconds only when not
/// zero, and the offset as `UTC+7`, `UTC−3:30`, `UTC`. The JSON keeps ISO 8601.
enum ReadableTime {
    static let weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

    static func string(_ t: Int64, offset: Int64 = 0) -> String {
        let local = InstantRange.adding(offset, to: t)
        let (day, second) = CivilCalendar.split(seconds: local)
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var out = weekdays[CivilCalendar.isoWeekday(days: Int(day)) - 1] + " " + SendsPerDay.date(Int(day))
        out += " " + two(second / 3_600) + ":" + two(second % 3_600 / 60) + (second % 60 == 0 ? "" : ":" + two(second % 60))
        return out + " " + zone(offset)
    }

    /// `UTC`, `UTC+7`, `UTC+3:30`, `UTC−5`.
    static func zone(_ offset: Int64) -> String {
        if offset == 0 { return "UTC" }
        let a = offset.magnitude, minutes = a % 3_600 / 60
        return "UTC" + (offset < 0 ? "−" : "+") + String(a / 3_600) + (minutes == 0 ? "" : ":" + (minutes < 10 ? "0" : "") + String(minutes))
    }
}
