import CampaignSyntax

/// Where a chart's axes carry labels: round counts on the count axis (steps of 1, 2 or 5
/// times a power of ten, so a reader can interpolate by eye) and month starts on the date axis.
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
}
