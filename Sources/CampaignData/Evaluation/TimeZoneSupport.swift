import Foundation

/// UTC offsets of named zones, for instants written with a zone (`2026-12-01 07:00 "Asia/Bangkok"`).
enum TimeZoneSupport {
    /// The zone's offset (seconds east of UTC) near a local wall-clock time.
    static func offset(_ name: String, localSeconds: Int64) -> Int64? {
        guard let zone = TimeZone(identifier: name) else { return nil }
        let guess = Date(timeIntervalSince1970: TimeInterval(localSeconds))
        let first = zone.secondsFromGMT(for: guess)
        let adjusted = Date(timeIntervalSince1970: TimeInterval(localSeconds - Int64(first)))
        return Int64(zone.secondsFromGMT(for: adjusted))
    }
}
