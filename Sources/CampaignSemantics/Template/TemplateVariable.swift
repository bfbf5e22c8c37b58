/// What a `{{ … }}` variable of a checked template denotes (docs/language.md §6): resolved
/// once by the checker, so the planner and the SMS analysis never look a path up by name.
public enum TemplateVariable: Sendable, Hashable {
    /// `{{ first_name }}`: a field of the customer.
    case customerField(FieldInfo)
    /// `{{ event.amount }}`: a declared property of the campaign's triggering event.
    case eventProperty(event: String, FieldInfo)
    /// `{{ event.time }}` where the triggering event declares a `time` property: the
    /// instant of the event, which every event has and which the template shows.
    case eventTime(event: String, FieldInfo)
    /// `{{ campaign.name }}`: the campaign's own name, the same for every customer.
    case campaignName(String)

    /// The path as written, for messages (`first_name`, `event.amount`, `campaign.name`).
    public var path: String {
        switch self {
        case .customerField(let field): field.name
        case .eventProperty(_, let property), .eventTime(_, let property): "event." + property.name
        case .campaignName: "campaign.name"
        }
    }

    /// The declared type of the value; `campaign.name` is text exactly as long as the name.
    public var type: ValueType {
        switch self {
        case .customerField(let field): field.type
        case .eventProperty(_, let property), .eventTime(_, let property): property.type
        case .campaignName(let name): .text(max: name.count)
        }
    }
}
