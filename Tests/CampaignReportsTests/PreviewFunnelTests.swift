import CampaignPlanner
@testable import CampaignReports
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// The HTML funnel follows the journey: a branch's arms are separate boxes side by side,
/// never stages of one sequence, and every number drawn is the `Preview.Stage` tree's.
@Suite struct PreviewFunnelTests {
    static let source = """
    customer { id: id  email: email?  vip: bool  signup_at: time  email_opt_in: bool }
    event purchase { amount: number }
    channel email { address: email consent: email_opt_in }
    campaign hello {
      trigger 0d after signup_at
      goal purchase within 7d
      holdout 20%
      send email welcome { subject "Hi" body "Welcome" }
      if vip {
        send email vip_offer { subject "For you" body "A gift" }
        send email vip_reminder { subject "Still yours" body "The gift" }
      } else {
        send email tips { subject "Tips" body "How to" }
      }
      send email last { subject "Bye" body "See you" }
    }
    """

    static func html() throws -> (String, Preview.Campaign) {
        var customers = "id,email,vip,signup_at,email_opt_in\n"
        for i in 0..<60 { customers += "c\(i),c\(i)@example.com,\(i % 3 == 0),2026-06-0\(1 + i % 5)T10:00:00Z,\(i % 7 != 0)\n" }
        let project = try SmallProject(source: source, customers: customers, events: "customer_id,event,time,amount\nc1,purchase,2026-06-03T10:00:00Z,30\n",
                                       from: "2026-05-01", to: "2026-07-01")
        let preview = Preview(project.plan)
        let campaign = try #require(preview.campaigns.first)
        return (PreviewHTML.render(preview, graphs: [:]), campaign)
    }

    /// The funnel as drawn, in the shape of a stage tree: `name reached/sent`, `[arm: …|arm: …]`.
    static func drawn(_ node: HTMLNode) -> [String] {
        node.children.flatMap { child -> [String] in
            switch child.cssClass {
            case "stage":
                let name = child.first("stage-name")?.text ?? "?"
                return ["\(name) \(child.first("reached")?.text ?? "?")/\(child.first("sent")?.text ?? "-")"]
            case "arms":
                return ["[" + child.elements.map { arm in
                    (arm.cssClass == "arm" ? "" : "NOT AN ARM ") + (arm.first("arm-label")?.text ?? "?") + ": " + drawn(arm).joined(separator: ", ")
                }.joined(separator: " | ") + "]"]
            default: return []
            }
        }
    }

    static func expected(_ stages: [Preview.Stage]) -> [String] {
        stages.map { stage in
            switch stage {
            case .send(let messages, _, let reached, let sent): "\(messages.joined(separator: " or ")) \(Figures.count(reached))/\(Figures.count(sent))"
            case .arms(let arms): "[" + arms.map { "\($0.label): " + expected($0.stages).joined(separator: ", ") }.joined(separator: " | ") + "]"
            }
        }
    }

    @Test func armsAreSeparateAndTheNumbersAreTheStageTrees() throws {
        let (html, campaign) = try Self.html()
        let root = try HTMLNode.parse(html)
        let funnel = try #require(root.first("funnel"))
        let drawn = Self.drawn(funnel)
        #expect(drawn == ["entered \(Figures.count(campaign.treatment))/-"] + Self.expected(campaign.funnel))
        // The branch is one row of two boxes, not four stages in a column.
        let arms = funnel.all("arms")
        #expect(arms.count == 1)
        #expect(arms.first?.elements.map(\.cssClass) == ["arm", "arm"])
        #expect(arms.first?.elements.compactMap { $0.first("arm-label")?.text } == ["if vip", "else"])
        #expect(funnel.elements.filter { $0.cssClass == "stage" }.compactMap { $0.first("stage-name")?.text } == ["entered", "welcome", "last"])
        // Each arm falls on its own: vip_reminder never reaches more than vip_offer.
        guard case .arms(let tree)? = campaign.funnel.first(where: { if case .arms = $0 { true } else { false } }) else { Issue.record("no arms"); return }
        #expect(tree.count == 2 && tree[0].stages.count == 2 && tree[1].stages.count == 1)
        #expect(campaign.treatment > 0 && campaign.heldOut > 0)
        // The goal against the holdout, in the text preview's words.
        let verdict = try #require(root.first("verdict"))
        #expect(verdict.text == "Difference: " + PreviewText.difference(campaign))
        #expect(verdict.text.contains("too few customers to tell"), "60 customers are too few")
    }

    /// On the examples too (onboarding's split inside an `if`, winback's nested `if`s):
    /// every campaign's funnel is drawn as its Stage tree, number for number.
    @Test func everyExampleFunnelIsItsStageTree() throws {
        let (plan, _) = try ReportTests.examplesPlan()
        let preview = Preview(plan)
        let root = try HTMLNode.parse(PreviewHTML.render(preview, graphs: [:]))
        let funnels = root.all("funnel")
        #expect(funnels.count == preview.campaigns.count)
        for (funnel, campaign) in zip(funnels, preview.campaigns) {
            #expect(Self.drawn(funnel) == ["entered \(Figures.count(campaign.treatment))/-"] + Self.expected(campaign.funnel), "\(campaign.name)")
        }
        #expect(funnels.contains { !$0.all("arms").flatMap { $0.all("arms") }.isEmpty }, "some arm holds arms of its own")
    }
}

/// A parsed XHTML element: name, class, children and the text inside it.
final class HTMLNode: NSObject, XMLParserDelegate {
    let name: String
    let cssClass: String
    var children: [HTMLNode] = []
    private var own = ""
    private var stack: [HTMLNode] = []

    init(name: String, cssClass: String) {
        self.name = name
        self.cssClass = cssClass
    }

    /// The child elements, text left out.
    var elements: [HTMLNode] { children.filter { $0.name != "#text" } }

    /// All text inside, whitespace collapsed.
    var text: String { (own + children.map(\.text).joined()).split(whereSeparator: \.isWhitespace).joined(separator: " ") }

    static func parse(_ html: String) throws -> HTMLNode {
        let root = HTMLNode(name: "#document", cssClass: "")
        root.stack = [root]
        let parser = XMLParser(data: Data(html.utf8))
        parser.delegate = root
        #expect(parser.parse(), "HTML does not parse")
        return root
    }

    /// The first element inside with `cssClass` among its classes, depth first.
    func first(_ cssClass: String) -> HTMLNode? {
        for child in children {
            if child.cssClass.split(separator: " ").contains(Substring(cssClass)) { return child }
            if let found = child.first(cssClass) { return found }
        }
        return nil
    }

    func all(_ cssClass: String) -> [HTMLNode] {
        children.flatMap { ($0.cssClass.split(separator: " ").contains(Substring(cssClass)) ? [$0] : []) + $0.all(cssClass) }
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let node = HTMLNode(name: name, cssClass: attributes["class"] ?? "")
        stack.last?.children.append(node)
        stack.append(node)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard let top = stack.last else { return }
        // Text after a child element belongs after it: keep it in a text child.
        let node = HTMLNode(name: "#text", cssClass: "")
        node.own = string
        top.children.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }
}
