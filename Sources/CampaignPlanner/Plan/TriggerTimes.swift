import CampaignData
import CampaignSemantics
import CampaignSyntax

extension CustomerRun {
    /// The instants at which a campaign's trigger can fire for this customer, inside the
    /// window, into `list` (emptied first; its capacity is reused customer after customer).
    /// A method of the run: passing the run as an argument from its own mutating loop
    /// copied it, a retain for each of its buffers.
    func triggerInstants(_ campaign: CompiledCampaign, into list: inout [Int64]) {
        if !list.isEmpty { list.removeLast(list.count) }
        let evaluator = program.evaluator
        let trigger = campaign.trigger
        switch trigger {
        case .onEvent, .never:
            return
        case .after(let length, _, let sources, _):
            evaluator.possibleValues(sources, customer: customer, into: &list)
            var kept = 0
            for i in list.indices {
                let t = InstantRange.adding(length, to: list[i])
                if t >= from && t < to { list[kept] = t; kept += 1 }
            }
            list.removeLast(list.count - kept)
            if kept <= 1 { return }
        case .onEnterSegment(let segment, let condition):
            var ctx = EvaluationContext(customer: customer, now: from - 1)
            var before = condition(ctx) == .yes
            for t in evaluator.changeInstants(segment: segment, customer: customer, from: from - 1, to: to - 1) {
                ctx.now = t
                let now = condition(ctx) == .yes
                if now && !before { list.append(t) }
                before = now
            }
            return
        case .daily(let clock), .weekly(_, let clock), .monthly(_, let clock):
            let zone = rules(clock)
            for day in (zone.day(from) - 1)...(zone.day(to) + 1) {
                switch trigger {
                case .weekly(let weekday, _) where CivilCalendar.isoWeekday(days: Int(day)) - 1 != weekday: continue
                case .monthly(let wanted, _):
                    let (y, m, d) = CivilCalendar.date(days: Int(day))
                    if d != min(wanted, CivilCalendar.daysIn(month: m, year: y)) { continue }
                default: break
                }
                let t = zone.resolve(local: day * 86_400 + clock.secondOfDay)
                if t >= from && t < to { list.append(t) }
            }
        case .once(let days, let clock):
            let t = rules(clock).resolve(local: days * 86_400 + clock.secondOfDay)
            if t >= from && t < to { list.append(t) }
        case .yearly(let column, _, let offsetDays, let clock):
            let zone = rules(clock)
            var birth: (Int, Int)?
            switch column {
            case .date(let values)? where values[customer] != Column.missingDate:
                let (_, m, d) = CivilCalendar.date(days: Int(values[customer]))
                birth = (m, d)
            case .time(let values)? where values[customer] != Column.missingTime:
                let (_, m, d) = CivilCalendar.date(days: Int(zone.day(values[customer])))
                birth = (m, d)
            default:
                break
            }
            guard let (month, day) = birth else { return }
            let first = CivilCalendar.date(days: Int(zone.day(from))).year, last = CivilCalendar.date(days: Int(zone.day(to))).year
            for year in (first - 1)...(last + 1) {
                // 29 February falls on 28 February in common years.
                let d = month == 2 && day == 29 && !CivilCalendar.isLeap(year) ? 28 : day
                // The offset moves the day, not the instant: `7d before` is seven calendar
                // days earlier, at the clock time, whatever DST does in between.
                let anniversary = CivilCalendar.days(year: year, month: month, day: d) + offsetDays
                let t = zone.resolve(local: Int64(anniversary) * 86_400 + clock.secondOfDay)
                if t >= from && t < to { list.append(t) }
            }
        }
        list.sort()
        var kept = 0
        for i in list.indices where kept == 0 || list[kept - 1] != list[i] {
            list[kept] = list[i]
            kept += 1
        }
        list.removeLast(list.count - kept)
    }
}
