import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// Segment counts: by hand on the bundled dataset, and against a brute-force evaluator
/// written separately over generated data.
@Suite struct SegmentTests {
    static func bundled() throws -> Dataset {
        let outcome = DataSupport.load(customers: try DataSupport.bundled("customers.csv"), events: try DataSupport.bundled("events.csv"))
        return try #require(outcome.dataset)
    }

    static func members(_ data: Dataset, _ segment: String, at: String) -> [String] {
        let counts = Evaluator(data).count(segments: [segment], at: DataSupport.instant(at), listing: segment, threads: 1)
        return counts[0].rows.map { data.customers.id($0) }.sorted()
    }

    /// Worked out by hand from examples/data (see the comments for the reasoning).
    @Test func handComputedAtNovemberFirst() throws {
        let data = try Self.bundled()
        // loyal: 3+ purchases in (Aug 3, Nov 1] — only c004 (Oct 1, 10, 20).
        #expect(Self.members(data, "loyal", at: "2026-11-01") == ["c004"])
        // active: an app_open in (Oct 18, Nov 1] and not loyal — c001 (Oct 20), c005 (Oct 30).
        #expect(Self.members(data, "active", at: "2026-11-01") == ["c001", "c005"])
        // lapsing: last purchase before Oct 2 and on/after Aug 3 — c001 (Sep 1), c002 (Sep 20), c003 (Sep 25);
        // c006's Oct 2 11:00 is not before Oct 2 00:00; c005's Jul 1 is too old; c008 never bought (unknown).
        #expect(Self.members(data, "lapsing", at: "2026-11-01") == ["c001", "c002", "c003"])
        // inactive: (last app_open ?? signup) before Aug 3 — everyone without a recent open, except c008,
        // who signed up after the instant.
        #expect(Self.members(data, "inactive", at: "2026-11-01") == ["c002", "c003", "c004", "c006", "c007"])
        // home_readers: 3+ home article views in 30 days — c004 has one.
        #expect(Self.members(data, "home_readers", at: "2026-11-01") == [])
    }

    @Test func handComputedAtOtherInstants() throws {
        let data = try Self.bundled()
        // On Oct 21 00:00 c004 has purchases Oct 1, 10, 20 in the last 90 days: loyal; on Oct 20 00:00 only two.
        #expect(Self.members(data, "loyal", at: "2026-10-21") == ["c004"])
        #expect(Self.members(data, "loyal", at: "2026-10-20T00:59:59Z") == [])
        #expect(Self.members(data, "loyal", at: "2026-10-20T01:00:00Z") == ["c004"], "an event at exactly `now` counts")
        // Dec 1: c006's Nov 20 purchase makes it not lapsing; c004's last purchase Oct 20 is now 42 days old.
        #expect(Self.members(data, "lapsing", at: "2026-12-01").contains("c004"))
        #expect(!Self.members(data, "lapsing", at: "2026-12-01").contains("c006"))
    }

