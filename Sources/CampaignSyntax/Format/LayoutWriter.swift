/// Writes formatted lines and puts every comment back: before the line of the item that
/// follows it, or at the end of the line it trailed. Blank-line groups between items are
/// kept (at most one blank line, none just inside a brace).
struct LayoutWriter {
    let bytes: [UInt8]
    let comments: [Comment]
    private(set) var lines: [String] = []
    var indent = 0
    private var nextComment = 0
    /// End offset of the last source text emitted (item or comment).
    private var lastEnd = 0
    /// Nothing emitted yet in the current block (or file): no blank line may come first.
    private var atBlockStart = true

    static let indentUnit = "  "
    static let width = 100

    init(bytes: [UInt8], comments: [Comment]) {
        self.bytes = bytes
        self.comments = comments
    }

    var indentText: String { String(repeating: Self.indentUnit, count: indent) }

    /// Whether `text` fits on one line at the current indentation.
    func fits(_ text: String) -> Bool {
        DisplayWidth.of(text) + indent * Self.indentUnit.count <= Self.width
    }

    /// A comment lies inside this span: the construct must be laid out over several lines.
    func hasComment(in span: SourceSpan) -> Bool {
        comments[nextComment...].contains { $0.span.start >= span.start && $0.span.start < span.end }
    }

    /// Emits one line for source text from `start` to `end`.
    mutating func line(_ text: String, from start: Int, to end: Int) {
        flushComments(before: start)
        separate(from: start)
        lines.append(indentText + text)
        attachTrailing(after: end)
        atBlockStart = false
    }

    /// A line ending in `{`: what follows is one level deeper.
    mutating func open(_ text: String, from start: Int, to end: Int) {
        line(text, from: start, to: end)
        indent += 1
        atBlockStart = true
    }

    /// The `}` of a block (`text` may continue: `} else {`), with comments that stood
    /// before it kept inside the block.
    mutating func close(_ braces: BlockBraces, _ text: String = "}", reopenAt next: Int? = nil) {
        flushComments(before: braces.close.start)
        indent -= 1
        lines.append(indentText + text)
        attachTrailing(after: max(braces.close.end, next ?? 0))
        if next != nil {
            indent += 1
            atBlockStart = true
        } else {
            atBlockStart = false
        }
    }

    /// Comments that remain at the end of the file.
    mutating func finish() -> String {
        flushComments(before: Int.max)
        var text = lines.joined(separator: "\n")
        if !text.isEmpty { text += "\n" }
        return text
    }

    private mutating func flushComments(before offset: Int) {
        while nextComment < comments.count, comments[nextComment].span.start < offset {
            let comment = comments[nextComment]
            separate(from: comment.span.start)
            lines.append(indentText + commentText(comment))
            lastEnd = comment.span.end
            nextComment += 1
            atBlockStart = false
        }
    }

    /// A blank line before this line when the source had one.
    private mutating func separate(from start: Int) {
        if !atBlockStart, hasBlankLine(from: lastEnd, to: start) {
            lines.append("")
        }
    }

    /// The comment on the same source line after `end` goes at the end of this line;
    /// comments that stood inside the construct (it now sits on one line) follow it.
    private mutating func attachTrailing(after end: Int) {
        var inside: [Comment] = []
        while nextComment < comments.count, comments[nextComment].span.start < end {
            inside.append(comments[nextComment])
            nextComment += 1
        }
        if nextComment < comments.count, comments[nextComment].isTrailing,
           onlySpaces(from: end, to: comments[nextComment].span.start) {
            inside.insert(comments[nextComment], at: 0)
            nextComment += 1
        }
        lastEnd = max(lastEnd, end)
        guard let first = inside.first else { return }
        lines[lines.count - 1] += "  " + commentText(first)
        for comment in inside.dropFirst() {
            lines.append(indentText + commentText(comment))
        }
        lastEnd = max(lastEnd, inside.map(\.span.end).max() ?? end)
    }

    private func commentText(_ comment: Comment) -> String {
        var text = String(decoding: bytes[comment.span.start..<comment.span.end], as: UTF8.self)
        while let last = text.unicodeScalars.last, last == " " || last == "\t" { text.unicodeScalars.removeLast() }
        return text
    }

    /// Two neighbouring items belong to one aligned group: no blank line and no comment between them.
    func adjacent(_ first: SourceSpan, _ second: SourceSpan) -> Bool {
        guard first.end <= second.start else { return false }
        if comments.contains(where: { $0.span.start >= first.end && $0.span.start < second.start }) { return false }
        return !hasBlankLine(from: first.end, to: second.start)
    }

    private func onlySpaces(from start: Int, to end: Int) -> Bool {
        guard start <= end else { return false }
        return bytes[start..<end].allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
    }

    private func hasBlankLine(from start: Int, to end: Int) -> Bool {
        guard start < end, end <= bytes.count else { return false }
        var newlines = 0
        for byte in bytes[start..<end] {
            if byte == UInt8(ascii: "\n") {
                newlines += 1
                if newlines >= 2 { return true }
            } else if byte != UInt8(ascii: " ") && byte != UInt8(ascii: "\t") && byte != UInt8(ascii: "\r") {
                newlines = 0
            }
        }
        return false
    }
}
