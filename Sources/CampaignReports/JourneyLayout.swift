import CampaignSyntax

/// A journey placed on a plane, the model the SVG diagram is written from: boxes for the
/// steps, orthogonal routes for the edges, label boxes for the branch arms.
///
/// Correct by construction: every step of a sequence is centred on its column's spine and
/// stacked below the one before; a fork puts each arm in a column of its own, side by side
/// under the decision, so a block of steps only ever occupies its own rectangle. An edge
/// runs down its own column, and crosses columns only in a horizontal channel, the gap
/// between two rows of the enclosing block, where no box is. So no edge passes behind a
/// box, every arm's label sits at the head of its own column, and text wraps instead of
/// being cut.
struct JourneyLayout: Sendable {
    struct Point: Hashable, Sendable { var x: Int, y: Int }

    struct Rect: Hashable, Sendable {
        var x: Int, y: Int, width: Int, height: Int
        var maxX: Int { x + width }
        var maxY: Int { y + height }
    }

    /// One node of the graph, with its label broken into lines.
    struct Box: Sendable {
        let id: String
        let shape: JourneyGraph.Shape
        let frame: Rect
        let lines: [String]
    }

    /// One edge of the graph, as a polyline of horizontal and vertical segments from the
    /// bottom of `from` to the top of `to`.
    struct Route: Sendable {
        let from: String
        let to: String
        let label: String?
        let points: [Point]
    }

    /// The label of `routes[route]`, beside the head of its arm.
    struct Label: Sendable {
        let route: Int
        let frame: Rect
        let lines: [String]
    }

    static let nodeWidth = 240, nodeColumns = 29, lineHeight = 16, rowGap = 32, armGap = 24, margin = 16
    static let labelColumns = 12, labelLineHeight = 14

    /// The width text takes at the drawing's size, on the safe side: 7.5 px per column at
    /// 12 px monospace (whose advance is 0.6 em, 7.2 px), two columns for a wide character.
    static func textWidth(_ text: String) -> Int { (DisplayWidth.of(text) * 15 + 1) / 2 }

    /// A box's width for its wrapped lines: the text and a margin, at least 96, at most a column.
    static func boxWidth(_ lines: [String]) -> Int {
        min(nodeWidth, max(96, (lines.map(textWidth).max() ?? 0) + 24))
    }

    var boxes: [Box] = []
    var routes: [Route] = []
    var labels: [Label] = []
    /// The rules (exit, goal, holdout, reentry, priority), wrapped, listed under the path.
    var notes: [(y: Int, text: String)] = []
    /// Steps no entry reaches (after an `exit`, warning W0101): not drawn, since a box with
    /// no way in would read as a step that runs; `warning` says how many there are.
    var unreachable: [String] = []
    var warning: [(y: Int, text: String)] = []
    var width = 0
    var height = 0

    init(_ graph: JourneyGraph) {
        let nodes = Dictionary(graph.nodes.map { ($0.id, $0) }) { a, _ in a }
        let reachable = Self.reachable(graph)
        let dotted = Set(graph.edges.filter(\.dotted).map(\.to))
        unreachable = graph.nodes.map(\.id).filter { !reachable.contains($0) && !dotted.contains($0) }
        var builder = Builder(nodes: nodes)
        let placed = builder.place(Self.keeping(graph.flow, reachable), left: Self.margin, top: Self.margin - Self.rowGap, incoming: [])
        boxes = builder.boxes
        routes = builder.routes
        labels = builder.labels
        let noteColumns = max(40, (placed.right - Self.margin) * 2 / 15)
        var y = placed.bottom + 28
        // The journey's own `end`, after dead steps, is no step of the campaign's.
        let deadSteps = unreachable.filter { !(nodes[$0]?.shape == .end && nodes[$0]?.label == "end") }.count
        if deadSteps > 0 {
            let text = deadSteps == 1
                ? "1 step after an exit never runs and is not drawn (warning W0101)."
                : "\(deadSteps) steps after an exit never run and are not drawn (warning W0101)."
            for line in TextWrap.lines(text, columns: noteColumns) {
                warning.append((y, line))
                y += Self.lineHeight
            }
            y += 8
        }
        for node in graph.nodes where dotted.contains(node.id) {
            for line in TextWrap.lines(node.label, columns: noteColumns) {
                notes.append((y, line))
                y += Self.lineHeight
            }
        }
        width = max(placed.right, Self.margin + Self.textWidth(String(repeating: " ", count: noteColumns))) + Self.margin
        height = (notes.isEmpty && warning.isEmpty ? placed.bottom : y - Self.lineHeight + 4) + Self.margin
    }

    /// The nodes an entry can reach from the trigger along the path's edges (the rules,
    /// joined by dotted edges, are not steps and are left out).
    static func reachable(_ graph: JourneyGraph) -> Set<String> {
        guard let start = graph.nodes.first?.id else { return [] }
        var seen: Set<String> = [start], queue = [start]
        while let next = queue.popLast() {
            for edge in graph.edges where !edge.dotted && edge.from == next && !seen.contains(edge.to) {
                seen.insert(edge.to)
                queue.append(edge.to)
            }
        }
        return seen
    }

    /// `flow` without the steps outside `reachable` (a fork goes with everything in its arms).
    static func keeping(_ flow: [JourneyFlow], _ reachable: Set<String>) -> [JourneyFlow] {
        flow.compactMap { item in
            switch item {
            case .step(let id), .end(let id): return reachable.contains(id) ? item : nil
            case .fork(let id, let arms):
                guard reachable.contains(id) else { return nil }
                return .fork(id, arms.map { JourneyFlow.Arm(label: $0.label, body: keeping($0.body, reachable)) })
            }
        }
    }

