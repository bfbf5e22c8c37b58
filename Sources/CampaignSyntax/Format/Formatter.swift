/// The canonical layout of a `.campaign` file, a pure function of its syntax tree and
/// comments (gofmt's rule: one way to write each construct).
///
/// - Two-space indentation, one item per line, `}` on its own line.
/// - Messages, channels and events with properties sit on one line when that line fits in
///   100 columns and holds no comment; otherwise one field per line.
/// - Customer, policy and campaign blocks and every block of steps span several lines.
/// - Comments stay where they were; blank lines between items are kept (at most one).
public enum Formatter {
    /// Formats a file that parsed without errors.
    public static func format(_ syntax: SourceFileSyntax, source: SourceFile) -> String {
        var printer = FormatPrinter(writer: LayoutWriter(bytes: source.bytes, comments: syntax.comments))
        printer.alignment = alignmentWidths(syntax.declarations, writer: printer.writer)
        for (index, declaration) in syntax.declarations.enumerated() {
            printer.current = index
            printer.declaration(declaration)
        }
        return printer.writer.finish()
    }

    /// gofmt-style alignment: in a run of adjacent `segment` declarations the `=` signs line
    /// up, and in a run of adjacent channels the `{`. Returns the name width per declaration.
    static func alignmentWidths(_ declarations: [Declaration], writer: LayoutWriter) -> [Int: Int] {
        func key(_ declaration: Declaration) -> (kind: Int, name: String)? {
            switch declaration {
            case .segment(let decl): (0, decl.name.name)
            case .channel(let decl): (1, decl.kind.name)
            default: nil
            }
        }
        var widths: [Int: Int] = [:]
        var index = 0
        while index < declarations.count {
            guard let first = key(declarations[index]) else {
                index += 1
                continue
            }
            var end = index + 1
            while end < declarations.count, let next = key(declarations[end]), next.kind == first.kind,
                  writer.adjacent(declarations[end - 1].span, declarations[end].span) {
                end += 1
            }
            let width = (index..<end).compactMap { key(declarations[$0]).map { DisplayWidth.of($0.name) } }.max() ?? 0
            for member in index..<end { widths[member] = width }
            index = end
        }
        return widths
    }

    /// The outcome of formatting source text.
    public enum Outcome: Sendable {
        case formatted(String)
        /// The file has syntax errors; nothing was formatted.
        case invalid([Diagnostic])
        /// The formatter would have changed what the file means: a bug, reported rather than written.
        case meaningChanged(String)
    }

    /// Parses, formats, and re-parses the result to prove that its meaning is unchanged.
    public static func formatChecked(_ source: SourceFile) -> Outcome {
        let parsed = Parser.parse(source)
        if parsed.diagnostics.hasErrors { return .invalid(parsed.diagnostics) }
        let output = format(parsed.syntax, source: source)
        let reparsed = Parser.parse(SourceFile(path: source.path, text: output))
        if reparsed.diagnostics.hasErrors || ASTDump.dump(reparsed.syntax) != ASTDump.dump(parsed.syntax)
            || reparsed.syntax.comments.count != parsed.syntax.comments.count {
            return .meaningChanged(output)
        }
        return .formatted(output)
    }
}

struct FormatPrinter {
    var writer: LayoutWriter
    var alignment: [Int: Int] = [:]
    var current = 0

    /// A declared name padded to its aligned group's width.
    func padded(_ name: String) -> String {
        let width = alignment[current] ?? 0
        return name + String(repeating: " ", count: max(0, width - DisplayWidth.of(name)))
    }

    typealias P = ExpressionPrinter

    mutating func declaration(_ declaration: Declaration) {
        switch declaration {
        case .import(let decl):
            writer.line("import " + decl.path.raw, from: decl.span.start, to: decl.span.end)
        case .customer(let decl):
            block("customer", span: decl.span, braces: decl.braces, items: decl.fields) { printer, field in
                printer.writer.line(field.name.name + ": " + P.print(field.type), from: field.span.start, to: field.span.end)
            }
        case .event(let decl):
            event(decl)
        case .channel(let decl):
            channel(decl)
        case .segment(let decl):
            writer.line("segment \(padded(decl.name.name)) = " + P.print(decl.condition), from: decl.span.start, to: decl.span.end)
        case .policy(let decl):
            block("policy", span: decl.span, braces: decl.braces, items: decl.clauses) { printer, clause in
                printer.writer.line(Self.policyText(clause), from: clause.span.start, to: clause.span.end)
            }
        case .campaign(let decl):
            block("campaign " + decl.name.name, span: decl.span, braces: decl.braces, items: decl.members) { printer, member in
                switch member {
                case .clause(let clause):
                    printer.writer.line(Self.clauseText(clause), from: clause.span.start, to: clause.span.end)
                case .step(let step):
                    printer.step(step)
                }
            }
        }
    }

