import CampaignSyntax

/// Parses the Liquid subset (docs/language.md §6.1, §6.2): text, `{{ output | filters }}`, `{% if %}`,
/// `{% elsif %}`, `{% else %}`, `{% unless %}`, `{% raw %}`, and whitespace control
/// (`{{-`, `-}}`, `{%-`, `-%}`). Anything else is an error naming what is supported.
public struct TemplateParser {
    let bytes: [UInt8]
    var position = 0

    public static func parse(_ text: String) -> Result<Template, TemplateError> {
        var parser = TemplateParser(bytes: Array(text.utf8))
        return Result { () throws(TemplateError) -> Template in
            let (nodes, end) = try parser.parseNodes(until: [], trimStart: false)
            if let end { throw TemplateError("`{% \(end.name) %}` without a matching opening tag", end.range) }
            return Template(nodes: nodes)
        }
    }

    struct Tag {
        let name: String
        let arguments: Range<Int>
        let range: Range<Int>
        /// Written `-%}`: whitespace after the tag is removed.
        let trimRight: Bool
    }

    /// Nodes up to one of the `closers` tags (returned) or the end of the text.
    mutating func parseNodes(until closers: Set<String>, trimStart: Bool) throws(TemplateError) -> ([TemplateNode], Tag?) {
        var nodes: [TemplateNode] = []
        var text: [UInt8] = []
        var trimNext = trimStart
        func flush(trimRight: Bool) {
            var run = text[...]
            if trimNext { run = run.drop { Self.isSpace($0) } }
            if trimRight { while let last = run.last, Self.isSpace(last) { run = run.dropLast() } }
            if !run.isEmpty { nodes.append(.text(String(decoding: run, as: UTF8.self))) }
            text.removeAll()
            trimNext = false
        }
        while position < bytes.count {
            guard bytes[position] == UInt8(ascii: "{"), position + 1 < bytes.count,
                  bytes[position + 1] == UInt8(ascii: "{") || bytes[position + 1] == UInt8(ascii: "%") else {
                text.append(bytes[position])
                position += 1
                continue
            }
            let start = position
            let isOutput = bytes[position + 1] == UInt8(ascii: "{")
            position += 2
            let trimLeft = position < bytes.count && bytes[position] == UInt8(ascii: "-")
            if trimLeft { position += 1 }
            flush(trimRight: trimLeft)
            if isOutput {
                let (node, trimRight) = try parseOutput(start: start)
                nodes.append(node)
                trimNext = trimRight
                continue
            }
            let tag = try readTag(start: start)
            trimNext = tag.trimRight
            if closers.contains(tag.name) { return (nodes, tag) }
            switch tag.name {
            case "if", "unless":
                nodes.append(try parseConditional(tag, negate: tag.name == "unless"))
                trimNext = lastTrimRight
            case "raw":
                let (raw, closeTrim) = try readRaw(tag)
                nodes.append(.text(raw))
                trimNext = closeTrim
            case "else", "elsif", "endif", "endunless", "endraw":
                throw TemplateError("`{% \(tag.name) %}` without a matching opening tag", tag.range)
            default:
                throw TemplateError("unsupported template tag `\(tag.name)`", tag.range,
                                    help: "templates support {% if %}, {% elsif %}, {% else %}, {% unless %} and {% raw %}")
            }
        }
        flush(trimRight: false)
        return (nodes, nil)
    }

    /// Whether the closing tag of the last conditional had `-%}`.
    var lastTrimRight = false

    /// How many `{% if %}` blocks enclose the one being read.
    var depth = 0

    mutating func parseConditional(_ opening: Tag, negate: Bool) throws(TemplateError) -> TemplateNode {
        // Blocks are read recursively: too deep a nest is refused rather than risking the
        // stack, as the `.campaign` parser refuses (E0014).
        guard depth < Parser.maxDepth else {
            throw TemplateError("`{% \(opening.name) %}` blocks nested more than \(Parser.maxDepth) levels deep", opening.range,
                                help: "join the conditions with `and` instead of nesting the blocks")
        }
        depth += 1
        defer { depth -= 1 }
        let closer = negate ? "endunless" : "endif"
        var branches: [TemplateBranch] = []
        var otherwise: [TemplateNode]? = nil
        var condition = try parseCondition(opening.arguments, in: opening)
        var trimAfterTag = opening.trimRight
        while true {
            let (body, end) = try parseNodes(until: ["elsif", "else", closer], trimStart: trimAfterTag)
            guard let end else {
                throw TemplateError("`{% \(opening.name) %}` is not closed", opening.range, help: "add `{% \(closer) %}`")
            }
            if otherwise == nil { branches.append(TemplateBranch(condition: condition, body: body)) }
            switch end.name {
            case "elsif":
                condition = try parseCondition(end.arguments, in: end)
                trimAfterTag = end.trimRight
            case "else":
                let (rest, final) = try parseNodes(until: [closer, "else", "elsif"], trimStart: end.trimRight)
                guard let final, final.name == closer else {
                    throw TemplateError("`{% \(opening.name) %}` is not closed", opening.range, help: "add `{% \(closer) %}`")
                }
                otherwise = rest
                lastTrimRight = final.trimRight
                return .conditional(branches, otherwise: otherwise, negateFirst: negate)
            default:
                lastTrimRight = end.trimRight
                return .conditional(branches, otherwise: otherwise, negateFirst: negate)
            }
        }
    }

