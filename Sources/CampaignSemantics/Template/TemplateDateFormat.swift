import CampaignSyntax
import Foundation

/// The `date` filter: reading an instant from a value and formatting it with strftime
/// directives, by arithmetic on civil dates (no locale, no Calendar: the same output on
/// every machine).
public enum TemplateDateFormat {
    /// An instant and the UTC offset it is shown at.
    public struct Moment: Sendable, Hashable {
        public let seconds: Int
        public let offset: Int
    }

    static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// What the date filter can read: instants and dates, Unix timestamps (numbers or
    /// digit strings), "now"/"today", ISO 8601, and "March 14, 2016". "now" and Unix
    /// timestamps are shown at `offset` (the recipient's, in a message: an instant with no
    /// zone of its own is shown in local time, as Ruby shows it in the server's).
    /// Only instants inside `InstantRange` are read; anything else (a timestamp of
    /// 10^15, "March 14, 99999") is not a date, and the filter leaves its input as it is.
    public static func moment(_ value: TemplateValue, now: Date, offset: Int = 0) -> Moment? {
        guard let moment = anyMoment(value, now: now, offset: offset), InstantRange.contains(Int64(moment.seconds)) else { return nil }
        return moment
    }

    static func anyMoment(_ value: TemplateValue, now: Date, offset: Int) -> Moment? {
        switch value {
        case .instant(let seconds, let offset): return Moment(seconds: seconds, offset: offset)
        case .date(let y, let m, let d): return (1...9_999).contains(y) ? Moment(seconds: CivilCalendar.days(year: y, month: m, day: d) * 86_400, offset: 0) : nil
        case .integer(let i): return Moment(seconds: i, offset: offset)
        case .decimal(let d): return d.magnitude <= Double(InstantRange.longest) ? Moment(seconds: Int(d), offset: offset) : nil
        case .string(let text): return parse(text.trimmingCharacters(in: .whitespaces), now: now, offset: offset)
        default: return nil
        }
    }

    static func parse(_ text: String, now: Date, offset: Int) -> Moment? {
        if text == "now" || text == "today" { return Moment(seconds: Int(now.timeIntervalSince1970), offset: offset) }
        if !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let seconds = Int(text) { return Moment(seconds: seconds, offset: offset) }
        let bytes = Array(text.utf8)
        if bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
           let y = Int(text.prefix(4)), let m = Int(text.dropFirst(5).prefix(2)), let d = Int(text.dropFirst(8).prefix(2)),
           (1...9_999).contains(y), (1...12).contains(m), (1...CivilCalendar.daysIn(month: m, year: y)).contains(d) {
            var seconds = CivilCalendar.days(year: y, month: m, day: d) * 86_400
            var offset = 0
            if bytes.count >= 16, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
               let hour = Int(text.dropFirst(11).prefix(2)), let minute = Int(text.dropFirst(14).prefix(2)) {
                seconds += hour * 3_600 + minute * 60
                if bytes.count >= 19, bytes[16] == UInt8(ascii: ":"), let second = Int(text.dropFirst(17).prefix(2)) { seconds += second }
                let rest = text.dropFirst(bytes.count >= 19 && bytes[16] == UInt8(ascii: ":") ? 19 : 16)
                if let sign = rest.first, sign == "+" || sign == "-" {
                    let digits = rest.dropFirst().filter(\.isASCIIDigit)
                    if digits.count == 4, let hh = Int(digits.prefix(2)), let mm = Int(digits.suffix(2)) {
                        offset = (hh * 3_600 + mm * 60) * (sign == "-" ? -1 : 1)
                        seconds -= offset
                    }
                }
            }
            return Moment(seconds: seconds, offset: offset)
        }
        // "March 14, 2016" / "Mar 14 2016"
        let words = text.replacingOccurrences(of: ",", with: " ").split(separator: " ")
        if words.count == 3, let month = CivilCalendar.monthNames.firstIndex(where: { $0.lowercased().hasPrefix(words[0].lowercased()) && words[0].count >= 3 }),
           let day = Int(words[1]), let year = Int(words[2]), (1...9_999).contains(year),
           (1...CivilCalendar.daysIn(month: month + 1, year: year)).contains(day) {
            return Moment(seconds: CivilCalendar.days(year: year, month: month + 1, day: day) * 86_400, offset: 0)
        }
        return nil
    }

