import CampaignSyntax

/// The type checker's diagnostic codes. Stable once released; each is documented with an
/// example in docs/diagnostics.md, and a test compiles every example.
extension DiagnosticCode {
    // Names and declarations.
    public static let duplicateName = DiagnosticCode("E0101", .error, "name declared twice")
    public static let unknownName = DiagnosticCode("E0102", .error, "unknown name")
    public static let unknownEvent = DiagnosticCode("E0103", .error, "unknown event")
    public static let unknownSegment = DiagnosticCode("E0104", .error, "unknown segment")
    public static let unknownChannelKind = DiagnosticCode("E0105", .error, "unknown channel kind")
    public static let duplicateChannel = DiagnosticCode("E0106", .error, "channel declared twice")
    public static let undeclaredChannel = DiagnosticCode("E0107", .error, "channel not declared")
    public static let duplicateBlock = DiagnosticCode("E0108", .error, "block declared twice")
    public static let badIdField = DiagnosticCode("E0109", .error, "customer needs exactly one `id` field")
    public static let duplicateField = DiagnosticCode("E0110", .error, "field declared twice")
    public static let segmentCycle = DiagnosticCode("E0111", .error, "segments depend on each other")
    public static let unknownProperty = DiagnosticCode("E0112", .error, "unknown event property")
    public static let unknownFunction = DiagnosticCode("E0113", .error, "unknown function")
    public static let unknownMessage = DiagnosticCode("E0114", .error, "unknown message")
    public static let messageNotYetSent = DiagnosticCode("E0115", .error, "message not sent before this point")
    public static let notImported = DiagnosticCode("E0116", .error, "name declared in a file that is not imported")
    public static let noCustomer = DiagnosticCode("E0117", .error, "no customer schema")

    // Types.
    public static let typeMismatch = DiagnosticCode("E0201", .error, "type mismatch")
    public static let notACondition = DiagnosticCode("E0202", .error, "condition is not true or false")
    public static let valueOutsideEnum = DiagnosticCode("E0203", .error, "value outside the enum")
    public static let sumOfNonNumber = DiagnosticCode("E0204", .error, "sum of a value that is not a number")
    public static let comparisonWithNone = DiagnosticCode("E0205", .error, "comparison with `none`")
    public static let notOrderable = DiagnosticCode("E0206", .error, "values without an order")
    public static let notAValue = DiagnosticCode("E0207", .error, "not a value")
    public static let sinceEntryOutsideCampaign = DiagnosticCode("E0208", .error, "`since entry` outside a campaign")
    public static let eventOutsideEventTrigger = DiagnosticCode("E0209", .error, "`event.` outside an event-triggered campaign")
    public static let engagementOutsideCampaign = DiagnosticCode("E0210", .error, "engagement outside a campaign")
    public static let badAggregate = DiagnosticCode("E0211", .error, "wrong argument for an aggregate")

    // Channels and policy.
    public static let channelWithoutAddress = DiagnosticCode("E0301", .error, "channel without an address")
    public static let wrongAddressType = DiagnosticCode("E0302", .error, "address field of the wrong type")
    public static let consentNotBool = DiagnosticCode("E0303", .error, "consent field is not `bool`")
    public static let emptyWindow = DiagnosticCode("E0304", .error, "empty time window")
    public static let unknownTimeZone = DiagnosticCode("E0305", .error, "unknown time zone")
    public static let repeatedSetting = DiagnosticCode("E0306", .error, "setting given twice")
    public static let invalidCap = DiagnosticCode("E0307", .error, "invalid cap")

