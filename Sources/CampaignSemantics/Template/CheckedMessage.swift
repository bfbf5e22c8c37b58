import CampaignSyntax

/// A campaign message as the checker leaves it: its channel and each field's template
/// parsed once, bound (every variable a `.slot` into `variables`) and, for `body file`,
/// read once with its text kept. The planner renders from it without reading, parsing or
/// looking a name up (docs/language.md §6).
public struct CheckedMessage: Sendable, Hashable {
    /// The message's name, unique in its campaign.
    public let name: String
    /// The channel it is sent on.
    public let channel: ChannelKind
    /// `transactional`: sent without asking consent, still only to an address (docs/language.md §4.2).
    public let transactional: Bool
    /// The templated fields in the order written (`subject`, `body`, `text`, …).
    public let fields: [CheckedTemplate]
    /// What each `.slot(i, _)` of the fields' templates denotes, each variable once: a
    /// name used in the subject and the body is read once per rendered message.
    public let variables: [TemplateVariable]

    init(name: String, channel: ChannelKind, transactional: Bool, fields: [CheckedTemplate] = [], variables: [TemplateVariable] = []) {
        self.name = name
        self.channel = channel
        self.transactional = transactional
        self.fields = fields
        self.variables = variables
    }

    /// The template of a field, if the message has it.
    public func field(_ name: String) -> CheckedTemplate? {
        fields.first { $0.field == name }
    }
}

/// One field of a message, with its template parsed and bound.
public struct CheckedTemplate: Sendable, Hashable {
    /// The message field it fills (`subject`, `body`, `text`, …).
    public let field: String
    /// The template's text: the string's value, or the whole `body file`.
    public let text: String
    /// The `body file "…"` path as written, nil for a text written in the `.campaign` file.
    public let file: String?
    /// The text parsed, its variables bound to `CheckedMessage.variables`.
    public let template: Template
}
