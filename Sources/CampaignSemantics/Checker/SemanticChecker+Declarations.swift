import CampaignSyntax
import Foundation

/// Collecting declarations, and the checks on the schema, channels and the policy.
extension SemanticChecker {
    /// Fields, segments and events share one namespace (a bare name in a condition must
    /// mean one thing); campaigns have their own, since they are only named in plans.
    mutating func declare(_ name: Identifier, kind: String) {
        let isCampaign = kind == "a campaign"
        let key = isCampaign ? "campaign " + name.name : name.name
        if let existing = table.names[key] {
            report(.duplicateName, "`\(name.name)` is already declared as \(existing.kind)", at: name.span,
                   label: "declared again here", secondary: [.init(existing.span, "first declared here")],
                   notes: isCampaign ? ["campaign names identify rows in a plan, so each is used once in a project"]
                       : ["customer fields, events and segments share one namespace in a project"],
                   help: "rename one of them")
            return
        }
        table.names[key] = (kind, name.span)
        if !isCampaign { declaringFile[name.name] = currentFile }
    }

    mutating func collect(_ declaration: Declaration) {
        switch declaration {
        case .import:
            break
        case .customer(let decl):
            if hasCustomer {
                report(.duplicateBlock, "the customer schema is declared twice", at: SourceSpan(file: decl.span.file, start: decl.span.start, end: decl.span.start + 8),
                       label: "second `customer` block",
                       secondary: customerSpan.map { [.init($0, "first declared here")] } ?? [],
                       help: "keep all customer fields in one `customer { … }` block")
                return
            }
            hasCustomer = true
            customerSpan = SourceSpan(file: decl.span.file, start: decl.span.start, end: decl.span.start + 8)
            var idFields: [FieldDecl] = []
            for field in decl.fields {
                if let existing = table.customerFields[field.name.name] {
                    report(.duplicateField, "customer field `\(field.name.name)` is declared twice", at: field.name.span,
                           label: "declared again", secondary: [.init(existing.span, "first declared here")])
                    continue
                }
                declare(field.name, kind: "a customer field")
                record(.field, field.name.name, at: field.name.span, declaration: true)
                table.customerFields[field.name.name] = FieldInfo(name: field.name.name, type: ValueType(field.type), span: field.name.span)
                table.customerFieldOrder.append(field.name.name)
                if case .id = field.type.base { idFields.append(field) }
            }
            if idFields.isEmpty {
                report(.badIdField, "the customer schema has no `id` field", at: customerSpan!,
                       label: "no field of type `id`", help: "add the dataset's key, as in `id: id`")
            } else {
                if idFields.count > 1 {
                    report(.badIdField, "the customer schema has \(idFields.count) `id` fields; it needs exactly one",
                           at: idFields[1].type.span, label: "second key",
                           secondary: [.init(idFields[0].type.span, "first key")], help: "make the other field `text`")
                }
                if idFields[0].type.isOptional {
                    report(.badIdField, "the customer key cannot be optional", at: idFields[0].type.span,
                           label: "remove `?`", help: "every customer row needs its id",
                           fixIt: .init("remove `?`", edits: [.init(SourceSpan(file: idFields[0].type.span.file, start: idFields[0].type.span.end - 1, end: idFields[0].type.span.end), "")]))
                }
                table.idField = idFields[0].name.name
            }
        case .event(let decl):
            declare(decl.name, kind: "an event")
            record(.event, decl.name.name, at: decl.name.span, declaration: true)
            var properties: [String: FieldInfo] = [:]
            var order: [String] = []
            for property in decl.properties {
                if let existing = properties[property.name.name] {
                    report(.duplicateField, "property `\(property.name.name)` of event `\(decl.name.name)` is declared twice",
                           at: property.name.span, label: "declared again", secondary: [.init(existing.span, "first declared here")])
                    continue
                }
                record(.property(event: decl.name.name), property.name.name, at: property.name.span, declaration: true)
                properties[property.name.name] = FieldInfo(name: property.name.name, type: ValueType(property.type), span: property.name.span)
                order.append(property.name.name)
            }
            if table.events[decl.name.name] == nil {
                table.events[decl.name.name] = EventInfo(name: decl.name.name, properties: properties, order: order, span: decl.name.span)
            }
        case .channel(let decl):
            guard let kind = ChannelKind(rawValue: decl.kind.name) else {
                let (help, fix) = Self.suggestion(for: decl.kind.name, among: ChannelKind.allCases.map(\.rawValue), at: decl.kind.span)
                report(.unknownChannelKind, "unknown channel kind `\(decl.kind.name)`", at: decl.kind.span,
                       label: "not a channel kind", notes: ["channel kinds are email, sms, push, in_app and webhook"],
                       help: help, fixIt: fix)
                return
            }
            if let existing = table.channels[kind] {
                report(.duplicateChannel, "channel `\(kind.rawValue)` is declared twice", at: decl.kind.span,
                       label: "declared again", secondary: [.init(existing.declaration.kind.span, "first declared here")],
                       help: "a project has one channel of each kind; merge the settings")
                return
            }
            var address: String?, consent: String?, quiet: (TimeOfDayLiteral, TimeOfDayLiteral)?, maxSegments: Int?
            var seen: [String: SourceSpan] = [:]
            for clause in decl.clauses {
                let key: String
                switch clause {
                case .address(let field, _): key = "address"; address = address ?? field.name
                case .consent(let field, _): key = "consent"; consent = consent ?? field.name
                case .quietHours(let from, let to, _): key = "quiet hours"; quiet = quiet ?? (from, to)
                case .maxSegments(let limit, _): key = "max segments"; maxSegments = maxSegments ?? limit.value
                }
                if let first = Self.earlier(key, at: clause.span, in: &seen) {
                    report(.repeatedSetting, "`\(key)` is given twice for channel `\(kind.rawValue)`", at: clause.span,
                           label: "given again", secondary: [.init(first, "first given here")], help: "keep one")
                }
            }
            table.channels[kind] = ChannelInfo(kind: kind, address: address, consent: consent,
                                               quietHours: quiet.map { (from: $0.0, to: $0.1) }, maxSegments: maxSegments,
                                               declaration: decl)
        case .segment(let decl):
            declare(decl.name, kind: "a segment")
            record(.segment, decl.name.name, at: decl.name.span, declaration: true)
            if table.segments[decl.name.name] == nil { table.segments[decl.name.name] = decl }
        case .policy(let decl):
            if let existing = table.policy {
                report(.duplicateBlock, "the policy is declared twice", at: SourceSpan(file: decl.span.file, start: decl.span.start, end: decl.span.start + 6),
                       label: "second `policy` block",
                       secondary: [.init(SourceSpan(file: existing.span.file, start: existing.span.start, end: existing.span.start + 6), "first declared here")],
                       help: "one policy applies to every campaign; merge the rules into one block")
                return
            }
            table.policy = decl
        case .campaign(let decl):
            declare(decl.name, kind: "a campaign")
            record(.campaign, decl.name.name, at: decl.name.span, declaration: true)
            if table.campaigns[decl.name.name] == nil { table.campaigns[decl.name.name] = decl }
        }
    }

