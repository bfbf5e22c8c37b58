import CampaignData
import Foundation
import Testing

/// `campaign gen --order` (docs/language.md, `campaign gen`): every order holds the same
/// events, each lays them out as it says, and each is a fixed function of the seed.
struct GeneratedOrderTests {
    /// The event lines (header dropped) of a generated dataset, and its customers file.
    static func generate(seed: UInt64, order: EventOrder) throws -> (events: [Substring], customers: Data) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-order-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try DatasetGenerator(customers: 300, events: 6_000, seed: seed, order: order).write(to: folder)
        let events = try String(contentsOfFile: folder + "/events.csv", encoding: .utf8)
        let customers = try Data(contentsOf: URL(fileURLWithPath: folder + "/customers.csv"))
        return (events.split(separator: "\n").dropFirst().map { $0 }, customers)
    }

    /// (customer id, time) of a line: ids are zero-padded and times ISO 8601 in UTC, so
    /// text order is their order.
    static func key(_ line: Substring) -> (String, String) {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false)
        return (String(fields[0]), String(fields[2]))
    }

    @Test(arguments: [UInt64(3), 8])
    func everyOrderHoldsTheSameEventsAndCustomers(seed: UInt64) throws {
        let grouped = try Self.generate(seed: seed, order: .customer)
        for order in [EventOrder.time, .shuffled] {
            let other = try Self.generate(seed: seed, order: order)
            #expect(other.customers == grouped.customers, "\(order)")
            #expect(other.events.sorted() == grouped.events.sorted(), "\(order)")
            #expect(other.events != grouped.events, "\(order) is laid out like customer")
        }
    }

    @Test func timeOrderIsByTimeThenCustomer() throws {
        let lines = try Self.generate(seed: 5, order: .time).events
        let keys = lines.map(Self.key)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { ($0.1, $0.0) <= ($1.1, $1.0) })
        #expect(Set(keys.prefix(50).map(\.0)).count > 10, "the first events come from many customers")
    }

    @Test func customerOrderIsGroupedAndByTime() throws {
        let keys = try Self.generate(seed: 5, order: .customer).events.map(Self.key)
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
    }

    @Test(arguments: EventOrder.allCases)
    func eachOrderIsAFixedFunctionOfTheSeed(order: EventOrder) throws {
        let first = try Self.generate(seed: 4, order: order).events
        #expect(try Self.generate(seed: 4, order: order).events == first)
        #expect(try Self.generate(seed: 6, order: order).events != first)
    }

    @Test func shuffledIsNeitherByTimeNorGrouped() throws {
        let keys = try Self.generate(seed: 5, order: .shuffled).events.map(Self.key)
        let timeDescents = zip(keys, keys.dropFirst()).filter { $0.1 > $1.1 }.count
        let customerChanges = zip(keys, keys.dropFirst()).filter { $0.0 != $1.0 }.count
        #expect(timeDescents > keys.count / 3)
        #expect(customerChanges > keys.count * 9 / 10)
    }
}