    mutating func readRaw(_ opening: Tag) throws(TemplateError) -> (String, Bool) {
        let start = position
        while position + 1 < bytes.count {
            if bytes[position] == UInt8(ascii: "{"), bytes[position + 1] == UInt8(ascii: "%") {
                let tagStart = position
                var probe = TemplateParser(bytes: bytes, position: position + 2)
                if probe.position < bytes.count, bytes[probe.position] == UInt8(ascii: "-") { probe.position += 1 }
                if let tag = try? probe.readTag(start: tagStart), tag.name == "endraw" {
                    let trim = tag.trimRight
                    var content = bytes[start..<tagStart]
                    if tagStart + 2 < bytes.count, bytes[tagStart + 2] == UInt8(ascii: "-") {
                        while let last = content.last, Self.isSpace(last) { content = content.dropLast() }
                    }
                    position = probe.position
                    return (String(decoding: content, as: UTF8.self), trim)
                }
            }
            position += 1
        }
        throw TemplateError("`{% raw %}` is not closed", opening.range, help: "add `{% endraw %}`")
    }

    /// Reads `name args -%}` after `{%`.
    mutating func readTag(start: Int) throws(TemplateError) -> Tag {
        skipSpaces()
        let nameStart = position
        while position < bytes.count, Self.isWordByte(bytes[position]) || bytes[position] == UInt8(ascii: "#") { position += 1 }
        let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
        let argumentsStart = position
        var quote: UInt8? = nil
        while position < bytes.count {
            let byte = bytes[position]
            if let q = quote {
                if byte == q { quote = nil }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if byte == UInt8(ascii: "%"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "}") {
                var argumentsEnd = position
                var trim = false
                if argumentsEnd > argumentsStart, bytes[argumentsEnd - 1] == UInt8(ascii: "-") {
                    argumentsEnd -= 1
                    trim = true
                }
                position += 2
                if name.isEmpty { throw TemplateError("empty tag `{% %}`", start..<position) }
                return Tag(name: name, arguments: argumentsStart..<argumentsEnd, range: start..<position, trimRight: trim)
            }
            position += 1
        }
        throw TemplateError("template tag `{%` is not closed", start..<min(start + 2, bytes.count), help: "close it with `%}`")
    }

    /// `{{ expression | filters -}}`.
    mutating func parseOutput(start: Int) throws(TemplateError) -> (TemplateNode, Bool) {
        var end = position
        var quote: UInt8? = nil
        while end + 1 < bytes.count {
            let byte = bytes[end]
            if let q = quote {
                if byte == q { quote = nil }
            } else if byte == UInt8(ascii: "'") || byte == UInt8(ascii: "\"") {
                quote = byte
            } else if byte == UInt8(ascii: "}"), bytes[end + 1] == UInt8(ascii: "}") {
                break
            }
            end += 1
        }
        guard end + 1 < bytes.count, bytes[end] == UInt8(ascii: "}"), bytes[end + 1] == UInt8(ascii: "}") else {
            throw TemplateError("template tag `{{` is not closed", start..<start + 2, help: "close it with `}}`")
        }
        var contentEnd = end
        var trim = false
        if contentEnd > position, bytes[contentEnd - 1] == UInt8(ascii: "-") {
            contentEnd -= 1
            trim = true
        }
        var tokens = try TemplateTokenizer.tokenize(bytes, position..<contentEnd)
        position = end + 2
        let range = start..<position
        if tokens.atEnd { return (.output(.nil(range), [], range), trim) }
        let expression = try tokens.parseExpression()
        var filters: [TemplateFilter] = []
        while !tokens.atEnd {
            guard tokens.match(.pipe) else {
                throw TemplateError("unexpected `\(tokens.currentText)` in output", tokens.currentRange,
                                    help: "an output is a value followed by filters: `{{ first_name | upcase }}`")
            }
            filters.append(try tokens.parseFilter())
        }
        return (.output(expression, filters, range), trim)
    }

    mutating func parseCondition(_ range: Range<Int>, in tag: Tag) throws(TemplateError) -> TemplateCondition {
        var tokens = try TemplateTokenizer.tokenize(bytes, range)
        if tokens.atEnd { throw TemplateError("`{% \(tag.name) %}` needs a condition", tag.range) }
        var terms: [TemplateTerm] = []
        var joins: [TemplateJoin] = []
        while true {
            let left = try tokens.parseExpression()
            if let op = tokens.matchComparison() {
                let right = try tokens.parseExpression()
                terms.append(.comparison(op, left, right))
            } else {
                terms.append(.value(left))
            }
            if tokens.atEnd { break }
            guard let word = tokens.matchWord(["and", "or"]) else {
                throw TemplateError("unexpected `\(tokens.currentText)` in condition", tokens.currentRange,
                                    help: "conditions compare values with == != < > <= >= or contains, joined by and / or")
            }
            joins.append(word == "and" ? .and : .or)
        }
        return TemplateCondition(terms: terms, joins: joins)
    }

    mutating func skipSpaces() {
        while position < bytes.count, Self.isSpace(bytes[position]) { position += 1 }
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0B || byte == 0x0C
    }

    static func isWordByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_")
    }
}
