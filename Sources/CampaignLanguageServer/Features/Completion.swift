import CampaignSemantics
import CampaignSyntax
import Foundation

extension LanguageServer {
    /// `textDocument/completion`: what may be written at the cursor, from the text as it
    /// is now (lexed and parsed again, errors and all) and the names of the project as
    /// last parsed (`CompletionCatalog`).
    func completion(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        let position = try position(params)
        guard let context = try context(params) else { return .object([("isIncomplete", .bool(false)), ("items", .array([]))]) }
        let offset = context.map.offset(of: position)
        let items = CompletionContext(source: context.source, file: context.file, offset: offset,
                                      catalog: CompletionCatalog(context.analysis)).items()
        return .object([("isIncomplete", .bool(false)), ("items", .array(items.map(\.json)))])
    }
}

/// One completion item: label, LSP `CompletionItemKind`, detail (the type) and a short doc.
struct CompletionItem {
    enum Kind: Int {
        case text = 1, method = 2, function = 3, field = 5, variable = 6, module = 9, property = 10, keyword = 14
        case enumMember = 20, event = 23
    }

    let label: String
    let kind: Kind
    let detail: String
    let documentation: String

    var json: JSONValue {
        .object([
            ("label", .string(label)),
            ("kind", .int(kind.rawValue)),
            ("detail", .string(detail)),
            ("documentation", .object([("kind", .string("markdown")), ("value", .string(documentation))])),
        ])
    }
}

/// The names a project declares, from its parsed files (so completion works while a file
/// has syntax errors): fields and their types, events and their properties, segments,
/// campaigns.
struct CompletionCatalog {
    var fields: [(String, String)] = []
    var events: [(String, [(String, String)])] = []
    var segments: [(String, String)] = []
    /// Each campaign's messages (name, channel), for `clicked(CAMPAIGN.MESSAGE)`.
    var campaigns: [(String, [(String, String)])] = []

    init(_ analysis: ProjectAnalysis) {
        for file in analysis.project.files {
            for declaration in file.declarations {
                switch declaration {
                case .customer(let decl):
                    fields += decl.fields.map { ($0.name.name, ExpressionPrinter.print($0.type)) }
                case .event(let decl):
                    events.append((decl.name.name, decl.properties.map { ($0.name.name, ExpressionPrinter.print($0.type)) }))
                case .segment(let decl):
                    segments.append((decl.name.name, ExpressionPrinter.print(decl.condition)))
                case .campaign(let decl):
                    var seen: Set<String> = []
                    let messages = HoverFacts.messages(decl.steps).filter { seen.insert($0.name.name).inserted }
                    campaigns.append((decl.name.name, messages.map { ($0.name.name, $0.channel.name) }))
                default:
                    break
                }
            }
        }
    }

    func properties(of event: String) -> [(String, String)] {
        events.first { $0.0 == event }?.1 ?? []
    }
}

/// Decides what fits at one offset of a file and lists it.
struct CompletionContext {
    let source: SourceFile
    let file: FileID
    let offset: Int
    let catalog: CompletionCatalog

