import CampaignSyntax

/// A JSON reader for one line of a plan's NDJSON (RFC 8259): values as `JSONValue`, the
/// integers `JSONValue.int`, every error with the byte it was found at. Nesting is bounded,
/// so hostile input cannot exhaust the stack.
struct JSONText {
    struct Failure: Error {
        let at: Int
        let message: String
    }

    let bytes: [UInt8]
    var i: Int
    let end: Int
    var depth = 0
    static let maxDepth = 64

    init(bytes: [UInt8], at start: Int, end: Int) {
        self.bytes = bytes
        i = start
        self.end = end
    }

    /// The line as one object: its members in order, each with where its value starts.
    mutating func lineObject() throws(Failure) -> [(key: String, value: JSONValue, at: Int)] {
        space()
        guard i < end, bytes[i] == 0x7B else { throw Failure(at: i, message: "a plan's NDJSON line is one JSON object, starting with '{'") }
        let members = try members()
        space()
        guard i == end else { throw Failure(at: i, message: "text after the object: a plan's NDJSON has one object a line") }
        return members
    }

    mutating func value() throws(Failure) -> JSONValue {
        guard i < end else { throw Failure(at: i, message: "a value is missing") }
        switch bytes[i] {
        case 0x22: return .string(try string())
        case 0x7B, 0x5B:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw Failure(at: i, message: "nested more than \(Self.maxDepth) deep: no plan row is") }
            return bytes[i] == 0x7B ? try object() : try array()
        case 0x74: try word("true"); return .bool(true)
        case 0x66: try word("false"); return .bool(false)
        case 0x6E: try word("null"); return .null
        default: return try number()
        }
    }

    mutating func object() throws(Failure) -> JSONValue {
        .object(try members().map { ($0.key, $0.value) })
    }

    /// The members of the object at `i` (its `{`), each with where its value starts.
    mutating func members() throws(Failure) -> [(key: String, value: JSONValue, at: Int)] {
        i += 1
        var members: [(key: String, value: JSONValue, at: Int)] = []
        space()
        if i < end && bytes[i] == 0x7D {
            i += 1
            return members
        }
        while true {
            space()
            let key = try string()
            space()
            try expect(0x3A, "':' after a key")
            space()
            let at = i
            members.append((key, try value(), at))
            space()
            if i < end && bytes[i] == 0x2C { i += 1; continue }
            try expect(0x7D, "',' or '}' after a value")
            return members
        }
    }

    mutating func array() throws(Failure) -> JSONValue {
        i += 1
        var items: [JSONValue] = []
        space()
        if i < end && bytes[i] == 0x5D { i += 1; return .array([]) }
        while true {
            space()
            items.append(try value())
            space()
            if i < end && bytes[i] == 0x2C { i += 1; continue }
            try expect(0x5D, "',' or ']' after a value")
            return .array(items)
        }
    }

    mutating func string() throws(Failure) -> String {
        guard i < end, bytes[i] == 0x22 else { throw Failure(at: i, message: "a string (in double quotes) was expected") }
        let start = i
        i += 1
        var out: [UInt8] = []
        while true {
            guard i < end else { throw Failure(at: start, message: "a string is not closed") }
            let b = bytes[i]
            if b == 0x22 { i += 1; break }
            if b < 0x20 { throw Failure(at: i, message: "a control character inside a string: JSON escapes it") }
            if b != 0x5C {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < end else { throw Failure(at: i, message: "an escape is cut off") }
            let e = bytes[i + 1]
            i += 2
            switch e {
            case 0x22, 0x5C, 0x2F: out.append(e)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var scalar = try hex4()
                if (0xD800..<0xDC00).contains(scalar) {
                    guard i + 1 < end, bytes[i] == 0x5C, bytes[i + 1] == 0x75 else { throw Failure(at: i, message: "a lone surrogate in \\u escapes") }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00..<0xE000).contains(low) else { throw Failure(at: i - 6, message: "a lone surrogate in \\u escapes") }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00..<0xE000).contains(scalar) {
                    throw Failure(at: i - 6, message: "a lone surrogate in \\u escapes")
                }
                guard let unicode = Unicode.Scalar(scalar) else { throw Failure(at: i - 6, message: "not a character") }
                out.append(contentsOf: Array(String(Character(unicode)).utf8))
            default:
                throw Failure(at: i - 2, message: "an unknown escape '\\\(String(UnicodeScalar(e)))'")
            }
        }
        guard let text = String(validating: out, as: UTF8.self) else { throw Failure(at: start, message: "bytes that are not UTF-8: a plan is UTF-8 text") }
        return text
    }

    mutating func hex4() throws(Failure) -> UInt32 {
        guard i + 4 <= end else { throw Failure(at: i, message: "\\u takes four hex digits") }
        var value: UInt32 = 0
        for k in 0..<4 {
            let b = bytes[i + k]
            let digit: UInt32
            switch b {
            case 0x30...0x39: digit = UInt32(b - 0x30)
            case 0x41...0x46: digit = UInt32(b - 0x41 + 10)
            case 0x61...0x66: digit = UInt32(b - 0x61 + 10)
            default: throw Failure(at: i + k, message: "\\u takes four hex digits")
            }
            value = value << 4 | digit
        }
        i += 4
        return value
    }

    mutating func number() throws(Failure) -> JSONValue {
        let start = i
        if i < end && bytes[i] == 0x2D { i += 1 }
        var integral = true
        while i < end, (0x30...0x39).contains(bytes[i]) || bytes[i] == 0x2E || bytes[i] == 0x65 || bytes[i] == 0x45 || bytes[i] == 0x2B || bytes[i] == 0x2D {
            if !(0x30...0x39).contains(bytes[i]) { integral = false }
            i += 1
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if integral, let value = Int(text) { return .int(value) }
        guard i > start, let value = Double(text) else { throw Failure(at: start, message: "not a JSON value") }
        return .double(value)
    }

    mutating func word(_ text: String) throws(Failure) {
        let word = Array(text.utf8)
        guard i + word.count <= end, Array(bytes[i..<(i + word.count)]) == word else { throw Failure(at: i, message: "not a JSON value") }
        i += word.count
    }

    mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
        guard i < end, bytes[i] == byte else { throw Failure(at: i, message: what + " was expected") }
        i += 1
    }

    mutating func space() {
        while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
    }
}
