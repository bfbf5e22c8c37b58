@testable import CampaignReports
import CampaignSemantics
import CampaignSyntax
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The journey diagram's geometry (`JourneyGeometry`) on every example and on generated
/// journeys, and the SVG written exactly from the layout that was checked.
@Suite struct JourneyLayoutTests {
    static let exampleGraphs: [JourneyGraph] = {
        guard let table = try? ReportTests.table([ReportTests.examples.path]) else { return [] }
        return table.campaignNames.compactMap { table.campaigns[$0].map(JourneyGraph.init) }
    }()

    static func generatedGraphs(count: Int, seed: UInt64) -> [JourneyGraph] {
        var generator = JourneyGenerator(seed: seed)
        return (0..<count).compactMap { i in
            let text = generator.campaign(i)
            let parsed = Parser.parse(SourceFile(path: "g\(i).campaign", text: text))
            if !parsed.diagnostics.isEmpty { Issue.record("g\(i) does not parse: \(parsed.diagnostics.map(\.message))\n\(text)") }
            for declaration in parsed.syntax.declarations { if case .campaign(let c) = declaration { return JourneyGraph(c) } }
            return nil
        }
    }

    @Test func everyExampleJourneyIsDrawnCorrectly() throws {
        #expect(Self.exampleGraphs.count == 5)
        for graph in Self.exampleGraphs {
            let problems = JourneyGeometry.violations(JourneyLayout(graph), graph)
            #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        }
        // Drawn at their own size, the journeys without a split fit a 390 px phone: an arm
        // of a few small boxes (`not entered`) takes only their width, not a full column.
        let phone = PreviewHTML.figureWidth(screen: 390)
        let fitting = Self.exampleGraphs.filter { JourneyLayout($0).width <= phone }.map(\.name)
        #expect(fitting == ["birthday", "lapsing_nudge", "patio_launch", "winback_sms"], "\(Self.exampleGraphs.map { ($0.name, JourneyLayout($0).width) })")
    }

    @Test func generatedJourneysAreDrawnCorrectly() throws {
        let graphs = Self.generatedGraphs(count: 240, seed: 14)
        #expect(graphs.count == 240, "every generated campaign parses")
        var kinds: Set<JourneyGraph.Shape> = [], labels: Set<String> = []
        for graph in graphs {
            kinds.formUnion(graph.nodes.map(\.shape))
            labels.formUnion(graph.edges.compactMap(\.label))
            let problems = JourneyGeometry.violations(JourneyLayout(graph), graph)
            #expect(problems.isEmpty, "\(problems.prefix(5).joined(separator: "\n"))")
        }
        // The generator reached every kind of step and arm.
        #expect(kinds == [.start, .step, .decision, .wait, .action, .end, .note])
        #expect(labels.isSuperset(of: ["yes", "no", "else", "50%", "30%", "40%"]))
        #expect(graphs.contains { $0.nodes.contains { $0.label.hasPrefix("else if") } })
        #expect(graphs.contains { $0.nodes.contains { $0.label == "exit" } })
        // Some put steps after an exit (W0101): they are left out, and said to be.
        #expect(graphs.filter { !JourneyLayout($0).unreachable.isEmpty }.count >= 10)
    }

    /// Steps after an `exit` have no way in: they are not boxes hanging in the picture,
    /// and the drawing says how many were left out.
    @Test func stepsAfterAnExitAreLeftOutAndCounted() throws {
        let text = """
        campaign dead {
          trigger 0d after signup_at
          if clicked(any) {
            exit
            send email never_sent { subject "s" body "b" }
          }
          send email welcome { subject "s" body "b" }
          exit
          tag never_tagged
          wait 2d
        }
        """
        let parsed = Parser.parse(SourceFile(path: "dead.campaign", text: text))
        guard case .campaign(let campaign)? = parsed.syntax.declarations.first else { Issue.record("no campaign"); return }
        let graph = JourneyGraph(campaign)
        let layout = JourneyLayout(graph)
        let drawn = Set(layout.boxes.compactMap { box in graph.nodes.first { $0.id == box.id }?.label })
        #expect(drawn.contains("send email welcome") && !drawn.contains("send email never_sent") && !drawn.contains("tag never_tagged") && !drawn.contains("wait 2d"))
        #expect(layout.unreachable.count == 4, "three steps and the journey's end")
        #expect(layout.warning.map(\.text).joined(separator: " ") == "3 steps after an exit never run and are not drawn (warning W0101).")
        #expect(JourneyGeometry.violations(layout, graph).isEmpty, "\(JourneyGeometry.violations(layout, graph))")
        #expect(JourneyDrawing.svg(layout, name: "dead").contains("3 steps after an exit never run"))
    }

    /// The checker itself catches what it is for: edges through boxes, unlabelled arms, cut text.
    @Test func theCheckerCatchesABrokenLayout() throws {
        let graph = try #require(Self.exampleGraphs.first { $0.name == "winback_sms" })
        let good = JourneyLayout(graph)
        #expect(JourneyGeometry.violations(good, graph).isEmpty)

        var throughBoxes = good
        let straight = good.routes.map { route in
            JourneyLayout.Route(from: route.from, to: route.to, label: route.label, points: [route.points[0], JourneyLayout.Point(x: route.points[0].x, y: route.points[route.points.count - 1].y)])
        }
        throughBoxes.routes = straight
        #expect(JourneyGeometry.violations(throughBoxes, graph).contains { $0.contains("passes through") })

        var unlabelled = good
        unlabelled.labels.removeLast()
        #expect(JourneyGeometry.violations(unlabelled, graph).contains { $0.contains("is not drawn once") })

        var cut = good
        if let i = cut.boxes.firstIndex(where: { $0.lines.count > 1 }) {
            let box = cut.boxes[i]
            cut.boxes[i] = JourneyLayout.Box(id: box.id, shape: box.shape, frame: box.frame, lines: [String(box.lines[0].prefix(20)) + "…"])
        }
        #expect(JourneyGeometry.violations(cut, graph).contains { $0.contains("is cut") })
    }

    @Test func theSVGIsTheLayout() throws {
        for graph in Self.exampleGraphs + Self.generatedGraphs(count: 40, seed: 7) {
            let layout = JourneyLayout(graph)
            let svg = JourneyDrawing.svg(layout, name: graph.name)
            let reader = SVGShapes()
            let parser = XMLParser(data: Data(svg.utf8))
            parser.delegate = reader
            #expect(parser.parse(), "\(graph.name): SVG does not parse")
            #expect(reader.rects == layout.boxes.map(\.frame), "\(graph.name): rectangles")
            #expect(reader.paths == layout.routes.map(\.points), "\(graph.name): paths")
            let lines = layout.labels.flatMap(\.lines) + layout.boxes.flatMap(\.lines) + layout.warning.map(\.text) + layout.notes.map(\.text)
            #expect(reader.texts.map(\.text) == lines, "\(graph.name): texts")
            var index = layout.labels.reduce(0) { $0 + $1.lines.count }
            for box in layout.boxes {
                for _ in box.lines {
                    let t = reader.texts[index]
                    #expect(t.x == box.frame.x + box.frame.width / 2 && t.y > box.frame.y && t.y < box.frame.maxY, "\(graph.name): text inside its box")
                    index += 1
                }
            }
            #expect(!svg.contains("…"))
        }
    }

    @Test func wrappingKeepsEveryCharacter() {
        #expect(TextWrap.lines("if count(purchase since entry) == 0", columns: 29) == ["if count(purchase since", "entry) == 0"])
        #expect(TextWrap.lines("abcdefghij", columns: 4) == ["abcd", "efgh", "ij"])
        #expect(TextWrap.lines("지우 지우지우", columns: 4) == ["지우", "지우", "지우"])
        #expect(TextWrap.lines("", columns: 4) == [""])
    }
}

/// The shapes of an SVG: rectangles, the points of each edge path, and texts with their anchor.
final class SVGShapes: NSObject, XMLParserDelegate {
    var rects: [JourneyLayout.Rect] = []
    var paths: [[JourneyLayout.Point]] = []
    var texts: [(x: Int, y: Int, text: String)] = []
    var inText = false

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let number = { (key: String) in Int(attributes[key] ?? "") ?? -1 }
        switch name {
        case "rect": rects.append(JourneyLayout.Rect(x: number("x"), y: number("y"), width: number("width"), height: number("height")))
        case "path" where attributes["fill"] == "none":
            let numbers = (attributes["d"] ?? "").split(whereSeparator: { "ML ".contains($0) }).compactMap { Int($0) }
            paths.append(stride(from: 0, to: numbers.count - 1, by: 2).map { JourneyLayout.Point(x: numbers[$0], y: numbers[$0 + 1]) })
        case "text":
            texts.append((number("x"), number("y"), ""))
            inText = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { texts[texts.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if name == "text" { inText = false }
    }
}