    func items() -> [CompletionItem] {
        let lexed = Lexer.lex(source, as: file)
        let tokens = lexed.tokens.filter { $0.kind != .endOfFile }
        // Inside a string: templates, or a time zone.
        if let string = tokens.first(where: { $0.kind == .string && $0.span.start < offset && offset < $0.span.end }) {
            return inString(string, before: tokens.last { $0.span.end <= string.span.start })
        }
        if lexed.comments.contains(where: { $0.span.start < offset && offset <= $0.span.end }) { return [] }
        // The tokens before the cursor, without the word being typed.
        var before = tokens.filter { $0.span.end <= offset }
        if let last = before.last, last.span.end == offset, last.kind == .identifier || isKeyword(last) { before.removeLast() }
        let previous = before.last
        let word = { (token: Token?) in token.map { source.text($0.span) } ?? "" }
        let syntax = Parser.parse(source, as: file).syntax

        if previous?.kind == .dot, before.count >= 2 {
            let owner = before[before.count - 2]
            if case .keyword(.event) = owner.kind {
                return triggerEvent(in: syntax).map { propertyItems($0) } ?? []
            }
            // `clicked(other.` : that campaign's messages.
            if before.count >= 4, before[before.count - 3].kind == .leftParen, let builtin = Builtin(named: word(before[before.count - 4])),
               builtin.family == .engagement, let campaign = catalog.campaigns.first(where: { $0.0 == word(owner) }) {
                return campaign.1.map { CompletionItem(label: $0.0, kind: .method, detail: "\($0.1) message", documentation: "Message `\($0.0)` of campaign `\(campaign.0)`.") }
            }
            return propertyItems(word(owner))
        }
        if previous?.kind == .leftParen, before.count >= 2, let builtin = Builtin(named: word(before[before.count - 2])) {
            if builtin.family == .engagement {
                let own = enclosingCampaign(in: syntax)?.name.name
                return messageNames(in: syntax) + [CompletionItem(label: "any", kind: .keyword, detail: "any message", documentation: "Any message of this campaign; `any sms`: any SMS of any campaign (docs/language.md §3.6).")]
                    + catalog.campaigns.filter { $0.0 != own }.map {
                        CompletionItem(label: $0.0, kind: .module, detail: "campaign", documentation: "`\($0.0).MESSAGE`: a message of campaign `\($0.0)`, in any of its entries (docs/language.md §3.6).")
                    }
            }
            return eventItems()
        }
        // `clicked(any ` : the channels.
        if before.count >= 3, word(previous) == "any", before[before.count - 2].kind == .leftParen,
           let builtin = Builtin(named: word(before[before.count - 3])), builtin.family == .engagement {
            return ChannelKind.allCases.map { CompletionItem(label: $0.rawValue, kind: .enumMember, detail: "channel", documentation: Vocabulary.channels[$0] ?? "") }
        }
        if yearlyOffset(before) {
            return [keyword("before", "`yearly 7d before FIELD`: days before the anniversary (docs/language.md §5.3)."),
                    keyword("after", "`yearly 2d after FIELD`: days after the anniversary (docs/language.md §5.3).")]
        }
        switch word(previous) {
        case "on" where word(before.dropLast().last) == "trigger", "until", "from", "goal":
            return eventItems() + (word(previous) == "on" ? [keyword("enter", "`trigger on enter SEGMENT`: when a customer enters the segment.")] : [])
        case "enter":
            return segmentItems()
        case "send":
            return ChannelKind.allCases.map { CompletionItem(label: $0.rawValue, kind: .enumMember, detail: "channel", documentation: Vocabulary.channels[$0] ?? "") }
                + [keyword("first", "`send first of { … }`: the first message the customer can receive.")]
        case "unsubscribe":
            return ChannelKind.allCases.map { CompletionItem(label: $0.rawValue, kind: .enumMember, detail: "channel", documentation: Vocabulary.channels[$0] ?? "") }
        case "exit":
            return [keyword("when", "`exit when EVENT [where …]` or `exit when CONDITION` (docs/language.md §5.5).")]
        case "when":
            return eventItems() + valueItems()
        case "reentry":
            return ["never", "always", "unless goal", "after"].map { keyword($0, "Re-entry (docs/language.md §5.4).") }
        case "comply":
            return ComplianceProfile.allCases.map {
                CompletionItem(label: $0.rawValue, kind: .enumMember, detail: "compliance profile", documentation: Vocabulary.profile($0))
            }
        case "wait":
            return ["until"].map { keyword($0, "`wait until 09:00`, `wait until EVENT … within DURATION`, `wait until best hour` (docs/language.md §5.10).") }
        case "trigger":
            return ["on", "daily", "weekly", "monthly", "once", "yearly"].map { keyword($0, "A trigger (docs/language.md §5.3).") }
        case "yearly":
            return [keyword("on", "`trigger yearly on FIELD at 10:00`: on the anniversary of a date field (docs/language.md §5.3)."),
                    CompletionItem(label: "7d before", kind: .keyword, detail: "keyword",
                                   documentation: "`trigger yearly 7d before FIELD at 10:00`: that many calendar days before the anniversary, at the local time; `2d after` after it (docs/language.md §5.3).")]
        case "before" where yearlyOffset(before.dropLast()), "after" where yearlyOffset(before.dropLast()):
            return fieldItems()
        case "where":
            let event = before.count >= 2 ? word(before[before.count - 2]) : ""
            return propertyItems(event) + valueItems()
        default:
            break
        }
        if let previous, expectsValue(previous) { return valueItems() }
        if let message = enclosingMessage(in: syntax) { return messageFieldItems(message) }
        return keywordsHere(syntax)
    }

