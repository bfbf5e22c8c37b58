import CampaignSyntax

/// A key an NDJSON object holds where the format does not allow it (docs/diagnostics.md,
/// D0109): the row is in error rather than read one way and stored another.
struct MisplacedKey: Error {
    let message: String
    /// The byte offset of the key's opening quote on its line.
    let keyStart: Int
}

extension RecordLayout {
    /// The key of an event's properties in NDJSON.
    static let propertiesKey = "properties"

    /// The NDJSON form of `forEachRow`. One object per line; its top-level keys are the
    /// customer's fields, or an event's own fields (`customer_id`, `event`, `time`) and
    /// `properties`, an object of the event's properties (README, "Data files"). Each value
    /// has one place: a key twice in one object, an event's own field inside `properties`
    /// or a property outside it is an error on the row (D0109), never an override. Keys the
    /// schema does not declare, at the top level or inside `properties`, are ignored; the
    /// walk's census lists them, and which declared ones appear, for `checkKeys`.
    func forEachJSONRow(_ bytes: UnsafeBufferPointer<UInt8>, _ chunk: Chunk, file: DataFile,
                        _ body: (Int, UnsafeBufferPointer<CSVField>, UnsafeBufferPointer<UInt8>, Diagnostic?, CellPlaces) -> Void) -> PartWalk {
        var walk = PartWalk(keys: KeyCensus(wanted: wanted.count))
        var encoding = UTF8Frontier(bytes, from: chunk.start, to: chunk.end)
        var line = 0
        var position = chunk.start
        var scratch: [UInt8] = []
        let absent = CSVField(start: -1, end: -1, hasEscapedQuotes: false)
        var values = [CSVField](repeating: absent, count: wanted.count)
        let split = propertiesFrom ?? wanted.count
        var fieldSlots: [String: Int] = [:]
        var propertySlots: [String: Int] = [:]
        for (i, name) in wanted.enumerated() {
            if i < split { fieldSlots[name] = i } else { propertySlots[name] = i }
        }
        let hasProperties = propertiesFrom != nil
        // The line each slot (and `properties`) was last given a value on: a second value
        // on the same line is a key written twice.
        var setOn = [Int](repeating: 0, count: wanted.count)
        // Where each slot's key starts in the file (stale from an earlier line: before this
        // line's start, so `CellPlaces` ignores it).
        var keyAt = [Int](repeating: -1, count: wanted.count)
        var propertiesOn = 0
        while position < chunk.end {
            if position >= encoding.validated, let invalid = encoding.check(through: position) {
                walk.lines = line
                walk.invalidUTF8 = invalid
                return walk
            }
            line += 1
            var lineEnd = position
            while lineEnd < chunk.end, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            let lineStart = position
            let text = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
            position = lineEnd + 1
            if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            scratch.removeAll(keepingCapacity: true)
            for i in values.indices { values[i] = absent }
            var reader = JSONLineReader(bytes: text)
            do {
                try reader.readObject { key, value, nested, keyStart in
                    func misplaced(_ message: String) -> MisplacedKey { MisplacedKey(message: message, keyStart: keyStart) }
                    let slot: Int
                    if nested == nil {
                        if hasProperties, key == Self.propertiesKey {
                            guard propertiesOn != line else { throw misplaced("the key `\(key)` appears twice in this object") }
                            propertiesOn = line
                            switch value {
                            case .object: return .descend
                            case .null: return .skip
                            default: throw misplaced("`\(key)` holds \(value.described); expected an object of the event's properties")
                            }
                        }
                        guard let found = fieldSlots[key] else {
                            if propertySlots[key] != nil {
                                throw misplaced("`\(key)` is an event property; write it inside `\(Self.propertiesKey)`")
                            }
                            walk.keys.noteUndeclared(key, line: line) { ColumnCheck.position(of: lineStart + keyStart, lineStart: lineStart, in: bytes) }
                            return .skip
                        }
                        slot = found
                    } else {
                        guard let found = propertySlots[key] else {
                            if fieldSlots[key] != nil || key == Self.propertiesKey {
                                throw misplaced("`\(key)` inside `\(Self.propertiesKey)`: it is the event's own field, not a property; write it outside `\(Self.propertiesKey)`")
                            }
                            walk.keys.noteUndeclared(key, line: line) { ColumnCheck.position(of: lineStart + keyStart, lineStart: lineStart, in: bytes) }
                            return .skip
                        }
                        slot = found
                    }
                    guard setOn[slot] != line else {
                        throw misplaced("the key `\(nested.map { $0 + "." } ?? "")\(key)` appears twice in this object")
                    }
                    setOn[slot] = line
                    keyAt[slot] = lineStart + keyStart
                    walk.keys.present[slot] = true
                    switch value {
                    case .null:
                        break
                    case .text(let bytes), .literal(let bytes):
                        let start = scratch.count
                        scratch.append(contentsOf: bytes)
                        values[slot] = CSVField(start: start, end: scratch.count, hasEscapedQuotes: false)
                    case .object, .list:
                        throw JSONLineReader.Failure(message: "`\(key)` holds an object or a list; expected a single value")
                    }
                    return .skip
                }
            } catch {
                let issue = (error as? MisplacedKey).map {
                    Diagnostic.data(DataCode.misplacedKey, file: file.path, line: line,
                              position: ColumnCheck.position(of: lineStart + $0.keyStart, lineStart: lineStart, in: bytes), $0.message)
                }
                    ?? Diagnostic.data(DataCode.badJSON, file: file.path, line: line, (error as? JSONLineReader.Failure)?.message ?? "invalid JSON")
                values.withUnsafeBufferPointer { body(line, $0, bytes, issue, .none) }
                continue
            }
            walk.keys.records += 1
            scratch.withUnsafeBufferPointer { source in
                values.withUnsafeBufferPointer { values in
                    keyAt.withUnsafeBufferPointer { keys in body(line, values, source, nil, CellPlaces(bytes: bytes, recordStart: lineStart, keys: keys)) }
                }
            }
        }
        walk.lines = line
        walk.invalidUTF8 = encoding.check(through: chunk.end)
        return walk
    }
}