    @Test func sameCountsOnOneAndTwoThreads() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-gen-\(UUID().uuidString)").path
        _ = try DatasetGenerator(customers: 3_000, events: 40_000, seed: 11).write(to: folder)
        var results: [[Int]] = []
        for threads in [1, 2] {
            let outcome = DataSupport.load(customers: try DataFile(path: folder + "/customers.csv"), events: try DataFile(path: folder + "/events.csv"),
                                           options: ReadOptions(threads: threads))
            let data = try #require(outcome.dataset)
            results.append(Evaluator(data).count(segments: DataSupport.table.segmentNames, at: DataSupport.instant("2026-11-01"), threads: threads).map(\.count))
        }
        #expect(results[0] == results[1])
    }

    /// A second, naive implementation of the example segments over plain parsed rows.
    @Test(arguments: ["2026-11-01", "2026-08-15T12:00:00Z", "2026-03-01"])
    func generatedDataMatchesBruteForce(_ at: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-brute-\(UUID().uuidString)").path
        _ = try DatasetGenerator(customers: 2_000, events: 30_000, seed: 5).write(to: folder)
        let outcome = DataSupport.load(customers: try DataFile(path: folder + "/customers.csv"), events: try DataFile(path: folder + "/events.csv"))
        let data = try #require(outcome.dataset)
        let now = DataSupport.instant(at)
        let fast = Evaluator(data).count(segments: ["loyal", "active", "lapsing", "inactive", "home_readers"], at: now, threads: 2).map(\.count)

        let customerLines = try String(contentsOfFile: folder + "/customers.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        let eventLines = try String(contentsOfFile: folder + "/events.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        var signup: [String: Int64] = [:]
        for line in customerLines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            signup[String(f[0])] = DataSupport.instant(String(f[6]))
        }
        var events: [String: [(String, Int64, String)]] = [:]
        for line in eventLines {
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            events[String(f[0]), default: []].append((String(f[1]), DataSupport.instant(String(f[2])), String(f[4])))
        }
        let day: Int64 = 86_400
        var counts = [0, 0, 0, 0, 0]
        for (id, signedUp) in signup {
            let mine = (events[id] ?? []).filter { $0.1 <= now }
            let purchases = mine.filter { $0.0 == "purchase" }.map(\.1)
            let opens = mine.filter { $0.0 == "app_open" }.map(\.1)
            let loyal = purchases.filter { $0 > now - 90 * day }.count >= 3
            let active = opens.contains { $0 > now - 14 * day } && !loyal
            var lapsing = false
            if let last = purchases.max() { lapsing = last < now - 30 * day && last >= now - 90 * day }
            let inactive = (opens.max() ?? signedUp) < now - 90 * day
            let home = mine.filter { $0.0 == "article_view" && $0.2 == "home" && $0.1 > now - 30 * day }.count >= 3
            for (i, member) in [loyal, active, lapsing, inactive, home].enumerated() where member { counts[i] += 1 }
        }
        #expect(fast == counts)
        #expect(counts.allSatisfy { $0 > 0 } || at == "2026-03-01", "the generated data exercises every segment")
    }

    @Test func generatorIsDeterministic() throws {
        let a = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-det-a-\(UUID().uuidString)").path
        let b = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-det-b-\(UUID().uuidString)").path
        let c = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-det-c-\(UUID().uuidString)").path
        _ = try DatasetGenerator(customers: 500, events: 5_000, seed: 9).write(to: a)
        _ = try DatasetGenerator(customers: 500, events: 5_000, seed: 9).write(to: b)
        _ = try DatasetGenerator(customers: 500, events: 5_000, seed: 10).write(to: c)
        for name in ["customers.csv", "events.csv"] {
            let x = try Data(contentsOf: URL(fileURLWithPath: a + "/" + name))
            #expect(x == (try Data(contentsOf: URL(fileURLWithPath: b + "/" + name))))
            #expect(x != (try Data(contentsOf: URL(fileURLWithPath: c + "/" + name))))
        }
        let text = try String(contentsOfFile: a + "/customers.csv", encoding: .utf8)
        for script in ["สมชาย", "سارا", "지우", "Hương"] where text.contains(script) { return }
        Issue.record("the generated names cover several scripts")
    }
}

/// The change instants of a segment: between two consecutive ones its value never changes.
@Suite struct ChangeInstantTests {
    @Test(arguments: ["loyal", "active", "lapsing", "inactive", "home_readers"])
    func valueIsConstantBetweenChangeInstants(_ segment: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-change-\(UUID().uuidString)").path
        _ = try DatasetGenerator(customers: 150, events: 3_000, seed: 21).write(to: folder)
        let outcome = DataSupport.load(customers: try DataFile(path: folder + "/customers.csv"), events: try DataFile(path: folder + "/events.csv"))
        let data = try #require(outcome.dataset)
        let evaluator = Evaluator(data)
        let condition = evaluator.segment(segment)
        let from = DataSupport.instant("2026-01-01"), to = DataSupport.instant("2026-11-01")
        var rng = SplitMix64(seed: 99)
        var transitions = 0
        for customer in 0..<data.customers.count {
            let instants = evaluator.changeInstants(segment: segment, customer: customer, from: from, to: to)
            let bounds = [from] + instants + [to + 1]
            var previous: Tri?
            for (start, end) in zip(bounds, bounds.dropFirst()) where end > start {
                let value = condition(EvaluationContext(customer: customer, now: start))
                for _ in 0..<3 {
                    let probe = start + Int64(rng.next() % UInt64(end - start))
                    #expect(condition(EvaluationContext(customer: customer, now: probe)) == value,
                            "\(segment) changed for customer \(customer) between \(start) and \(end) without a change instant")
                }
                if let previous, previous != value { transitions += 1 }
                previous = value
            }
        }
        #expect(transitions > 0, "the data exercises transitions of \(segment)")
    }
}
