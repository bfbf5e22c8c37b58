/// The ```campaign blocks of a Markdown page, with the line each starts on.
public enum CampaignBlocks {
    public static func `in`(_ page: String) -> [(text: String, line: Int)] {
        var blocks: [(text: String, line: Int)] = []
        var current: [Substring]?
        var start = 0
        for (index, line) in page.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line == "```campaign" {
                current = []
                start = index + 2
            } else if let lines = current, line.hasPrefix("```") {
                blocks.append((lines.joined(separator: "\n") + "\n", start))
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }
}
