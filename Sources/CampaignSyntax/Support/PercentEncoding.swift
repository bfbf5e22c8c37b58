/// A path written for a URI (RFC 3986): `/` separators kept, every other byte outside the
/// unreserved set percent-encoded from UTF-8 (spaces, `#`, `%`, `?`, `:`, non-ASCII,
/// control characters). SARIF's artifact locations and the language server's `file://`
/// URIs are both written with it.
public enum PercentEncoding {
    public static func path(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return out
    }
}
