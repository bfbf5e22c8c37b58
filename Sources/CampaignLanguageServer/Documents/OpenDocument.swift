import CampaignSyntax

/// A document the client has opened: its text as the editor holds it (which may differ
/// from the disk) and the version the client numbered it with.
struct OpenDocument {
    let uri: String
    /// The normalized path for a `file:` URI; nil for another scheme (`untitled:`).
    let path: String?
    var version: Int
    var bytes: [UInt8]

    /// Applies one `TextDocumentContentChangeEvent`: a whole new text, or a range
    /// replaced. Positions past the end are clamped (a range never fails).
    mutating func apply(_ change: JSONValue, encoding: PositionEncoding) -> Bool {
        guard let text = change["text"]?.string else { return false }
        guard let rangeValue = change["range"] else {
            bytes = Array(text.utf8)
            return true
        }
        guard let range = Range(rangeValue) else { return false }
        let map = PositionMap(source: SourceFile(path: path ?? uri, bytes: bytes), encoding: encoding)
        let start = map.offset(of: range.start)
        let end = max(start, map.offset(of: range.end))
        bytes.replaceSubrange(start..<end, with: Array(text.utf8))
        return true
    }
}
