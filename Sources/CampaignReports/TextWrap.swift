import CampaignSyntax

/// Text broken into lines of at most a given display width, between words where it can
/// and inside a word only when the word alone is wider: nothing is ever cut off, so a
/// condition in a journey diagram reads in full.
enum TextWrap {
    static func lines(_ text: String, columns: Int) -> [String] {
        let limit = max(1, columns)
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            var word = String(word)
            if !line.isEmpty, DisplayWidth.of(line) + 1 + DisplayWidth.of(word) <= limit {
                line += " " + word
                continue
            }
            if !line.isEmpty { lines.append(line) }
            line = ""
            // A word wider than a line is broken where it reaches the edge.
            while DisplayWidth.of(word) > limit {
                var head = "", width = 0
                for c in word {
                    let w = DisplayWidth.of(c)
                    if width + w > limit, !head.isEmpty { break }
                    head.append(c)
                    width += w
                }
                lines.append(head)
                word.removeFirst(head.count)
            }
            line = word
        }
        if !line.isEmpty || lines.isEmpty { lines.append(line) }
        return lines
    }
}
