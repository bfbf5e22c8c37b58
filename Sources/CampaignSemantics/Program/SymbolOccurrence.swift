import CampaignSyntax

/// A declared name of a project, as the language server navigates them: which kind of
/// thing it is and its name (a property and a message carry their event and campaign,
/// since the same name may be declared in several).
public struct SymbolKey: Sendable, Hashable, Comparable {
    public enum Kind: Sendable, Hashable, Comparable {
        case field
        case event
        case property(event: String)
        case segment
        case campaign
        case message(campaign: String)
    }

    public let kind: Kind
    public let name: String

    public init(_ kind: Kind, _ name: String) {
        self.kind = kind
        self.name = name
    }

    public static func < (a: SymbolKey, b: SymbolKey) -> Bool { (a.kind, a.name) < (b.kind, b.name) }
}

/// One place a name is written, as the checker resolved it: its declaration, or a use
/// (in a condition, a trigger, a channel, the policy, or a `{{ }}` template), with the
/// exact bytes of the name. `CheckedProject.occurrences` lists them all, so tools find
/// definitions, references and renames without resolving names again.
public struct SymbolOccurrence: Sendable, Hashable {
    public let symbol: SymbolKey
    public let span: SourceSpan
    public let isDeclaration: Bool

    public init(_ symbol: SymbolKey, at span: SourceSpan, isDeclaration: Bool) {
        self.symbol = symbol
        self.span = span
        self.isDeclaration = isDeclaration
    }
}