    /// An edge on its way to the next box: where it comes from, its label and its path so far.
    struct Pending {
        var from: String
        var label: String?
        var labelFrame: (Rect, [String])?
        var points: [Point]
    }

    struct Builder {
        let nodes: [String: JourneyGraph.Node]
        var boxes: [Box] = []
        var routes: [Route] = []
        var labels: [Label] = []

        /// Places `items` in a column whose left edge is `left`, below `top`, where every
        /// incoming edge has arrived (each ends at `top`). Returns the rightmost x and the
        /// bottom used, and the edges that leave the block, each ending at that bottom.
        mutating func place(_ items: [JourneyFlow], left: Int, top: Int, width: Int = JourneyLayout.nodeWidth, incoming: [Pending]) -> (right: Int, bottom: Int, pending: [Pending]) {
            let spine = left + width / 2
            var y = top, right = left + width, pending = incoming
            for item in items {
                switch item {
                case .step(let id), .end(let id):
                    y = box(id, spine: spine, top: y + JourneyLayout.rowGap, incoming: pending)
                    if case .step = item { pending = [Pending(from: id, points: [Point(x: spine, y: y)])] } else { pending = [] }
                case .fork(let id, let arms):
                    let decisionBottom = box(id, spine: spine, top: y + JourneyLayout.rowGap, incoming: pending)
                    let channel = decisionBottom + 14
                    let armLabels = arms.map { TextWrap.lines($0.label, columns: JourneyLayout.labelColumns) }
                    let armTop = channel + 5 + (armLabels.map(\.count).max() ?? 0) * JourneyLayout.labelLineHeight
                    var x = left, bottom = armTop
                    pending = []
                    for (k, arm) in arms.enumerated() {
                        let lines = armLabels[k]
                        let labelWidth = lines.map(JourneyLayout.textWidth).max() ?? 0
                        // An arm of steps only is as wide as its widest box, so a short
                        // arm (`not entered`) does not take a full column.
                        let column = columnWidth(arm.body)
                        let lineX = arm.body.isEmpty ? (k == 0 ? spine : x + 8) : x + column / 2
                        let frame = Rect(x: lineX + 5, y: channel + 5, width: labelWidth, height: lines.count * JourneyLayout.labelLineHeight)
                        let start = Pending(from: id, label: arm.label, labelFrame: (frame, lines),
                                            points: [Point(x: spine, y: decisionBottom), Point(x: spine, y: channel), Point(x: lineX, y: channel), Point(x: lineX, y: armTop)])
                        var armRight = frame.maxX + 8
                        if arm.body.isEmpty {
                            pending.append(start)
                        } else {
                            let placed = place(arm.body, left: x, top: armTop, width: column, incoming: [start])
                            armRight = max(armRight, placed.right)
                            bottom = max(bottom, placed.bottom)
                            pending += placed.pending
                        }
                        right = max(right, armRight)
                        x = armRight + JourneyLayout.armGap
                    }
                    // Every way out runs straight down its own column to the bottom of the fork.
                    for i in pending.indices where pending[i].points[pending[i].points.count - 1].y < bottom {
                        pending[i].points.append(Point(x: pending[i].points[pending[i].points.count - 1].x, y: bottom))
                    }
                    y = bottom
                }
            }
            return (right, y, pending)
        }

        /// Adds the box of node `id` centred on `spine` at `top`, and finishes the edges
        /// into it: down their columns to the channel above the box, across, and down.
        mutating func box(_ id: String, spine: Int, top: Int, incoming: [Pending]) -> Int {
            let node = nodes[id]
            let text = node?.label ?? id
            let lines = TextWrap.lines(text, columns: JourneyLayout.nodeColumns)
            let width = JourneyLayout.boxWidth(lines)
            let frame = Rect(x: spine - width / 2, y: top, width: width, height: lines.count * JourneyLayout.lineHeight + 16)
            boxes.append(Box(id: id, shape: node?.shape ?? .step, frame: frame, lines: lines))
            let channel = top - JourneyLayout.rowGap / 2
            for edge in incoming {
                var points = edge.points
                if let last = points.last, last.x != spine { points += [Point(x: last.x, y: channel), Point(x: spine, y: channel)] }
                points.append(Point(x: spine, y: top))
                routes.append(Route(from: edge.from, to: id, label: edge.label, points: Self.simplified(points)))
                if let (frame, lines) = edge.labelFrame { labels.append(Label(route: routes.count - 1, frame: frame, lines: lines)) }
            }
            return frame.maxY
        }

        /// The width of the column `items` need: their widest box, or a full column where
        /// they fork (the arms are measured as they are placed).
        func columnWidth(_ items: [JourneyFlow]) -> Int {
            items.map { item in
                switch item {
                case .step(let id), .end(let id): JourneyLayout.boxWidth(TextWrap.lines(nodes[id]?.label ?? id, columns: JourneyLayout.nodeColumns))
                case .fork: JourneyLayout.nodeWidth
                }
            }.max() ?? JourneyLayout.nodeWidth
        }

        /// The polyline without repeated points or bends that do not turn.
        static func simplified(_ points: [Point]) -> [Point] {
            var out: [Point] = []
            for p in points {
                if out.last == p { continue }
                if out.count >= 2 {
                    let a = out[out.count - 2], b = out[out.count - 1]
                    if (a.x == b.x && b.x == p.x) || (a.y == b.y && b.y == p.y) { out[out.count - 1] = p; continue }
                }
                out.append(p)
            }
            return out
        }
    }
}