    /// Whether the tokens end with `yearly DURATION` (an anniversary offset being written).
    private func yearlyOffset(_ tokens: some BidirectionalCollection<Token>) -> Bool {
        guard let last = tokens.last, last.kind == .duration, let yearly = tokens.dropLast().last else { return false }
        return source.text(yearly.span) == "yearly"
    }

    // MARK: - Strings

    private func inString(_ string: Token, before: Token?) -> [CompletionItem] {
        let text = source.bytes[string.span.start..<offset]
        let prefix = String(decoding: text, as: UTF8.self)
        if let open = prefix.range(of: "{{", options: .backwards), !prefix[open.upperBound...].contains("}}") {
            let inside = prefix[open.upperBound...]
            if inside.contains("|") {
                return TemplateFilterKind.allCases.map {
                    CompletionItem(label: $0.rawValue, kind: .function, detail: "filter", documentation: Vocabulary.filters[$0] ?? "")
                }
            }
            if inside.trimmingCharacters(in: .whitespaces).hasPrefix("event.") {
                return triggerEvent(in: Parser.parse(source, as: file).syntax).map { propertyItems($0) } ?? []
            }
            return fieldItems() + [
                CompletionItem(label: "campaign.name", kind: .variable, detail: "text", documentation: "The campaign's name."),
                CompletionItem(label: "event", kind: .variable, detail: "the triggering event", documentation: "`event.PROPERTY`: a property of the event that triggered the campaign."),
            ]
        }
        // `timezone "…"` in the policy, or a zone after a time of day (`09:00 "Europe/Paris"`).
        if let before, source.text(before.span) == "timezone" || before.kind == .timeOfDay {
            return TimeZone.knownTimeZoneIdentifiers.sorted().map {
                CompletionItem(label: $0, kind: .enumMember, detail: "time zone", documentation: "An IANA time zone (docs/language.md §5.9).")
            }
        }
        return []
    }

    // MARK: - Items

    private func keyword(_ word: String, _ doc: String) -> CompletionItem {
        CompletionItem(label: word, kind: .keyword, detail: "keyword", documentation: Vocabulary.keywords[word] ?? doc)
    }

    private func fieldItems() -> [CompletionItem] {
        catalog.fields.map { CompletionItem(label: $0.0, kind: .field, detail: $0.1, documentation: "Customer field `\($0.0)`: `\($0.1)`.") }
    }

    private func segmentItems() -> [CompletionItem] {
        catalog.segments.map { CompletionItem(label: $0.0, kind: .variable, detail: "segment", documentation: "`segment \($0.0) = \($0.1)`") }
    }

    private func eventItems() -> [CompletionItem] {
        catalog.events.map { event in
            let properties = event.1.map { "\($0.0): \($0.1)" }.joined(separator: ", ")
            return CompletionItem(label: event.0, kind: .event, detail: "event", documentation: "`event \(event.0)" + (properties.isEmpty ? "`" : " { \(properties) }`"))
        }
    }

    private func propertyItems(_ event: String) -> [CompletionItem] {
        catalog.properties(of: event).map {
            CompletionItem(label: $0.0, kind: .property, detail: $0.1, documentation: "Property `\($0.0)` of event `\(event)`: `\($0.1)`.")
        }
    }

