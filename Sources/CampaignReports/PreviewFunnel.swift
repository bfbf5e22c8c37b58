import CampaignSyntax

/// The HTML report's funnel: the journey's send and `exit` steps in order (`Preview.Stage`), each bar
/// the treatment entries that reached the step, its solid part those sent the message, all
/// on the scale of the entries, so the bars fall stage by stage. Where the journey branches
/// or splits, each arm is a column of its own, side by side (stacked on a phone, still
/// boxed apart), under its condition: alternatives are never stacked as stages. Then the
/// goal, against the holdout's when there is one (docs/output.md).
enum PreviewFunnel {
    static func html(_ c: Preview.Campaign) -> String {
        var out = "<p class=\"note\">Bars: who reached each step, out of those who entered; solid, sent; pale, suppressed there. Each arm of a branch is a box of its own: side by side where the screen has room, one under another where it has not.</p>\n"
        out += "<div class=\"funnel\">\n"
        out += stage(name: "entered", reached: c.treatment, sent: nil, top: c.treatment, color: "#34495e")
        out += stages(c.funnel, campaign: c)
        if c.funnel.isEmpty { out += "<p class=\"note\">No send steps.</p>\n" }
        out += "</div>\n"
        return out + goal(c)
    }

    static func stages(_ stages: [Preview.Stage], campaign c: Preview.Campaign) -> String {
        var out = ""
        for stage in stages {
            switch stage {
            case .send(let messages, _, let reached, let sent):
                let channel = c.messages.first { $0.name == messages.first }?.channel
                out += self.stage(name: messages.joined(separator: " or "), reached: reached, sent: sent, top: c.treatment,
                                  color: channel.flatMap { PreviewHTML.colors[$0] } ?? "#3b6fd8")
            case .exit where !c.exitStepsKnown:
                out += "<p class=\"note\">exit: exited here: ? (a plan file does not say at which `exit` step)</p>\n"
            case .exit(_, let exited):
                out += self.stage(name: "exit", reached: exited, sent: nil, top: c.treatment, color: "#7f8c8d", verb: "exited here")
            case .arms(let arms):
                out += "<div class=\"arms\">\n"
                for arm in arms {
                    out += "<div class=\"arm\"><p class=\"arm-label\">\(PreviewHTML.escape(arm.label))</p>\n"
                    out += arm.stages.isEmpty ? "<p class=\"note\">no sends</p>\n" : self.stages(arm.stages, campaign: c)
                    out += "</div>\n"
                }
                out += "</div>\n"
            }
        }
        return out
    }

    /// One stage: its name, a bar of those who reached it on the scale of `top`, the entries
    /// (solid for those sent, pale for the rest), and the figures: the share of the entries
    /// only when someone entered, as in the text (no `0.0%` of nobody). `verb` names what
    /// the count is when it is not "entered" or "reached" (`exited here`).
    static func stage(name: String, reached: Int, sent: Int?, top: Int, color: String, verb: String? = nil) -> String {
        var out = "<div class=\"stage\"><p class=\"stage-name\">\(PreviewHTML.escape(name))</p>"
        out += "<span class=\"track\"><span class=\"reach\" style=\"width:\(percent(reached, of: top));background:\(color)33\">"
        out += "<span class=\"solid\" style=\"width:\(percent(sent ?? reached, of: max(1, reached)));background:\(color)\"></span></span></span>"
        out += "<p class=\"stage-figures\"><span class=\"reached\">\(Figures.count(reached))</span> \(verb ?? (sent == nil ? "entered" : "reached"))"
        if top > 0, sent != nil || verb != nil { out += " (\(Figures.percent(Double(reached) / Double(top))))" }
        if let sent { out += " · <span class=\"sent\">\(Figures.count(sent))</span> sent" }
        return out + "</p></div>\n"
    }

    /// The goal: its rate among the entries in the journey and, with a holdout, the
    /// held-out group's, the difference and its 95% interval, in the text preview's words.
    static func goal(_ c: Preview.Campaign) -> String {
        guard c.goal != nil else { return "" }
        var out = "<div class=\"goal\">\n<p class=\"stage-name\">goal reached</p>\n"
        if c.holdout == nil {
            return out + "<p><span class=\"goal-count\">\(Figures.count(c.goalsTreatment))</span> of \(Figures.count(c.treatment)) entered (\(Figures.percent(c.treatmentRate)))</p>\n</div>\n"
        }
        out += "<table class=\"compare\"><thead><tr><th></th><th class=\"n\">entered</th><th class=\"n\">goal</th><th class=\"n\">rate</th></tr></thead><tbody>\n"
        out += "<tr><td>in the journey</td><td class=\"n\">\(Figures.count(c.treatment))</td><td class=\"n\">\(Figures.count(c.goalsTreatment))</td><td class=\"n\">\(Figures.percent(c.treatmentRate))</td></tr>\n"
        out += "<tr><td>held out (sent nothing)</td><td class=\"n\">\(Figures.count(c.heldOut))</td><td class=\"n\">\(Figures.count(c.goalsHoldout))</td><td class=\"n\">\(Figures.percent(c.holdoutRate))</td></tr>\n"
        out += "</tbody></table>\n"
        let comparison = c.comparison
        // With an empty group, why there is nothing to tell, never a bare `–` (as the text).
        out += "<p class=\"verdict\(comparison?.enough == true ? "" : " unsure")\">Difference: \(PreviewHTML.escape(PreviewText.difference(c)))</p>\n"
        return out + "</div>\n"
    }

    /// `47.3%` of the width, never wider than the track.
    static func percent(_ part: Int, of whole: Int) -> String {
        let tenths = whole <= 0 ? 0 : min(1000, max(0, part) * 1000 / whole)
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
