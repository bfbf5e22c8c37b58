import CampaignSyntax
import Foundation

/// One bar per local day, layers stacked, on labelled axes: counts with round ticks and
/// gridlines, dates with day, Monday, month or year ticks (`AxisTicks.dates`).
/// Self-contained SVG whose text is sized for the width it is drawn at (`Frame`), so the
/// page can pick a frame per screen width without scaling text below what can be read
/// (11 CSS px on a phone).
struct DayChart {
    /// One stacked series: a channel, or a campaign's sends on one channel.
    struct Layer {
        let name: String
        let color: String
        /// Sends by local day (days since 1970-01-01).
        let counts: [Int: Int]
    }

    /// The drawing's size in SVG units and the size of its text, in the same units: drawn
    /// at `width` CSS px the text is `fontSize` px.
    struct Frame {
        let width: Int
        let height: Int
        let fontSize: Int
        let cssClass: String

        /// The page-wide chart on screens at least `PreviewCharts.wideFrom` px wide.
        static let wide = Frame(width: 900, height: 240, fontSize: 13, cssClass: "chart chart-wide")
        /// The same chart on narrower screens (a phone is 390 px).
        static let narrow = Frame(width: 340, height: 220, fontSize: 12, cssClass: "chart chart-narrow")
        /// One of a grid of small charts (one per campaign, one per channel).
        static let small = Frame(width: 340, height: 150, fontSize: 12, cssClass: "chart chart-small")
    }

    let firstDay: Int
    let lastDay: Int
    let layers: [Layer]
    /// The zone the days are in, said under the date axis.
    let zone: String

    func svg(_ frame: Frame, label: String) -> String {
        let font = Double(frame.fontSize)
        let days = max(1, lastDay - firstDay + 1)
        var totals = [Int](repeating: 0, count: days)
        for layer in layers { for (day, n) in layer.counts where day >= firstDay && day <= lastDay { totals[day - firstDay] += n } }
        let top = totals.max() ?? 0
        let plotHeight = Double(frame.height) - font * 4.2 - 6
        let ticks = AxisTicks.counts(upTo: top, intervals: max(2, Int(plotHeight / (font * 2.2))))
        let yTop = Double(ticks.last ?? 1)
        // Room for the widest count label (digits are about 0.6 em wide).
        let left = Double((ticks.map { Figures.count($0).count }.max() ?? 1)) * font * 0.62 + 8
        let plotTop = font * 1.6, right = Double(frame.width) - 6
        let plotWidth = right - left, bottom = plotTop + plotHeight
        func y(_ n: Double) -> Double { bottom - n / yTop * plotHeight }

        var out = "<svg class=\"\(frame.cssClass)\" viewBox=\"0 0 \(frame.width) \(frame.height)\" font-size=\"\(frame.fontSize)\" role=\"img\" aria-label=\"\(PreviewHTML.escape(label))\">\n"
        out += "<text x=\"\(n(left))\" y=\"\(n(font))\" class=\"axis-title\">sends per day</text>\n"
        for tick in ticks {
            let ty = y(Double(tick))
            out += "<line x1=\"\(n(left))\" y1=\"\(n(ty))\" x2=\"\(n(right))\" y2=\"\(n(ty))\" class=\"\(tick == 0 ? "axis" : "grid")\"/>"
            out += "<text x=\"\(n(left - 5))\" y=\"\(n(ty + font * 0.35))\" text-anchor=\"end\">\(Figures.count(tick))</text>\n"
        }
        let slot = plotWidth / Double(days)
        let nonzero = totals.indices.filter { totals[$0] > 0 }
        if slot >= 3 {
            // A bar at most `widestBar` wide: one day in a one-day window is a bar, not a wall.
            out += bars(nonzero, left: left, slot: slot, width: min(slot - 1, Self.widestBar), y: y)
        } else {
            out += areas(days: days, left: left, slot: slot, y: y)
            // A lone day with sends would be a sliver of a unit or less: it is also drawn as a
            // mark `narrowestMark` wide, so a few sends in a long window show.
            out += bars(Self.lonely(totals, within: Self.narrowestMark / slot), left: left, slot: slot, width: Self.narrowestMark, y: y)
        }
        let axis = AxisTicks.dates(from: firstDay, through: lastDay, width: plotWidth, charWidth: font * 0.62)
        if axis.unit == .week && slot >= 4 {
            // Between the Mondays, a notch under every day, so a bar's date can be counted off.
            var notches = ""
            for offset in 0..<days {
                let x = left + (Double(offset) + 0.5) * slot
                notches += "M\(n(x)) \(n(bottom))v3"
            }
            out += "<path d=\"\(notches)\" class=\"axis\"/>\n"
        }
        for tick in axis.ticks {
            let labelWidth = Double(tick.label.count) * font * 0.62
            switch axis.unit {
            case .day, .week:
                // A short tick under the day's bar, the label centred on it.
                let x = left + (Double(tick.day - firstDay) + 0.5) * slot
                out += "<line x1=\"\(n(x))\" y1=\"\(n(bottom))\" x2=\"\(n(x))\" y2=\"\(n(bottom + 5))\" class=\"axis\"/>"
                if x - labelWidth / 2 >= 0, x + labelWidth / 2 <= Double(frame.width) {
                    out += "<text x=\"\(n(x))\" y=\"\(n(bottom + font * 1.3))\" text-anchor=\"middle\">\(tick.label)</text>"
                }
            case .month, .year:
                // A line where the month or year starts, the label after it.
                let x = left + Double(tick.day - firstDay) * slot
                out += "<line x1=\"\(n(x))\" y1=\"\(n(plotTop))\" x2=\"\(n(x))\" y2=\"\(n(bottom + 5))\" class=\"month\"/>"
                // A label that would run off the right edge keeps its tick only.
                if x + 3 + labelWidth <= Double(frame.width) {
                    out += "<text x=\"\(n(x + 3))\" y=\"\(n(bottom + font * 1.3))\">\(tick.label)</text>"
                }
            }
            out += "\n"
        }
        let unit = axis.unit == .week ? " · ticks on Mondays" : ""
        out += "<text x=\"\(n(right))\" y=\"\(n(bottom + font * 2.7))\" text-anchor=\"end\" class=\"axis-title\">day in \(PreviewHTML.escape(zone))\(unit)</text>\n"
        return out + "</svg>\n"
    }

