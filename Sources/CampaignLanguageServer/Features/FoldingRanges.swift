import CampaignSyntax

extension LanguageServer {
    /// `textDocument/foldingRange`: every block between braces that spans lines, and
    /// runs of two or more comment lines.
    func foldingRanges(_ params: JSONValue?) throws(ResponseError) -> JSONValue {
        guard let context = try context(params) else { return .array([]) }
        let syntax = context.analysis.project[context.file]
        var ranges: [(Int, Int, String?)] = []
        for braces in SyntaxBlocks.braces(in: syntax) {
            let start = context.map.position(of: braces.open.start).line
            let end = context.map.position(of: braces.close.start).line
            if end > start { ranges.append((start, end - 1, nil)) }
        }
        var run: (first: Int, last: Int)?
        for comment in syntax.comments where !comment.isTrailing {
            let line = context.map.position(of: comment.span.start).line
            if let current = run, current.last + 1 == line {
                run = (current.first, line)
            } else {
                if let current = run, current.last > current.first { ranges.append((current.first, current.last, "comment")) }
                run = (line, line)
            }
        }
        if let current = run, current.last > current.first { ranges.append((current.first, current.last, "comment")) }
        return .array(ranges.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map { start, end, kind in
            var members: [(String, JSONValue)] = [("startLine", .int(start)), ("endLine", .int(end))]
            if let kind { members.append(("kind", .string(kind))) }
            return .object(members)
        })
    }
}

/// The blocks of a parsed file, outermost first: the braces of declarations, messages,
/// `send first of`, branch arms and split arms.
enum SyntaxBlocks {
    static func braces(in syntax: SourceFileSyntax) -> [BlockBraces] {
        var result: [BlockBraces] = []
        for declaration in syntax.declarations {
            switch declaration {
            case .customer(let decl): result.append(decl.braces)
            case .event(let decl): if let braces = decl.braces { result.append(braces) }
            case .channel(let decl): result.append(decl.braces)
            case .policy(let decl): result.append(decl.braces)
            case .campaign(let decl):
                result.append(decl.braces)
                for step in decl.steps { steps(step, into: &result) }
            case .import, .segment: break
            }
        }
        return result
    }

    private static func steps(_ step: Step, into result: inout [BlockBraces]) {
        switch step {
        case .send(let message, _): result.append(message.braces)
        case .sendFirstOf(let messages, let braces, _):
            result.append(braces)
            result += messages.map(\.braces)
        case .branch(let branch):
            for arm in branch.arms { block(arm.body, into: &result) }
            if let otherwise = branch.otherwise { block(otherwise, into: &result) }
        case .split(let split):
            result.append(split.braces)
            for arm in split.arms { block(arm.body, into: &result) }
        case .wait, .tag, .untag, .unsubscribe, .exit: break
        }
    }

    private static func block(_ block: StepBlock, into result: inout [BlockBraces]) {
        result.append(block.braces)
        for step in block.steps { steps(step, into: &result) }
    }
}
