import CampaignSyntax

/// Columns aligned by display width, so Thai, Korean, emoji and combining marks line up.
struct TextTable {
    var header: [String]
    /// Which columns are numbers (right-aligned).
    var numeric: Set<Int>
    var rows: [[String]] = []

    init(_ header: [String], numeric: Set<Int> = []) {
        self.header = header
        self.numeric = numeric
    }

    /// Cells are escaped for the terminal (one line each, no control characters) before
    /// their widths are measured.
    mutating func add(_ row: [String]) { rows.append(row.map { TerminalText.escaping($0) }) }

    func render(indent: String = "  ") -> String {
        var widths = header.map { DisplayWidth.of($0) }
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], DisplayWidth.of(cell)) } }
        func line(_ cells: [String]) -> String {
            var out = indent
            for (i, cell) in cells.enumerated() {
                let pad = String(repeating: " ", count: max(0, widths[i] - DisplayWidth.of(cell)))
                let last = i == cells.count - 1
                out += numeric.contains(i) ? pad + cell : cell + (last ? "" : pad)
                if !last { out += "  " }
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out + "\n"
        }
        return line(header) + rows.map(line).joined()
    }
}

/// Number formatting shared by the text and HTML reports.
enum Figures {
    /// `12.5%` (one decimal), or `–` when there is no denominator.
    static func percent(_ value: Double?) -> String {
        guard let value else { return "–" }
        let tenths = Int((value * 1000).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))%"
    }

    /// `+6.7 points`.
    static func points(_ a: Double?, _ b: Double?) -> String {
        guard let a, let b else { return "–" }
        return signedPoints(a - b) + " points"
    }

    /// A fraction as signed percentage points to a tenth: `+3.2`, `−6.3`, `±0.0`.
    static func signedPoints(_ fraction: Double) -> String {
        let tenths = Int((fraction * 1000).rounded())
        let sign = tenths > 0 ? "+" : tenths < 0 ? "−" : "±"
        return "\(sign)\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }

    /// `1 customer`, `1,234 customers`: a count with its unit, plural by the count.
    static func count(_ n: Int, _ unit: String) -> String { count(n) + " " + unit + (n == 1 ? "" : "s") }

    /// `1,234,567`.
    static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
