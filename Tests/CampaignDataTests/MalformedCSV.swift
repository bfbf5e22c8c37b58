import CampaignSyntax
import Foundation

/// Random CSV text with every kind of trouble a cut can meet: quoted values over several
/// lines (some with lines that begin with a quote), `""` escapes, stray quotes in unquoted
/// fields, text after a closing quote, wrong field counts, blank lines, CRLF and bare CR,
/// and now and then a quote that is never closed.
enum MalformedCSV {
    static let header = "id,note,amount\n"

    static func text(seed: UInt64, bytes: Int, unclosed: Bool = true) -> String {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        func words() -> String {
            (0..<(1 + pick(4))).map { _ in ["ab", "c,d", "é", "xyz", " ", "สม", "\"\"q\"\""][pick(7)] }.joined()
        }
        func field() -> String {
            switch pick(20) {
            case 0, 1: return ""
            case 2, 3: return "\"" + words() + "\""
            case 4, 5, 6:
                // A value over several lines; a line inside it may begin with a quote, which
                // looks like a field opening to anything that does not know it is inside.
                let lines = (0..<(1 + pick(12))).map { _ in pick(4) == 0 ? "\"\"" + words() : words() }
                return "\"" + lines.joined(separator: pick(3) == 0 ? "\r\n" : "\n") + "\""
            case 7: return "ab\"c"
            case 8: return "x\"" + words()
            case 9: return "\"ab\"c"
            case 10: return "\"ab\" \"more\""
            case 11: return unclosed && pick(40) == 0 ? "\"never closed" : "plain"
            case 12: return pick(4) == 0 ? "a\rb" : "a b"
            default: return words().replacingOccurrences(of: "\"", with: "")
            }
        }
        var text = header
        while text.utf8.count < bytes {
            let count = pick(10) == 0 ? 2 + pick(3) : 3
            text += (0..<count).map { _ in field() }.joined(separator: ",")
            text += pick(4) == 0 ? "\r\n" : "\n"
            if pick(15) == 0 { text += pick(2) == 0 ? "\n" : "\r\n" }
        }
        return text
    }
}