    /// The widest a day's bar is drawn, in SVG units.
    static let widestBar = 40.0
    /// The narrowest mark for a day with sends, in SVG units (3 CSS px or more on a phone).
    static let narrowestMark = 4.0

    /// A bar for each of the `offsets` (days from `firstDay`), `width` wide and centred on
    /// its day, each layer's part titled with its date and count.
    private func bars(_ offsets: [Int], left: Double, slot: Double, width: Double, y: (Double) -> Double) -> String {
        var out = ""
        for offset in offsets {
            let day = firstDay + offset
            var base = 0.0
            let x = left + (Double(offset) + 0.5) * slot - width / 2
            for layer in layers {
                guard let count = layer.counts[day], count > 0 else { continue }
                let y0 = y(base), y1 = y(base + Double(count))
                base += Double(count)
                out += "<rect x=\"\(n(x))\" y=\"\(n(y1))\" width=\"\(n(width))\" height=\"\(n(max(0.5, y0 - y1)))\" fill=\"\(layer.color)\">"
                out += "<title>\(SendsPerDay.date(day)) \(PreviewHTML.escape(layer.name)): \(Figures.count(count))</title></rect>"
            }
            out += "\n"
        }
        return out
    }

    /// The days (offsets) with sends in runs shorter than `days` with no other sends within
    /// `days` on either side: lone sends the band would leave a sliver of. Sends close
    /// together (a weekly push over years) are left to the band: marks that wide would
    /// merge into a block that reads as sends every day.
    static func lonely(_ totals: [Int], within days: Double) -> [Int] {
        var runs: [ClosedRange<Int>] = []
        var start = 0
        while start < totals.count {
            guard totals[start] > 0 else { start += 1; continue }
            var end = start
            while end + 1 < totals.count, totals[end + 1] > 0 { end += 1 }
            runs.append(start...end)
            start = end + 1
        }
        var out: [Int] = []
        for (i, run) in runs.enumerated() where Double(run.count) < days {
            let before = i > 0 ? Double(run.lowerBound - runs[i - 1].upperBound) : .infinity
            let after = i + 1 < runs.count ? Double(runs[i + 1].lowerBound - run.upperBound) : .infinity
            if before > days && after > days { out += Array(run) }
        }
        return out
    }

    /// Days narrower than 3 units: each layer as one stepped band. Bars a pixel wide would
    /// blur into stripes that read as days without sends.
    private func areas(days: Int, left: Double, slot: Double, y: (Double) -> Double) -> String {
        var below = [Int](repeating: 0, count: days)
        var out = ""
        for layer in layers {
            var above = below
            for (day, count) in layer.counts where day >= firstDay && day <= lastDay { above[day - firstDay] += count }
            var path = "M\(n(left)),\(n(y(Double(below[0]))))"
            for d in 0..<days {
                path += "V\(n(y(Double(above[d]))))H\(n(left + Double(d + 1) * slot))"
            }
            for d in stride(from: days - 1, through: 0, by: -1) {
                path += "V\(n(y(Double(below[d]))))H\(n(left + Double(d) * slot))"
            }
            let total = layer.counts.values.reduce(0, +)
            out += "<path d=\"\(path)Z\" fill=\"\(layer.color)\"><title>\(PreviewHTML.escape(layer.name)): \(Figures.count(total)) sends</title></path>\n"
            below = above
        }
        return out
    }

    /// An SVG number: at most one decimal, no `-0`.
    private func n(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : (tenths < 0 ? "-" : "") + "\(abs(tenths) / 10).\(abs(tenths) % 10)"
    }
}
