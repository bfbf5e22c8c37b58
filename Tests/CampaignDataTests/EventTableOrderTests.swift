@testable import CampaignData
import CampaignSyntax
import Foundation
import Testing

/// An event table holds each customer's events in time order, events at one instant in
/// file order (docs/language.md §8.4), with every property beside its own event: however
/// the file is ordered, however it is cut into windows and parts, on any number of
/// threads. Checked against a table built the plain way: every row of a type, sorted by
/// (customer, time, place in the file).
@Suite struct EventTableOrderTests {
    static let schema = """
    customer { id: id }
    event visit
    event buy { amount: number, note: text?, kind: one of ("web", "shop")?, shipped_at: time?, gift: bool? }
    event view { page: text }

    """

    static let customerCount = 30
    /// Has far more events than the others (its rows are sorted by more than moving
    /// them one by one); `tied` has every event at one instant, in every type.
    static let busy = 3, tied = 5

    /// One generated event: its customer, type, time and property cells, in file order
    /// (all valid, so a row's place among valid rows is its place in this list).
    struct Event {
        let customer: Int
        let type: String
        let time: String
        let cells: [String]

        var line: String { (["c\(customer)", type, time] + cells).joined(separator: ",") }
    }

    static let times = (0..<12).map { String(format: "2026-10-%02dT%02d:00:00Z", 1 + $0 % 5, $0 % 3) }
    static let header = "customer_id,event,time,amount,note,kind,shipped_at,gift,page"

    static func events(seed: UInt64, count: Int) -> [Event] {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        func maybe(_ text: String) -> String { pick(3) == 0 ? "" : text }
        let words = ["a", "bb", "ccc", "ü", "ของ", "long-" + String(repeating: "x", count: 40)]
        return (0..<count).map { _ in
            let customer = pick(4) == 0 ? busy : pick(customerCount)
            let time = customer == tied ? times[0] : times[pick(times.count)]
            switch pick(3) {
            case 0:
                return Event(customer: customer, type: "visit", time: time, cells: ["", "", "", "", "", ""])
            case 1:
                return Event(customer: customer, type: "buy", time: time,
                             cells: ["\(pick(1000))", maybe(words[pick(words.count)] + "\(pick(99))"), maybe(["web", "shop"][pick(2)]),
                                     maybe(times[pick(times.count)]), maybe(["true", "false"][pick(2)]), ""])
            default:
                return Event(customer: customer, type: "view", time: time, cells: ["", "", "", "", "", words[pick(words.count)]])
            }
        }
    }

    enum Order: String, CaseIterable {
        case time, customer, shuffled
    }

    static func ordered(_ events: [Event], _ order: Order, seed: UInt64) -> [Event] {
        switch order {
        case .time:
            return events.enumerated().sorted { ($0.element.time, $0.offset) < ($1.element.time, $1.offset) }.map(\.element)
        case .customer:
            return events.enumerated().sorted { ($0.element.customer, $0.offset) < ($1.element.customer, $1.offset) }.map(\.element)
        case .shuffled:
            var shuffled = events
            var rng = SplitMix64(seed: seed &+ 11)
            for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            return shuffled
        }
    }

    /// The table of `type` as plainly as it can be built: its events in file order, sorted
    /// by customer and time (a stable sort keeps file order among equal times).
    static func expected(_ events: [Event], type: String) -> (offsets: [Int32], times: [Int64], fileOrder: [UInt32], rows: [Event]) {
        let rows = events.enumerated().filter { $0.element.type == type }
            .sorted { (a, b) in
                let (ta, tb) = (DataSupport.instant(a.element.time), DataSupport.instant(b.element.time))
                return (a.element.customer, ta, a.offset) < (b.element.customer, tb, b.offset)
            }
        var offsets = [Int32](repeating: 0, count: customerCount + 1)
        for row in rows { offsets[row.element.customer + 1] += 1 }
        for c in 0..<customerCount { offsets[c + 1] += offsets[c] }
        return (offsets, rows.map { DataSupport.instant($0.element.time) }, rows.map { UInt32($0.offset) }, rows.map(\.element))
    }

