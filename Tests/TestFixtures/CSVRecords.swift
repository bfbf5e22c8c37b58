/// CSV text cut into its records, each as written (a quoted field may hold a line break):
/// for tests that shuffle or split a plan's lines as a cluster would.
public enum CSVRecords {
    public static func split(_ text: String) -> [String] {
        var out: [String] = [], current = "", quoted = false
        for c in text {
            if c == "\"" { quoted.toggle() }
            if c == "\n" && !quoted {
                out.append(current)
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
