import CampaignSemantics
import CampaignSyntax

/// Short documentation of the language's words, for hover and completion, each from
/// docs/language.md (the section is named so a reader can find the full text).
enum Vocabulary {
    static let keywords: [String: String] = [
        "import": "Brings in the declarations of another `.campaign` file, relative to this one (§1.3).",
        "customer": "The schema of the customers file: one field per column, with its type (§2.1).",
        "event": "Declares an event type and its properties (§2.2); in a condition, `event.NAME` is a property of the event that triggered the campaign.",
        "channel": "How messages of one kind reach a customer: the address field, the consent field, quiet hours, SMS segments (§4.1).",
        "segment": "A named condition over a customer, reusable in audiences and conditions (§3.7).",
        "policy": "Delivery rules for every campaign: default time zone, send window, caps, best hour (§7.1).",
        "campaign": "A journey: header clauses (audience, trigger, re-entry, exit, goal) and steps (§5).",
        "audience": "Who may enter: a condition checked when the trigger fires (§5.2).",
        "trigger": "When a customer enters: on an event, on entering a segment, after a time, or on a clock (§5.3).",
        "reentry": "Whether a customer may enter again: `never` (default), `always`, `unless goal`, `after DURATION` (§5.4).",
        "exit": "`exit when …` leaves the journey when an event happens or a condition holds; as a step, ends the journey (§5.5, §5.10).",
        "goal": "The conversion the campaign is measured by: an event within a time after entry (§5.6).",
        "holdout": "A share of entrants who get no messages, to measure the campaign against (§5.7).",
        "priority": "Which campaign wins when caps allow only one message (§5.8, §7.4).",
        "send": "Sends a message on a channel: `send CHANNEL NAME { fields }`, or `send first of { … }` (§5.10, §5.11).",
        "wait": "Pauses the journey: for a duration, until a time of day, until an event, or until the best hour (§5.10).",
        "if": "Branches on a condition evaluated when the step is reached (§5.10).",
        "else": "The branch taken when no condition before it holds (§5.10).",
        "split": "Divides customers at random (stable per customer) into arms by percentage (§5.10, §7.5).",
        "tag": "Adds a tag to the customer in the plan output (§5.10).",
        "untag": "Removes a tag from the customer in the plan output (§5.10).",
        "unsubscribe": "Withdraws the customer's consent for a channel from this point on (§5.10).",
        "and": "Both conditions hold (§3.3).",
        "or": "Either condition holds (§3.3).",
        "not": "The condition does not hold (§3.3).",
        "in": "Membership in a list (`tier in (\"plus\", \"pro\")`) or a time window (`in last 30d`) (§3.3, §3.5).",
        "is": "`x is none` / `x is not none`: whether an optional value is missing (§3.4).",
        "none": "The missing value of an optional field (§3.4).",
        "true": "The boolean true.",
        "false": "The boolean false.",
        "now": "The moment the condition is evaluated (the planner's clock, §3.1).",
    ]

    static let builtins: [Builtin: String] = [
        .count: "`count(EVENT [where …] [in last DURATION])`: how many such events the customer has (number).",
        .sum: "`sum(EVENT.PROPERTY [where …] [in last DURATION])`: the total of a number property (number).",
        .last: "`last(EVENT [where …])`: the time of the customer's latest such event, or none (time?).",
        .first: "`first(EVENT [where …])`: the time of the customer's first such event, or none (time?).",
        .sent: "`sent(MESSAGE)`: whether this campaign sent the message to the customer (bool).",
        .opened: "`opened(MESSAGE)`: whether the customer opened the message (bool).",
        .clicked: "`clicked(MESSAGE)`: whether the customer clicked the message; `clicked(any)` for any of them (bool).",
    ]

    static let filters: [TemplateFilterKind: String] = [
        .default: "`| default: 'text'`: the text to print when the value is missing.",
        .upcase: "`| upcase`: the value in capitals.",
        .downcase: "`| downcase`: the value in lowercase.",
        .capitalize: "`| capitalize`: the first letter in capitals.",
        .truncate: "`| truncate: N`: at most N characters.",
        .date: "`| date: '%b %d'`: a time or date written with a strftime-style format.",
        .plus: "`| plus: N`: the number plus N (§6.1).",
        .minus: "`| minus: N`: the number minus N (§6.1).",
        .times: "`| times: N`: the number times N (§6.1).",
        .dividedBy: "`| divided_by: N`: the number divided by N, rounded down for whole numbers (§6.1).",
        .modulo: "`| modulo: N`: the remainder of dividing by N (§6.1).",
        .round: "`| round` or `| round: 2`: to a whole number, or to that many decimal places (§6.1).",
    ]

    static let messageFields: [String: String] = [
        "subject": "The email's subject line (template).",
        "preheader": "The preview text shown after the subject (template).",
        "body": "The message body (template), or `body file \"…\"` for a template file.",
        "text": "The SMS text (template): its encoding and worst-case segments are checked (§6.5).",
        "title": "The notification's title (template).",
        "link": "Where tapping the notification leads (template).",
        "url": "Where the webhook is posted (template).",
        "transactional": "Sent without the channel's consent (receipts, password resets).",
    ]

    static let channels: [ChannelKind: String] = [
        .email: "Email: an `email` address field and a consent field.",
        .sms: "SMS: a `phone` address field; texts are counted in GSM-7 or UCS-2 segments.",
        .push: "Push notification: a device token field.",
        .in_app: "In-app message: a text field that identifies the device or user.",
        .webhook: "A webhook call: a URL.",
    ]
}
