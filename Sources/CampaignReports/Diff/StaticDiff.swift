import CampaignSemantics
import CampaignSyntax

/// One version of a project as `campaign diff` compares it without data: its sources,
/// its checked declarations and what the checker learned of each campaign.
public struct DiffVersion: Sendable {
    public let sources: SourceMap
    public let table: DeclarationTable
    public let reports: [String: CampaignReport]

    public init(sources: SourceMap, table: DeclarationTable, reports: [CampaignReport]) {
        self.sources = sources
        self.table = table
        self.reports = Dictionary(reports.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The campaign's text between its braces as tokens, without comments and layout:
    /// two campaigns with the same body under different names are one campaign renamed.
    func body(_ name: String) -> [String]? {
        guard let decl = table.campaigns[name] else { return nil }
        let file = sources[decl.braces.open.file]
        let start = decl.braces.open.start, end = min(file.bytes.count, max(start, decl.braces.close.end))
        let bytes = Array(file.bytes[start..<end])
        var lexer = Lexer(file: FileID(0), bytes: bytes)
        let lexed = lexer.run()
        return lexed.tokens.map { String(decoding: bytes[$0.span.start..<$0.span.end], as: UTF8.self) }
    }

    /// A clause as written, its layout collapsed to single spaces.
    func text(_ span: SourceSpan) -> String {
        sources[span.file].text(span).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    /// Where the campaign is declared: its file and the line of its name.
    public func declaration(_ name: String) -> (path: String, line: Int)? {
        guard let decl = table.campaigns[name] else { return nil }
        let file = sources[decl.name.span.file]
        return (file.path, file.location(of: decl.name.span.start).line)
    }
}

/// What changed in the campaigns themselves, read from the two versions without data
/// (docs/diff.md): campaigns added, removed and renamed; per campaign in both, the header
/// clauses, the messages, the most messages one entry can send and each SMS's worst case.
public struct StaticDiff: Sendable {
    /// A header clause that differs: its text in each version (nil where there is none).
    public struct Clause: Sendable, Equatable {
        public let kind: String
        public let base: String?
        public let head: String?
    }

    /// An SMS whose worst-case segments differ, or that one version does not have.
    public struct SMS: Sendable, Equatable {
        public let message: String
        public let base: Int?
        public let head: Int?
    }

    /// A campaign of both versions (under its HEAD name) and how it changed.
    public struct Campaign: Sendable {
        public let name: String
        public let renamedFrom: String?
        public var clauses: [Clause] = []
        public var messagesAdded: [String] = []
        public var messagesRemoved: [String] = []
        /// The most messages one entry can send, in each version, when they differ.
        public var maxMessages: (base: Int, head: Int)?
        public var sms: [SMS] = []

        public var isEmpty: Bool {
            renamedFrom == nil && clauses.isEmpty && messagesAdded.isEmpty && messagesRemoved.isEmpty && maxMessages == nil && sms.isEmpty
        }
    }

    public let added: [String]
    public let removed: [String]
    /// BASE name → HEAD name, for campaigns whose body is the same.
    public let renames: [String: String]
    /// Campaigns of both versions with a difference (a rename counts), by HEAD name.
    public let campaigns: [Campaign]

    /// The clause kinds compared, in the order they are reported.
    static let clauseKinds = ["audience", "trigger", "exit when", "goal", "reentry", "holdout", "priority"]

    public init(base: DiffVersion, head: DiffVersion) {
        let baseNames = Set(base.table.campaigns.keys), headNames = Set(head.table.campaigns.keys)
        var removed = baseNames.subtracting(headNames).sorted()
        var added = headNames.subtracting(baseNames).sorted()
        // Each added campaign's body is read once; a removed campaign takes the first (by
        // name) added one with its body.
        var byBody: [[String]: [String]] = [:]
        for name in added { if let body = head.body(name) { byBody[body, default: []].append(name) } }
        var renames: [String: String] = [:]
        for old in removed {
            guard let body = base.body(old), let new = byBody[body]?.first else { continue }
            renames[old] = new
            byBody[body]?.removeFirst()
        }
        let renamed = Set(renames.values)
        added.removeAll { renamed.contains($0) }
        removed.removeAll { renames[$0] != nil }
        self.added = added
        self.removed = removed
        self.renames = renames
        var pairs = baseNames.intersection(headNames).map { ($0, $0) }
        pairs += renames.map { ($0.key, $0.value) }
        campaigns = pairs.sorted { $0.1 < $1.1 }.compactMap { old, new in
            let change = Self.compare(old, in: base, new, in: head)
            return change.isEmpty ? nil : change
        }
    }

    private init(added: [String], removed: [String], renames: [String: String], campaigns: [Campaign]) {
        self.added = added
        self.removed = removed
        self.renames = renames
        self.campaigns = campaigns
    }

    /// Only the campaigns named (by either of their names): what `--campaign` asks about.
    public func restricted(to names: Set<String>) -> StaticDiff {
        StaticDiff(added: added.filter(names.contains), removed: removed.filter(names.contains),
                   renames: renames.filter { names.contains($0.key) || names.contains($0.value) },
                   campaigns: campaigns.filter { names.contains($0.name) || $0.renamedFrom.map(names.contains) == true })
    }

    static func compare(_ old: String, in base: DiffVersion, _ new: String, in head: DiffVersion) -> Campaign {
        var change = Campaign(name: new, renamedFrom: old == new ? nil : old)
        let before = clauses(base.table.campaigns[old], base), after = clauses(head.table.campaigns[new], head)
        for kind in clauseKinds where before[kind] != after[kind] {
            change.clauses.append(Clause(kind: kind, base: before[kind], head: after[kind]))
        }
        let oldMessages = base.table.program.campaigns[old]?.messages.map(\.name) ?? []
        let newMessages = head.table.program.campaigns[new]?.messages.map(\.name) ?? []
        let oldSet = Set(oldMessages), newSet = Set(newMessages)
        change.messagesAdded = newMessages.filter { !oldSet.contains($0) }
        change.messagesRemoved = oldMessages.filter { !newSet.contains($0) }
        let oldReport = base.reports[old], newReport = head.reports[new]
        if let a = oldReport?.bounds.total, let b = newReport?.bounds.total, a != b { change.maxMessages = (a, b) }
        let oldSMS = oldReport?.sms ?? [:], newSMS = newReport?.sms ?? [:]
        for message in Set(oldSMS.keys).union(newSMS.keys).sorted() {
            let a = oldSMS[message]?.segments, b = newSMS[message]?.segments
            if a != b { change.sms.append(SMS(message: message, base: a, head: b)) }
        }
        return change
    }

    /// The first clause of each kind (the one that counts, docs/language.md §5.1), as written.
    static func clauses(_ decl: CampaignDecl?, _ version: DiffVersion) -> [String: String] {
        var out: [String: String] = [:]
        for clause in decl?.clauses ?? [] where out[clause.keyword] == nil {
            out[clause.keyword] = version.text(clause.span)
        }
        return out
    }
}
