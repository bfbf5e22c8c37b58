import CampaignSyntax
import Foundation

/// A campaign's journey as nodes and edges: trigger, audience, every step, branch labels
/// with their conditions, split shares, waits, exits and goals. Printed as Mermaid (which
/// GitHub renders) or Graphviz DOT, and drawn in the HTML report.
public struct JourneyGraph: Sendable {
    public enum Shape: String, Sendable { case start, step, decision, wait, action, end, note }

    public struct Node: Sendable {
        public let id: String
        public let label: String
        public let shape: Shape
    }

    public struct Edge: Sendable {
        public let from: String
        public let to: String
        public let label: String?
        /// A rule that applies throughout (exit, goal), not a step of the path.
        public let dotted: Bool
    }

    public let name: String
    public private(set) var nodes: [Node] = []
    public private(set) var edges: [Edge] = []
    /// The path's shape as a tree over the same node ids (`JourneyFlow`), which the
    /// drawing lays out; `edges` are the same journey as a flat list.
    public private(set) var flow: [JourneyFlow] = []

    public init(_ campaign: CampaignDecl) {
        name = campaign.name.name
        var trigger = "trigger"
        var audience: String?
        var notes: [String] = []
        for clause in campaign.clauses {
            switch clause {
            case .trigger(let t, _): trigger = "trigger " + Self.describe(t)
            case .audience(let e, _): audience = ExpressionPrinter.print(e)
            case .exitWhen(let e, let filter, _): notes.append("exit when " + ExpressionPrinter.print(e) + (filter.map { " where " + ExpressionPrinter.print($0) } ?? ""))
            case .goal(let event, let filter, let within, _):
                notes.append("goal " + event.name + (filter.map { " where " + ExpressionPrinter.print($0) } ?? "") + " within \(within)")
            case .holdout(let share, _): notes.append("holdout \(share.text): entered, sent nothing")
            case .reentry(let r, _):
                switch r {
                case .never: notes.append("reentry never")
                case .always: notes.append("reentry always")
                case .unlessGoal: notes.append("reentry unless goal")
                case .after(let d): notes.append("reentry after \(d)")
                }
            case .priority(let p, _): notes.append("priority \(p.value)")
            case .cap(let channel, let count, let window, _):
                notes.append("cap " + (channel.map { "\($0.name) \(count.value) per \(window)" } ?? "\(count.value) messages per \(window)") + " in this campaign")
            }
        }
        let start = add(trigger, .start)
        for note in notes { edges.append(Edge(from: start, to: add(note, .note), label: nil, dotted: true)) }
        var ends: [(String, String?)] = [(start, nil)]
        flow = [.step(start)]
        if let audience {
            let check = add("audience: " + audience, .decision)
            connect(ends, to: check)
            let out = add("not entered", .end)
            edges.append(Edge(from: check, to: out, label: "no", dotted: false))
            ends = [(check, "yes")]
            flow.append(.fork(check, [JourneyFlow.Arm(label: "yes", body: []), JourneyFlow.Arm(label: "no", body: [.end(out)])]))
        }
        let body: [JourneyFlow]
        (ends, body) = emit(campaign.steps, from: ends)
        flow += body
        if !ends.isEmpty {
            let end = add("end", .end)
            connect(ends, to: end)
            flow.append(.end(end))
        }
    }

    mutating func add(_ label: String, _ shape: Shape) -> String {
        let id = "n\(nodes.count)"
        nodes.append(Node(id: id, label: label, shape: shape))
        return id
    }

    mutating func connect(_ ends: [(String, String?)], to node: String) {
        for (from, label) in ends { edges.append(Edge(from: from, to: node, label: label, dotted: false)) }
    }