    /// After collection: a project that uses customer data needs a schema.
    mutating func checkSchema() {
        guard !hasCustomer else { return }
        let needsSchema = !table.segments.isEmpty || !table.campaigns.isEmpty || !table.channels.isEmpty
        guard needsSchema, let first = filesInOrder.first(where: { !project[$0].declarations.isEmpty }),
              let declaration = project[first].declarations.first(where: {
                  if case .import = $0 { return false } else { return true }
              }) else { return }
        report(.noCustomer, "the project declares no customer schema", at: declaration.span.startPoint,
               label: "no `customer { … }` in this file or its imports",
               help: "declare the customer fields (`customer { id: id … }`), or import the file that does")
    }

    // MARK: - Channels

    mutating func checkChannel(_ decl: ChannelDecl) {
        guard let kind = ChannelKind(rawValue: decl.kind.name), table.channels[kind]?.declaration == decl else { return }
        var address: Identifier?
        for clause in decl.clauses {
            switch clause {
            case .address(let field, _):
                if address == nil { address = field }
                guard let info = lookupCustomerField(field) else { continue }
                let expected: [ValueType]
                let wanted: String
                switch kind {
                case .email: expected = [.email]; wanted = "email"
                case .sms: expected = [.phone]; wanted = "phone"
                case .push, .in_app, .webhook:
                    expected = [.text(max: nil), .id]; wanted = "text"
                }
                let actual = info.type.wrapped
                let matches = expected.contains { e in
                    if case .text = e, case .text = actual { return true }
                    return e == actual
                }
                if !matches {
                    report(.wrongAddressType, "a `\(kind.rawValue)` channel needs an address of type `\(wanted)`, but `\(field.name)` is `\(info.type)`",
                           at: field.span, label: "`\(info.type)`", secondary: [.init(info.span, "declared here")],
                           help: kind == .email || kind == .sms
                               ? "declare the field as `\(wanted)?` so every value is validated when the data is read"
                               : "use a text field that holds the device token or URL")
                }
            case .consent(let field, _):
                guard let info = lookupCustomerField(field) else { continue }
                if info.type.wrapped != .bool {
                    report(.consentNotBool, "consent field `\(field.name)` must be `bool`, but it is `\(info.type)`",
                           at: field.span, label: "`\(info.type)`", secondary: [.init(info.span, "declared here")],
                           help: "consent is yes or no: declare it `\(field.name): bool`")
                }
            case .quietHours(let from, let to, let span):
                checkZone(from)
                checkZone(to)
                if from.hour == to.hour, from.minute == to.minute {
                    report(.emptyWindow, "quiet hours from \(from.clockText) to \(to.clockText) cover no time at all", at: span,
                           label: "same start and end", help: "quiet hours run from the first time to the second, across midnight if needed: `21:00 to 08:00`")
                }
            case .maxSegments:
                break
            }
        }
        if address == nil {
            report(.channelWithoutAddress, "channel `\(kind.rawValue)` has no address field", at: decl.kind.span,
                   label: "no `address:`", help: "name the customer field that holds the address, as in `address: \(kind == .email ? "email" : kind == .sms ? "phone" : "push_token")`")
        }
    }

