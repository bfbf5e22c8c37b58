import CampaignSyntax
import Foundation

/// One IANA zone's UTC offsets as a table of transitions, so a local time costs a binary
/// search instead of a Calendar call (TOOLCHAIN.md: 0.004 s per million, against 11 s for
/// `Calendar.nextDate`). Immutable once built: shared by every planning thread. A class,
/// so that taking a customer's zone is one reference count, not one per table.
public final class ZoneRules: Sendable {
    public let name: String
    /// Instants (seconds since the epoch) at which `offsets[i + 1]` takes over.
    let transitions: [Int64]
    /// Seconds east of UTC; `offsets[0]` applies before the first transition.
    let offsets: [Int32]

    /// The zone's rules between two instants (transitions outside them are not needed:
    /// the offsets at the ends carry on).
    public convenience init?(identifier: String, from: Int64, to: Int64) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.init(zone: zone, from: from, to: to)
    }

    public init(zone: TimeZone, from: Int64, to: Int64) {
        name = zone.identifier
        var transitions: [Int64] = []
        var offsets: [Int32] = [Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(from))))]
        var cursor = Date(timeIntervalSince1970: TimeInterval(from))
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next.timeIntervalSince1970 <= TimeInterval(to) {
            let instant = Int64(next.timeIntervalSince1970.rounded())
            let offset = Int32(zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(instant))))
            if offset != offsets[offsets.count - 1] {
                transitions.append(instant)
                offsets.append(offset)
            }
            guard next > cursor else { break }
            cursor = next
        }
        self.transitions = transitions
        self.offsets = offsets
    }

    /// A zone at a fixed offset (UTC).
    public static let utc = ZoneRules(name: "UTC", transitions: [], offsets: [0])

    init(name: String, transitions: [Int64], offsets: [Int32]) {
        self.name = name
        self.transitions = transitions
        self.offsets = offsets
    }

    /// Seconds east of UTC at an instant.
    @inline(__always)
    public func offset(at instant: Int64) -> Int64 {
        if transitions.isEmpty { return Int64(offsets[0]) }
        var low = 0, high = transitions.count
        while low < high {
            let mid = (low + high) >> 1
            if transitions[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        return Int64(offsets[low])
    }

    /// Local wall-clock seconds (seconds since the epoch as if the zone were UTC).
    @inline(__always)
    public func local(_ instant: Int64) -> Int64 { instant + offset(at: instant) }

    /// Every instant whose local time is `local`, earliest first: one normally, two in a
    /// DST overlap, none in a DST gap.
    public func instants(atLocal local: Int64) -> [Int64] {
        // Offsets lie within ±18 h, so the instant is within that distance of `local`.
        let low = local - 64_800, high = local + 64_800
        var found: [Int64] = []
        var start = low
        var index = transitionIndex(after: low)
        while true {
            let end = index < transitions.count ? min(transitions[index], high) : high
            let offset = Int64(offsets[index])
            let candidate = local - offset
            if candidate >= start && candidate < end { found.append(candidate) }
            if index >= transitions.count || transitions[index] >= high { break }
            start = transitions[index]
            index += 1
        }
        return found
    }

    /// The rule of docs/language.md §7.3: a local time that does not exist resolves to the first valid
    /// instant after the gap (02:30 on a spring-forward night is 03:00); one that occurs
    /// twice resolves to the first occurrence.
    public func resolve(local: Int64) -> Int64 {
        let found = instants(atLocal: local)
        if let first = found.first { return first }
        // In a gap: the transition whose jump skips `local` is where the clock resumes.
        let index = transitionIndex(after: local - 64_800)
        for i in index..<transitions.count {
            let t = transitions[i]
            if t + Int64(offsets[i]) <= local && local < t + Int64(offsets[i + 1]) { return t }
            if t > local + 64_800 { break }
        }
        return local - offset(at: local)
    }

    /// The first instant at or after `instant` whose local time of day is `secondOfDay`,
    /// where a nonexistent local time counts at the end of its gap.
    public func next(secondOfDay: Int64, atOrAfter instant: Int64) -> Int64 {
        let day = CivilCalendar.split(seconds: local(instant)).day
        for d in (day - 1)...(day + 2) {
            let wanted = d * 86_400 + secondOfDay
            var candidates = instants(atLocal: wanted)
            if candidates.isEmpty { candidates = [resolve(local: wanted)] }
            if let hit = candidates.first(where: { $0 >= instant }) { return hit }
        }
        return resolve(local: (day + 1) * 86_400 + secondOfDay)
    }

    /// The local second of the day (0..<86 400) at an instant.
    @inline(__always)
    public func secondOfDay(_ instant: Int64) -> Int64 {
        CivilCalendar.split(seconds: local(instant)).second
    }

    /// The local day (days since 1970-01-01) at an instant.
    @inline(__always)
    public func day(_ instant: Int64) -> Int64 { CivilCalendar.split(seconds: local(instant)).day }

    /// The index of the first transition after `instant`.
    func transitionIndex(after instant: Int64) -> Int {
        var low = 0, high = transitions.count
        while low < high {
            let mid = (low + high) >> 1
            if transitions[mid] <= instant { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
