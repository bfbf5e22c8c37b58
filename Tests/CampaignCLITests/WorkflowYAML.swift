import Foundation

/// The part of YAML that a GitHub Actions workflow written by hand uses, read strictly, so
/// that the tests can check `docs/ci/campaign-review.yml` without PyYAML (which `swift
/// test` cannot count on): block mappings and sequences by indentation, `|` and `|-`
/// literal blocks, plain, single- and double-quoted scalars, comments. Everything else
/// YAML allows (flow collections, anchors, tags, folded blocks, tabs, keys repeated) is an
/// error naming the line, rather than a guess: the workflow must stay inside what this
/// reader understands, and what it understands GitHub reads the same way.
indirect enum WorkflowYAML: Equatable {
    case null
    case scalar(String)
    case mapping([Entry])
    case sequence([WorkflowYAML])

    struct Entry: Equatable {
        var key: String
        var value: WorkflowYAML
    }

    struct Failure: Error, CustomStringConvertible {
        var line: Int
        var message: String
        var description: String { "line \(line): \(message)" }
    }

    /// The value under `key` of a mapping (nil for anything else or a missing key).
    subscript(key: String) -> WorkflowYAML? {
        guard case .mapping(let entries) = self else { return nil }
        return entries.first { $0.key == key }?.value
    }

    /// A scalar's text (nil for a mapping, a sequence or null).
    var text: String? {
        if case .scalar(let text) = self { return text }
        return nil
    }

    var items: [WorkflowYAML] {
        if case .sequence(let items) = self { return items }
        return []
    }

    var entries: [Entry] {
        if case .mapping(let entries) = self { return entries }
        return []
    }

    static func parse(_ text: String) throws -> WorkflowYAML {
        var reader = Reader(lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        try reader.checkIndentation()
        guard let first = reader.nextContent() else { return .null }
        let value = try reader.block(indent: first.indent)
        if let extra = reader.nextContent() {
            throw Failure(line: extra.number, message: "unexpected indentation")
        }
        return value
    }

    /// Lines consumed one block at a time; a sequence item's first entry (`- name: x`) is
    /// read as a line of its own, indented to where its text starts.
    private struct Reader {
        struct Line {
            var number: Int
            var indent: Int
            var text: String
        }

        var lines: [String]
        var index = 0
        var pending: Line?

        init(lines: [String]) { self.lines = lines }

        func checkIndentation() throws {
            for (i, line) in lines.enumerated() where line.prefix(while: { $0 == " " || $0 == "\t" }).contains("\t") {
                throw Failure(line: i + 1, message: "a tab in the indentation")
            }
        }

        static func isContent(_ line: String) -> Bool {
            let trimmed = line.drop { $0 == " " }
            return !trimmed.isEmpty && !trimmed.hasPrefix("#")
        }

        /// The next line that is not blank or a comment, without consuming it.
        mutating func nextContent() -> Line? {
            if let pending { return pending }
            while index < lines.count, !Self.isContent(lines[index]) { index += 1 }
            guard index < lines.count else { return nil }
            let line = lines[index]
            let indent = line.prefix { $0 == " " }.count
            return Line(number: index + 1, indent: indent, text: String(line.dropFirst(indent)))
        }

        mutating func consume() {
            if pending != nil { pending = nil } else { index += 1 }
        }

        mutating func block(indent: Int) throws -> WorkflowYAML {
            guard let first = nextContent() else { return .null }
            return first.text == "-" || first.text.hasPrefix("- ") ? try sequence(indent: indent) : try mapping(indent: indent)
        }

        mutating func sequence(indent: Int) throws -> WorkflowYAML {
            var items: [WorkflowYAML] = []
            while let line = nextContent(), line.indent == indent, line.text == "-" || line.text.hasPrefix("- ") {
                consume()
                let rest = String(line.text.dropFirst(1).drop { $0 == " " })
                let restIndent = line.indent + line.text.count - rest.count
                if rest.isEmpty {
                    guard let next = nextContent(), next.indent > indent else { items.append(.null); continue }
                    items.append(try block(indent: next.indent))
                } else if Self.splitKey(rest) != nil {
                    pending = Line(number: line.number, indent: restIndent, text: rest)
                    items.append(try mapping(indent: restIndent))
                } else {
                    items.append(try Self.scalar(rest, line: line.number))
                }
            }
            if let line = nextContent(), line.indent > indent {
                throw Failure(line: line.number, message: "unexpected indentation")
            }
            return .sequence(items)
        }

        mutating func mapping(indent: Int) throws -> WorkflowYAML {
            var entries: [Entry] = []
            while let line = nextContent(), line.indent == indent {
                guard let (key, rest) = Self.splitKey(line.text) else {
                    throw Failure(line: line.number, message: "expected `key: value`, found `\(line.text)`")
                }
                if entries.contains(where: { $0.key == key }) {
                    throw Failure(line: line.number, message: "the key `\(key)` again")
                }
                consume()
                let value: WorkflowYAML
                if rest.isEmpty || rest.hasPrefix("#") {
                    if let next = nextContent(), next.indent > indent {
                        value = try block(indent: next.indent)
                    } else {
                        value = .null
                    }
                } else if rest == "|" || rest == "|-" {
                    value = .scalar(literal(parentIndent: indent, keepNewline: rest == "|"))
                } else {
                    value = try Self.scalar(rest, line: line.number)
                }
                entries.append(Entry(key: key, value: value))
            }
            if let line = nextContent(), line.indent > indent {
                throw Failure(line: line.number, message: "unexpected indentation")
            }
            return .mapping(entries)
        }

        /// A `|` block: the lines indented past the key's, less the first line's
        /// indentation, blank lines kept; with `|` one final newline, with `|-` none.
        mutating func literal(parentIndent: Int, keepNewline: Bool) -> String {
            var body: [String] = []
            var blockIndent: Int?
            while index < lines.count {
                let line = lines[index]
                let indent = line.prefix { $0 == " " }.count
                let blank = line.allSatisfy { $0 == " " }
                if !blank && indent <= parentIndent { break }
                if !blank && blockIndent == nil { blockIndent = indent }
                body.append(blank ? "" : String(line.dropFirst(min(indent, blockIndent ?? indent))))
                index += 1
            }
            while body.last == "" { body.removeLast() }
            return body.joined(separator: "\n") + (keepNewline && !body.isEmpty ? "\n" : "")
        }

        /// `key: rest` (rest possibly empty), for a plain key of letters, digits, `_`, `-`
        /// and `.`; nil when the text is not a mapping entry.
        static func splitKey(_ text: String) -> (String, String)? {
            guard let colon = text.firstIndex(of: ":") else { return nil }
            let key = text[..<colon]
            let after = text[text.index(after: colon)...]
            guard !key.isEmpty, after.isEmpty || after.hasPrefix(" "),
                  key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }) else { return nil }
            return (String(key), String(after.drop { $0 == " " }))
        }

        static func scalar(_ raw: String, line: Int) throws -> WorkflowYAML {
            if raw.hasPrefix("\"") || raw.hasPrefix("'") {
                return .scalar(try quoted(raw, line: line))
            }
            var text = raw
            if let comment = text.range(of: " #") { text = String(text[..<comment.lowerBound]) }
            while text.hasSuffix(" ") { text.removeLast() }
            if let first = text.first, "[{&*!|>%@`,?:-".contains(first), !text.hasPrefix("${{") {
                throw Failure(line: line, message: "`\(text)`: a flow collection, anchor, tag or folded block; this reader (and this workflow) keep to plain scalars")
            }
            if text.contains(": ") || text.hasSuffix(":") {
                throw Failure(line: line, message: "`\(text)`: a plain scalar with `: ` in it; quote it")
            }
            return text.isEmpty || text == "~" || text == "null" ? .null : .scalar(text)
        }

        static func quoted(_ raw: String, line: Int) throws -> String {
            guard let quote = raw.first else { return "" }
            var out = ""
            var i = raw.index(after: raw.startIndex)
            while i < raw.endIndex {
                let c = raw[i]
                if c == quote {
                    let next = raw.index(after: i)
                    if quote == "'", next < raw.endIndex, raw[next] == "'" {
                        out.append("'")
                        i = raw.index(after: next)
                        continue
                    }
                    let rest = raw[next...].drop { $0 == " " }
                    guard rest.isEmpty || rest.hasPrefix("#") else {
                        throw Failure(line: line, message: "text after a quoted scalar")
                    }
                    return out
                }
                if quote == "\"", c == "\\" {
                    let next = raw.index(after: i)
                    guard next < raw.endIndex else { break }
                    switch raw[next] {
                    case "\"": out.append("\"")
                    case "\\": out.append("\\")
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    default: throw Failure(line: line, message: "an escape `\\\(raw[next])` this reader does not know")
                    }
                    i = raw.index(after: next)
                    continue
                }
                out.append(c)
                i = raw.index(after: i)
            }
            throw Failure(line: line, message: "a quoted scalar that does not end on its line")
        }
    }
}