    // Campaigns.
    public static let missingTrigger = DiagnosticCode("E0401", .error, "campaign without a trigger")
    public static let repeatedClause = DiagnosticCode("E0402", .error, "clause given twice")
    public static let triggerNeedsTime = DiagnosticCode("E0403", .error, "`after` needs a time")
    public static let yearlyNeedsDate = DiagnosticCode("E0404", .error, "`yearly on` needs a date field")
    public static let duplicateMessage = DiagnosticCode("E0405", .error, "message name used twice")
    public static let splitTotal = DiagnosticCode("E0406", .error, "split shares do not total 100%")
    public static let unknownMessageField = DiagnosticCode("E0407", .error, "unknown message field")
    public static let missingMessageField = DiagnosticCode("E0408", .error, "message field missing")
    public static let sameChannelFallback = DiagnosticCode("E0409", .error, "fallback on the same channel")
    public static let invalidHoldout = DiagnosticCode("E0410", .error, "invalid holdout")
    public static let templateFileNotFound = DiagnosticCode("E0411", .error, "template file not found")
    public static let duplicateMessageField = DiagnosticCode("E0412", .error, "message field given twice")
    public static let zeroDuration = DiagnosticCode("E0413", .error, "zero duration")

    // Templates.
    public static let templateSyntax = DiagnosticCode("E0501", .error, "template syntax error")
    public static let templateUnknownName = DiagnosticCode("E0502", .error, "unknown name in template")
    public static let templateUnknownFilter = DiagnosticCode("E0503", .error, "unknown template filter")
    public static let templateFilterArgument = DiagnosticCode("E0504", .error, "wrong filter argument")
    public static let templateTypeMismatch = DiagnosticCode("E0505", .error, "template type mismatch")
    public static let missingValuePrinted = DiagnosticCode("W0501", .warning, "optional value printed without a default")

    // SMS.
    public static let smsTooLong = DiagnosticCode("E0601", .error, "SMS longer than the channel allows")
    public static let smsUnbounded = DiagnosticCode("W0601", .warning, "SMS length has no bound")

    // Warnings.
    public static let unreachableStep = DiagnosticCode("W0101", .warning, "unreachable step")
    public static let constantCondition = DiagnosticCode("W0102", .warning, "condition is always the same")
    public static let noSend = DiagnosticCode("W0103", .warning, "campaign sends nothing")
    public static let neverNone = DiagnosticCode("W0104", .warning, "value is never `none`")
    public static let waitBeyondReentry = DiagnosticCode("W0105", .warning, "wait longer than the re-entry window")
    public static let smsWithoutQuietHours = DiagnosticCode("W0106", .warning, "event-triggered SMS without quiet hours")

    /// Every code of the type checker.
    public static let semanticCodes: [DiagnosticCode] = [
        .duplicateName, .unknownName, .unknownEvent, .unknownSegment, .unknownChannelKind, .duplicateChannel,
        .undeclaredChannel, .duplicateBlock, .badIdField, .duplicateField, .segmentCycle, .unknownProperty,
        .unknownFunction, .unknownMessage, .messageNotYetSent, .notImported, .noCustomer,
        .typeMismatch, .notACondition, .valueOutsideEnum, .sumOfNonNumber, .comparisonWithNone, .notOrderable,
        .notAValue, .sinceEntryOutsideCampaign, .eventOutsideEventTrigger, .engagementOutsideCampaign, .badAggregate,
        .channelWithoutAddress, .wrongAddressType, .consentNotBool, .emptyWindow, .unknownTimeZone, .repeatedSetting,
        .invalidCap,
        .missingTrigger, .repeatedClause, .triggerNeedsTime, .yearlyNeedsDate, .duplicateMessage, .splitTotal,
        .unknownMessageField, .missingMessageField, .sameChannelFallback, .invalidHoldout, .templateFileNotFound,
        .duplicateMessageField, .zeroDuration,
        .templateSyntax, .templateUnknownName, .templateUnknownFilter, .templateFilterArgument, .templateTypeMismatch,
        .missingValuePrinted,
        .smsTooLong, .smsUnbounded,
        .unreachableStep, .constantCondition, .noSend, .neverNone, .waitBeyondReentry, .smsWithoutQuietHours,
    ]

    /// Every code the tool can report.
    public static let allCodes: [DiagnosticCode] = syntaxCodes + semanticCodes
}