    /// strftime: `%Y %y %C %m %d %e %j %H %k %I %l %M %S %p %P %b %h %B %a %A %u %w %s %z %Z %F %T %D %R %n %t %%`;
    /// `-` after `%` drops padding (`%-d`).
    public static func format(_ moment: Moment, _ pattern: String) -> String {
        let local = moment.seconds + moment.offset
        let (day64, second64) = CivilCalendar.split(seconds: Int64(local))
        let days = Int(day64), secondOfDay = Int(second64)
        let (year, month, day) = CivilCalendar.date(days: days)
        let hour = secondOfDay / 3_600, minute = secondOfDay % 3_600 / 60, second = secondOfDay % 60
        let weekday = CivilCalendar.isoWeekday(days: days) % 7   // Sunday 0, as %w counts
        let dayOfYear = days - CivilCalendar.days(year: year, month: 1, day: 1) + 1
        var out = ""
        var characters = Array(pattern)
        var i = 0
        characters.append(" ")
        while i < characters.count - 1 {
            let c = characters[i]
            guard c == "%" else {
                out.append(c)
                i += 1
                continue
            }
            var unpadded = false
            var j = i + 1
            if characters[j] == "-" {
                unpadded = true
                j += 1
            }
            guard j < characters.count - 1 else {
                out.append(contentsOf: String(characters[i..<j]))
                break
            }
            func num(_ value: Int, _ width: Int) -> String { unpadded ? String(value) : pad(value, width) }
            switch characters[j] {
            case "Y": out += num(year, 4)   // at least four digits, as Ruby pads it: 0999
            case "y": out += num(year % 100, 2)
            case "C": out += num(year / 100, 2)
            case "m": out += num(month, 2)
            case "d": out += num(day, 2)
            case "e": out += unpadded ? String(day) : (day < 10 ? " " : "") + String(day)
            case "j": out += num(dayOfYear, 3)
            case "H": out += num(hour, 2)
            case "k": out += unpadded ? String(hour) : (hour < 10 ? " " : "") + String(hour)
            case "I": out += num(hour % 12 == 0 ? 12 : hour % 12, 2)
            case "l": let h = hour % 12 == 0 ? 12 : hour % 12; out += unpadded ? String(h) : (h < 10 ? " " : "") + String(h)
            case "M": out += num(minute, 2)
            case "S": out += num(second, 2)
            case "p": out += hour < 12 ? "AM" : "PM"
            case "P": out += hour < 12 ? "am" : "pm"
            case "b", "h": out += String(CivilCalendar.monthNames[month - 1].prefix(3))
            case "B": out += CivilCalendar.monthNames[month - 1]
            case "a": out += String(dayNames[weekday].prefix(3))
            case "A": out += dayNames[weekday]
            case "u": out += String(weekday == 0 ? 7 : weekday)
            case "w": out += String(weekday)
            case "s": out += String(moment.seconds)
            case "z":
                let sign = moment.offset < 0 ? "-" : "+"
                out += sign + pad(abs(moment.offset) / 3_600, 2) + pad(abs(moment.offset) % 3_600 / 60, 2)
            case "Z": out += moment.offset == 0 ? "UTC" : format(moment, "%z")
            case "F": out += format(moment, "%Y-%m-%d")
            case "T": out += format(moment, "%H:%M:%S")
            case "D": out += format(moment, "%m/%d/%y")
            case "R": out += format(moment, "%H:%M")
            case "n": out += "\n"
            case "t": out += "\t"
            case "%": out += "%"
            default: out += String(characters[i...j])
            }
            i = j + 1
        }
        return out
    }

    /// The longest text a format can produce (for SMS worst cases), or nil if unknown.
    public static func maximumLength(_ pattern: String) -> Int {
        var sample = 0
        let longest = Moment(seconds: CivilCalendar.days(year: 2026, month: 9, day: 30) * 86_400 + 23 * 3_600 + 59 * 60 + 59, offset: -34_200)
        sample = format(longest, pattern).count
        let wednesday = Moment(seconds: CivilCalendar.days(year: 2026, month: 12, day: 30) * 86_400, offset: 0)
        return max(sample, format(wednesday, pattern).count) + pattern.filter { $0 == "s" }.count * 3
    }

    public static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(abs(value))
        return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - text.count)) + text
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
