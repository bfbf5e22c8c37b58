/// SQL's three-valued logic: only `.yes` selects a customer.
public enum Tri: UInt8, Sendable {
    case no = 0, yes = 1, unknown = 2

    init(_ value: Bool) { self = value ? .yes : .no }

    static func and(_ a: Tri, _ b: Tri) -> Tri {
        if a == .no || b == .no { return .no }
        if a == .unknown || b == .unknown { return .unknown }
        return .yes
    }

    static func or(_ a: Tri, _ b: Tri) -> Tri {
        if a == .yes || b == .yes { return .yes }
        if a == .unknown || b == .unknown { return .unknown }
        return .no
    }

    var negated: Tri {
        switch self {
        case .yes: .no
        case .no: .yes
        case .unknown: .unknown
        }
    }
}