    /// A block always laid out over several lines (`{}` when it holds nothing at all).
    mutating func block<Item>(
        _ head: String, span: SourceSpan, braces: BlockBraces, items: [Item],
        item: (inout FormatPrinter, Item) -> Void
    ) {
        if items.isEmpty, !writer.hasComment(in: braces.open.through(braces.close)) {
            writer.line(head + " {}", from: span.start, to: braces.close.end)
            return
        }
        writer.open(head + " {", from: span.start, to: braces.open.end)
        for element in items { item(&self, element) }
        writer.close(braces)
    }

    /// A block that sits on one line when it fits and holds no comment.
    mutating func compactBlock(_ head: String, span: SourceSpan, braces: BlockBraces, parts: [(String, SourceSpan)], alignedHead: String? = nil) {
        let lineHead = alignedHead ?? head
        let oneLine = parts.isEmpty ? lineHead + " {}" : lineHead + " { " + parts.map(\.0).joined(separator: " ") + " }"
        if writer.fits(oneLine), !writer.hasComment(in: span) {
            writer.line(oneLine, from: span.start, to: span.end)
            return
        }
        writer.open(head + " {", from: span.start, to: braces.open.end)
        for (text, partSpan) in parts {
            writer.line(text, from: partSpan.start, to: partSpan.end)
        }
        writer.close(braces)
    }

    mutating func event(_ decl: EventDecl) {
        guard let braces = decl.braces, !decl.properties.isEmpty || writer.hasComment(in: decl.span) else {
            writer.line("event " + decl.name.name, from: decl.span.start, to: decl.span.end)
            return
        }
        let head = "event " + decl.name.name
        let fields = decl.properties.map { ($0.name.name + ": " + P.print($0.type), $0.span) }
        let oneLine = head + " { " + fields.map(\.0).joined(separator: ", ") + " }"
        if writer.fits(oneLine), !writer.hasComment(in: decl.span) {
            writer.line(oneLine, from: decl.span.start, to: decl.span.end)
            return
        }
        writer.open(head + " {", from: decl.span.start, to: braces.open.end)
        for (text, span) in fields {
            writer.line(text + ",", from: span.start, to: span.end)
        }
        writer.close(braces)
    }

    mutating func channel(_ decl: ChannelDecl) {
        let parts = decl.clauses.map { clause -> (String, SourceSpan) in
            switch clause {
            case .address(let field, _): ("address: " + field.name, clause.span)
            case .consent(let field, _): ("consent: " + field.name, clause.span)
            case .quietHours(let from, let to, _): ("quiet hours \(from) to \(to)", clause.span)
            case .maxSegments(let limit, _): ("max segments \(limit.value)", clause.span)
            }
        }
        compactBlock("channel " + decl.kind.name, span: decl.span, braces: decl.braces, parts: parts,
                     alignedHead: "channel " + padded(decl.kind.name))
    }

    /// `start` is where the line begins in the source: the `send` keyword, or the channel.
    mutating func message(_ message: Message, prefix: String, start: Int) {
        let parts = message.fields.map { field -> (String, SourceSpan) in
            switch field.value {
            case .text(let text): (field.name.name + " " + text.raw, field.span)
            case .file(let path): (field.name.name + " file " + path.raw, field.span)
            case .flag: (field.name.name, field.span)
            }
        }
        compactBlock(prefix + message.channel.name + " " + message.name.name,
                     span: SourceSpan(file: message.span.file, start: start, end: message.span.end),
                     braces: message.braces, parts: parts)
    }

    mutating func steps(_ block: StepBlock) {
        for step in block.steps { self.step(step) }
    }