    static let cases: [(Order, Int, Int)] = Order.allCases.flatMap { order in [(order, 1, 32 << 20), (order, 1, 700), (order, 3, 700), (order, 3, 32 << 20)] }

    @Test(arguments: cases)
    func tablesAreTheRowsSortedByCustomerTimeAndFilePlace(_ order: Order, _ threads: Int, _ window: Int) throws {
        let (table, errors) = DataSupport.table(Self.schema)
        let checked = try #require(table, "\(errors)")
        let events = Self.ordered(Self.events(seed: 21, count: 900), order, seed: 21)
        #expect(events.filter { $0.customer == Self.busy && $0.type == "view" }.count > 2 * SortedEventKeys.insertionSortRows)
        var options = ReadOptions(maxErrors: 100, threads: threads)
        options.minimumPartBytes = 0
        options.windowBytes = window
        let customers = "id\n" + (0..<Self.customerCount).map { "c\($0)\n" }.joined()
        let text = Self.header + "\n" + events.map { $0.line + "\n" }.joined()
        let outcome = DatasetLoader.load(table: checked, customers: DataSupport.file("customers.csv", customers),
                                         events: DataSupport.file("events.csv", text), options: options)
        let data = try #require(outcome.dataset, "\(outcome.logs.flatMap(\.issues).compactMap(\.dataText))")
        #expect(data.events.count == events.count)
        let properties = ["buy": ["amount", "note", "kind", "shipped_at", "gift"], "view": ["page"], "visit": []]
        for (type, names) in properties {
            let table = try #require(data.events.table(type))
            let expected = Self.expected(events, type: type)
            #expect(table.offsets == expected.offsets, "\(type)")
            #expect(table.times == expected.times, "\(type)")
            #expect(table.fileOrder == expected.fileOrder, "\(type)")
            for (p, name) in names.enumerated() {
                let column = try #require(table.properties[name], "\(type).\(name)")
                let cells = expected.rows.map { $0.cells[type == "view" ? 5 : p] }
                #expect((0..<table.count).map { column.display($0) ?? "" } == cells, "\(type).\(name)")
                if case .text(let text) = column {
                    // One arena, the values in file order, as the parts read them.
                    let inFileOrder = events.filter { $0.type == type }.map { $0.cells[type == "view" ? 5 : p] }
                    #expect(text.arena == Array(inFileOrder.joined().utf8), "\(type).\(name)")
                }
            }
        }
    }

    /// Text read in parts is moved to its rows with each part's values shifted by the bytes
    /// of the parts before it; parts that each fit but together pass the limit give an
    /// overflowed column (the reader reports it), never values that wrapped around.
    @Test func scatteredTextKeepsItsBytesAndItsLimit() {
        func column(_ values: [String?], limit: Int) -> TextColumn {
            var text = TextColumn(byteLimit: limit)
            for value in values {
                if let value { Array(value.utf8).withUnsafeBufferPointer { text.append($0) } } else { text.appendMissing() }
            }
            return text
        }
        let parts = [column(["abcd", nil], limit: 10), column(["ef", "ghij"], limit: 10)]
        // Rows read 0, 1, 2, 3 go to table rows 2, 0, 3, 1.
        let moved = TextColumn.scattered(parts, to: [2, 0, 3, 1], then: Reordering())
        #expect(!moved.overflowed)
        #expect((0..<4).map { moved.string($0) } == [nil, "ghij", "abcd", "ef"])
        #expect(moved.arena == Array("abcdefghij".utf8))
        let tooMuch = TextColumn.scattered(parts + [column(["k"], limit: 10)], to: [0, 1, 2, 3, 4], then: Reordering())
        #expect(tooMuch.overflowed)
    }
}
