import CampaignPlanner
import CampaignSemantics
import CampaignSyntax

/// `campaign preview --html FILE`: one self-contained page (inline CSS and SVG, no script,
/// nothing from a network) with the preview's numbers and charts. Every value from the
/// data is escaped; links in messages are shown as text.
public enum PreviewHTML {
    static let colors: [ChannelKind: String] = [.email: "#3b6fd8", .sms: "#e07b22", .push: "#2a9d6f", .in_app: "#8a55c9", .webhook: "#7a7a7a"]
    static let reasonColors: [Suppression.Kind: String] = [
        .noConsent: "#d8543b", .noAddress: "#e0a422", .cap: "#6c5ce7", .unsubscribed: "#b53471",
        .holdout: "#7f8c8d", .noAllowedTime: "#2d3436", .noChannel: "#95a5a6", .firstOf: "#bdc3c7", .compliance: "#0984e3",
    ]

    /// The page for a preview, the journeys drawn from `graphs` (by campaign name) and the
    /// charts from the preview's own days (`Preview.sends`, counted from the same plan).
    public static func render(_ preview: Preview, graphs: [String: JourneyGraph]) -> String {
        let sends = preview.sends
        var out = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>Campaign preview \(PreviewCharts.window(sends))</title>
        <style>
        \(css)
        </style>
        </head>
        <body>
        <header>
        <h1>Campaign preview</h1>
        <p class="meta">\(PreviewCharts.window(sends)) (\(PreviewCharts.windowZone(sends))) · \(Figures.count(preview.customers)) customers\(preview.customersWithRowsOnly ? " with rows" : "") · \(Figures.count(preview.rows)) planned actions</p>\(preview.hasUnknowns ? "\n<p class=\"meta\">" + escape(Preview.unknownNote(preview)) + "</p>" : "")
        </header>
        <main>
        <section class="cards">

        """
        for c in preview.campaigns {
            let sent = c.messages.reduce(0) { $0 + $1.sent }, suppressed = c.messages.reduce(0) { $0 + $1.suppressedTotal }
            out += "<a class=\"card\" href=\"#\(anchor(c.name))\"><span class=\"card-name\">\(escape(c.name))</span>"
            out += "<span class=\"big\">\(Figures.count(c.entered))</span><span class=\"label\">entered</span>"
            // Held-out sends are suppressions too (docs/language.md §8.7): say how many.
            let heldOut = c.messages.reduce(0) { $0 + ($1.suppressed[[.holdout]] ?? 0) }
            out += "<span class=\"row\">\(Figures.count(sent)) sent · \(Figures.count(suppressed)) suppressed\(heldOut > 0 ? ", \(Figures.count(heldOut)) of them held out" : "")</span>"
            if c.goal != nil { out += "<span class=\"row\">goal \(Figures.count(c.goalsTreatment)) of \(Figures.count(c.treatment)) (\(Figures.percent(c.treatmentRate)))</span>" }
            out += "</a>\n"
        }
        out += "</section>\n" + PreviewCharts.section(sends)
        for c in preview.campaigns { out += campaign(c, graph: graphs[c.name], textsKnown: preview.textsKnown) }
        out += "</main>\n<footer><p>Made by <code>campaign preview</code>. Numbers come from the same plan as <code>campaign plan</code> on the same inputs, over the window from \(escape(preview.from)) up to, not including, \(escape(preview.to)).</p></footer>\n</body>\n</html>\n"
        return out
    }

    static func campaign(_ c: Preview.Campaign, graph: JourneyGraph?, textsKnown: Bool = true) -> String {
        // A compliance column only where a send waited for a profile (docs/output.md).
        let compliance = c.messages.contains { $0.deferredByCompliance > 0 }
        var out = "<section class=\"campaign\" id=\"\(anchor(c.name))\">\n<h2>\(escape(c.name))</h2>\n<dl>"
        out += "<dt>trigger</dt><dd><code>\(escape(c.trigger))</code></dd>"
        if let audience = c.audience { out += "<dt>audience</dt><dd><code>\(escape(audience))</code></dd>" }
        // The goal as written starts with its keyword (`goal purchase within 7d`): under the
        // label `goal` it is shown without it, as the trigger is.
        if let goal = c.goal { out += "<dt>goal</dt><dd><code>\(escape(goal.hasPrefix("goal ") ? String(goal.dropFirst(5)) : goal))</code></dd>" }
        if let holdout = c.holdout {
            out += "<dt>holdout</dt><dd>\(escape(holdout)): \(Figures.count(c.heldOut)) of \(Figures.count(c.entered)) entries held out. "
            out += "<span class=\"muted\">\(escape(Preview.holdoutNote))</span></dd>"
        }
        out += "<dt>exited early</dt><dd>\(Figures.count(c.exits))</dd></dl>\n"
        out += "<figure>\n<figcaption>Funnel: \(c.holdout == nil ? "entries" : "entries not held out") along the journey</figcaption>\n" + PreviewFunnel.html(c) + "</figure>\n"
        out += "<figure>\n<figcaption>Suppressions by reason</figcaption>\n" + suppressions(c) + "</figure>\n"
        if !c.messages.isEmpty {
            out += "<p class=\"note\(hintClass(width: tableWidth, chrome: 2 * 16))\">The table is wider than the screen: scroll it sideways for every column.</p>\n"
            out += "<div class=\"scroll\"><table>\n<thead><tr><th>message</th><th>channel</th><th class=\"n\">sent</th><th class=\"n\">deferred: window</th><th class=\"n\">quiet hours</th>\(compliance ? "<th class=\"n\">compliance</th>" : "")<th class=\"n\">suppressed</th><th>by reason</th><th class=\"n\">exited before</th><th class=\"n\">SMS segments</th></tr></thead>\n<tbody>\n"
            for m in c.messages {
                let reasons = m.suppressedByReason.map { "\($0.reason) \(Figures.count($0.count))" }.joined(separator: ", ")
                out += "<tr><td>\(escape(m.name))\(m.alternatives.isEmpty ? "" : " <span class=\"muted\">(or \(escape(m.alternatives.joined(separator: ", "))))</span>")</td>"
                out += "<td class=\"nowrap\"><span class=\"dot\" style=\"background:\(colors[m.channel] ?? "#999")\"></span>\(m.channel.rawValue)</td>"
                out += "<td class=\"n\">\(Figures.count(m.sent))</td><td class=\"n\">\(Preview.known(m.deferredByWindow, m.deferralsKnown))</td><td class=\"n\">\(Preview.known(m.deferredByQuietHours, m.deferralsKnown))</td>"
                if compliance { out += "<td class=\"n\">\(Preview.known(m.deferredByCompliance, m.deferralsKnown))</td>" }
                out += "<td class=\"n\">\(Figures.count(m.suppressedTotal))</td><td>\(reasons.isEmpty ? "–" : escape(reasons))</td><td class=\"n\">\(Preview.exitedBefore(m))</td>"
                out += "<td class=\"n\">\(m.channel == .sms ? Preview.known(m.smsSegments, textsKnown) : "–")</td></tr>\n"
            }
            out += "</tbody>\n</table></div>\n"
        }
        if let graph {
            let layout = JourneyLayout(graph)
            out += "<figure class=\"journey\">\n<figcaption>Journey</figcaption>\n" + scrollHint(width: layout.width)
            out += "<div class=\"journey-scroll\">" + JourneyDrawing.svg(layout, name: graph.name) + "</div>\n</figure>\n"
        }
        let samples = c.messages.flatMap { m in m.samples.map { (m, $0) } }
        if !samples.isEmpty {
            out += "<h3>Sample messages</h3>\n<div class=\"samples\">\n"
            for (m, sample) in samples {
                out += "<article class=\"sample\"><p class=\"sample-head\"><span class=\"dot\" style=\"background:\(colors[m.channel] ?? "#999")\"></span>"
                out += "\(escape(m.name)) · \(escape(sample.customer)) · <span class=\"nowrap\">\(escape(ReadableTime.string(sample.time, offset: Int64(sample.offset))))</span></p><p class=\"sample-text\">\(escape(sample.text))</p></article>\n"
            }
            out += "</div>\n"
        }
        return out + "</section>\n"
    }

    /// The content's width in a figure on a screen `screen` CSS px wide: main's padding
    /// (16 px a side) and the figure's (12 px and a border a side), at most main's 1100 px.
    static func figureWidth(screen: Int) -> Int { min(screen, 1100) - 2 * 16 - 2 * 13 }

    /// The message table's least width (`.scroll table` in the CSS). Its names wrap
    /// (`overflow-wrap: anywhere`), so no name makes it wider, but only past 11 em, so a
    /// usual name stays on one line on a phone.
    static let tableWidth = 800

    /// The journey is drawn at its own size, so its text stays 12 px on any screen. Its
    /// figure may grow past main's 1100 px up to the screen's width (`.journey` in the CSS),
    /// so most journeys show whole on a laptop; where one is still wider than its figure, the
    /// figure scrolls, and says so on every screen too narrow for it.
    static func scrollHint(width: Int) -> String {
        guard width > figureWidth(screen: 390) else { return "" }
        return "<p class=\"note\(hintClass(width: width, chrome: 2 * 16 + 2 * 13, column: nil))\">Wider than the screen: scroll sideways to see all of it.</p>\n"
    }

    /// Screens from this wide on hide a hint (`.hint-below-N`), in steps of `hintStep` px.
    static let hintWidths = Array(stride(from: 300, through: 2000, by: hintStep))
    static let hintStep = 50

    /// The class that shows a "scroll sideways" hint only on screens too narrow for content
    /// `width` px wide inside `chrome` px of padding and borders, in a column at most
    /// `column` px wide (main's 1100; nil, as wide as the screen), allowing 16 px for a
    /// scroll bar and rounding up to `hintStep` px, so it shows a little too long rather
    /// than too short. Empty (shown everywhere) when no screen fits it.
    static func hintClass(width: Int, chrome: Int, column: Int? = 1100) -> String {
        if let column, width + chrome > column { return "" }
        let needed = width + chrome + 16
        let from = (needed + hintStep - 1) / hintStep * hintStep
        guard let shown = hintWidths.first(where: { $0 >= from }) else { return "" }
        return " hint-below-\(shown)"
    }

    static func suppressions(_ c: Preview.Campaign) -> String {
        var totals: [[Suppression.Kind]: Int] = [:]
        for m in c.messages { for (reason, n) in m.suppressed { totals[reason, default: 0] += n } }
        if totals.isEmpty { return "<p class=\"note\">Nothing suppressed.</p>\n" }
        let bars = totals.map { (label: Preview.Message.label($0.key), value: $0.value, color: $0.key.first.flatMap { reasonColors[$0] } ?? "#999") }
        return horizontalBars(bars.sorted { $0.value != $1.value ? $0.value > $1.value : $0.label < $1.label })
    }

    /// Labelled horizontal bars, scaled to the largest: HTML rather than SVG, so the labels
    /// keep the page's text size on any screen and long names wrap instead of being cut.
    static func horizontalBars(_ bars: [(label: String, value: Int, color: String)]) -> String {
        let top = max(1, bars.map(\.value).max() ?? 1)
        var out = "<div class=\"bars\">\n"
        for bar in bars {
            // At most 80% of the row, so the number beside the longest bar still fits.
            let tenths = bar.value == 0 ? 0 : max(5, bar.value * 800 / top)
            out += "<div class=\"bar-row\"><span class=\"bar-label\">\(escape(bar.label))</span><span class=\"bar-track\">"
            out += "<span class=\"bar\" style=\"width:\(tenths / 10).\(tenths % 10)%;background:\(bar.color)\"></span>"
            out += "<span class=\"bar-value\">\(Figures.count(bar.value))</span></span></div>\n"
        }
        return out + "</div>\n"
    }

    /// Text for HTML: `& < > " '` escaped, so no customer value can become markup.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                // Control characters other than tab and newline are not allowed in HTML text.
                if c.value < 0x20 && c != "\n" && c != "\t" { out += "\u{FFFD}" } else { out.unicodeScalars.append(c) }
            }
        }
        return out
    }

    static func anchor(_ name: String) -> String { "c-" + name }

    static let css = """
    :root { color-scheme: light; --ink: #1f2933; --muted: #66727f; --line: #e3e7eb; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Thai", "Noto Sans Arabic", "Noto Sans CJK KR", sans-serif; color: var(--ink); background: #fafbfc; }
    header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 16px; }
    header { padding-top: 24px; }
    h1 { margin: 0 0 4px; font-size: 26px; }
    h2 { margin: 32px 0 8px; font-size: 20px; }
    h3 { margin: 20px 0 8px; font-size: 16px; }
    .meta, .muted, .note, footer { color: var(--muted); }
    .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 12px; margin-top: 16px; }
    .card { display: flex; flex-direction: column; padding: 14px; border: 1px solid var(--line); border-radius: 8px; background: #fff; color: inherit; text-decoration: none; }
    .card-name { font-weight: 600; }
    h1, h2, h3, .card-name, .multiple-name, .sample-head, dd, td:first-child { overflow-wrap: anywhere; }
    .big { font-size: 28px; font-weight: 700; }
    .label, .row { color: var(--muted); font-size: 13px; }
    .campaign { border-top: 1px solid var(--line); margin-top: 28px; }
    dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 8px 0 16px; }
    dt { color: var(--muted); }
    dd { margin: 0; }
    code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; }
    figure { margin: 0; padding: 12px; border: 1px solid var(--line); border-radius: 8px; background: #fff; }
    figcaption { font-weight: 600; margin-bottom: 6px; }
    .chart { display: block; width: 100%; height: auto; fill: var(--ink); }
    .chart .grid { stroke: var(--line); } .chart .axis { stroke: #9aa5b1; } .chart .month { stroke: #c5ccd3; stroke-dasharray: 2 3; }
    .chart .axis-title { fill: var(--muted); }
    .chart-narrow { max-width: 520px; }
    section > figure + figure { margin-top: 12px; }
    @media (max-width: \(PreviewCharts.wideFrom - 1)px) { .chart-wide { display: none; } }
    @media (min-width: \(PreviewCharts.wideFrom)px) { .chart-narrow { display: none; } }
    .multiples { display: grid; grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); gap: 8px 16px; }
    .multiple-name { margin: 8px 0 2px; font-size: 13px; font-weight: 600; }
    .chart-small { max-width: 420px; }
    .bars { display: grid; grid-template-columns: minmax(0, max-content) minmax(96px, 1fr); gap: 6px 8px; align-items: center; font-size: 13px; }
    .bar-row { display: contents; }
    .bar-label { text-align: right; overflow-wrap: anywhere; }
    .bar-track { display: flex; align-items: center; gap: 6px; }
    .bar { display: inline-block; height: 18px; border-radius: 3px; }
    .bar-value { white-space: nowrap; font-variant-numeric: tabular-nums; }
    .funnel { display: flex; flex-direction: column; gap: 8px; font-size: 14px; }
    .stage p { margin: 0; }
    .stage-name { font-weight: 600; overflow-wrap: anywhere; }
    .track { display: block; height: 16px; margin: 2px 0; background: #f1f3f5; border-radius: 3px; }
    .reach, .solid { display: block; height: 100%; border-radius: 3px; }
    .stage-figures { color: var(--muted); font-variant-numeric: tabular-nums; }
    .stage-figures span { color: var(--ink); font-weight: 600; }
    .arms { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 8px; }
    .arm { display: flex; flex-direction: column; gap: 8px; padding: 6px 8px; border: 1px solid #f0d9a8; border-left: 4px solid #e0a422; border-radius: 4px; background: #fffcf5; }
    .arm-label { margin: 0; font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 13px; color: #8a5a00; overflow-wrap: anywhere; }
    .arm .note { margin: 0; }
    .goal { margin-top: 12px; padding-top: 8px; border-top: 1px solid var(--line); }
    .goal p { margin: 4px 0; }
    .compare { width: auto; min-width: 60%; }
    .verdict, .goal-count { font-weight: 600; }
    .verdict.unsure { color: #a35200; }
    .scroll { overflow-x: auto; margin: 16px 0; }
    .scroll table { min-width: \(tableWidth)px; }
    .scroll td:first-child { min-width: 11em; }
    table { border-collapse: collapse; width: 100%; background: #fff; }
    th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
    th { font-size: 13px; color: var(--muted); font-weight: 600; }
    .n { text-align: right; font-variant-numeric: tabular-nums; }
    .dot { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 6px; }
    .legend { font-size: 13px; }
    .journey { width: max-content; min-width: 100%; max-width: calc(100vw - 32px); margin-left: 50%; transform: translateX(-50%); }
    .journey-scroll { overflow-x: auto; }
    .journey-drawing { display: block; max-width: none; }
    .journey .note { margin: 0 0 6px; }
    \(hintWidths.map { "@media (min-width: \($0)px) { .hint-below-\($0) { display: none; } }" }.joined(separator: "\n"))
    .samples { display: grid; grid-template-columns: repeat(auto-fill, minmax(280px, 1fr)); gap: 10px; }
    .sample { border: 1px solid var(--line); border-radius: 8px; padding: 10px; background: #fff; }
    .sample-head { margin: 0 0 6px; font-size: 13px; color: var(--muted); }
    .nowrap { white-space: nowrap; }
    .sample-text { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
    footer { padding: 24px 16px 40px; font-size: 13px; }
    @media print { body { background: #fff; } .card, figure, .sample { break-inside: avoid; } a { color: inherit; text-decoration: none; } }
    @media print { .journey { width: auto; max-width: none; margin-left: 0; transform: none; } .journey-scroll { overflow: visible; } .journey svg { max-width: 100%; height: auto; } .journey .note { display: none; } }
    """
}
