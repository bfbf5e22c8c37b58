/// A size in bytes as users write one (`--memory-limit 512MiB`): a whole number, optionally
/// followed by a unit, decimal (`KB`, `MB`, `GB`, `TB`: powers of 1000) or binary (`KiB`,
/// `MiB`, `GiB`, `TiB`: powers of 1024), in any letter case; no unit means bytes.
enum ByteSize {
    private static let units: [(String, Int)] = [
        ("kib", 1 << 10), ("mib", 1 << 20), ("gib", 1 << 30), ("tib", 1 << 40),
        ("kb", 1_000), ("mb", 1_000_000), ("gb", 1_000_000_000), ("tb", 1_000_000_000_000), ("b", 1),
    ]

    /// The number of bytes, or nil when the text is not a size above zero that fits an `Int`.
    static func parse(_ text: String) -> Int? {
        let lower = text.lowercased()
        let digits = lower.prefix { $0.isASCII && $0.isNumber }
        let unit = lower.dropFirst(digits.count)
        guard !digits.isEmpty, let number = Int(digits) else { return nil }
        let scale = unit.isEmpty ? 1 : units.first { $0.0 == unit }?.1
        guard let scale else { return nil }
        let (bytes, overflow) = number.multipliedReportingOverflow(by: scale)
        return overflow || bytes <= 0 ? nil : bytes
    }
}