    /// Where a condition goes: fields, segments, functions, `event.`, literals' words.
    private func valueItems() -> [CompletionItem] {
        fieldItems() + segmentItems()
            + Builtin.allCases.map { CompletionItem(label: $0.rawValue, kind: .function, detail: "\($0.resultType)", documentation: Vocabulary.builtins[$0] ?? "") }
            + ["not", "now", "none", "true", "false", "event"].map { keyword($0, "") }
    }

    private func messageFieldItems(_ message: Message) -> [CompletionItem] {
        guard let kind = ChannelKind(rawValue: message.channel.name) else { return [] }
        return (kind.messageFields + ["transactional"]).map { name in
            let required = kind.requiredFields.contains(name)
            return CompletionItem(label: name, kind: .field, detail: name == "transactional" ? "flag" : (required ? "template, required" : "template"),
                                  documentation: Vocabulary.messageFields[name] ?? "")
        }
    }

    private func messageNames(in syntax: SourceFileSyntax) -> [CompletionItem] {
        guard let campaign = enclosingCampaign(in: syntax) else { return [] }
        var seen: Set<String> = []
        return HoverFacts.messages(campaign.steps).compactMap { message in
            guard seen.insert(message.name.name).inserted else { return nil }
            return CompletionItem(label: message.name.name, kind: .method, detail: "\(message.channel.name) message",
                                  documentation: "Message `\(message.name.name)` of campaign `\(campaign.name.name)`.")
        }
    }

    /// The keywords that can start an entry where the cursor is: declarations at the top
    /// level, clauses and steps in a campaign, settings in a channel or the policy.
    private func keywordsHere(_ syntax: SourceFileSyntax) -> [CompletionItem] {
        let inside = syntax.declarations.first { $0.span.start < offset && offset < $0.span.end }
        switch inside {
        case .campaign?:
            return ["audience", "trigger", "reentry", "exit", "goal", "holdout", "priority", "cap", "send", "wait", "if", "split", "tag", "untag", "unsubscribe"]
                .map { keyword($0, "") }
        case .customer?:
            return BaseType.allNames.map { CompletionItem(label: $0, kind: .keyword, detail: "type", documentation: "A field type (docs/language.md §2.3).") }
        case .channel?:
            return ["address", "consent", "quiet hours", "max segments"].map { keyword($0, "A channel setting (docs/language.md §4.1).") }
        case .policy?:
            return ["timezone", "send between", "cap", "best hour from", "quiet hours", "comply"].map { keyword($0, "A policy rule (docs/language.md §7.1).") }
        default:
            return ["import", "customer", "event", "channel", "segment", "policy", "campaign"].map { keyword($0, "") }
        }
    }

    // MARK: - Where the cursor is

    private func isKeyword(_ token: Token) -> Bool {
        if case .keyword = token.kind { return true }
        return false
    }

    /// After these a condition is expected.
    private func expectsValue(_ token: Token) -> Bool {
        switch token.kind {
        case .keyword(let keyword):
            return [.audience, .if, .and, .or, .not].contains(keyword)
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .leftParen, .doubleQuestion, .comma, .assign:
            return true
        case .identifier:
            return source.text(token.span) == "when"
        default:
            return false
        }
    }

    private func enclosingCampaign(in syntax: SourceFileSyntax) -> CampaignDecl? {
        for case .campaign(let decl) in syntax.declarations where decl.span.start < offset && offset <= decl.span.end { return decl }
        return nil
    }

    private func enclosingMessage(in syntax: SourceFileSyntax) -> Message? {
        enclosingCampaign(in: syntax).flatMap { campaign in
            HoverFacts.messages(campaign.steps).first { $0.braces.open.end <= offset && offset <= $0.braces.close.start }
        }
    }

    /// The event that triggers the campaign around the cursor (`trigger on EVENT`).
    private func triggerEvent(in syntax: SourceFileSyntax) -> String? {
        guard let campaign = enclosingCampaign(in: syntax) else { return nil }
        for case .trigger(.onEvent(let name, _, _), _) in campaign.clauses { return name.name }
        return nil
    }
}
