@testable import CampaignData
import CampaignSyntax
import Foundation
import Testing

/// However an events file is ordered (by time, as logs are; grouped by customer; shuffled)
/// and however it is cut into parts, each row is validated as if it were read alone, and
/// the diagnostics come out in file order: the reader looks customers up a batch of rows
/// at a time, and that must show nowhere.
@Suite struct EventOrderTests {
    static let customersHeader = "id,email,phone,first_name,country,timezone,signup_at,birthday,tier,email_opt_in,sms_opt_in,push_token,coupon_code\n"
    static let eventsHeader = "customer_id,event,time,amount,category\n"

    /// Customer ids as written in the file: short, long (past the 11 bytes held whole),
    /// quoted with an escaped quote, quoted with a comma, not ASCII.
    static func customerIDs(_ count: Int) -> [String] {
        (0..<count).map { i in
            switch i % 5 {
            case 0: "c\(i)"
            case 1: "customer-\(i)-with-a-longer-id"
            case 2: "\"q\"\"\(i)\""
            case 3: "\"a,\(i)\""
            default: "สม\(i)"
            }
        }
    }

    /// One kind of row, valid or with one problem, as a line (without its line feed).
    static let kinds: [(name: String, row: @Sendable (_ id: String, _ time: String) -> String)] = [
        ("purchase", { "\($0),purchase,\($1),12.50,home" }),
        ("article view", { "\($0),article_view,\($1),,books" }),
        ("app open", { "\($0),app_open,\($1),," }),
        ("unknown short id", { _, time in "c999999,app_open,\(time),," }),
        ("unknown long id", { _, time in "customer-999999-with-a-longer-id,app_open,\(time),," }),
        ("unknown escaped id", { _, time in "\"q\"\"999999\",app_open,\(time),," }),
        ("empty id", { _, time in ",app_open,\(time),," }),
        ("unknown event", { "\($0),purchse,\($1),," }),
        ("bad time", { id, _ in "\(id),app_open,2026-13-01T00:00:00Z,," }),
        ("missing amount", { "\($0),purchase,\($1),,home" }),
        ("bad amount", { "\($0),purchase,\($1),abc," }),
        ("property of another type", { "\($0),app_open,\($1),3,books" }),
        ("too few fields", { "\($0),app_open,\($1)" }),
    ]

    /// A generated file's rows: (customer, line) in time order; most rows valid.
    static func rows(seed: UInt64, count: Int, customers: [String]) -> [(customer: Int, line: String)] {
        var rng = SplitMix64(seed: seed)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        return (0..<count).map { n in
            let customer = pick(customers.count)
            let kind = pick(4) == 0 ? pick(kinds.count) : pick(3)
            let time = "2026-10-01T00:00:00Z".replacingOccurrences(of: "00:00:00", with: String(format: "%02d:%02d:%02d", n / 3600, n / 60 % 60, n % 60))
            return (customer, kinds[kind].row(customers[customer], time))
        }
    }

    enum Order: String, CaseIterable {
        case time, customer, shuffled
    }

    static func ordered(_ rows: [(customer: Int, line: String)], _ order: Order, seed: UInt64) -> [String] {
        switch order {
        case .time:
            return rows.map(\.line)
        case .customer:
            return rows.enumerated().sorted { ($0.element.customer, $0.offset) < ($1.element.customer, $1.offset) }.map(\.element.line)
        case .shuffled:
            var lines = rows.map(\.line)
            var rng = SplitMix64(seed: seed &+ 7)
            for i in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            return lines
        }
    }

    static func read(_ lines: [String], customers: CustomerStore, threads: Int) -> (EventStore?, [String]) {
        var options = ReadOptions(maxErrors: 100_000, threads: threads)
        options.minimumPartBytes = 0
        let file = DataSupport.file("events.csv", eventsHeader + lines.map { $0 + "\n" }.joined())
        let (store, log) = EventReader.read(file, table: DataSupport.table, customers: customers, options: options)
        return (store, log.issues.compactMap(\.dataText))
    }

