import Synchronization

/// The step names of a plan, each stored once: compact rows refer to them by index.
/// Workers intern through their own `StepTable.Local`, which asks this shared table only
/// for a name it has not seen (a few times per worker), never per row.
final class StepTable: Sendable {
    private let state = Mutex<(names: [String], index: [String: UInt32])>(([], [:]))

    func code(_ name: String) -> UInt32 {
        state.withLock { state in
            if let code = state.index[name] { return code }
            let code = UInt32(state.names.count)
            state.names.append(name)
            state.index[name] = code
            return code
        }
    }

    /// The names by code, as bytes, copied for one reader: threads that shared the table's
    /// strings would bump the same reference counts on every row.
    var names: [String] {
        state.withLock { $0.names.map { String(decoding: Array($0.utf8), as: UTF8.self) } }
    }

    /// One worker's view: the names it met, checked before the shared table. A row's step
    /// is one of the program's own strings, so the comparison usually succeeds on identity.
    struct Local {
        let table: StepTable
        var recent: [(name: String, code: UInt32)] = []
        var seen: [String: UInt32] = [:]

        init(_ table: StepTable) { self.table = table }

        mutating func code(_ name: String) -> UInt32 {
            for entry in recent where entry.name == name { return entry.code }
            let code = seen[name] ?? table.code(name)
            seen[name] = code
            if recent.count < 16 { recent.append((name, code)) }
            return code
        }
    }
}
