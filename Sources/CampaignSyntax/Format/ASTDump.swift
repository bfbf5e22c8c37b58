/// A textual dump of a syntax tree without spans or comments. Two files mean the same
/// thing exactly when their dumps are equal: `fmt` checks this before writing a file.
public enum ASTDump {
    public static func dump(_ file: SourceFileSyntax) -> String {
        var out = ""
        for declaration in file.declarations {
            write(declaration, into: &out)
            out += "\n"
        }
        return out
    }

    /// Where something was written, not what it says.
    static func isPosition(_ value: Any) -> Bool {
        value is SourceSpan || value is BlockBraces || value is FileID || value is BlockBraces? || value is SourceSpan?
    }

    static func write(_ value: Any, into out: inout String) {
        if isPosition(value) { return }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            if let child = mirror.children.first { write(child.value, into: &out) } else { out += "nil" }
        case .collection:
            out += "["
            for child in mirror.children {
                write(child.value, into: &out)
                out += ", "
            }
            out += "]"
        case .enum:
            if let child = mirror.children.first {
                out += "." + (child.label ?? "?") + "("
                write(child.value, into: &out)
                out += ")"
            } else {
                out += ".\(value)"
            }
        case .struct, .tuple, .class:
            out += "\(mirror.subjectType)("
            for child in mirror.children {
                if isPosition(child.value) { continue }
                if let label = child.label, !label.hasPrefix(".") { out += label + ": " }
                write(child.value, into: &out)
                out += ", "
            }
            out += ")"
        default:
            out += "\(value)"
        }
    }
}
