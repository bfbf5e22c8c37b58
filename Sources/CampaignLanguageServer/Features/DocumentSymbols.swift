import CampaignSyntax

extension LanguageServer {
    /// `textDocument/documentSymbol`: the outline, hierarchical: the customer and its
    /// fields, events and their properties, channels, segments, the policy, and each
    /// campaign with its messages and steps (branch and split arms nested).
    func documentSymbols(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let context = try context(params) else { return .array([]) }
        let outline = DocumentOutline(map: context.map)
        return .array(context.analysis.project[context.file].declarations.compactMap(outline.symbol))
    }
}

/// Builds `DocumentSymbol`s from the syntax tree of one file.
struct DocumentOutline {
    let map: PositionMap

    /// LSP `SymbolKind` numbers.
    enum Kind: Int {
        case module = 2, namespace = 3, method = 6, property = 7, field = 8, interface = 11, function = 12
        case variable = 13, constant = 14, string = 15, boolean = 17, key = 20, `struct` = 23, event = 24, `operator` = 25
    }

    func symbol(_ declaration: Declaration) -> JSONValue? {
        switch declaration {
        case .import(let decl):
            return node("import " + decl.path.raw, .module, decl.span, decl.path.span)
        case .customer(let decl):
            return node("customer", .struct, decl.span, SourceSpan(file: decl.span.file, start: decl.span.start, end: decl.span.start + 8),
                        children: decl.fields.map { node($0.name.name, .field, $0.span, $0.name.span) })
        case .event(let decl):
            return node(decl.name.name, .event, decl.span, decl.name.span,
                        children: decl.properties.map { node($0.name.name, .property, $0.span, $0.name.span) })
        case .channel(let decl):
            return node(decl.kind.name, .interface, decl.span, decl.kind.span, detail: "channel")
        case .segment(let decl):
            return node(decl.name.name, .boolean, decl.span, decl.name.span, detail: "segment")
        case .policy(let decl):
            return node("policy", .namespace, decl.span, SourceSpan(file: decl.span.file, start: decl.span.start, end: decl.span.start + 6))
        case .campaign(let decl):
            return node(decl.name.name, .function, decl.span, decl.name.span, detail: "campaign",
                        children: decl.steps.map(step))
        }
    }

    private func step(_ step: Step) -> JSONValue {
        switch step {
        case .send(let message, let span):
            return node(message.name.name, .method, span, message.name.span, detail: "send " + message.channel.name)
        case .sendFirstOf(let messages, _, let span):
            return node("send first of", .method, span, head(span, 4),
                        children: messages.map { node($0.name.name, .method, $0.span, $0.name.span, detail: $0.channel.name) })
        case .wait(_, let span):
            return node(firstLine(span), .event, span, head(span, 4))
        case .branch(let branch):
            var arms = branch.arms.map { arm in
                node("if " + ExpressionPrinter.print(arm.condition), .operator, arm.condition.span.through(arm.body.braces.close), arm.condition.span,
                     children: arm.body.steps.map(self.step))
            }
            if let otherwise = branch.otherwise {
                arms.append(node("else", .operator, otherwise.braces.open.through(otherwise.braces.close), otherwise.braces.open,
                                 children: otherwise.steps.map(self.step)))
            }
            return node("if", .operator, branch.span, head(branch.span, 2), children: arms)
        case .split(let split):
            return node("split", .operator, split.span, head(split.span, 5), children: split.arms.map { arm in
                node(arm.share.text, .constant, arm.share.span.through(arm.body.braces.close), arm.share.span,
                     children: arm.body.steps.map(self.step))
            })
        case .tag(let name, let span):
            return node("tag " + name.name, .key, span, name.span)
        case .untag(let name, let span):
            return node("untag " + name.name, .key, span, name.span)
        case .unsubscribe(let channel, let span):
            return node("unsubscribe " + channel.name, .key, span, channel.span)
        case .exit(let span):
            return node("exit", .key, span, span)
        }
    }

    private func head(_ span: SourceSpan, _ length: Int) -> SourceSpan {
        SourceSpan(file: span.file, start: span.start, end: min(span.end, span.start + length))
    }

    private func firstLine(_ span: SourceSpan) -> String {
        let text = map.source.text(span)
        return String(text.prefix { $0 != "\n" && $0 != "{" }).trimmingCharacters(in: " ")
    }

    private func node(_ name: String, _ kind: Kind, _ range: SourceSpan, _ selection: SourceSpan, detail: String? = nil,
                      children: [JSONValue] = []) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("name", .string(name.isEmpty ? "?" : name)),
            ("kind", .int(kind.rawValue)),
            ("range", map.range(range)),
            // The selection must lie inside the range (LSP 3.17).
            ("selectionRange", map.range(selection.start >= range.start && selection.end <= range.end ? selection : range)),
        ]
        if let detail { members.insert(("detail", .string(detail)), at: 1) }
        if !children.isEmpty { members.append(("children", .array(children))) }
        return .object(members)
    }
}

extension String {
    /// The string without leading and trailing copies of `character`.
    func trimmingCharacters(in character: Character) -> String {
        String(drop { $0 == character }.reversed().drop { $0 == character }.reversed())
    }
}