    /// Adds steps after the open ends; returns the new open ends and the steps' shape.
    mutating func emit(_ steps: [Step], from start: [(String, String?)]) -> ([(String, String?)], [JourneyFlow]) {
        var ends = start
        var flow: [JourneyFlow] = []
        for step in steps {
            switch step {
            case .send(let m, _):
                let node = add("send \(m.channel.name) \(m.name.name)" + (m.isTransactional ? " (transactional)" : ""), .step)
                connect(ends, to: node)
                ends = [(node, nil)]
                flow.append(.step(node))
            case .sendFirstOf(let list, _, _):
                let node = add("send first of: " + list.map { "\($0.channel.name) \($0.name.name)" }.joined(separator: ", then "), .step)
                connect(ends, to: node)
                ends = [(node, nil)]
                flow.append(.step(node))
            case .wait(let wait, _):
                let text: String
                switch wait {
                case .duration(let d): text = "wait \(d)"
                case .untilTime(let t): text = "wait until \(t)"
                case .untilEvent(let e, let filter, let timeout):
                    text = "wait until \(e.name)" + (filter.map { " where " + ExpressionPrinter.print($0) } ?? "") + " or \(timeout)"
                case .untilBestHour: text = "wait until best hour"
                }
                let node = add(text, .wait)
                connect(ends, to: node)
                ends = [(node, nil)]
                flow.append(.step(node))
            case .branch(let branch):
                var pending = ends
                var after: [(String, String?)] = []
                // An `else if` is drawn as a decision in the "no" arm of the one before it.
                var decisions: [(node: String, yes: [JourneyFlow])] = []
                for (i, arm) in branch.arms.enumerated() {
                    let node = add((i == 0 ? "if " : "else if ") + ExpressionPrinter.print(arm.condition), .decision)
                    connect(pending, to: node)
                    let (armEnds, armFlow) = emit(arm.body.steps, from: [(node, "yes")])
                    after += armEnds
                    decisions.append((node, armFlow))
                    pending = [(node, "no")]
                }
                var last: JourneyFlow.Arm
                if let otherwise = branch.otherwise {
                    let (elseEnds, elseFlow) = emit(otherwise.steps, from: pending.map { ($0.0, "else") })
                    after += elseEnds
                    last = JourneyFlow.Arm(label: "else", body: elseFlow)
                } else {
                    after += pending
                    last = JourneyFlow.Arm(label: "no", body: [])
                }
                for decision in decisions.reversed() {
                    let fork = JourneyFlow.fork(decision.node, [JourneyFlow.Arm(label: "yes", body: decision.yes), last])
                    last = JourneyFlow.Arm(label: "no", body: [fork])
                }
                flow += last.body
                ends = after
            case .split(let split):
                let node = add("split", .decision)
                connect(ends, to: node)
                var after: [(String, String?)] = []
                var arms: [JourneyFlow.Arm] = []
                for arm in split.arms {
                    let (armEnds, armFlow) = emit(arm.body.steps, from: [(node, arm.share.text)])
                    after += armEnds
                    arms.append(JourneyFlow.Arm(label: arm.share.text, body: armFlow))
                }
                flow.append(.fork(node, arms))
                ends = after
            case .tag(let name, _), .untag(let name, _):
                let verb = if case .tag = step { "tag" } else { "untag" }
                let node = add("\(verb) \(name.name)", .action)
                connect(ends, to: node)
                ends = [(node, nil)]
                flow.append(.step(node))
            case .unsubscribe(let channel, _):
                let node = add("unsubscribe \(channel.name)", .action)
                connect(ends, to: node)
                ends = [(node, nil)]
                flow.append(.step(node))
            case .exit:
                let node = add("exit", .end)
                connect(ends, to: node)
                ends = []
                flow.append(.end(node))
            }
        }
        return (ends, flow)
    }

    static func describe(_ trigger: Trigger) -> String {
        switch trigger {
        case .onEvent(let e, let filter, let key):
            "on \(e.name)" + (filter.map { " where " + ExpressionPrinter.print($0) } ?? "") + (key.map { " key \($0.name)" } ?? "")
        case .afterTime(let d, let e): "\(d) after \(ExpressionPrinter.print(e))"
        case .onEnterSegment(let s): "on enter \(s.name)"
        case .daily(let t): "daily at \(t)"
        case .weekly(let day, let t): "weekly on \(day.name) at \(t)"
        case .monthly(let day, let t): "monthly on day \(day.value) at \(t)"
        case .once(let date, let t, _): "once at \(date) \(t)"
        case .yearly(let field, let offset, let t): "yearly \(offset.map { $0.text } ?? "on") \(field.name) at \(t)"
        }
    }

