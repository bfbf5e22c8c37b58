import CampaignSyntax

/// One bundle line taken apart at its top level: `{"customer": {…}, "events": [{…}, …]}`
/// (docs/language.md §9.5, "Customer bundles"). Only the shape is read here, and every byte checked as JSON;
/// the customer's fields and the events' values are read by `CustomerReader` and
/// `EventReader`, as in the two-file input, so that the two inputs cannot judge a value
/// differently.
struct BundleShape {
    /// The customer object's bytes, within the line.
    let customer: Range<Int>
    /// The id field's value as written (`"c001"`, `42`): what each event's `customer_id`
    /// becomes. Nil when the customer has no id (the customers reader says so).
    let idValue: Range<Int>?
    /// The id as the customers reader reads it (a string unescaped, a number as written).
    let id: [UInt8]?
    /// Where the id field's key starts, for a duplicate id.
    let idKey: Int?
    /// Each event object's bytes, within the line.
    let events: [Range<Int>]

    /// What is wrong with a line's shape: D0106 (not JSON) or D0109 (not a bundle), with
    /// the byte on the line where it is, when one is to blame.
    struct Problem: Error {
        let code: DiagnosticCode
        let message: String
        let at: Int?
        /// The bundle's part it is in: `customer`, `events`, `events[2]`.
        let part: String?
    }

    /// JSON nested deeper than this is refused rather than followed (a line of ten
    /// thousand `[` must not exhaust the stack).
    static let maxDepth = 64

    static let shapeHelp = "a bundle line is {\"customer\": {…the customer's fields…}, \"events\": [{\"event\": …, \"time\": …, \"properties\": {…}}, …]}"

    /// The shape of `line`, or the first problem with it.
    static func read(_ line: UnsafeBufferPointer<UInt8>, idField: String) throws(Problem) -> BundleShape {
        var reader = JSONLineReader(bytes: line)
        do {
            return try read(&reader, idField: idField)
        } catch let problem as Problem {
            throw problem
        } catch {
            throw Problem(code: DataCode.badJSON, message: (error as? JSONLineReader.Failure)?.message ?? "invalid JSON", at: nil, part: nil)
        }
    }

    private static func read(_ reader: inout JSONLineReader, idField: String) throws -> BundleShape {
        reader.skipSpace()
        guard reader.peek == UInt8(ascii: "{") else { throw JSONLineReader.Failure(message: "expected a JSON object `{ … }` on this line") }
        var customer: (range: Range<Int>, id: IDValue?)?
        var events: [Range<Int>]?
        try members(&reader) { reader, member in
            let keyStart = member.start
            let key = member.text(in: reader)
            switch key {
            case "customer":
                guard customer == nil else { throw Problem(code: DataCode.misplacedKey, message: "the key `customer` appears twice in this line", at: keyStart, part: "customer") }
                guard reader.peek == UInt8(ascii: "{") else {
                    throw Problem(code: DataCode.misplacedKey, message: "`customer` holds \(try described(&reader)); expected an object of the customer's fields",
                                  at: keyStart, part: "customer")
                }
                customer = try object(&reader, idField: idField)
            case "events":
                guard events == nil else { throw Problem(code: DataCode.misplacedKey, message: "the key `events` appears twice in this line", at: keyStart, part: "events") }
                if reader.peek == UInt8(ascii: "[") {
                    events = try list(&reader)
                } else {
                    let value = try described(&reader)
                    guard value == "null" else {
                        throw Problem(code: DataCode.misplacedKey, message: "`events` holds \(value); expected a list of event objects", at: keyStart, part: "events")
                    }
                    events = []
                }
            default:
                throw Problem(code: DataCode.misplacedKey, message: "`\(key)` is not part of a bundle: a line holds `customer` and `events` only",
                              at: keyStart, part: nil)
            }
        }
        reader.skipSpace()
        guard reader.i == reader.bytes.count else { throw JSONLineReader.Failure(message: "unexpected text after the JSON object") }
        guard let customer else {
            throw Problem(code: DataCode.misplacedKey, message: "this line has no `customer` object", at: nil, part: "customer")
        }
        return BundleShape(customer: customer.range, idValue: customer.id?.raw, id: customer.id?.value, idKey: customer.id?.key, events: events ?? [])
    }

    /// The id field's key, its value as written and as read.
    private struct IDValue {
        let key: Int
        let raw: Range<Int>
        let value: [UInt8]
    }


    /// The customer object (at its `{`): its range, and its id field when it has one.
    private static func object(_ reader: inout JSONLineReader, idField: String) throws -> (Range<Int>, IDValue?) {
        let start = reader.i
        var id: IDValue?
        try members(&reader) { reader, key in
            let valueStart = reader.i
            if id == nil, reader.peek != UInt8(ascii: "{"), reader.peek != UInt8(ascii: "["), key.is(idField, in: reader) {
                switch try reader.scalar() {
                case .text(let bytes), .literal(let bytes): id = IDValue(key: key.start, raw: valueStart..<reader.i, value: bytes)
                case .null, .object, .list: break
                }
            } else {
                try value(&reader, depth: 1)
            }
        }
        return (start..<reader.i, id)
    }

