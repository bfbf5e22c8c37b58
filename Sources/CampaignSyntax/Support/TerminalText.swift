/// Text made safe to show on a terminal. A customer value, a rendered message or a file
/// name can hold ESC, BEL, CR or other control characters; printed raw they set window
/// titles, clear the screen or overwrite what was printed before. Every text output that
/// ends up on a terminal (tables, previews, stories, text diagnostics) passes its data
/// through `escaping`; CSV, NDJSON and JSON keep the exact data. See docs/output.md.
public enum TerminalText {
    /// A control character a terminal may act on: C0 (U+0000–U+001F), DEL (U+007F) and
    /// C1 (U+0080–U+009F, which some terminals read as escape sequences).
    public static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }

    /// `text` with every control character written as the campaign language writes it in a
    /// string: `\n`, `\t`, `\r`, or `\u{1B}` (hexadecimal code point). `keepingLines` keeps
    /// newlines and tabs, for multi-line text; a cell of a table keeps neither. Applying it
    /// twice changes nothing more (the escapes are printable).
    public static func escaping(_ text: String, keepingLines: Bool = false) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            guard isControl(scalar) else {
                out.append(scalar)
                continue
            }
            switch scalar {
            case "\n" where keepingLines, "\t" where keepingLines: out.append(scalar)
            case "\n": out.append(contentsOf: #"\n"#.unicodeScalars)
            case "\t": out.append(contentsOf: #"\t"#.unicodeScalars)
            case "\r": out.append(contentsOf: #"\r"#.unicodeScalars)
            default: out.append(contentsOf: "\\u{\(String(scalar.value, radix: 16, uppercase: true))}".unicodeScalars)
            }
        }
        return String(out)
    }
}
