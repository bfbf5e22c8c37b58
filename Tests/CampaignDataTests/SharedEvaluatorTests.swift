@testable import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// One evaluator and one zone table used from many threads at once give what one thread
/// gets: their shared state (compiled segments, unstored reads, interned zones) is safe to
/// share, which the compiler now checks (`Sendable`, no `@unchecked`).
@Suite struct SharedEvaluatorTests {
    /// The bundled schema with a chain of segments, each using the one before: compiling
    /// the last compiles them all, so threads that start at different links compile the
    /// same segments at the same time. The links read fields, so evaluating them is cheap.
    static let chainLength = 16

    static func schema() throws -> DeclarationTable {
        var source = try String(contentsOf: DataSupport.examples.appendingPathComponent("schema.campaign"), encoding: .utf8)
        let bases = ["email_opt_in", "sms_opt_in", "tier == \"pro\"", "tier == \"free\"", "active"]
        source += "\nsegment chain0 = loyal\n"
        for i in 1..<chainLength {
            let base = bases[i % bases.count]
            source += i % 2 == 0 ? "segment chain\(i) = chain\(i - 1) or \(base)\n" : "segment chain\(i) = chain\(i - 1) and not \(base)\n"
        }
        let (table, errors) = DataSupport.table(source)
        return try #require(table, "\(errors)")
    }

    static func dataset() throws -> Dataset {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-shared-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        _ = try DatasetGenerator(customers: 400, events: 8_000, seed: 12).write(to: folder)
        let outcome = DatasetLoader.load(table: try schema(), customers: try DataFile(path: folder + "/customers.csv"),
                                         events: try DataFile(path: folder + "/events.csv"), options: ReadOptions(threads: 1))
        return try #require(outcome.dataset)
    }

    /// Every segment's value for the first customers, segments compiled in the order given
    /// (a segment compiled wrong differs for most of them).
    static func values(_ evaluator: Evaluator, _ names: [String], at now: Int64) -> [String: [Tri]] {
        var values: [String: [Tri]] = [:]
        for name in names {
            let condition = evaluator.segment(name)
            values[name] = (0..<min(8, evaluator.data.customers.count)).map { condition(EvaluationContext(customer: $0, now: now)) }
        }
        return values
    }

    /// Fresh evaluators, each shared by eight parts that compile the segments in different
    /// orders (from either end of the chain, or from its middle). With the cache unlocked,
    /// a part could read a half-written dictionary, or take another thread's segment in
    /// progress for a cycle and compile it to unknown.
    @Test func segmentsCompiledOnManyThreadsAtOnceMatchOneThread() throws {
        let data = try Self.dataset()
        let names = data.table.segmentNames
        let now = DataSupport.instant("2026-11-01")
        let expected = Self.values(Evaluator(data), names, at: now)
        #expect(expected["chain\(Self.chainLength - 1)"]?.contains(.yes) == true, "the chain's last link selects someone")
        // A race shows in about one round in a hundred with the cache unlocked: many cheap
        // rounds, for a bounded time.
        let clock = ContinuousClock(), deadline = clock.now + .milliseconds(2_500)
        for round in 0..<2_000 where clock.now < deadline {
            let shared = Evaluator(data)
            let results = parallelMap(8) { part -> [String: [Tri]] in
                let start = names.count * part / 8
                let order = part % 2 == 0 ? Array(names[start...] + names[..<start]) : Array((names[start...] + names[..<start]).reversed())
                return Self.values(shared, order, at: now)
            }
            for (part, result) in results.enumerated() {
                for name in names where result[name] != expected[name] {
                    Issue.record("round \(round), part \(part): segment `\(name)` differs from one thread's")
                }
            }
            #expect(shared.unstoredReads.isEmpty)
            if results.contains(where: { $0 != expected }) { break }
        }
    }

    /// Zones interned from many threads: each name gets one index, and `names` maps it back.
    @Test func zonesInternedOnManyThreadsAtOnceAgree() {
        let rejected = ["Not/AZone", "nowhere"]
        let zones = Array(TimeZone.knownTimeZoneIdentifiers.filter { $0.contains("/") }.prefix(60)) + rejected
        for _ in 0..<30 {
            let table = ZoneTable()
            let seen = parallelMap(8) { part -> [String: Int] in
                var ids: [String: Int] = [:]
                for name in part % 2 == 0 ? zones : zones.reversed() {
                    ids[name] = Array(name.utf8).withUnsafeBufferPointer { table.lookup($0) }.map(Int.init) ?? -1
                    _ = table.names.count
                }
                return ids
            }
            let names = table.names
            #expect(names.count == zones.count - rejected.count)
            for ids in seen {
                #expect(ids == seen[0])
                for (name, id) in ids {
                    #expect(id < 0 ? rejected.contains(name) : names.indices.contains(id) && names[id] == name, "\(name) → \(id)")
                }
            }
        }
    }
}
