/// A journey graph drawn as SVG: nodes in layers by their longest distance from the
/// trigger, edges as lines with their labels, rules (exit, goal) in a box beside it.
enum JourneyDrawing {
    static func svg(_ graph: JourneyGraph) -> String {
        let path = graph.edges.filter { !$0.dotted }
        let notes = Set(graph.edges.filter(\.dotted).map(\.to))
        var layer: [String: Int] = [:]
        if let first = graph.nodes.first { layer[first.id] = 0 }
        // Edges only go forward (steps are emitted in order), so one pass in edge order settles the layers.
        for _ in 0..<2 {
            for edge in path { if let l = layer[edge.from] { layer[edge.to] = max(layer[edge.to] ?? 0, l + 1) } }
        }
        let drawn = graph.nodes.filter { !notes.contains($0.id) }
        var columns: [Int: [String]] = [:]
        for node in drawn { columns[layer[node.id] ?? 0, default: []].append(node.id) }
        let nodeWidth = 210, nodeHeight = 40, gapX = 24, gapY = 34
        let widest = max(1, columns.values.map(\.count).max() ?? 1)
        let width = max(widest * (nodeWidth + gapX) + gapX, 480)
        let layers = (columns.keys.max() ?? 0) + 1
        var position: [String: (x: Int, y: Int)] = [:]
        for (l, ids) in columns {
            let rowWidth = ids.count * (nodeWidth + gapX) - gapX
            for (i, id) in ids.enumerated() {
                position[id] = ((width - rowWidth) / 2 + i * (nodeWidth + gapX), 16 + l * (nodeHeight + gapY))
            }
        }
        let noteLines = graph.nodes.filter { notes.contains($0.id) }.map(\.label)
        let height = 16 + layers * (nodeHeight + gapY) + (noteLines.isEmpty ? 0 : noteLines.count * 18 + 20)
        var out = "<svg width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"journey of \(PreviewHTML.escape(graph.name))\" font-size=\"12\">\n"
        out += "<defs><marker id=\"arrow-\(PreviewHTML.escape(graph.name))\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#8795a1\"/></marker></defs>\n"
        for edge in path {
            guard let a = position[edge.from], let b = position[edge.to] else { continue }
            let x1 = a.x + nodeWidth / 2, y1 = a.y + nodeHeight, x2 = b.x + nodeWidth / 2, y2 = b.y
            out += "<line x1=\"\(x1)\" y1=\"\(y1)\" x2=\"\(x2)\" y2=\"\(y2)\" stroke=\"#8795a1\" marker-end=\"url(#arrow-\(PreviewHTML.escape(graph.name)))\"/>"
            if let label = edge.label {
                out += "<text x=\"\((x1 + x2) / 2 + 4)\" y=\"\((y1 + y2) / 2 + 4)\" fill=\"#3b6fd8\">\(PreviewHTML.escape(label))</text>"
            }
            out += "\n"
        }
        for node in drawn {
            guard let p = position[node.id] else { continue }
            let (fill, stroke, radius): (String, String, Int)
            switch node.shape {
            case .start: (fill, stroke, radius) = ("#e8f0fe", "#3b6fd8", 20)
            case .decision: (fill, stroke, radius) = ("#fff7e6", "#e0a422", 4)
            case .wait: (fill, stroke, radius) = ("#f3f4f6", "#8795a1", 12)
            case .action: (fill, stroke, radius) = ("#eefaf4", "#2a9d6f", 4)
            case .end: (fill, stroke, radius) = ("#fdecea", "#d8543b", 20)
            case .step, .note: (fill, stroke, radius) = ("#ffffff", "#3b6fd8", 6)
            }
            out += "<rect x=\"\(p.x)\" y=\"\(p.y)\" width=\"\(nodeWidth)\" height=\"\(nodeHeight)\" rx=\"\(radius)\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>"
            let label = node.label.count > 34 ? String(node.label.prefix(33)) + "…" : node.label
            out += "<text x=\"\(p.x + nodeWidth / 2)\" y=\"\(p.y + 24)\" text-anchor=\"middle\"><title>\(PreviewHTML.escape(node.label))</title>\(PreviewHTML.escape(label))</text>\n"
        }
        var y = 16 + layers * (nodeHeight + gapY) + 4
        for line in noteLines {
            out += "<text x=\"16\" y=\"\(y)\" fill=\"#66727f\">\(PreviewHTML.escape(line))</text>\n"
            y += 18
        }
        return out + "</svg>\n"
    }
}
