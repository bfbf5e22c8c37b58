import CampaignSyntax

/// The longest an SMS template can get, from its literal text and the declared maximum
/// length of every value it interpolates (docs/language.md §6.5). A text field makes the worst case
/// UCS-2: any customer's name may be Thai. A declared maximum counts characters, each
/// one unit; the result also says what the message needs when every value is GSM-7.
public struct SMSFacts: Sendable, Hashable {
    public let encoding: SMSEncoding
    public let segments: Int
    /// Segments when every interpolated value is GSM-7 (Latin names); nil when the
    /// literal text itself needs UCS-2.
    public let latinSegments: Int?
    /// What makes the worst case UCS-2: a field name, or a character of the text.
    public let ucs2Reason: String?
    /// Fields with no declared maximum: the length has no bound.
    public let unboundedFields: [String]
    public let maxSegments: Int?

    /// "UCS-2 worst case, 2 segments; GSM-7 when names are Latin, 1 segment".
    public var summary: String {
        func parts(_ n: Int) -> String { "\(n) segment\(n == 1 ? "" : "s")" }
        var text = "\(encoding.rawValue) worst case, \(parts(segments))"
        if !unboundedFields.isEmpty { text = "\(encoding.rawValue), at least \(parts(segments)) (no bound: " + unboundedFields.joined(separator: ", ") + ")" }
        if let latin = latinSegments, encoding == .ucs2 { text += "; GSM-7 when names are Latin, \(parts(latin))" }
        if let reason = ucs2Reason, encoding == .ucs2 { text += "; UCS-2 because of \(reason)" }
        if let maxSegments { text += "; channel allows \(maxSegments)" }
        return text
    }
}

/// Works on a bound template (`CheckedMessage`): each `.slot` is a variable of the
/// message, with its declared type.
struct SMSWorstCase {
    let variables: [TemplateVariable]

    /// Sizes of every character in the worst case, per encoding.
    struct Profile {
        var gsm: [Int] = []
        var ucs: [Int] = []
        var literalNonGSM: Character?
        var unicodeField: String?
        var unbounded: [String] = []

        mutating func append(_ other: Profile) {
            gsm += other.gsm
            ucs += other.ucs
            literalNonGSM = literalNonGSM ?? other.literalNonGSM
            unicodeField = unicodeField ?? other.unicodeField
            unbounded += other.unbounded.filter { !unbounded.contains($0) }
        }

        mutating func appendLiteral(_ text: String) {
            for character in text {
                for scalar in character.unicodeScalars {
                    ucs.append(scalar.value > 0xFFFF ? 2 : 1)
                    if let size = SMSEncoding.septets(scalar) {
                        gsm.append(size)
                    } else {
                        gsm.append(1)
                        if literalNonGSM == nil { literalNonGSM = character }
                    }
                }
            }
        }

        mutating func appendValue(length: Int, unicode: String?) {
            gsm += Array(repeating: 1, count: length)
            ucs += Array(repeating: 1, count: length)
            if let unicode, unicodeField == nil { unicodeField = unicode }
        }
    }

    func facts(_ template: Template, maxSegments: Int?) -> SMSFacts {
        let profile = self.profile(template.nodes)
        let forced = profile.literalNonGSM != nil || profile.unicodeField != nil
        let encoding: SMSEncoding = forced ? .ucs2 : .gsm7
        let segments = forced ? SMSEncoding.segments(of: profile.ucs, single: 70, part: 67)
            : SMSEncoding.segments(of: profile.gsm, single: 160, part: 153)
        let latin = profile.literalNonGSM == nil ? SMSEncoding.segments(of: profile.gsm, single: 160, part: 153) : nil
        let reason = profile.literalNonGSM.map { "the character “\($0)”" } ?? profile.unicodeField.map { "`\($0)`, whose text may be in any script" }
        return SMSFacts(encoding: encoding, segments: segments, latinSegments: latin, ucs2Reason: reason,
                        unboundedFields: profile.unbounded, maxSegments: maxSegments)
    }

    func profile(_ nodes: [TemplateNode]) -> Profile {
        var profile = Profile()
        for node in nodes {
            switch node {
            case .text(let text):
                profile.appendLiteral(text)
            case .output(let expression, let filters, _):
                profile.append(output(expression, filters))
            case .conditional(let branches, let otherwise, _):
                var options = branches.map { self.profile($0.body) }
                options.append(otherwise.map { self.profile($0) } ?? Profile())
                var worst = Profile()
                let longestUCS = options.max { $0.ucs.reduce(0, +) < $1.ucs.reduce(0, +) } ?? Profile()
                let longestGSM = options.max { $0.gsm.reduce(0, +) < $1.gsm.reduce(0, +) } ?? Profile()
                worst.ucs = longestUCS.ucs
                worst.gsm = longestGSM.gsm
                for option in options {
                    worst.literalNonGSM = worst.literalNonGSM ?? option.literalNonGSM
                    worst.unicodeField = worst.unicodeField ?? option.unicodeField
                    worst.unbounded += option.unbounded.filter { !worst.unbounded.contains($0) }
                }
                profile.append(worst)
            }
        }
        return profile
    }

