import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Event types with many properties (200, 70, 3): every value lands in its own property,
/// in the store, in `where` filters and in segment counts. Each property is an enum of
/// "x" and "y" in an order that differs between neighbours, so a value cached or stored
/// under another property's slot reads back as the other letter.
@Suite struct WideEventTests {
    static let types: [(name: String, prefix: String, count: Int)] = [("big", "q", 200), ("mid", "m", 70), ("zeta", "z", 3)]
    static let customers = 6
    static let eventsPerType = 3

    static func property(_ t: Int, _ k: Int) -> String { types[t].prefix + String(k) }

    static let schema: String = {
        var text = "customer { id: id }\n"
        for (t, type) in types.enumerated() {
            let properties = (0..<type.count).map { k in property(t, k) + ((t + k) % 2 == 0 ? ": one of (\"x\", \"y\")" : ": one of (\"y\", \"x\")") }
            text += "event \(type.name) { " + properties.joined(separator: ", ") + " }\n"
            for k in 0..<type.count { text += "segment s_\(property(t, k)) = count(\(type.name) where \(property(t, k)) == \"y\") >= 2\n" }
        }
        return text
    }()

    /// The value of every property of every event, by type, customer, event and property.
    static let values: [[[[String]]]] = {
        var rng = SplitMix64(seed: 11)
        return types.map { type in
            (0..<customers).map { _ in (0..<eventsPerType).map { _ in (0..<type.count).map { _ in rng.next() % 2 == 0 ? "x" : "y" } } }
        }
    }()

    /// The events interleaved across types (as an export would list them), each at its
    /// own minute, so the table order (customer, time) is known.
    static func rows() -> [(customer: Int, type: Int, event: Int, time: String)] {
        var rows: [(Int, Int, Int, String)] = []
        var minute = 0
        for e in 0..<eventsPerType {
            for c in 0..<customers {
                for t in types.indices {
                    rows.append((c, t, e, "2026-01-01T\(minute / 60 < 10 ? "0" : "")\(minute / 60):\(minute % 60 < 10 ? "0" : "")\(minute % 60):00Z"))
                    minute += 1
                }
            }
        }
        return rows
    }

    static func eventsFile(ndjson: Bool) -> DataFile {
        let allProperties = types.indices.flatMap { t in (0..<types[t].count).map { property(t, $0) } }
        var text = ndjson ? "" : "customer_id,event,time," + allProperties.joined(separator: ",") + "\n"
        for row in rows() {
            let own = Dictionary(uniqueKeysWithValues: (0..<types[row.type].count).map { (property(row.type, $0), values[row.type][row.customer][row.event][$0]) })
            if ndjson {
                let properties = (0..<types[row.type].count).map { "\"\(property(row.type, $0))\": \"\(own[property(row.type, $0)]!)\"" }
                text += "{\"customer_id\": \"c\(row.customer)\", \"event\": \"\(types[row.type].name)\", \"time\": \"\(row.time)\", \"properties\": {"
                    + properties.joined(separator: ", ") + "}}\n"
            } else {
                text += "c\(row.customer),\(types[row.type].name),\(row.time)," + allProperties.map { own[$0] ?? "" }.joined(separator: ",") + "\n"
            }
        }
        return DataSupport.file(ndjson ? "events.ndjson" : "events.csv", text)
    }

    static func load(ndjson: Bool) throws -> Dataset {
        let (table, errors) = DataSupport.table(schema)
        let checked = try #require(table, "\(errors)")
        let customers = DataSupport.file("customers.csv", "id\n" + (0..<customers).map { "c\($0)\n" }.joined())
        let outcome = DatasetLoader.load(table: checked, customers: customers, events: eventsFile(ndjson: ndjson), options: ReadOptions(threads: 1))
        #expect(outcome.errorCount == 0, "\(outcome.logs.flatMap(\.issues).map(\.dataText).prefix(3))")
        return try #require(outcome.dataset)
    }

    @Test(arguments: [false, true])
    func everyValueIsStoredUnderItsOwnProperty(ndjson: Bool) throws {
        let data = try Self.load(ndjson: ndjson)
        for (t, type) in Self.types.enumerated() {
            let table = try #require(data.events.table(type.name))
            #expect(table.count == Self.customers * Self.eventsPerType)
            var wrong: [String] = []
            for c in 0..<Self.customers {
                let rows = table.rows(of: c)
                for (e, row) in rows.enumerated() {
                    for k in 0..<type.count where table.properties[Self.property(t, k)]?.display(row) != Self.values[t][c][e][k] {
                        wrong.append("\(Self.property(t, k)) of c\(c)'s event \(e)")
                    }
                }
            }
            #expect(wrong.count == 0, "\(wrong.count) values of \(type.name) stored wrong, such as \(wrong.prefix(3))")
        }
    }

    @Test(arguments: [false, true])
    func whereFiltersAndSegmentCountsSeeEveryProperty(ndjson: Bool) throws {
        let data = try Self.load(ndjson: ndjson)
        var names: [String] = []
        var expected: [Int] = []
        for (t, type) in Self.types.enumerated() {
            for k in 0..<type.count {
                names.append("s_" + Self.property(t, k))
                expected.append((0..<Self.customers).filter { c in Self.values[t][c].filter { $0[k] == "y" }.count >= 2 }.count)
            }
        }
        let counts = Evaluator(data).count(segments: names, at: DataSupport.instant("2026-06-01"), threads: 1).map(\.count)
        let differing = names.indices.filter { counts[$0] != expected[$0] }.map { "\(names[$0]): \(counts[$0]), expected \(expected[$0])" }
        #expect(differing.count == 0, "\(differing.count) segment counts differ, such as \(differing.prefix(3))")
    }
}
