import CampaignSyntax

/// The most data the store holds, each limit set by a fixed-size integer chosen to keep
/// the store small: an `Int32` is half an `Int`, and on 10M events with a text property
/// the narrower offsets and row numbers save over 100 MB. Data past a limit is a data
/// error naming it (D0004) and no store, never a trap or a number that wrapped around.
/// The limits are values, not constants, so tests reach them with a few rows.
struct StoreLimits: Sendable {
    /// Bytes of text in one column: a value's start and end in its column's byte arena
    /// are `Int32` (`TextColumn`), 8 bytes a row instead of 16.
    var textBytes = Int(Int32.max)
    /// Customers in the customers file: a customer's row is an `Int32` in every event row
    /// read, in the id index and in every plan row.
    var customers = Int(Int32.max)
    /// Events of one type: an event table's per-customer offsets and its sort order are
    /// `Int32` (`EventTable.offsets`).
    var eventsPerType = Int(Int32.max)
    /// Valid rows in the events file: each event's place in the file, which orders events
    /// of different types at one instant, is a `UInt32` (`EventTable.fileOrder`).
    var eventsPerFile = Int(UInt32.max)

    /// `2,147,483,647`: a limit as the messages show it.
    static func shown(_ n: Int) -> String {
        let digits = Array(String(n))
        var text = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return text
    }

    /// The error for a file whose data passes a limit: "more than N `what`: the limit is
    /// N `unit`, …".
    static func issue(file: String, column: String? = nil, moreThan limit: Int, _ what: String, unit: String) -> Diagnostic {
        Diagnostic.data(DataCode.tooLarge, file: file, line: 0, column: column,
                  "more than \(shown(limit)) \(what): the limit is \(shown(limit)) \(unit) (the store numbers them in 32 bits to stay small)")
    }
}
