import CampaignSemantics
import CampaignSyntax

extension LanguageServer {
    /// `textDocument/hover`: what the name or word under the cursor is, in Markdown.
    func hover(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        let position = try position(params)
        guard let context = try context(params) else { return .null }
        let offset = context.map.offset(of: position)
        let facts = HoverFacts(context: context)
        if let hit = context.analysis.resolved.occurrences.first(where: { $0.span.file == context.file && $0.span.start <= offset && offset <= $0.span.end }),
           let text = facts.describe(hit.symbol) {
            return Self.hoverResult(text, range: context.map.range(hit.span))
        }
        let lexed = Lexer.lex(context.source, as: context.file)
        guard let index = lexed.tokens.firstIndex(where: { $0.span.start <= offset && offset < $0.span.end }) else { return .null }
        let token = lexed.tokens[index]
        let word = context.source.text(token.span)
        var text: String?
        if case .keyword(.send) = token.kind {
            text = facts.sendStep(at: token.span.start)
        }
        if text == nil, case .keyword = token.kind, let meaning = Vocabulary.keywords[word] {
            text = "**\(word)** (keyword)\n\n" + meaning
        }
        if text == nil, token.kind == .identifier, let builtin = Builtin(named: word),
           index + 1 < lexed.tokens.count, lexed.tokens[index + 1].kind == .leftParen {
            text = "**\(word)** (function)\n\n" + (Vocabulary.builtins[builtin] ?? "")
        }
        if text == nil, token.kind == .identifier, let kind = ChannelKind(rawValue: word), let meaning = Vocabulary.channels[kind] {
            text = "**\(word)** (channel)\n\n" + meaning
        }
        guard let text else { return .null }
        return Self.hoverResult(text, range: context.map.range(token.span))
    }

    static func hoverResult(_ markdown: String, range: JSONValue) -> JSONValue {
        .object([("contents", .object([("kind", .string("markdown")), ("value", .string(markdown))])), ("range", range)])
    }
}

/// What hover says about a declared name, from the checked project.
struct HoverFacts {
    let context: LanguageServer.DocumentContext

    var table: DeclarationTable? { context.analysis.resolved.table }

    func describe(_ symbol: SymbolKey) -> String? {
        guard let table else { return nil }
        switch symbol.kind {
        case .field:
            guard let field = table.customerFields[symbol.name] else { return nil }
            let optional = field.type.isOptional ? "optional: a customer may have no value" : "required: every customer has a value"
            return "**\(symbol.name)**: `\(field.type)` (customer field)\n\n\(optional)"
        case .event:
            guard let event = table.events[symbol.name] else { return nil }
            return "**\(symbol.name)** (event)\n\n```campaign\n\(Self.eventText(event))\n```"
        case .property(let eventName):
            guard let event = table.events[eventName], let property = event.properties[symbol.name] else { return nil }
            return "**\(symbol.name)**: `\(property.type)` (property of event `\(eventName)`)\n\n```campaign\n\(Self.eventText(event))\n```"
        case .segment:
            guard let segment = table.segments[symbol.name] else { return nil }
            return "**\(symbol.name)** (segment)\n\n```campaign\nsegment \(symbol.name) = \(ExpressionPrinter.print(segment.condition))\n```"
        case .campaign:
            guard let report = context.analysis.resolved.campaignReports.first(where: { $0.name == symbol.name }) else { return nil }
            return "**\(symbol.name)** (campaign): at most \(report.bounds.total) message\(report.bounds.total == 1 ? "" : "s") per entry\n\n```text\n\(report.text)```"
        case .message(let campaign):
            var text = "**\(symbol.name)** (message of campaign `\(campaign)`)"
            if let sms = context.analysis.resolved.campaignReports.first(where: { $0.name == campaign })?.sms[symbol.name] {
                text += "\n\nSMS: " + sms.summary
            }
            return text
        }
    }

    /// On `send`: the channel and, for an SMS, its encoding and worst-case segments.
    func sendStep(at offset: Int) -> String? {
        let syntax = context.analysis.project[context.file]
        for case .campaign(let decl) in syntax.declarations where decl.span.start <= offset && offset < decl.span.end {
            guard let message = Self.messages(decl.steps).first(where: { $0.span.start <= offset && offset < $0.span.end })
                ?? Self.messages(decl.steps).first(where: { $0.span.start > offset }) else { return nil }
            var text = "**send** \(message.channel.name) `\(message.name.name)`"
            if let sms = context.analysis.resolved.campaignReports.first(where: { $0.name == decl.name.name })?.sms[message.name.name] {
                text += "\n\nSMS: " + sms.summary
            }
            return text + "\n\n" + (Vocabulary.keywords["send"] ?? "")
        }
        return nil
    }

    static func messages(_ steps: [Step]) -> [Message] {
        var result: [Message] = []
        for step in steps {
            switch step {
            case .send(let message, _): result.append(message)
            case .sendFirstOf(let messages, _, _): result += messages
            case .branch(let branch):
                for arm in branch.arms { result += messages(arm.body.steps) }
                if let otherwise = branch.otherwise { result += messages(otherwise.steps) }
            case .split(let split):
                for arm in split.arms { result += messages(arm.body.steps) }
            case .wait, .tag, .untag, .unsubscribe, .exit: break
            }
        }
        return result
    }

    static func eventText(_ event: EventInfo) -> String {
        guard !event.order.isEmpty else { return "event \(event.name)" }
        let properties = event.order.compactMap { name in event.properties[name].map { "\(name): \($0.type)" } }
        return "event \(event.name) { " + properties.joined(separator: ", ") + " }"
    }
}
