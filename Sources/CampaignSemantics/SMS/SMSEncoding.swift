/// SMS length rules (3GPP TS 23.038 / 23.040): a message is GSM-7 when every character is
/// in the GSM 03.38 default alphabet or its extension table (extension characters take
/// two septets), otherwise UCS-2 (UTF-16 code units; characters outside the BMP take
/// two). One part holds 160 septets or 70 units; a multipart message holds 153 or 67
/// per part, and an escape pair or a surrogate pair is never split across parts.
public enum SMSEncoding: String, Sendable, Hashable {
    case gsm7 = "GSM-7"
    case ucs2 = "UCS-2"

    /// The default alphabet (one septet each); 0x1B (escape) is not a character.
    static let basic: Set<Unicode.Scalar> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà".unicodeScalars)
    /// The extension table (two septets each: escape + code).
    static let extended: Set<Unicode.Scalar> = Set("^{}\\[~]|€\u{0C}".unicodeScalars)

    public static func isGSM(_ scalar: Unicode.Scalar) -> Bool { basic.contains(scalar) || extended.contains(scalar) }

    /// Septets of one GSM character (nil when it is not in the alphabet).
    public static func septets(_ scalar: Unicode.Scalar) -> Int? {
        if basic.contains(scalar) { return 1 }
        if extended.contains(scalar) { return 2 }
        return nil
    }

    /// The length of a text as it would be sent.
    public struct Count: Sendable, Hashable {
        public let encoding: SMSEncoding
        /// Septets (GSM-7) or UTF-16 code units (UCS-2).
        public let units: Int
        public let segments: Int
        /// The first character that rules out GSM-7, if any.
        public let firstNonGSM: Character?
    }

    public static func count(_ text: String) -> Count {
        var septetSizes: [Int] = []
        for scalar in text.unicodeScalars {
            guard let size = septets(scalar) else {
                let offending = text.first { $0.unicodeScalars.contains { !isGSM($0) } }
                let sizes = text.unicodeScalars.map { $0.value > 0xFFFF ? 2 : 1 }
                return Count(encoding: .ucs2, units: sizes.reduce(0, +), segments: segments(of: sizes, single: 70, part: 67),
                             firstNonGSM: offending)
            }
            septetSizes.append(size)
        }
        return Count(encoding: .gsm7, units: septetSizes.reduce(0, +), segments: segments(of: septetSizes, single: 160, part: 153),
                     firstNonGSM: nil)
    }

    /// Parts needed for characters of the given sizes: one part if they fit `single`,
    /// else parts of `part` units filled greedily, never splitting a character.
    public static func segments(of sizes: [Int], single: Int, part: Int) -> Int {
        let total = sizes.reduce(0, +)
        if total == 0 { return 1 }
        if total <= single { return 1 }
        var parts = 1
        var used = 0
        for size in sizes {
            if used + size > part {
                parts += 1
                used = 0
            }
            used += size
        }
        return parts
    }

    /// Parts for a length in units when every character is one unit (worst cases built
    /// from declared maximum lengths).
    public static func segments(units: Int, encoding: SMSEncoding) -> Int {
        let (single, part) = encoding == .gsm7 ? (160, 153) : (70, 67)
        if units <= single { return 1 }
        return (units + part - 1) / part
    }
}
