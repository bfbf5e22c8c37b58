@testable import CampaignReports

/// What a journey diagram must satisfy, checked over the layout the SVG is written from.
/// Each violation is a sentence naming the campaign and the nodes involved.
enum JourneyGeometry {
    typealias Rect = JourneyLayout.Rect
    typealias Point = JourneyLayout.Point

    static func violations(_ layout: JourneyLayout, _ graph: JourneyGraph) -> [String] {
        var found: [String] = []
        let name = graph.name
        let boxes = Dictionary(layout.boxes.map { ($0.id, $0) }) { a, _ in a }
        let nodes = Dictionary(graph.nodes.map { ($0.id, $0) }) { a, _ in a }
        let notes = Set(graph.edges.filter(\.dotted).map(\.to))

        // The drawing is the graph: every step an entry can reach a box, every edge between
        // them a route, nothing more; the steps no entry reaches (after an `exit`, W0101)
        // are no boxes, and a warning says how many there are.
        var reached: Set<String> = [], queue = graph.nodes.first.map { [$0.id] } ?? []
        while let next = queue.popLast() {
            if reached.insert(next).inserted { queue += graph.edges.filter { !$0.dotted && $0.from == next }.map(\.to) }
        }
        let unreachable = graph.nodes.filter { !reached.contains($0.id) && !notes.contains($0.id) }
        let deadSteps = unreachable.filter { !($0.shape == .end && $0.label == "end") }
        for node in graph.nodes where reached.contains(node.id) && boxes[node.id] == nil { found.append("\(name): no box for \(node.label)") }
        for node in unreachable where boxes[node.id] != nil { found.append("\(name): \(node.label) is drawn though no entry reaches it") }
        let warning = layout.warning.map(\.text).joined(separator: " ")
        if deadSteps.isEmpty ? !warning.isEmpty : !(warning.hasPrefix("\(deadSteps.count) step") && warning.contains("W0101")) {
            found.append("\(name): \(deadSteps.count) unreachable steps, warning \"\(warning)\"")
        }
        let drawnEdges = layout.routes.map { "\($0.from)>\($0.to)|\($0.label ?? "")" }.sorted()
        let graphEdges = graph.edges.filter { !$0.dotted && reached.contains($0.from) }.map { "\($0.from)>\($0.to)|\($0.label ?? "")" }.sorted()
        if drawnEdges != graphEdges { found.append("\(name): routes \(drawnEdges) are not the graph's edges \(graphEdges)") }

        // Boxes apart from each other and inside the picture.
        let frame = Rect(x: 0, y: 0, width: layout.width, height: layout.height)
        for (i, a) in layout.boxes.enumerated() {
            if !contains(frame, a.frame) { found.append("\(name): \(label(a)) outside the picture") }
            for b in layout.boxes[(i + 1)...] where overlap(a.frame, b.frame) { found.append("\(name): \(label(a)) overlaps \(label(b))") }
        }

        // Routes: orthogonal, from the bottom of their source to the top of their target,
        // and never through a box they do not connect (nor back through their own ends).
        for route in layout.routes {
            let what = "\(nodes[route.from]?.label ?? route.from) → \(nodes[route.to]?.label ?? route.to)"
            guard let first = route.points.first, let last = route.points.last, route.points.count >= 2 else {
                found.append("\(name): edge \(what) has no path"); continue
            }
            if let from = boxes[route.from], !(first.y == from.frame.maxY && first.x > from.frame.x && first.x < from.frame.maxX) {
                found.append("\(name): edge \(what) does not leave the bottom of its source")
            }
            if let to = boxes[route.to], !(last.y == to.frame.y && last.x > to.frame.x && last.x < to.frame.maxX) {
                found.append("\(name): edge \(what) does not arrive at the top of its target")
            }
            for (a, b) in zip(route.points, route.points.dropFirst()) {
                if a.x != b.x && a.y != b.y { found.append("\(name): edge \(what) has a slanted segment \(a)–\(b)") }
                for box in layout.boxes {
                    let own = box.id == route.from || box.id == route.to
                    if crosses(a, b, own ? box.frame : inflated(box.frame, by: 1), interiorOnly: own) {
                        found.append("\(name): edge \(what) passes through \(label(box))")
                    }
                }
            }
        }

        // Every arm of every fork has its own labelled edge, its label beside its route and
        // clear of every box, every other label and every edge.
        for (id, arms) in forks(graph.flow) where reached.contains(id) {
            let out = layout.routes.filter { $0.from == id }
            for arm in Set(arms.map(\.label)) {
                let expected = arms.filter { $0.label == arm }.count
                if out.filter({ $0.label == arm }).count != expected { found.append("\(name): arm \"\(arm)\" of \(nodes[id]?.label ?? id) has no edge of its own") }
            }
        }
        for (index, route) in layout.routes.enumerated() where route.label != nil {
            let placed = layout.labels.filter { $0.route == index }
            guard placed.count == 1, let label = placed.first else { found.append("\(name): label \(route.label ?? "") of an edge from \(nodes[route.from]?.label ?? "") is not drawn once"); continue }
            if label.lines.joined() .filter({ $0 != " " }) != (route.label ?? "").filter({ $0 != " " }) { found.append("\(name): label \(route.label ?? "") drawn as \(label.lines)") }
            let beside = zip(route.points, route.points.dropFirst()).contains { a, b in
                a.x == b.x && label.frame.x - a.x >= 0 && label.frame.x - a.x <= 8 && min(a.y, b.y) <= label.frame.y && max(a.y, b.y) >= label.frame.maxY
            }
            if !beside { found.append("\(name): label \(route.label ?? "") is not beside its edge") }
        }
        for (i, label) in layout.labels.enumerated() {
            let text = label.lines.joined(separator: " ")
            for box in layout.boxes where overlap(label.frame, box.frame) { found.append("\(name): label \(text) covers \(self.label(box))") }
            for other in layout.labels[(i + 1)...] where overlap(label.frame, other.frame) { found.append("\(name): labels \(text) and \(other.lines.joined(separator: " ")) overlap") }
            for route in layout.routes {
                for (a, b) in zip(route.points, route.points.dropFirst()) where crosses(a, b, label.frame, interiorOnly: false) {
                    found.append("\(name): an edge runs through label \(text)")
                }
            }
        }

        // Every box reachable from the trigger along the drawn edges.
        if let start = graph.nodes.first?.id {
            var seen: Set<String> = [start], queue = [start]
            while let next = queue.popLast() {
                for route in layout.routes where route.from == next && !seen.contains(route.to) { seen.insert(route.to); queue.append(route.to) }
            }
            for box in layout.boxes where !seen.contains(box.id) { found.append("\(name): \(label(box)) is not reachable from the trigger") }
        }

        // Text: never cut, the whole label in its lines, every line inside its box.
        for box in layout.boxes {
            let text = nodes[box.id]?.label ?? ""
            if box.lines.contains(where: { $0.contains("…") }) && !text.contains("…") { found.append("\(name): \(label(box)) is cut") }
            if box.lines.joined().filter({ $0 != " " }) != text.filter({ $0 != " " }) { found.append("\(name): box \(box.lines) does not read \(text)") }
            for line in box.lines where JourneyLayout.textWidth(line) > box.frame.width - 16 { found.append("\(name): \"\(line)\" is wider than its box") }
        }
        let noteText = layout.notes.map(\.text).joined().filter { $0 != " " }
        let expectedNotes = graph.nodes.filter { notes.contains($0.id) }.map(\.label).joined().filter { $0 != " " }
        if noteText != expectedNotes { found.append("\(name): rules read \(noteText), not \(expectedNotes)") }
        for note in layout.notes where JourneyLayout.textWidth(note.text) > layout.width - 2 * JourneyLayout.margin { found.append("\(name): rule \"\(note.text)\" is wider than the picture") }
        return found
    }

