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
        diagnostics.sortedForOutput(in: sources).map(render).joined()
    }

    public func render(_ diagnostic: Diagnostic) -> String {
        switch diagnostic.location {
        case .source(let span): render(diagnostic, at: span)
        // A data file is not shown (no snippet, no colour): one line, escaped.
        case .data(let place): diagnostic.dataText(place, escape: { TerminalText.escaping($0) }) + "\n"
        }
    }

    private func render(_ diagnostic: Diagnostic, at span: SourceSpan) -> String {
        let file = sources[span.file]
        let location = file.location(of: span.start)
        let severityColor = diagnostic.severity == .error ? Style.red : diagnostic.severity == .warning ? Style.yellow : Style.cyan
        // Paths, messages and labels can quote user text (a file name, a string literal with
        // `\u{1B}`): escaped before painting, so only our own colour codes reach the terminal.
        let safe = { (text: String) in TerminalText.escaping(text) }
        var out = paint(Style.bold, "\(safe(file.path)):\(location.line):\(location.column):") + " "
            + paint(Style.bold + severityColor, diagnostic.severity.rawValue + ":") + " "
            + paint(Style.bold, safe(diagnostic.message)) + " [\(diagnostic.code.id)]\n"

        var marks: [(span: SourceSpan, text: String?, primary: Bool)] = [(span, diagnostic.label, true)]
        var elsewhere: [Diagnostic.Label] = []
        for label in diagnostic.secondary {
            if label.span.file == span.file { marks.append((label.span, label.message, false)) } else { elsewhere.append(label) }
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
            let lineMarks = marks.filter { file.line(of: $0.span.start) == line }.sorted { $0.span.start < $1.span.start }
            let columns = lineMarks.map { columnRange($0.span, in: file, line: line) }
            // Only the window of a long line is decoded: a line's characters are counted
            // from the file's column checkpoints, not from its start.
            let count = file.location(of: file.lineBytes(line).endIndex).column - 1
            let window = Self.window(count: count, around: columns[0])
            let visible = Array(file.lineText(line, columns: window).replacingTabs())
            var shown = String(visible)
            if window.lowerBound > 0 {
                shown = "…" + shown
            }
            if window.upperBound < count { shown += "…" }
            let number = String(line)
            out += paint(Style.blue, String(repeating: " ", count: gutterWidth - number.count) + number + " |")
                + (shown.isEmpty ? "" : " " + shown) + "\n"
            for (mark, range) in zip(lineMarks, columns) {
                let start = min(max(range.lowerBound, window.lowerBound), window.upperBound)
                let end = min(max(range.upperBound, start), window.upperBound)
                // Columns inside the window (clamped: a count off by a character must not trap).
                func shownText(_ from: Int, _ to: Int) -> String {
                    let low = min(max(from - window.lowerBound, 0), visible.count)
                    return String(visible[low..<min(max(to - window.lowerBound, low), visible.count)])
                }
                let offset = DisplayWidth.of(shownText(window.lowerBound, start)) + (window.lowerBound > 0 ? 1 : 0)
                let width = max(1, DisplayWidth.of(shownText(start, end)))
                let marker = String(repeating: mark.primary ? "^" : "-", count: width)
                let text = mark.text.map { " " + safe($0) } ?? ""
                out += paint(Style.blue, pad + " |") + " " + String(repeating: " ", count: offset)
                    + paint(mark.primary ? severityColor : Style.blue, marker + text) + "\n"
            }
        }
        for label in elsewhere {
            let other = sources[label.span.file]
            out += paint(Style.blue, pad + " =") + " note: \(safe(other.path)):\(other.location(of: label.span.start)): \(safe(label.message))\n"
        }
        for note in diagnostic.notes {
            out += paint(Style.blue, pad + " =") + " note: " + safe(note) + "\n"
        }
        if let help = diagnostic.help {
            out += paint(Style.blue, pad + " =") + " help: " + safe(help) + "\n"
        } else if let fix = diagnostic.fixIt {
            out += paint(Style.blue, pad + " =") + " help: " + safe(fix.message) + "\n"
        }
        return out
    }

    /// The span's characters on its line (0-based, end exclusive; a multi-line span is cut at the line end).
    private func columnRange(_ span: SourceSpan, in file: SourceFile, line: Int) -> Range<Int> {
        let lineBytes = file.lineBytes(line)
        let start = min(max(span.start, lineBytes.startIndex), lineBytes.endIndex)
        let end = min(max(span.end, start), lineBytes.endIndex)
        let before = file.location(of: start).column - 1
        return before..<max(before, file.location(of: end).column - 1)
    }

    /// Which characters of a long line to show: about 120 around the first mark.
    static func window(count: Int, around range: Range<Int>) -> Range<Int> {
        guard count > 120 else { return 0..<count }
        let start = max(0, min(range.lowerBound - 40, count - 120))
        return start..<min(count, start + 120)
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

extension Diagnostic {
    /// The one-line text of a diagnostic about a data file, unescaped (tests, logs):
    /// `data/customers.csv:12: error: column `signup_at`: expected … [D0203]`, and a
    /// `= help:` line under it when there is help. Nil for a campaign source's diagnostic,
    /// which needs its `SourceMap` (`TextDiagnosticRenderer`).
    public var dataText: String? {
        dataLocation.map { dataText($0, escape: { $0 }) }
    }

    /// The file name, message and help (which may quote values from the data) pass through
    /// `escape`, but not the line break before the help (docs/output.md).
    func dataText(_ place: DataLocation, escape: (String) -> String) -> String {
        let column = place.columnName.map { "column `\($0)`: " } ?? ""
        return escape("\(place.place): \(severity.rawValue): \(column)\(message) [\(code.id)]") + (help.map { "\n  = help: " + escape($0) } ?? "")
    }

    /// The message with the column it is about, for formats that show no snippet.
    var messageWithColumn: String {
        (dataLocation?.columnName.map { "column `\($0)`: " } ?? "") + message
    }
}

extension String {
    /// A tab shown as one space keeps caret columns equal to character columns; other
    /// control characters are shown as U+FFFD so a snippet cannot drive the terminal. (The
    /// rest of a diagnostic uses `TerminalText.escaping`; a snippet needs one character in
    /// place of one, or the carets under it would drift.)
    func replacingTabs() -> String {
        guard unicodeScalars.contains(where: TerminalText.isControl) else {
            return self
        }
        var out = String.UnicodeScalarView()
        for scalar in unicodeScalars {
            if scalar == "\t" {
                out.append(" ")
            } else if TerminalText.isControl(scalar) {
                out.append("\u{FFFD}")
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}