    /// The events list (at its `[`): each element's range; each must be an object.
    private static func list(_ reader: inout JSONLineReader) throws -> [Range<Int>] {
        var events: [Range<Int>] = []
        try elements(&reader) { reader in
            let start = reader.i
            guard reader.peek == UInt8(ascii: "{") else {
                let part = "events[\(events.count)]"
                throw Problem(code: DataCode.misplacedKey, message: "`\(part)` holds \(try described(&reader)); expected an event object", at: start, part: part)
            }
            try value(&reader, depth: 1)
            events.append(start..<reader.i)
        }
        return events
    }

    /// What the value at the reader is, for a message (`a list`, `the text "x"`, `null`).
    private static func described(_ reader: inout JSONLineReader) throws -> String {
        switch reader.peek {
        case UInt8(ascii: "["):
            try value(&reader, depth: 1)
            return "a list"
        case UInt8(ascii: "{"):
            try value(&reader, depth: 1)
            return "an object"
        default:
            return try reader.scalar().described
        }
    }

    /// Checks one JSON value strictly and moves past it.
    private static func value(_ reader: inout JSONLineReader, depth: Int) throws {
        guard depth <= maxDepth else { throw JSONLineReader.Failure(message: "the JSON is nested more than \(maxDepth) levels deep") }
        switch reader.peek {
        case UInt8(ascii: "{"):
            try members(&reader) { reader, _ in try value(&reader, depth: depth + 1) }
        case UInt8(ascii: "["):
            try elements(&reader) { reader in try value(&reader, depth: depth + 1) }
        default:
            try reader.skipScalar()
        }
    }

    /// The elements of the list at the reader (at its `[`), each handed to `element` with
    /// the reader at it, which `element` must read.
    private static func elements(_ reader: inout JSONLineReader, _ element: (inout JSONLineReader) throws -> Void) throws {
        reader.i += 1
        reader.skipSpace()
        if reader.peek == UInt8(ascii: "]") {
            reader.i += 1
            return
        }
        while true {
            reader.skipSpace()
            try element(&reader)
            reader.skipSpace()
            guard let next = reader.peek else { throw JSONLineReader.Failure(message: "invalid JSON: a list is not closed") }
            reader.i += 1
            if next == UInt8(ascii: "]") { return }
            guard next == UInt8(ascii: ",") else { throw JSONLineReader.Failure(message: "invalid JSON: expected `,` or `]` at byte \(reader.i)") }
        }
    }

    /// A member's key: where its opening quote is, and its text when asked (most keys are
    /// only skipped).
    private struct Key {
        let start: Int
        let end: Int
        let escaped: Bool

        func text(in reader: JSONLineReader) -> String {
            var copy = reader
            copy.i = start
            return (try? copy.string()).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }

        /// Whether the key is `name`, compared as bytes when it has no escapes.
        func `is`(_ name: String, in reader: JSONLineReader) -> Bool {
            escaped ? text(in: reader) == name : UnsafeBufferPointer(rebasing: reader.bytes[(start + 1)..<(end - 1)]).elementsEqual(name.utf8)
        }
    }

    /// The members of the object at the reader (at its `{`), each handed to `member` with
    /// the reader at its value, which `member` must read.
    private static func members(_ reader: inout JSONLineReader, _ member: (inout JSONLineReader, Key) throws -> Void) throws {
        reader.i += 1
        reader.skipSpace()
        if reader.peek == UInt8(ascii: "}") {
            reader.i += 1
            return
        }
        while true {
            reader.skipSpace()
            guard reader.peek == UInt8(ascii: "\"") else { throw JSONLineReader.Failure(message: "invalid JSON: expected a quoted key at byte \(reader.i + 1)") }
            let start = reader.i
            let escaped = try reader.skipString()
            let key = Key(start: start, end: reader.i, escaped: escaped)
            reader.skipSpace()
            guard reader.peek == UInt8(ascii: ":") else { throw JSONLineReader.Failure(message: "invalid JSON: expected `:` after \"\(key.text(in: reader))\"") }
            reader.i += 1
            reader.skipSpace()
            try member(&reader, key)
            reader.skipSpace()
            guard let next = reader.peek else { throw JSONLineReader.Failure(message: "invalid JSON: an object is not closed") }
            reader.i += 1
            if next == UInt8(ascii: "}") { return }
            guard next == UInt8(ascii: ",") else { throw JSONLineReader.Failure(message: "invalid JSON: expected `,` or `}` at byte \(reader.i)") }
        }
    }
}
