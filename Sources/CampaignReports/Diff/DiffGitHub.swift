import CampaignSyntax

/// `campaign diff --format github`: a workflow-command notice on the declaration line of
/// each changed campaign in HEAD, so the pull request shows its effect beside its code
/// (docs/diff.md). A campaign HEAD removed has no line: its notice names no file.
public enum DiffGitHub {
    public static func render(_ report: DiffReport) -> String {
        var out = ""
        for name in report.changedCampaigns {
            var message = DiffText.summaryLine(name, report)
            for line in DiffText.staticLines(name, report) { message += "\n" + line }
            let title = WorkflowCommandText.property("campaign diff: " + name)
            if let place = report.declarations[name] {
                out += "::notice file=\(WorkflowCommandText.property(place.path)),line=\(place.line),title=\(title)::\(WorkflowCommandText.data(message))\n"
            } else {
                out += "::notice title=\(title)::\(WorkflowCommandText.data(message))\n"
            }
        }
        return out
    }
}
