@testable import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Data past one of the store's fixed-size limits (`StoreLimits`) is a D0004 error naming
/// the limit and no store, never a trap or a wrapped number. The limits are lowered so a
/// few rows reach them.
@Suite struct StoreLimitTests {
    static let header = ReaderTests.header + "\n"
    static let customers = header + "c1,,,Ana,,,2025-01-10,,free,true,false,,\n" + "c2,,,Bo,,,2025-01-10,,free,true,false,,\n"
        + "c3,,,Cyrille,,,2025-01-10,,free,true,false,,\n"

    static func options(_ change: (inout StoreLimits) -> Void) -> ReadOptions {
        var options = ReadOptions(threads: 1)
        change(&options.limits)
        return options
    }

    static func texts(_ log: IssueLog) -> [String] { log.issues.compactMap(\.dataText) }

    @Test func moreCustomersThanTheLimit() {
        let (store, log) = CustomerReader.read(DataSupport.file("c.csv", Self.customers), table: DataSupport.table, options: Self.options { $0.customers = 2 })
        #expect(store == nil)
        #expect(Self.texts(log) == ["c.csv: error: more than 2 customers: the limit is 2 customers in one file (the store numbers them in 32 bits to stay small) [D0004]"])
        let (atLimit, fine) = CustomerReader.read(DataSupport.file("c.csv", Self.customers), table: DataSupport.table, options: Self.options { $0.customers = 3 })
        #expect(atLimit?.count == 3 && fine.errorCount == 0)
    }

    @Test func moreEventsOfOneTypeThanTheLimit() throws {
        let (store, _) = CustomerReader.read(DataSupport.file("c.csv", Self.customers), table: DataSupport.table, options: ReadOptions(threads: 1))
        let events = "customer_id,event,time,amount,category\n" + "c1,purchase,2026-01-01,1,\nc2,purchase,2026-01-02,2,\nc1,app_open,2026-01-03,,\nc3,purchase,2026-01-04,3,\n"
        let (table, log) = EventReader.read(DataSupport.file("e.csv", events), table: DataSupport.table, customers: try #require(store),
                                            options: Self.options { $0.eventsPerType = 2 })
        #expect(table == nil)
        #expect(Self.texts(log) == ["e.csv: error: more than 2 events of type `purchase`: the limit is 2 events of one type (the store numbers them in 32 bits to stay small) [D0004]"])
        let (file, fileLog) = EventReader.read(DataSupport.file("e.csv", events), table: DataSupport.table, customers: try #require(store),
                                               options: Self.options { $0.eventsPerFile = 3 })
        #expect(file == nil)
        #expect(Self.texts(fileLog) == ["e.csv: error: more than 3 events: the limit is 3 events in one file (the store numbers them in 32 bits to stay small) [D0004]"])
    }

    @Test func moreTextInAColumnThanTheLimit() throws {
        // "Ana" + "Bo" + "Cyrille" is 12 bytes.
        let (store, log) = CustomerReader.read(DataSupport.file("c.csv", Self.customers), table: DataSupport.table, options: Self.options { $0.textBytes = 11 })
        #expect(store == nil)
        #expect(Self.texts(log) == ["c.csv: error: column `first_name`: more than 11 bytes of text in this column: the limit is 11 bytes of text in one column (the store numbers them in 32 bits to stay small) [D0004]"])
        let (fits, fine) = CustomerReader.read(DataSupport.file("c.csv", Self.customers), table: DataSupport.table, options: Self.options { $0.textBytes = 12 })
        #expect(fits?.count == 3 && fine.errorCount == 0)

        let customers = try #require(fits)
        let events = "customer_id,event,time,amount,category\n" + "c1,article_view,2026-01-01,,home\nc2,article_view,2026-01-02,,garden\n"
        let (table, eventLog) = EventReader.read(DataSupport.file("e.csv", events), table: DataSupport.table, customers: customers,
                                                 options: Self.options { $0.textBytes = 9 })
        #expect(table == nil)
        #expect(eventLog.issues.map(\.code) == [DataCode.tooLarge])
        #expect(eventLog.issues.first?.message.hasPrefix("more than 9 bytes of text in the property `category` of `article_view` events") == true)
    }

    /// Parts read in parallel each fit; together they do not.
    @Test func concatenatedTextPastTheLimitIsMarked() {
        func column(_ values: [String]) -> TextColumn {
            var text = TextColumn(byteLimit: 10)
            for value in values { Array(value.utf8).withUnsafeBufferPointer { text.append($0) } }
            return text
        }
        let parts = [column(["abcd", "ef"]), column(["ghij"])]
        #expect(parts.allSatisfy { !$0.overflowed })
        #expect(TextColumn.concatenated(parts).string(2) == "ghij")
        #expect(TextColumn.concatenated(parts + [column(["k"])]).overflowed)
        let full = column(["abcdefghij", "k"])
        #expect(full.overflowed && full.string(0) == "abcdefghij" && full.isMissing(1))
    }

    @Test func limitsAreShownWithSeparators() {
        #expect(StoreLimits.shown(Int(Int32.max)) == "2,147,483,647")
        #expect(StoreLimits.shown(999) == "999" && StoreLimits.shown(1_000) == "1,000")
    }

    /// More threads than a part number holds (parts are numbered in a `UInt8`): the
    /// reader reads in at most 256 parts and stores the same events.
    @Test func moreThreadsThanPartNumbersReadTheSame() throws {
        let customers = try DataSupport.bundled("customers.csv")
        var events = "customer_id,event,time,amount,category\n"
        var day = 0
        while events.utf8.count < 1_200_000 {
            events += "c00\(day % 8 + 1),purchase,2026-0\(day % 9 + 1)-1\(day % 10)T10:00:00Z,\(day % 97),cat\(day % 13)\n"
            day += 1
        }
        var tables: [EventTable] = []
        for threads in [1, 1_000] {
            let outcome = DataSupport.load(customers: customers, events: DataSupport.file("e.csv", events), options: ReadOptions(threads: threads))
            #expect(outcome.errorCount == 0)
            tables.append(try #require(outcome.dataset?.events.table("purchase")))
        }
        #expect(tables[0].count == day && tables[1].count == day)
        #expect(tables[0].times == tables[1].times && tables[0].offsets == tables[1].offsets)
        let rows = 0..<day
        #expect(rows.map { tables[0].properties["category"]?.display($0) } == rows.map { tables[1].properties["category"]?.display($0) })
    }
}
