/// Maps UTF-8 offsets in a string literal's value to byte offsets in the source file,
/// so that a problem found inside a template is reported at its exact characters.
///
/// Built once per literal in one pass over the raw text, keeping only the escapes
/// (`\n`, `\"`, `\u{1F600}`): between two escapes the value and the source advance
/// together, so a lookup is a binary search among the escapes. A 1 MB template with
/// thousands of `{{ … }}` used to re-walk the whole raw text for every position looked up.
public struct ValueOffsetMap: Sendable {
    /// One escape sequence: where its value starts and ends, and where its raw text ends
    /// (offsets into the raw literal, quotes included). In source order, so `valueStart`
    /// never decreases.
    struct Escape: Sendable, Hashable {
        let valueStart: Int
        let valueEnd: Int
        let rawEnd: Int
    }

    let escapes: [Escape]
    /// Raw offsets stop before the closing quote.
    let rawLimit: Int
    let base: Int
    /// A multi-line string's map: an escape with no value at a target (the indentation a
    /// line loses) is behind the target, whose character comes after it. In a one-line
    /// string the only such escape is an invalid `\u{…}`, which stays ahead, as the walk
    /// over the raw text had it.
    var dropsEmptyEscapes = false

    public init(_ literal: StringLiteral) {
        let raw = Array(literal.raw.utf8)
        if MultiLineString.opens(raw) {
            // The opening line and each line's indentation are escapes with no value.
            let text = MultiLineString(raw: raw)
            self.escapes = text.escapes
            self.rawLimit = text.rawLimit
            self.base = literal.span.start
            self.dropsEmptyEscapes = true
            return
        }
        var escapes: [Escape] = []
        var rawIndex = 1
        var valueIndex = 0
        while rawIndex < raw.count - 1 {
            if raw[rawIndex] == UInt8(ascii: "\\"), rawIndex + 1 < raw.count {
                let length = StringLiteral.escapeLength(raw, rawIndex)
                let start = valueIndex
                rawIndex += length.raw
                valueIndex += length.value
                escapes.append(Escape(valueStart: start, valueEnd: valueIndex, rawEnd: rawIndex))
            } else {
                rawIndex += 1
                valueIndex += 1
            }
        }
        self.escapes = escapes
        self.rawLimit = raw.count - 1
        self.base = literal.span.start
    }

    /// How many escapes the literal holds: the map's whole size.
    public var escapeCount: Int { escapes.count }

    /// The source offset of the character at `target` in the value (a target inside an
    /// escape maps to the escape's end; one past the value, to the closing quote).
    public func sourceOffset(ofValueOffset target: Int) -> Int {
        // The last escape that starts before the target: everything up to it is consumed.
        var low = 0, high = escapes.count
        while low < high {
            let mid = (low + high) / 2
            // An escape with no value (a multi-line string's indentation) at the target
            // is behind it: the target's character comes after the text it drops.
            let escape = escapes[mid]
            if escape.valueStart < target || (dropsEmptyEscapes && escape.valueStart == target && escape.valueEnd == target) { low = mid + 1 } else { high = mid }
        }
        let rawIndex: Int
        if low == 0 {
            rawIndex = max(1, min(1 + max(target, 0), rawLimit))
        } else {
            let escape = escapes[low - 1]
            rawIndex = escape.rawEnd >= rawLimit ? escape.rawEnd : min(escape.rawEnd + max(0, target - escape.valueEnd), rawLimit)
        }
        return base + rawIndex
    }
}
