/// Reads one NDJSON line: an object whose members are handed to a callback as bytes
/// (strings unescaped, numbers and `true`/`false` as written). One level of nesting can
/// be entered on request (an event's `properties`). The visitor gets each member's key, its
/// value, the enclosing key when nested, and the byte offset of the key's opening quote.
struct JSONLineReader {
    struct Failure: Error {
        let message: String
    }

    enum Value {
        case null
        case text([UInt8])
        case literal([UInt8])
        case object
        case list

        /// What the value is, for messages: `a list`, `the text "home"`.
        var described: String {
            switch self {
            case .null: "null"
            case .text(let bytes): "the text " + bytes.withUnsafeBufferPointer { FieldParser.shown($0) }
            case .literal(let bytes): "`" + String(decoding: bytes.prefix(60), as: UTF8.self) + "`"
            case .object: "an object"
            case .list: "a list"
            }
        }
    }

    enum Action {
        case skip
        /// The value is an object whose members should be read too.
        case descend
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func readObject(_ visit: (String, Value, String?, Int) throws -> Action) throws {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else {
            throw Failure(message: "expected a JSON object `{ … }` on this line")
        }
        try members(nested: nil, visit)
        skipSpace()
        guard i == bytes.count else { throw Failure(message: "unexpected text after the JSON object") }
    }

    private mutating func members(nested: String?, _ visit: (String, Value, String?, Int) throws -> Action) throws {
        i += 1
        skipSpace()
        if peek == UInt8(ascii: "}") {
            i += 1
            return
        }
        while true {
            skipSpace()
            guard peek == UInt8(ascii: "\"") else { throw Failure(message: "invalid JSON: expected a quoted key at byte \(i + 1)") }
            let keyStart = i
            let key = String(decoding: try string(), as: UTF8.self)
            skipSpace()
            guard peek == UInt8(ascii: ":") else { throw Failure(message: "invalid JSON: expected `:` after \"\(key)\"") }
            i += 1
            skipSpace()
            if peek == UInt8(ascii: "{") {
                let start = i
                if try visit(key, .object, nested, keyStart) == .descend {
                    i = start
                    try members(nested: key, visit)
                } else {
                    i = start
                    try skipValue()
                }
            } else if peek == UInt8(ascii: "[") {
                _ = try visit(key, .list, nested, keyStart)
                try skipValue()
            } else {
                _ = try visit(key, try scalar(), nested, keyStart)
            }
            skipSpace()
            guard let next = peek else { throw Failure(message: "invalid JSON: the object is not closed") }
            i += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw Failure(message: "invalid JSON: expected `,` or `}` at byte \(i)") }
        }
    }

    var peek: UInt8? { i < bytes.count ? bytes[i] : nil }

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
    }

    mutating func scalar() throws -> Value {
        guard let first = peek else { throw Failure(message: "invalid JSON: a value is missing") }
        if first == UInt8(ascii: "\"") { return .text(try string()) }
        let word = try self.word()
        return word.elementsEqual("null".utf8) ? .null : .literal(Array(word))
    }

    /// The number, `true`, `false` or `null` at the reader, checked, and moves past it.
    mutating func word() throws -> UnsafeBufferPointer<UInt8> {
        let start = i
        scan: while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0D: break scan
            default: i += 1
            }
        }
        let word = UnsafeBufferPointer(rebasing: bytes[start..<i])
        if word.elementsEqual("null".utf8) || word.elementsEqual("true".utf8) || word.elementsEqual("false".utf8) { return word }
        guard !word.isEmpty, ValueParsers.number(word) != nil else {
            throw Failure(message: "invalid JSON value `\(String(decoding: word.prefix(30), as: UTF8.self))`")
        }
        return word
    }

    mutating func string() throws -> [UInt8] {
        i += 1
        // Up to the first quote, backslash or control byte, copied at once: most strings
        // have no escape, and a byte at a time cost half the reading of an NDJSON file.
        let plain = i
        while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\"), bytes[i] >= 0x20 { i += 1 }
        var out = Array(bytes[plain..<i])
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                i += 1
                return out
            }
            if byte == UInt8(ascii: "\\") {
                i += 1
                guard let escape = peek else { break }
                i += 1
                switch escape {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    guard i + 4 <= bytes.count, var code = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else {
                        throw Failure(message: "invalid JSON: bad \\u escape")
                    }
                    i += 4
                    if (0xD800..<0xDC00).contains(code), i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u"),
                       let low = UInt32(String(decoding: bytes[(i + 2)..<(i + 6)], as: UTF8.self), radix: 16), (0xDC00..<0xE000).contains(low) {
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                    guard let scalar = Unicode.Scalar(code) else { throw Failure(message: "invalid JSON: bad \\u escape") }
                    out += Array(String(scalar).utf8)
                default: out.append(escape)
                }
                continue
            }
            if byte < 0x20 { throw Failure(message: "invalid JSON: a control character inside a string") }
            out.append(byte)
            i += 1
        }
        throw Failure(message: "invalid JSON: a string is not closed")
    }

    mutating func skipValue() throws {
        var depth = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                _ = try string()
                if depth == 0 { return }
                continue
            }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    i += 1
                    return
                }
            }
            i += 1
        }
        throw Failure(message: "invalid JSON: a value is not closed")
    }
}