    /// What a row says read alone (as line 2 of a file of its own), moved to `line`.
    static func alone(_ row: String, line: Int, customers: CustomerStore) -> [String] {
        var options = ReadOptions(maxErrors: 100_000, threads: 1)
        options.minimumPartBytes = 0
        let file = DataSupport.file("events.csv", eventsHeader + row + "\n")
        let (_, log) = EventReader.read(file, table: DataSupport.table, customers: customers, options: options)
        return log.issues.map { $0.movedDown(line - 2) }.compactMap(\.dataText)
    }

    static func customers(_ ids: [String]) throws -> CustomerStore {
        let text = customersHeader + ids.map { "\($0),,,,,,2025-01-01T00:00:00Z,,free,true,false,,\n" }.joined()
        let (store, log) = CustomerReader.read(DataSupport.file("customers.csv", text), table: DataSupport.table, options: ReadOptions())
        #expect(log.issues.isEmpty, "\(log.issues.compactMap(\.dataText))")
        return try #require(store)
    }

    /// Every kind of row, in a file of each order, read on one core and cut in parts for
    /// two: the diagnostics are those of each row read alone, in file order, and the
    /// stored events are the same in every order.
    @Test(arguments: [(UInt64(1), 300), (2, 64), (3, 65), (4, 700)])
    func diagnosticsAreEachRowsAloneInFileOrder(_ seed: UInt64, _ count: Int) throws {
        let ids = Self.customerIDs(40)
        let customers = try Self.customers(ids)
        let rows = Self.rows(seed: seed, count: count, customers: ids)
        var stores: [Order: EventStore] = [:]
        for order in Order.allCases {
            let lines = Self.ordered(rows, order, seed: seed)
            let expected = lines.enumerated().flatMap { Self.alone($0.element, line: $0.offset + 2, customers: customers) }
            #expect(expected.count > count / 10, "the file has errors")
            for threads in [1, 2] {
                let (store, diagnostics) = Self.read(lines, customers: customers, threads: threads)
                #expect(diagnostics == expected, "\(order), \(threads) threads")
                let read = try #require(store)
                if let first = stores[order] {
                    #expect(read.tables.map(\.fileOrder) == first.tables.map(\.fileOrder), "\(order), \(threads) threads")
                }
                stores[order] = stores[order] ?? read
            }
        }
        let time = try #require(stores[.time])
        #expect(time.count > count / 2)
        for order in Order.allCases {
            let store = try #require(stores[order])
            #expect(store.count == time.count, "\(order)")
            #expect(store.tables.map(\.offsets) == time.tables.map(\.offsets), "\(order)")
            #expect(store.tables.map(\.times) == time.tables.map(\.times), "\(order)")
        }
    }

    /// A table of single problems, each in a file of 200 valid rows (three batches and more),
    /// at the start, at a batch's edge, and at the end: the one diagnostic names its line.
    @Test(arguments: kinds.indices.dropFirst(3), [0, 63, 64, 65, 199])
    func oneProblemIsReportedOnItsLine(_ kind: Int, _ at: Int) throws {
        let ids = Self.customerIDs(40)
        let customers = try Self.customers(ids)
        var lines = (0..<200).map { n in Self.kinds[n % 3].row(ids[n % ids.count], "2026-10-01T00:00:00Z") }
        lines.insert(Self.kinds[kind].row(ids[7], "2026-10-02T00:00:00Z"), at: at)
        let expected = Self.alone(lines[at], line: at + 2, customers: customers)
        #expect(!expected.isEmpty, "\(Self.kinds[kind].name)")
        for threads in [1, 2] {
            let (store, diagnostics) = Self.read(lines, customers: customers, threads: threads)
            #expect(diagnostics == expected, "\(Self.kinds[kind].name) at \(at), \(threads) threads")
            #expect(store?.count == 200, "\(Self.kinds[kind].name) at \(at), \(threads) threads")
        }
    }