    /// The worst case of one `{{ … }}`.
    func output(_ expression: TemplateExpression, _ filters: [TemplateFilter]) -> Profile {
        var profile = Profile()
        var length: Int? = 0
        var unicode: String? = nil
        var name = "value"
        switch expression {
        case .string(let text, _):
            var literal = Profile()
            literal.appendLiteral(text)
            return applyFilters(literal, filters, length: text.count, name: name)
        case .integer(let value, _): length = String(value).count
        case .decimal(let value, _): length = "\(value)".count
        case .bool: length = 5
        case .nil, .empty, .blank: length = 0
        case .slot(let slot, _):
            guard variables.indices.contains(slot) else { break }
            let variable = variables[slot]
            name = variable.path
            switch variable {
            // The campaign's name is known: its length, and never a reason for UCS-2.
            case .campaignName(let campaign): length = campaign.count
            default: (length, unicode) = Self.bound(variable.type, name: name)
            }
        case .variable:
            // Not bound: the checker reported it, and no SMS of it is measured.
            break
        }
        profile.appendValue(length: length ?? 0, unicode: unicode)
        if length == nil { profile.unbounded.append(name) }
        return applyFilters(profile, filters, length: length, name: name)
    }

    func applyFilters(_ start: Profile, _ filters: [TemplateFilter], length: Int?, name: String) -> Profile {
        var profile = start
        var length = length
        for filter in filters {
            switch filter.kind {
            case .default?:
                guard case .string(let fallback, _)? = filter.arguments.first else { continue }
                var literal = Profile()
                literal.appendLiteral(fallback)
                if literal.ucs.count > profile.ucs.count || literal.literalNonGSM != nil {
                    let keepUnicode = profile.unicodeField
                    let keepUnbounded = profile.unbounded
                    if literal.ucs.count > profile.ucs.count { profile.gsm = literal.gsm; profile.ucs = literal.ucs; length = literal.ucs.count }
                    profile.literalNonGSM = profile.literalNonGSM ?? literal.literalNonGSM
                    profile.unicodeField = keepUnicode
                    profile.unbounded = keepUnbounded
                }
            case .truncate?:
                let limit: Int
                if case .integer(let value, _)? = filter.arguments.first { limit = value } else { limit = 50 }
                profile.gsm = Array(profile.gsm.prefix(limit))
                profile.ucs = Array(profile.ucs.prefix(limit))
                if length == nil || length! > limit {
                    if profile.gsm.count < limit {
                        profile.gsm += Array(repeating: 1, count: limit - profile.gsm.count)
                        profile.ucs += Array(repeating: 1, count: limit - profile.ucs.count)
                    }
                    profile.unbounded.removeAll { $0 == name }
                    length = limit
                }
            case .date?:
                let format: String
                if case .string(let text, _)? = filter.arguments.first { format = text } else { format = "" }
                let size = TemplateDateFormat.maximumLength(format)
                profile = Profile()
                profile.appendValue(length: size, unicode: nil)
                length = size
            case let kind? where kind.isArithmetic:
                // A number prints in at most this many characters (`bound(.number)`).
                let size = Self.bound(.number, name: name).0 ?? 16
                profile = Profile()
                profile.appendValue(length: size, unicode: nil)
                length = size
            default:
                break
            }
        }
        return profile
    }

    /// The longest text a value of this type prints as, and the field that may hold
    /// non-GSM characters (nil length: no bound).
    static func bound(_ type: ValueType, name: String) -> (Int?, String?) {
        switch type.wrapped {
        case .text(let max): return (max, name)
        case .id: return (nil, name)
        case .email: return (254, nil)
        case .phone: return (16, nil)
        case .timezone: return (32, nil)
        case .number: return (16, nil)
        case .bool: return (5, nil)
        case .time: return (25, nil)
        case .date: return (10, nil)
        case .duration: return (16, nil)
        case .enumeration(let values):
            let longest = values.map(\.count).max() ?? 0
            let unicode = values.contains { $0.unicodeScalars.contains { !SMSEncoding.isGSM($0) } }
            return (longest, unicode ? name : nil)
        case .optional, .none, .error: return (0, nil)
        }
    }
}