    static func forks(_ flow: [JourneyFlow]) -> [(String, [JourneyFlow.Arm])] {
        flow.flatMap { item -> [(String, [JourneyFlow.Arm])] in
            if case .fork(let id, let arms) = item { return [(id, arms)] + arms.flatMap { forks($0.body) } }
            return []
        }
    }

    static func label(_ box: JourneyLayout.Box) -> String { "[" + box.lines.joined(separator: " ") + "]" }

    static func inflated(_ r: Rect, by d: Int) -> Rect { Rect(x: r.x - d, y: r.y - d, width: r.width + 2 * d, height: r.height + 2 * d) }

    static func contains(_ outer: Rect, _ inner: Rect) -> Bool {
        inner.x >= outer.x && inner.y >= outer.y && inner.maxX <= outer.maxX && inner.maxY <= outer.maxY
    }

    static func overlap(_ a: Rect, _ b: Rect) -> Bool {
        a.x < b.maxX && b.x < a.maxX && a.y < b.maxY && b.y < a.maxY
    }

    /// Whether segment a–b meets the rectangle (its inside only, or its border too):
    /// exactly for horizontal and vertical segments, in quarter-pixel steps for slanted ones.
    static func crosses(_ a: Point, _ b: Point, _ r: Rect, interiorOnly: Bool) -> Bool {
        func inside(_ x: Double, _ y: Double) -> Bool {
            interiorOnly
                ? x > Double(r.x) && x < Double(r.maxX) && y > Double(r.y) && y < Double(r.maxY)
                : x >= Double(r.x) && x <= Double(r.maxX) && y >= Double(r.y) && y <= Double(r.maxY)
        }
        if a.x == b.x || a.y == b.y {
            let (lowX, highX, lowY, highY) = (min(a.x, b.x), max(a.x, b.x), min(a.y, b.y), max(a.y, b.y))
            if interiorOnly {
                return max(lowX, r.x) <= min(highX, r.maxX) && max(lowY, r.y) <= min(highY, r.maxY)
                    && inside(Double(max(lowX, r.x) + min(highX, r.maxX)) / 2, Double(max(lowY, r.y) + min(highY, r.maxY)) / 2)
            }
            return max(lowX, r.x) <= min(highX, r.maxX) && max(lowY, r.y) <= min(highY, r.maxY)
        }
        let steps = 4 * max(abs(b.x - a.x), abs(b.y - a.y))
        for i in 0...steps {
            let t = Double(i) / Double(steps)
            if inside(Double(a.x) + Double(b.x - a.x) * t, Double(a.y) + Double(b.y - a.y) * t) { return true }
        }
        return false
    }
}
