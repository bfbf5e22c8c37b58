import CampaignSyntax

/// Where a chart's axes carry labels: round counts on the count axis (steps of 1, 2 or 5
/// times a power of ten, so a reader can interpolate by eye) and, on the date axis, days,
/// Mondays, month starts or years, whichever the window's length calls for.
enum AxisTicks {
    /// Ticks from 0 to the first multiple of the step at or above `top`, with the smallest
    /// 1-2-5 step that needs at most `intervals` intervals. `top` ≤ 0 gives `[0, 1]`.
    static func counts(upTo top: Int, intervals: Int) -> [Int] {
        guard top > 0 else { return [0, 1] }
        let intervals = max(1, intervals)
        var power = 1
        while true {
            for factor in [1, 2, 5] {
                let (step, overflow) = factor.multipliedReportingOverflow(by: power)
                if overflow { return [0, top] }
                let needed = top / step + (top % step == 0 ? 0 : 1)
                if needed <= intervals {
                    // The last tick passes `top`: near `Int.max` it would not fit.
                    if needed.multipliedReportingOverflow(by: step).overflow { return [0, top] }
                    return (0...needed).map { $0 * step }
                }
            }
            let (next, overflow) = power.multipliedReportingOverflow(by: 10)
            if overflow { return [0, top] }
            power = next
        }
    }

    /// A month tick: the local day a month starts on and its label (`Apr`, with the year on
    /// the first tick and on every January: `Apr 2026`, `Jan 2027`).
    struct Month: Equatable {
        let day: Int
        let label: String
    }

    /// The month starts in `firstDay...lastDay` (days since 1970-01-01), every 1, 2, 3, 6 or
    /// 12 months (then every few years) so that at most `atMost` ticks are drawn.
    static func months(from firstDay: Int, through lastDay: Int, atMost: Int) -> [Month] {
        guard firstDay <= lastDay else { return [] }
        let start = CivilCalendar.date(days: firstDay), end = CivilCalendar.date(days: lastDay)
        // Months since year 0, so a step can be aligned on calendar quarters and years.
        let firstMonth = start.year * 12 + (start.month - 1) + (start.day == 1 ? 0 : 1)
        let lastMonth = end.year * 12 + (end.month - 1)
        guard firstMonth <= lastMonth else { return [] }
        let span = lastMonth - firstMonth + 1
        var step = 1
        for candidate in [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200] {
            step = candidate
            if (span + candidate - 1) / candidate <= max(1, atMost) { break }
        }
        var ticks: [Month] = []
        var month = (firstMonth + step - 1) / step * step
        while month <= lastMonth {
            let year = month / 12, monthOfYear = month % 12 + 1
            let name = String(CivilCalendar.monthNames[monthOfYear - 1].prefix(3))
            let label = ticks.isEmpty || monthOfYear == 1 ? "\(name) \(year)" : name
            ticks.append(Month(day: CivilCalendar.days(year: year, month: monthOfYear, day: 1), label: label))
            month += step
        }
        return ticks
    }

    /// What a date tick marks: a window of two weeks or less is read day by day, one of up
    /// to ten weeks week by week (ticks on Mondays), one of up to three years month by month,
    /// a longer one year by year. Coarser only when the finer ticks would not fit.
    enum DateUnit: Equatable { case day, week, month, year }

    /// A date tick: the local day it marks and its label (`5 Apr`, `Apr 2026`, `2031`).
    struct DateTick: Equatable {
        let day: Int
        let label: String
    }

    /// The date axis of the local days `firstDay...lastDay` drawn `width` units wide, a label
    /// character `charWidth` units: ticks no closer than their labels' width.
    static func dates(from firstDay: Int, through lastDay: Int, width: Double, charWidth: Double) -> (unit: DateUnit, ticks: [DateTick]) {
        guard firstDay <= lastDay else { return (.day, []) }
        let span = lastDay - firstDay + 1
        // How many labels of `chars` characters fit, with a gap of a character and a half.
        func fit(_ chars: Int) -> Int { max(1, Int(width / (Double(chars + 1) * charWidth + charWidth / 2))) }
        func short(_ day: Int) -> String {
            let date = CivilCalendar.date(days: day)
            return "\(date.day) \(CivilCalendar.monthNames[date.month - 1].prefix(3))"
        }
        if span <= 14 {
            for step in [1, 2, 3] where (span + step - 1) / step <= fit(6) {
                return (.day, stride(from: firstDay, through: lastDay, by: step).map { DateTick(day: $0, label: short($0)) })
            }
        }
        if span <= 70 {
            let monday = firstDay + (8 - CivilCalendar.isoWeekday(days: firstDay)) % 7
            for step in [7, 14, 28] {
                let days = Array(stride(from: monday, through: lastDay, by: step))
                if !days.isEmpty && days.count <= fit(6) { return (.week, days.map { DateTick(day: $0, label: short($0)) }) }
            }
        }
        if span <= 3 * 366 {
            let ticks = months(from: firstDay, through: lastDay, atMost: fit(8))
            if !ticks.isEmpty { return (.month, ticks.map { DateTick(day: $0.day, label: $0.label) }) }
            // No month starts inside the window (a short window the days did not fit): its first day.
            return (.day, [DateTick(day: firstDay, label: short(firstDay))])
        }
        let start = CivilCalendar.date(days: firstDay), end = CivilCalendar.date(days: lastDay)
        let firstYear = start.year + (start.month == 1 && start.day == 1 ? 0 : 1)
        var step = 1
        for candidate in [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] {
            step = candidate
            if (end.year - firstYear) / candidate + 1 <= fit(4) { break }
        }
        let aligned = firstYear + (step - ((firstYear % step) + step) % step) % step
        return (.year, stride(from: aligned, through: end.year, by: step).map { DateTick(day: CivilCalendar.days(year: $0, month: 1, day: 1), label: "\($0)") })
    }
}
