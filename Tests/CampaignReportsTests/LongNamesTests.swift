@testable import CampaignReports
import Foundation
import Testing

/// Long names and wide drawings on narrow screens: names wrap inside their box, and a
/// "scroll sideways" hint shows on every screen too narrow for what scrolls.
@Suite struct LongNamesTests {
    /// For every width of content and every screen from a phone's to a wide laptop's: where
    /// the content is wider than its place, the hint shows; it hides at most `hintStep` px
    /// (and a scroll bar's 16) after the screen is wide enough.
    /// The message table is in main's column (at most 1100 px); a journey's figure grows
    /// to the screen's width.
    @Test(arguments: [(2 * 16, 1_100), (2 * 16 + 2 * 13, nil)] as [(Int, Int?)])
    func hintsShowWhereverTheContentOverflows(chrome: Int, column: Int?) {
        for width in stride(from: 300, through: 2_100, by: 7) {
            let hint = PreviewHTML.hintClass(width: width, chrome: chrome, column: column)
            let hiddenFrom = Int(hint.dropFirst(" hint-below-".count))
            #expect(hint.isEmpty || hint == " hint-below-\(hiddenFrom ?? -1)", "\(hint)")
            for screen in stride(from: 390, through: 2_100, by: 3) {
                let place = min(screen - 16, column ?? screen) - chrome
                let shown = hiddenFrom.map { screen < $0 } ?? true
                if width > place { #expect(shown, "\(width) px in \(place) px at \(screen)") }
                if shown { #expect(width + chrome > (column ?? 1_984) || screen < width + chrome + 16 + PreviewHTML.hintStep, "\(width) px at \(screen)") }
            }
        }
    }

    /// Every hint class has its rule in the page's CSS, and the table's hint is one of them.
    @Test func everyHintClassHasItsRule() {
        for width in stride(from: 300, through: 2_100, by: 1) {
            let hint = PreviewHTML.hintClass(width: width, chrome: 2 * 16 + 2 * 13, column: nil)
            guard !hint.isEmpty else { continue }
            let name = String(hint.dropFirst())
            #expect(PreviewHTML.css.contains("@media (min-width: \(name.dropFirst("hint-below-".count))px) { .\(name) { display: none; } }"), "\(name)")
        }
        #expect(PreviewHTML.hintClass(width: PreviewHTML.tableWidth, chrome: 2 * 16) == " hint-below-850")
        #expect(PreviewHTML.css.contains(".scroll table { min-width: \(PreviewHTML.tableWidth)px; }"))
    }

    /// Where names are printed (card titles, campaign headings, chart and sample headers,
    /// the message table's first column, the definitions), they wrap anywhere: an
    /// 82-character `snake_case` name has no space to break at.
    @Test func namesWrapAnywhere() throws {
        let name = String(repeating: "very_long_message_name_", count: 4).prefix(82)
        let source = """
        customer { id: id  email: email?  signup_at: time  email_opt_in: bool }
        channel email { address: email consent: email_opt_in }
        campaign \(name) {
          trigger 0d after signup_at
          send email \(name) { subject "Hi" body "Welcome" }
        }
        """
        let customers = "id,email,signup_at,email_opt_in\nx1,a@example.com,2026-06-01T10:00:00Z,true\n"
        let project = try SmallProject(source: source, customers: customers, events: "customer_id,event,time\n", from: "2026-05-01", to: "2026-07-01", render: true)
        let html = PreviewHTML.render(Preview(project.plan, policyOf: project.table), graphs: [:])
        let wrapping = try #require(PreviewHTML.css.split(separator: "\n").first { $0.contains("overflow-wrap: anywhere") && $0.contains(".card-name") })
        let selectors = wrapping.prefix { $0 != "{" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        for (markup, selector) in [("<span class=\"card-name\">\(name)", ".card-name"), ("<h2>\(name)</h2>", "h2"),
                                   ("<p class=\"multiple-name\">\(name)", ".multiple-name"), ("<p class=\"sample-head\">", ".sample-head"),
                                   ("<tr><td>\(name)", "td:first-child")] {
            #expect(html.contains(markup), "\(markup)")
            #expect(selectors.contains(selector), "\(selector) in \(selectors)")
        }
    }
}
