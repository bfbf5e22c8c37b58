import CampaignSemantics

/// A row's `PlanDetail` as a compact row holds it: the details without values (most rows)
/// as a code in the row itself; the others as bytes (a little-endian length, then a tag and
/// the values; a rendered text as its UTF-8), kept in the run's detail bytes in memory and
/// written after the row in a spilled run.
enum DetailCoding {
    /// Codes at or above this are details without bytes; below it, a row's `detail` is
    /// where its bytes start.
    static let firstCode: UInt32 = 0xFFFF_FF00
    /// The tag of a rendered text (not SMS): its UTF-8 follows, to be written as it is.
    static let renderedTag: UInt8 = 2
    /// The most detail bytes a run holds in memory, so that every start is below `firstCode`.
    static let byteLimit = Int(firstCode) - (1 << 20)

    private static let coded: [PlanDetail] = [
        .none, .entered, .exitedOnEvent, .exitedOnCondition, .exitStep,
        .suppressed(.noChannel), .suppressed(.noAddress), .suppressed(.holdout), .suppressed(.noAllowedTime),
        .suppressed(.noConsent(missing: true)), .suppressed(.noConsent(missing: false)),
    ]

    /// The detail's code, or nil when it has values to write as bytes.
    static func code(_ detail: PlanDetail) -> UInt32? {
        switch detail {
        case .none: firstCode
        case .entered: firstCode + 1
        case .exitedOnEvent: firstCode + 2
        case .exitedOnCondition: firstCode + 3
        case .exitStep: firstCode + 4
        case .suppressed(.noChannel): firstCode + 5
        case .suppressed(.noAddress): firstCode + 6
        case .suppressed(.holdout): firstCode + 7
        case .suppressed(.noAllowedTime): firstCode + 8
        case .suppressed(.noConsent(let missing)): firstCode + (missing ? 9 : 10)
        default: nil
        }
    }

    /// The detail of a code (`code(_:)`), or nil for a byte position.
    static func detail(code: UInt32) -> PlanDetail? {
        code >= firstCode && Int(code - firstCode) < coded.count ? coded[Int(code - firstCode)] : nil
    }

    /// Appends the detail's length and bytes (for a detail `code` returned nil for).
    static func append(_ detail: PlanDetail, into out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: [0, 0, 0, 0])
        switch detail {
        case .enteredAfter(let base):
            out.append(1)
            appendInteger(base, into: &out)
        case .rendered(let text):
            out.append(renderedTag)
            out.append(contentsOf: text.utf8)
        case .renderedSMS(let text, let encoding, let segments):
            out.append(3)
            out.append(encoding == .gsm7 ? 0 : 1)
            appendInteger(segments, into: &out)
            out.append(contentsOf: text.utf8)
        case .suppressed(let reason):
            out.append(4)
            append(reason, into: &out)
        case .goal(let entered):
            out.append(5)
            appendInteger(entered, into: &out)
        case .none, .entered, .exitedOnEvent, .exitedOnCondition, .exitStep:
            out.append(0)
        }
        let length = UInt32(out.count - start - 4)
        for i in 0..<4 { out[start + i] = UInt8(truncatingIfNeeded: length >> (8 * i)) }
    }

    private static func append(_ reason: Suppression, into out: inout [UInt8]) {
        switch reason {
        case .noChannel: out.append(0)
        case .unsubscribed(let at, let by):
            out.append(1)
            appendInteger(at, into: &out)
            appendInteger(by, into: &out)
        case .noAddress: out.append(2)
        case .noConsent(let missing): out.append(contentsOf: [3, missing ? 1 : 0])
        case .cap(let i):
            out.append(4)
            appendInteger(i, into: &out)
        case .holdout: out.append(5)
        case .noAllowedTime: out.append(6)
        case .firstOf(let skipped):
            out.append(7)
            appendInteger(Int32(clamping: skipped.count), into: &out)
            for s in skipped {
                appendInteger(s.message, into: &out)
                append(s.reason, into: &out)
            }
        case .campaignCap(let i):
            out.append(8)
            appendInteger(i, into: &out)
        case .compliance(let profile):
            out.append(9)
            out.append(UInt8(ComplianceProfile.allCases.firstIndex(of: profile) ?? 0))
        }
    }

    private static func appendInteger<T: FixedWidthInteger>(_ value: T, into out: inout [UInt8]) {
        for i in 0..<(T.bitWidth / 8) { out.append(UInt8(truncatingIfNeeded: value >> (8 * i))) }
    }

    /// The length at the start of a detail's bytes.
    static func length(_ bytes: UnsafeRawBufferPointer, at start: Int) -> Int? {
        guard start >= 0, start + 4 <= bytes.count else { return nil }
        var length = 0
        for i in 0..<4 { length |= Int(bytes[start + i]) << (8 * i) }
        return length
    }

    /// The detail written by `append`, from its bytes after the length; nil if they are not
    /// a detail (a spilled run that was damaged on disk).
    static func decode(_ bytes: UnsafeRawBufferPointer) -> PlanDetail? {
        var reader = Reader(bytes: bytes)
        guard let tag = reader.byte() else { return nil }
        switch tag {
        case 1: return reader.integer(Int64.self).map(PlanDetail.enteredAfter)
        case 2: return .rendered(reader.rest())
        case 3:
            guard let encoding = reader.byte(), let segments = reader.integer(Int32.self) else { return nil }
            return .renderedSMS(reader.rest(), encoding: encoding == 0 ? .gsm7 : .ucs2, segments: segments)
        case 4: return reader.suppression().map(PlanDetail.suppressed)
        case 5: return reader.integer(Int64.self).map { .goal(entered: $0) }
        default: return nil
        }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        var at = 0

        mutating func byte() -> UInt8? {
            guard at < bytes.count else { return nil }
            defer { at += 1 }
            return bytes[at]
        }

        mutating func integer<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard at + T.bitWidth / 8 <= bytes.count else { return nil }
            var value: T = 0
            for i in 0..<(T.bitWidth / 8) { value |= T(truncatingIfNeeded: bytes[at + i]) << (8 * i) }
            at += T.bitWidth / 8
            return value
        }

        mutating func rest() -> String {
            defer { at = bytes.count }
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at...]), as: UTF8.self)
        }

        mutating func suppression() -> Suppression? {
            guard let tag = byte() else { return nil }
            switch tag {
            case 0: return .noChannel
            case 1:
                guard let at = integer(Int64.self), let by = integer(Int32.self) else { return nil }
                return .unsubscribed(at: at, by: by)
            case 2: return .noAddress
            case 3: return byte().map { .noConsent(missing: $0 == 1) }
            case 4: return integer(Int32.self).map(Suppression.cap)
            case 5: return .holdout
            case 6: return .noAllowedTime
            case 7:
                guard let count = integer(Int32.self), count >= 0 else { return nil }
                var skipped: [Suppression.Skipped] = []
                for _ in 0..<count {
                    guard let message = integer(Int32.self), let reason = suppression() else { return nil }
                    skipped.append(Suppression.Skipped(message: message, reason: reason))
                }
                return .firstOf(skipped)
            case 8: return integer(Int32.self).map(Suppression.campaignCap)
            case 9:
                guard let index = byte(), Int(index) < ComplianceProfile.allCases.count else { return nil }
                return .compliance(ComplianceProfile.allCases[Int(index)])
            default: return nil
            }
        }
    }
}
