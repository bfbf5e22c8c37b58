@testable import CampaignSemantics

/// A minimal JSON reader for test data, keeping `true`/`false` apart from numbers and
/// integers apart from decimals (Foundation's reader on Linux merges them).
struct TestJSON {
    let bytes: [UInt8]
    var i = 0

    static func parse(_ text: String) -> TemplateValue? {
        var reader = TestJSON(bytes: Array(text.utf8))
        return reader.value()
    }

    mutating func skip() {
        while i < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[i]) { i += 1 }
    }

    mutating func value() -> TemplateValue? {
        skip()
        guard i < bytes.count else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var members: [String: TemplateValue] = [:]
            skip()
            if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(members) }
            while true {
                skip()
                guard case .string(let key)? = value() else { return nil }
                skip()
                i += 1 // :
                members[key] = value() ?? .null
                skip()
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                i += 1
                return .object(members)
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [TemplateValue] = []
            skip()
            if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                items.append(value() ?? .null)
                skip()
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                i += 1
                return .array(items)
            }
        case UInt8(ascii: "\""):
            i += 1
            var out: [UInt8] = []
            while i < bytes.count, bytes[i] != UInt8(ascii: "\"") {
                if bytes[i] == UInt8(ascii: "\\") {
                    i += 1
                    switch bytes[i] {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "u"):
                        var code = UInt32(String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self), radix: 16) ?? 0x3F
                        i += 4
                        if (0xD800..<0xDC00).contains(code), i + 6 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\") {
                            let low = UInt32(String(decoding: bytes[(i + 3)...(i + 6)], as: UTF8.self), radix: 16) ?? 0
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        }
                        out += Array(String(Unicode.Scalar(code).map(Character.init) ?? "?").utf8)
                    default: out.append(bytes[i])
                    }
                    i += 1
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            i += 1
            return .string(String(decoding: out, as: UTF8.self))
        case UInt8(ascii: "t"): i += 4; return .bool(true)
        case UInt8(ascii: "f"): i += 5; return .bool(false)
        case UInt8(ascii: "n"): i += 4; return .null
        default:
            let start = i
            while i < bytes.count, "+-0123456789.eE".utf8.contains(bytes[i]) { i += 1 }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if let integer = Int(text) { return .integer(integer) }
            return .decimal(Double(text) ?? 0)
        }
    }
}