    /// A customer field named in a declaration; reports it when unknown.
    mutating func lookupCustomerField(_ name: Identifier) -> FieldInfo? {
        if let info = table.customerFields[name.name] {
            guard isVisible(name.name, at: name.span) else { return nil }
            record(.field, name.name, at: name.span)
            return info
        }
        let (help, fix) = Self.suggestion(for: name.name, among: table.customerFieldOrder, at: name.span)
        report(.unknownName, "unknown customer field `\(name.name)`", at: name.span, label: "not a field of customer",
               help: help, fixIt: fix)
        return nil
    }

    // MARK: - Policy

    mutating func checkPolicy(_ decl: PolicyDecl) {
        guard table.policy == decl else { return }
        var seen: [String: SourceSpan] = [:]
        for clause in decl.clauses {
            let key: String?
            switch clause {
            case .timezone(let zone, _):
                key = "timezone"
                checkZoneName(zone)
            case .sendBetween(let from, let to, let span):
                key = "send between"
                checkZone(from)
                checkZone(to)
                if from.hour == to.hour, from.minute == to.minute {
                    report(.emptyWindow, "the send window from \(from.clockText) to \(to.clockText) is empty", at: span,
                           label: "same start and end", help: "write the first and last local time a message may go out: `send between 08:00 and 21:00`")
                }
            case .cap(let channel, let count, let window, _):
                key = nil
                if let channel {
                    if let kind = ChannelKind(rawValue: channel.name) {
                        table.program.caps.append(TypedCap(channel: kind, count: count.value, per: window))
                        if table.channels[kind] == nil {
                            report(.undeclaredChannel, "cap on channel `\(channel.name)`, which is not declared", at: channel.span,
                                   label: "no `channel \(channel.name)`", help: "declare the channel, or remove the cap")
                        }
                    } else {
                        let (help, fix) = Self.suggestion(for: channel.name, among: ChannelKind.allCases.map(\.rawValue), at: channel.span)
                        report(.unknownChannelKind, "unknown channel kind `\(channel.name)` in a cap", at: channel.span,
                               label: "not a channel kind", help: help, fixIt: fix)
                    }
                } else {
                    table.program.caps.append(TypedCap(channel: nil, count: count.value, per: window))
                }
                if count.value < 1 {
                    report(.invalidCap, "a cap of \(count.value) messages lets nothing through", at: count.span,
                           label: "at least 1", help: "to stop a channel, remove its sends or its consent instead")
                }
                if window.seconds == 0 {
                    report(.zeroDuration, "a cap needs a window longer than zero", at: window.span, label: "zero")
                }
            case .bestHour(let events, _, _):
                key = "best hour"
                for event in events { _ = lookupEvent(event) }
            }
            if let key {
                if let first = Self.earlier(key, at: clause.span, in: &seen) {
                    report(.repeatedSetting, "`\(key)` is given twice in the policy", at: clause.span, label: "given again",
                           secondary: [.init(first, "first given here")], help: "keep one")
                }
            }
        }
    }

    /// A zone written after a time of day must be a known IANA name.
    mutating func checkZone(_ time: TimeOfDayLiteral) {
        if case .named(let name) = time.zone { checkZoneName(name) }
    }

    mutating func checkZoneName(_ name: StringLiteral) {
        guard TimeZone(identifier: name.value) == nil else { return }
        let known = TimeZone.knownTimeZoneIdentifiers
        let guess = Suggestion.closest(to: name.value, among: known)
            ?? known.first { $0.lowercased().hasSuffix("/" + name.value.lowercased().replacingOccurrences(of: " ", with: "_")) }
        report(.unknownTimeZone, "unknown time zone \(name.raw)", at: name.span, label: "not an IANA time zone name",
               help: guess.map { "did you mean \"\($0)\"?" } ?? "use an IANA name such as \"America/New_York\" or \"Asia/Bangkok\"",
               fixIt: guess.map { .init("write \"\($0)\"", edits: [.init(name.span, "\"\($0)\"")]) })
    }
}
