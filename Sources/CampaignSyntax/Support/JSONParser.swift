import CampaignSyntax

/// Why bytes are not one JSON value (RFC 8259): the byte offset and what was wrong.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let reason: String

    public var description: String { "\(reason) at byte \(offset)" }
}

/// A strict JSON reader for untrusted bytes (what a client sends `campaign lsp`, a plan's
/// NDJSON lines read back by `preview --plan`): one value, nothing after it but white
/// space, valid UTF-8, no trailing commas or comments, nesting at most `maxDepth` deep.
/// Every failure is a `JSONParseError` value, never a trap.
public struct JSONParser {
    public static let maxDepth = 256

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    public static func parse(_ bytes: [UInt8]) -> Result<JSONValue, JSONParseError> {
        var parser = JSONParser(bytes)
        return Result { () throws(JSONParseError) -> JSONValue in
            let value = try parser.value()
            parser.skipSpace()
            if parser.index != bytes.count { throw parser.failure("unexpected text after the value") }
            return value
        }
    }

    /// One object as the whole of `bytes`: its members in order, each with the offset in
    /// `bytes` where its value starts (so that a reader can place what it finds wrong in a
    /// value). Fails, as `parse` does, on anything else.
    public static func members(ofObject bytes: [UInt8]) -> Result<[(key: String, value: JSONValue, offset: Int)], JSONParseError> {
        var parser = JSONParser(bytes)
        return Result { () throws(JSONParseError) -> [(key: String, value: JSONValue, offset: Int)] in
            parser.skipSpace()
            guard parser.current == UInt8(ascii: "{") else { throw parser.failure("expected an object") }
            let members = try parser.members()
            parser.skipSpace()
            if parser.index != bytes.count { throw parser.failure("unexpected text after the value") }
            return members
        }
    }

    private func failure(_ reason: String) -> JSONParseError { JSONParseError(offset: index, reason: reason) }

    private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

    private mutating func skipSpace() {
        while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 { index += 1 }
    }

    private mutating func value() throws(JSONParseError) -> JSONValue {
        skipSpace()
        guard let byte = current else { throw failure("unexpected end of input") }
        switch byte {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw failure("unexpected character")
        }
    }

    /// `true`, `false` or `null`; anything else is placed at its first byte.
    private mutating func literal(_ word: String) throws(JSONParseError) {
        let start = index
        for expected in word.utf8 {
            guard current == expected else { throw JSONParseError(offset: start, reason: "not a JSON value") }
            index += 1
        }
    }

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > Self.maxDepth { throw failure("nested more than \(Self.maxDepth) levels deep") }
    }

    private mutating func object() throws(JSONParseError) -> JSONValue {
        .object(try members().map { ($0.key, $0.value) })
    }

    /// The members of the object at `index` (its `{`), each with where its value starts.
    private mutating func members() throws(JSONParseError) -> [(key: String, value: JSONValue, offset: Int)] {
        try enter()
        index += 1
        var members: [(key: String, value: JSONValue, offset: Int)] = []
        skipSpace()
        if current == UInt8(ascii: "}") {
            index += 1
            depth -= 1
            return members
        }
        while true {
            skipSpace()
            guard current == UInt8(ascii: "\"") else { throw failure("expected a member name") }
            let key = try string()
            skipSpace()
            guard current == UInt8(ascii: ":") else { throw failure("expected `:`") }
            index += 1
            skipSpace()
            let offset = index
            members.append((key, try value(), offset))
            skipSpace()
            switch current {
            case UInt8(ascii: ",")?: index += 1
            case UInt8(ascii: "}")?:
                index += 1
                depth -= 1
                return members
            default: throw failure("expected `,` or `}`")
            }
        }
    }

    private mutating func array() throws(JSONParseError) -> JSONValue {
        try enter()
        index += 1
        var items: [JSONValue] = []
        skipSpace()
        if current == UInt8(ascii: "]") {
            index += 1
            depth -= 1
            return .array(items)
        }
        while true {
            items.append(try value())
            skipSpace()
            switch current {
            case UInt8(ascii: ",")?: index += 1
            case UInt8(ascii: "]")?:
                index += 1
                depth -= 1
                return .array(items)
            default: throw failure("expected `,` or `]`")
            }
        }
    }

    private mutating func number() throws(JSONParseError) -> JSONValue {
        let start = index
        var isInteger = true
        if current == UInt8(ascii: "-") { index += 1 }
        guard let first = current, first >= 0x30, first <= 0x39 else { throw failure("expected a digit") }
        if first == 0x30 {
            index += 1
        } else {
            while let byte = current, byte >= 0x30, byte <= 0x39 { index += 1 }
        }
        if current == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard let byte = current, byte >= 0x30, byte <= 0x39 else { throw failure("expected a digit after `.`") }
            while let byte = current, byte >= 0x30, byte <= 0x39 { index += 1 }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
            guard let byte = current, byte >= 0x30, byte <= 0x39 else { throw failure("expected a digit in the exponent") }
            while let byte = current, byte >= 0x30, byte <= 0x39 { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text), value.isFinite else { throw JSONParseError(offset: start, reason: "number out of range") }
        return .double(value)
    }

    private mutating func string() throws(JSONParseError) -> String {
        let quote = index
        index += 1
        var scalars = String.UnicodeScalarView()
        var run = index
        func flush(_ parser: JSONParser, upTo end: Int) throws(JSONParseError) {
            guard run < end else { return }
            let slice = parser.bytes[run..<end]
            guard let text = String(validating: slice, as: UTF8.self) else {
                throw JSONParseError(offset: quote, reason: "bytes that are not UTF-8 in a string")
            }
            scalars.append(contentsOf: text.unicodeScalars)
        }
        while true {
            guard let byte = current else { throw failure("unterminated string") }
            switch byte {
            case UInt8(ascii: "\""):
                try flush(self, upTo: index)
                index += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flush(self, upTo: index)
                index += 1
                scalars.append(try escape())
                run = index
            case 0..<0x20:
                throw failure("control character in a string")
            default:
                index += 1
            }
        }
    }

    private mutating func escape() throws(JSONParseError) -> Unicode.Scalar {
        guard let byte = current else { throw failure("unterminated escape") }
        index += 1
        switch byte {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let unit = try hexUnit()
            if (0xD800..<0xDC00).contains(unit), current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") {
                let save = index
                index += 2
                let low = try hexUnit()
                if (0xDC00..<0xE000).contains(low) {
                    return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)) ?? "\u{FFFD}"
                }
                index = save
            }
            // A lone surrogate is well-formed JSON but no character: it reads as U+FFFD.
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        default:
            index -= 1
            throw failure("invalid escape")
        }
    }

    private mutating func hexUnit() throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let byte = current else { throw failure("unterminated \\u escape") }
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 0x41 + 10)
            default: throw failure("invalid \\u escape")
            }
            value = value * 16 + digit
            index += 1
        }
        return value
    }
}

extension JSONValue {
    /// The member named `key` of an object (the last one, as JavaScript reads duplicates).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.0 == key }?.1
    }

    public var string: String? { if case .string(let value) = self { value } else { nil } }
    public var int: Int? {
        switch self {
        case .int(let value): value
        case .double(let value) where value.rounded() == value && abs(value) < 1e15: Int(value)
        default: nil
        }
    }
    public var bool: Bool? { if case .bool(let value) = self { value } else { nil } }
    public var array: [JSONValue]? { if case .array(let items) = self { items } else { nil } }
    public var isObject: Bool { if case .object = self { true } else { false } }
}
