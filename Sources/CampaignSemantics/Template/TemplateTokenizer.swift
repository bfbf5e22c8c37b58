import CampaignSyntax

/// The tokens inside `{{ }}` and `{% %}`, and the expression grammar over them.
struct TemplateTokenizer {
    enum Kind: Equatable {
        case word, string, integer, decimal
        case dot, leftBracket, rightBracket, pipe, colon, comma
        case comparison(TemplateComparison)
    }

    struct Token {
        let kind: Kind
        let text: String
        let range: Range<Int>
    }

    var tokens: [Token]
    var index = 0
    let end: Int
    /// How many `[` enclose the value being read (`a[b[c]]`).
    var depth = 0

    static func tokenize(_ bytes: [UInt8], _ range: Range<Int>) throws(TemplateError) -> TemplateTokenizer {
        var tokens: [Token] = []
        var i = range.lowerBound
        func add(_ kind: Kind, _ start: Int) {
            tokens.append(Token(kind: kind, text: String(decoding: bytes[start..<i], as: UTF8.self), range: start..<i))
        }
        while i < range.upperBound {
            let byte = bytes[i]
            let start = i
            if TemplateParser.isSpace(byte) {
                i += 1
                continue
            }
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                i += 1
                while i < range.upperBound, bytes[i] != byte { i += 1 }
                guard i < range.upperBound else {
                    throw TemplateError("string in template is not closed", start..<range.upperBound, help: "close it with \(byte == UInt8(ascii: "'") ? "'" : "\"")")
                }
                i += 1
                tokens.append(Token(kind: .string, text: String(decoding: bytes[(start + 1)..<(i - 1)], as: UTF8.self), range: start..<i))
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                if byte == UInt8(ascii: "-") {
                    guard i + 1 < range.upperBound, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i + 1]) else {
                        throw TemplateError("unexpected `-` in template", start..<i + 1)
                    }
                    i += 1
                }
                while i < range.upperBound, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
                if i + 1 < range.upperBound, bytes[i] == UInt8(ascii: "."), (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i + 1]) {
                    i += 1
                    while i < range.upperBound, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[i]) { i += 1 }
                    add(.decimal, start)
                } else {
                    add(.integer, start)
                }
            case UInt8(ascii: "."): i += 1; add(.dot, start)
            case UInt8(ascii: "["): i += 1; add(.leftBracket, start)
            case UInt8(ascii: "]"): i += 1; add(.rightBracket, start)
            case UInt8(ascii: "|"): i += 1; add(.pipe, start)
            case UInt8(ascii: ":"): i += 1; add(.colon, start)
            case UInt8(ascii: ","): i += 1; add(.comma, start)
            case UInt8(ascii: "="), UInt8(ascii: "!"), UInt8(ascii: "<"), UInt8(ascii: ">"):
                i += 1
                if i < range.upperBound, bytes[i] == UInt8(ascii: "=") || (byte == UInt8(ascii: "<") && bytes[i] == UInt8(ascii: ">")) { i += 1 }
                let text = String(decoding: bytes[start..<i], as: UTF8.self)
                let op: TemplateComparison
                switch text {
                case "==": op = .equal
                case "!=", "<>": op = .notEqual
                case "<": op = .less
                case "<=": op = .lessEqual
                case ">": op = .greater
                case ">=": op = .greaterEqual
                default: throw TemplateError("unexpected `\(text)` in template", start..<i, help: "compare with == != < > <= >=")
                }
                tokens.append(Token(kind: .comparison(op), text: text, range: start..<i))
            default:
                guard TemplateParser.isWordByte(byte) else {
                    let length = max(1, String(decoding: bytes[i..<min(i + 4, range.upperBound)], as: UTF8.self).unicodeScalars.first.map { String($0).utf8.count } ?? 1)
                    throw TemplateError("unexpected character `\(String(decoding: bytes[i..<min(i + length, range.upperBound)], as: UTF8.self))` in template", i..<min(i + length, range.upperBound))
                }
                while i < range.upperBound, TemplateParser.isWordByte(bytes[i]) || bytes[i] == UInt8(ascii: "-") { i += 1 }
                if i < range.upperBound, bytes[i] == UInt8(ascii: "?") { i += 1 }
                if String(decoding: bytes[start..<i], as: UTF8.self) == "contains" {
                    tokens.append(Token(kind: .comparison(.contains), text: "contains", range: start..<i))
                } else {
                    add(.word, start)
                }
            }
        }
        return TemplateTokenizer(tokens: tokens, end: range.upperBound)
    }

    var atEnd: Bool { index >= tokens.count }
    var current: Token? { atEnd ? nil : tokens[index] }
    var currentText: String { current?.text ?? "end" }
    var currentRange: Range<Int> { current?.range ?? end..<end }

    mutating func match(_ kind: Kind) -> Bool {
        guard current?.kind == kind else { return false }
        index += 1
        return true
    }

    mutating func matchComparison() -> TemplateComparison? {
        guard case .comparison(let op)? = current?.kind else { return nil }
        index += 1
        return op
    }

    mutating func matchWord(_ words: Set<String>) -> String? {
        guard let token = current, token.kind == .word, words.contains(token.text) else { return nil }
        index += 1
        return token.text
    }

    mutating func parseExpression() throws(TemplateError) -> TemplateExpression {
        guard let token = current else { throw TemplateError("expected a value", currentRange) }
        index += 1
        switch token.kind {
        case .string: return .string(token.text, token.range)
        case .integer:
            guard let value = Int(token.text) else { throw TemplateError("number too large", token.range) }
            return .integer(value, token.range)
        case .decimal: return .decimal(Double(token.text) ?? 0, token.range)
        case .word:
            switch token.text {
            case "true": return .bool(true, token.range)
            case "false": return .bool(false, token.range)
            case "nil", "null": return .nil(token.range)
            case "empty": return .empty(token.range)
            case "blank": return .blank(token.range)
            default: return try parsePath(.name(token.text, token.range), start: token.range.lowerBound)
            }
        case .leftBracket:
            index -= 1
            return try parsePath(nil, start: token.range.lowerBound)
        default:
            throw TemplateError("expected a value, found `\(token.text)`", token.range)
        }
    }

    mutating func parsePath(_ first: TemplatePathPart?, start: Int) throws(TemplateError) -> TemplateExpression {
        var parts: [TemplatePathPart] = first.map { [$0] } ?? []
        var last = first.map { if case .name(_, let r) = $0 { r.upperBound } else { start } } ?? start
        while let token = current {
            if token.kind == .dot {
                index += 1
                guard let name = current, name.kind == .word else {
                    throw TemplateError("expected a name after `.`", currentRange)
                }
                index += 1
                parts.append(.name(name.text, name.range))
                last = name.range.upperBound
            } else if token.kind == .leftBracket {
                guard depth < Parser.maxDepth else {
                    throw TemplateError("`[` nested more than \(Parser.maxDepth) levels deep", token.range)
                }
                index += 1
                depth += 1
                let inner = try parseExpression()
                depth -= 1
                guard let close = current, close.kind == .rightBracket else {
                    throw TemplateError("expected `]`", currentRange)
                }
                index += 1
                parts.append(.index(inner))
                last = close.range.upperBound
            } else {
                break
            }
        }
        return .variable(parts, start..<last)
    }

    mutating func parseFilter() throws(TemplateError) -> TemplateFilter {
        guard let name = current, name.kind == .word else {
            throw TemplateError("expected a filter name after `|`", currentRange)
        }
        index += 1
        var arguments: [TemplateExpression] = []
        var keywords: [String: TemplateExpression] = [:]
        var last = name.range.upperBound
        if match(.colon) {
            repeat {
                if let key = current, key.kind == .word, index + 1 < tokens.count, tokens[index + 1].kind == .colon {
                    index += 2
                    let value = try parseExpression()
                    keywords[key.text] = value
                    last = value.range.upperBound
                } else {
                    let value = try parseExpression()
                    arguments.append(value)
                    last = value.range.upperBound
                }
            } while match(.comma)
        }
        return TemplateFilter(name: name.text, arguments: arguments, keywordArguments: keywords, range: name.range.lowerBound..<last)
    }
}
