/// A journey graph drawn as SVG from its `JourneyLayout`: boxes in columns per branch arm,
/// edges as orthogonal paths with arrowheads, arm labels beside the head of their arm,
/// rules (exit, goal, holdout) listed under the path. Text is monospace so the layout
/// knows how wide it is; long labels wrap onto several lines.
enum JourneyDrawing {
    static func svg(_ layout: JourneyLayout, name: String) -> String {
        let marker = "arrow-" + PreviewHTML.escape(name)
        var out = "<svg class=\"journey-drawing\" width=\"\(layout.width)\" height=\"\(layout.height)\" viewBox=\"0 0 \(layout.width) \(layout.height)\" role=\"img\" aria-label=\"journey of \(PreviewHTML.escape(name))\" font-size=\"12\" font-family=\"ui-monospace, Menlo, Consolas, monospace\">\n"
        out += "<defs><marker id=\"\(marker)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#8795a1\"/></marker></defs>\n"
        for route in layout.routes {
            let d = route.points.enumerated().map { ($0.offset == 0 ? "M" : "L") + "\($0.element.x) \($0.element.y)" }.joined(separator: " ")
            out += "<path d=\"\(d)\" fill=\"none\" stroke=\"#8795a1\" marker-end=\"url(#\(marker))\"/>\n"
        }
        for label in layout.labels {
            for (i, line) in label.lines.enumerated() {
                out += "<text x=\"\(label.frame.x)\" y=\"\(label.frame.y + 11 + i * JourneyLayout.labelLineHeight)\" fill=\"#3b6fd8\">\(PreviewHTML.escape(line))</text>\n"
            }
        }
        for box in layout.boxes {
            let (fill, stroke, radius): (String, String, Int)
            switch box.shape {
            case .start: (fill, stroke, radius) = ("#e8f0fe", "#3b6fd8", 16)
            case .decision: (fill, stroke, radius) = ("#fff7e6", "#e0a422", 4)
            case .wait: (fill, stroke, radius) = ("#f3f4f6", "#8795a1", 12)
            case .action: (fill, stroke, radius) = ("#eefaf4", "#2a9d6f", 4)
            case .end: (fill, stroke, radius) = ("#fdecea", "#d8543b", 16)
            case .step, .note: (fill, stroke, radius) = ("#ffffff", "#3b6fd8", 6)
            }
            let f = box.frame
            out += "<rect x=\"\(f.x)\" y=\"\(f.y)\" width=\"\(f.width)\" height=\"\(f.height)\" rx=\"\(radius)\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>\n"
            for (i, line) in box.lines.enumerated() {
                out += "<text x=\"\(f.x + f.width / 2)\" y=\"\(f.y + 20 + i * JourneyLayout.lineHeight)\" text-anchor=\"middle\">\(PreviewHTML.escape(line))</text>\n"
            }
        }
        for line in layout.warning {
            out += "<text x=\"\(JourneyLayout.margin)\" y=\"\(line.y)\" fill=\"#a35200\">\(PreviewHTML.escape(line.text))</text>\n"
        }
        for note in layout.notes {
            out += "<text x=\"\(JourneyLayout.margin)\" y=\"\(note.y)\" fill=\"#66727f\">\(PreviewHTML.escape(note.text))</text>\n"
        }
        return out + "</svg>\n"
    }
}