    /// Runs of one id (the lookup of a row whose id is the row before's is skipped), known
    /// or not, across the edges of batches: each row still gets its own customer, or its
    /// own diagnostic.
    @Test(arguments: ["c0", "customer-1-with-a-longer-id", "c999999", "customer-999999-with-a-longer-id"])
    func runsOfOneIdAcrossBatches(_ run: String) throws {
        let ids = Self.customerIDs(40)
        let customers = try Self.customers(ids)
        let inRun = { (n: Int) in (50..<140).contains(n) || n >= 250 }
        let lines = (0..<300).map { n in "\(inRun(n) ? run : ids[n % ids.count]),app_open,2026-10-01T00:00:00Z,," }
        let expected = lines.enumerated().flatMap { Self.alone($0.element, line: $0.offset + 2, customers: customers) }
        for threads in [1, 2] {
            let (store, diagnostics) = Self.read(lines, customers: customers, threads: threads)
            #expect(diagnostics == expected, "\(threads) threads")
            let table = try #require(store?.table("app_open"))
            let known = customers.row(of: run)
            #expect(table.count == (known == nil ? 160 : 300), "\(threads) threads")
            if let known {
                #expect(table.rows(of: known).count == (0..<300).filter { inRun($0) || $0 % ids.count == known }.count, "\(threads) threads")
            }
        }
    }

    /// Thousands of customers, so that the index's probes run past their first slot, off
    /// their cache line and round the table's end (the lookups go in rounds: `RowBatch`),
    /// with ids of every kind the index keeps (short, 9-16 bytes, UUIDs in either case,
    /// long): every row of a shuffled file lands on its own customer, read on 1 and 2
    /// cores, and an unknown id is the only diagnostic.
    @Test(arguments: [UInt64(11), 12])
    func everyRowFindsItsCustomerAmongThousands(_ seed: UInt64) throws {
        var rng = SplitMix64(seed: seed)
        func hex(_ n: Int) -> String { (0..<n).map { _ in String(rng.next() % 16, radix: 16) }.joined() }
        let ids: [String] = (0..<3_000).map { i in
            switch i % 5 {
            case 0: "c\(i)"
            case 1: "cust-\(i)-\(hex(4))"
            case 2: "\(hex(8))-\(hex(4))-\(hex(4))-\(hex(4))-\(hex(12))"
            case 3: "\(hex(8))-\(hex(4))-\(hex(4))-\(hex(4))-\(hex(12))".uppercased()
            default: "customer-with-a-long-id-\(i)-\(hex(6))"
            }
        }
        let customers = try Self.customers(ids)
        // Customer i has i % 4 + 1 app opens at minutes that name it; one row in 50 has an id
        // no customer has.
        var lines: [String] = []
        var unknown = 0
        for (i, id) in ids.enumerated() {
            for k in 0..<(i % 4 + 1) {
                lines.append("\(id),app_open,2026-10-01T\(String(format: "%02d:%02d", k, i % 60)):00Z,,")
                if lines.count % 50 == 0 {
                    lines.append("\(id)x,app_open,2026-10-01T00:00:00Z,,")
                    unknown += 1
                }
            }
        }
        for i in stride(from: lines.count - 1, to: 0, by: -1) { lines.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
        for threads in [1, 2] {
            let (store, diagnostics) = Self.read(lines, customers: customers, threads: threads)
            #expect(diagnostics.count == unknown, "\(threads) threads")
            #expect(diagnostics.allSatisfy { $0.contains("no customer has the id") }, "\(threads) threads")
            let table = try #require(store?.table("app_open"))
            for (i, id) in ids.enumerated() {
                let row = try #require(customers.row(of: id))
                #expect(row == i)
                let expected = (0..<Int64(i % 4 + 1)).map { k in Int64(1_790_812_800) + k * 3_600 + Int64(i % 60) * 60 }
                #expect(table.rows(of: row).map { table.times[$0] } == expected, "customer \(i) (\(id)), \(threads) threads")
            }
        }
    }
}