    mutating func step(_ step: Step) {
        switch step {
        case .send(let message, let span):
            self.message(message, prefix: "send ", start: span.start)
        case .sendFirstOf(let messages, let braces, let span):
            writer.open("send first of {", from: span.start, to: braces.open.end)
            for message in messages { self.message(message, prefix: "", start: message.span.start) }
            writer.close(braces)
        case .wait(let wait, let span):
            writer.line(Self.waitText(wait), from: span.start, to: span.end)
        case .branch(let branch):
            for (position, arm) in branch.arms.enumerated() {
                let head = "if " + P.print(arm.condition) + " {"
                if position == 0 {
                    writer.open(head, from: branch.span.start, to: arm.body.braces.open.end)
                }
                steps(arm.body)
                if position + 1 < branch.arms.count {
                    let next = branch.arms[position + 1]
                    writer.close(arm.body.braces, "} else " + "if " + P.print(next.condition) + " {",
                                 reopenAt: next.body.braces.open.end)
                } else if let otherwise = branch.otherwise {
                    writer.close(arm.body.braces, "} else {", reopenAt: otherwise.braces.open.end)
                } else {
                    writer.close(arm.body.braces)
                }
            }
            if let otherwise = branch.otherwise {
                steps(otherwise)
                writer.close(otherwise.braces)
            }
        case .split(let split):
            writer.open("split {", from: split.span.start, to: split.braces.open.end)
            for arm in split.arms {
                writer.open(arm.share.text + " {", from: arm.share.span.start, to: arm.body.braces.open.end)
                steps(arm.body)
                writer.close(arm.body.braces)
            }
            writer.close(split.braces)
        case .tag(let name, let span):
            writer.line("tag " + name.name, from: span.start, to: span.end)
        case .untag(let name, let span):
            writer.line("untag " + name.name, from: span.start, to: span.end)
        case .unsubscribe(let channel, let span):
            writer.line("unsubscribe " + channel.name, from: span.start, to: span.end)
        case .exit(let span):
            writer.line("exit", from: span.start, to: span.end)
        }
    }

    static func waitText(_ wait: Wait) -> String {
        switch wait {
        case .duration(let length): "wait \(length)"
        case .untilTime(let time): "wait until \(time)"
        case .untilEvent(let event, let filter, let timeout):
            "wait until \(event.name)" + (filter.map { " where " + P.print($0) } ?? "") + " or \(timeout)"
        case .untilBestHour: "wait until best hour"
        }
    }

    static func policyText(_ clause: PolicyClause) -> String {
        switch clause {
        case .timezone(let zone, _): "timezone " + zone.raw
        case .sendBetween(let from, let to, _): "send between \(from) and \(to)"
        case .cap(let channel, let count, let window, _): capText(channel, count, window)
        case .bestHour(let events, let fallback, _):
            "best hour from " + events.map(\.name).joined(separator: ", ") + " default \(fallback)"
        case .quietHours(let from, let to, _): "quiet hours \(from) to \(to)"
        case .comply(let profile, let condition, _): "comply \(profile.name)" + (condition.map { " where " + P.print($0) } ?? "")
        }
    }

    /// A cap as the policy and a campaign both write it.
    static func capText(_ channel: Identifier?, _ count: IntegerLiteral, _ window: DurationLiteral) -> String {
        if let channel { "cap \(channel.name) \(count.value) per \(window)" } else { "cap \(count.value) messages per \(window)" }
    }

    static func clauseText(_ clause: CampaignClause) -> String {
        switch clause {
        case .audience(let condition, _):
            return "audience " + P.print(condition)
        case .trigger(let trigger, _):
            return "trigger " + triggerText(trigger)
        case .reentry(let reentry, _):
            switch reentry {
            case .never: return "reentry never"
            case .always: return "reentry always"
            case .unlessGoal: return "reentry unless goal"
            case .after(let length): return "reentry after \(length)"
            }
        case .exitWhen(let condition, let filter, _):
            return "exit when " + P.print(condition) + (filter.map { " where " + P.print($0) } ?? "")
        case .goal(let event, let filter, let window, _):
            return "goal \(event.name)" + (filter.map { " where " + P.print($0) } ?? "") + " within \(window)"
        case .holdout(let share, _):
            return "holdout " + share.text
        case .priority(let value, _):
            return "priority \(value.value)"
        case .cap(let channel, let count, let window, _):
            return capText(channel, count, window)
        }
    }

    static func triggerText(_ trigger: Trigger) -> String {
        switch trigger {
        case .onEvent(let event, let filter, let key):
            "on \(event.name)" + (filter.map { " where " + P.print($0) } ?? "") + (key.map { " key \($0.name)" } ?? "")
        case .afterTime(let delay, let anchor): "\(delay) after " + P.print(anchor)
        case .onEnterSegment(let segment): "on enter \(segment.name)"
        case .daily(let time): "daily at \(time)"
        case .weekly(let day, let time): "weekly on \(day.name) at \(time)"
        case .monthly(let day, let time): "monthly on day \(day.value) at \(time)"
        case .once(let date, let time, _): "once at \(date) \(time)"
        case .yearly(let field, let offset, let time): "yearly \(offset.map { $0.text } ?? "on") \(field.name) at \(time)"
        }
    }
}