    // MARK: - Output

    /// Mermaid `flowchart TD`: one diagram, a subgraph per campaign when there are several.
    public static func mermaid(_ graphs: [JourneyGraph]) -> String {
        var out = "flowchart TD\n"
        for graph in graphs {
            let nested = graphs.count > 1
            let indent = nested ? "    " : "  "
            if nested { out += "  subgraph \(graph.name)[\"\(mermaidEscape(graph.name))\"]\n" }
            for node in graph.nodes {
                let label = "\"" + Self.mermaidEscape(node.label) + "\""
                let shape: String
                switch node.shape {
                case .start: shape = "([\(label)])"
                case .step: shape = "[\(label)]"
                case .decision: shape = "{\(label)}"
                case .wait: shape = "[/\(label)/]"
                case .action: shape = ">\(label)]"
                case .end: shape = "((\(label)))"
                case .note: shape = "[\(label)]:::note"
                }
                out += "\(indent)\(graph.name)_\(node.id)\(shape)\n"
            }
            for edge in graph.edges {
                let arrow = edge.dotted ? "-.-" : "-->"
                let label = edge.label.map { "|\"" + Self.mermaidEscape($0) + "\"|" } ?? ""
                out += "\(indent)\(graph.name)_\(edge.from) \(arrow)\(label) \(graph.name)_\(edge.to)\n"
            }
            if nested { out += "  end\n" }
        }
        out += "  classDef note fill:#f6f6f6,stroke:#999,stroke-dasharray:3 3,color:#333\n"
        return out
    }

    /// Graphviz DOT: one digraph, a cluster per campaign when there are several.
    public static func dot(_ graphs: [JourneyGraph]) -> String {
        let title = graphs.count == 1 ? graphs[0].name : "journeys"
        var out = "digraph \"\(Self.dotEscape(title))\" {\n  rankdir=TB;\n  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=10];\n"
        for graph in graphs {
            let nested = graphs.count > 1
            let indent = nested ? "    " : "  "
            if nested { out += "  subgraph \"cluster_\(Self.dotEscape(graph.name))\" {\n    label=\"\(Self.dotEscape(graph.name))\";\n" }
            for node in graph.nodes {
                let attributes: String
                switch node.shape {
                case .start: attributes = "shape=oval, style=filled, fillcolor=\"#e8f0fe\""
                case .step: attributes = "shape=box, style=rounded"
                case .decision: attributes = "shape=diamond"
                case .wait: attributes = "shape=parallelogram"
                case .action: attributes = "shape=cds"
                case .end: attributes = "shape=doublecircle"
                case .note: attributes = "shape=note, style=dashed"
                }
                out += "\(indent)\(graph.name)_\(node.id) [label=\"\(Self.dotEscape(node.label))\", \(attributes)];\n"
            }
            for edge in graph.edges {
                var attributes: [String] = []
                if let label = edge.label { attributes.append("label=\"\(Self.dotEscape(label))\"") }
                if edge.dotted { attributes.append("style=dotted, arrowhead=none") }
                out += "\(indent)\(graph.name)_\(edge.from) -> \(graph.name)_\(edge.to)" + (attributes.isEmpty ? "" : " [" + attributes.joined(separator: ", ") + "]") + ";\n"
            }
            if nested { out += "  }\n" }
        }
        return out + "}\n"
    }

    static func mermaidEscape(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "\"": out += "#quot;"
            case "#": out += "#35;"
            case "<": out += "#lt;"
            case ">": out += "#gt;"
            default: out.append(c)
            }
        }
        return out
    }

    static func dotEscape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
