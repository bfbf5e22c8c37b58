/// Checking JSON without keeping it: what `BundleShape` does to every byte of a bundle
/// line before the readers read the parts they keep. The same rules as `string()` and
/// `scalar()`, without an array made for every string and number (which made the check
/// cost as much as the reading).
extension JSONLineReader {
    /// Moves past the string at the reader (at its opening quote), checking its escapes;
    /// whether it has any (its bytes are then not its text).
    mutating func skipString() throws -> Bool {
        i += 1
        var escaped = false
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "\"") {
                i += 1
                return escaped
            }
            if byte < 0x20 { throw Failure(message: "invalid JSON: a control character inside a string") }
            if byte == UInt8(ascii: "\\") {
                // The escape is checked by reading it as `string()` does: rare, so the copy is cheap.
                escaped = true
                var escape = JSONLineReader(bytes: UnsafeBufferPointer(rebasing: bytes[i...]))
                escape.i = 0
                let length = try escape.escapeLength()
                i += length
                continue
            }
            i += 1
        }
        throw Failure(message: "invalid JSON: a string is not closed")
    }

    /// The length of the escape at the reader (at its backslash), checked.
    private mutating func escapeLength() throws -> Int {
        guard bytes.count >= 2 else { throw Failure(message: "invalid JSON: a string is not closed") }
        guard bytes[1] == UInt8(ascii: "u") else { return 2 }
        guard bytes.count >= 6, UInt32(String(decoding: bytes[2..<6], as: UTF8.self), radix: 16) != nil else {
            throw Failure(message: "invalid JSON: bad \\u escape")
        }
        return 6
    }

    /// Moves past the string, number, `true`, `false` or `null` at the reader, checked.
    mutating func skipScalar() throws {
        guard let first = peek else { throw Failure(message: "invalid JSON: a value is missing") }
        if first == UInt8(ascii: "\"") {
            _ = try skipString()
            return
        }
        _ = try word()
    }
}
