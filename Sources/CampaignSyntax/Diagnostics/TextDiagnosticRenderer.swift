/// Renders diagnostics for people: `path:line:col: error: message [E0102]`, the source
/// line with a caret underline and its label, then notes and help (rustc and Elm style).
public struct TextDiagnosticRenderer: Sendable {
    public let sources: SourceMap
    public let colored: Bool

    public init(sources: SourceMap, colored: Bool = false) {
        self.sources = sources
        self.colored = colored
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.sortedForOutput().map(render).joined()
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        let file = sources[diagnostic.span.file]
        let location = file.location(of: diagnostic.span.start)
        let severityColor = diagnostic.severity == .error ? Style.red : diagnostic.severity == .warning ? Style.yellow : Style.cyan
        var out = paint(Style.bold, "\(file.path):\(location.line):\(location.column):") + " "
            + paint(Style.bold + severityColor, diagnostic.severity.rawValue + ":") + " "
            + paint(Style.bold, diagnostic.message) + " [\(diagnostic.code.id)]\n"

        var marks: [(span: SourceSpan, text: String?, primary: Bool)] = [(diagnostic.span, diagnostic.label, true)]
        var elsewhere: [Diagnostic.Label] = []
        for label in diagnostic.secondary {
            if label.span.file == diagnostic.span.file { marks.append((label.span, label.message, false)) } else { elsewhere.append(label) }
        }
        let lines = Set(marks.map { file.line(of: $0.span.start) }).sorted()
        let gutterWidth = String(lines.last ?? 1).count
        let pad = String(repeating: " ", count: gutterWidth)
        out += paint(Style.blue, pad + " |") + "\n"
        var previousLine: Int?
        for line in lines {
            if let previous = previousLine, line > previous + 1 {
                out += paint(Style.blue, pad + " ...") + "\n"
            }
            previousLine = line
            let lineText = file.lineText(line).replacingTabs()
            let number = String(line)
            out += paint(Style.blue, String(repeating: " ", count: gutterWidth - number.count) + number + " |")
                + (lineText.isEmpty ? "" : " " + lineText) + "\n"
            for mark in marks.filter({ file.line(of: $0.span.start) == line }).sorted(by: { $0.span.start < $1.span.start }) {
                let (offset, width) = underline(mark.span, in: file, line: line)
                let marker = String(repeating: mark.primary ? "^" : "-", count: width)
                let text = mark.text.map { " " + $0 } ?? ""
                out += paint(Style.blue, pad + " |") + " " + String(repeating: " ", count: offset)
                    + paint(mark.primary ? severityColor : Style.blue, marker + text) + "\n"
            }
        }
        for label in elsewhere {
            let other = sources[label.span.file]
            out += paint(Style.blue, pad + " =") + " note: \(other.path):\(other.location(of: label.span.start)): \(label.message)\n"
        }
        for note in diagnostic.notes {
            out += paint(Style.blue, pad + " =") + " note: " + note + "\n"
        }
        if let help = diagnostic.help {
            out += paint(Style.blue, pad + " =") + " help: " + help + "\n"
        } else if let fix = diagnostic.fixIt {
            out += paint(Style.blue, pad + " =") + " help: " + fix.message + "\n"
        }
        return out
    }

    /// Cells before the span on its line, and cells under it (at least one).
    private func underline(_ span: SourceSpan, in file: SourceFile, line: Int) -> (Int, Int) {
        let lineBytes = file.lineBytes(line)
        let lineStart = lineBytes.startIndex
        let lineEnd = lineBytes.endIndex
        let start = min(max(span.start, lineStart), lineEnd)
        let end = min(max(span.end, start), lineEnd)
        let before = String(decoding: file.bytes[lineStart..<start], as: UTF8.self).replacingTabs()
        let inside = String(decoding: file.bytes[start..<end], as: UTF8.self).replacingTabs()
        return (DisplayWidth.of(before), max(1, DisplayWidth.of(inside)))
    }

    private func paint(_ style: String, _ text: String) -> String {
        colored ? style + text + Style.reset : text
    }

    enum Style {
        static let reset = "\u{1B}[0m"
        static let bold = "\u{1B}[1m"
        static let red = "\u{1B}[31m"
        static let yellow = "\u{1B}[33m"
        static let blue = "\u{1B}[34m"
        static let cyan = "\u{1B}[36m"
    }
}

extension String {
    /// A tab shown as one space keeps caret columns equal to character columns; other
    /// control characters are shown as U+FFFD so a snippet cannot drive the terminal.
    func replacingTabs() -> String {
        guard unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || (0x80..<0xA0).contains($0.value) }) else {
            return self
        }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar == "\t" {
                out.append(" ")
            } else if scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value) {
                out.append("\u{FFFD}")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
