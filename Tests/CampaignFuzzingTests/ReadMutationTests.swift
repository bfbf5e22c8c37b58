import CampaignFuzzing
import CampaignSyntax
import Foundation
import Testing

/// The reader fuzzers' checks (`ReadInvariants`) over seeded mutations of the examples'
/// data, the generated dataset and the reader fixtures, for CI: reading in one, two or
/// three parts (however small the file) gives the same records and issues.
@Suite struct ReadMutationTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"] ?? "") ?? 500

    @Test(arguments: [ReadInvariants.Format.csv, .ndjson])
    func theSeedsReadAlike(_ format: ReadInvariants.Format) {
        let seeds = FuzzSeeds.data(format)
        #expect(seeds.count >= 6)
        var most = (customers: 0, events: 0)
        for seed in seeds {
            let result = ReadInvariants.check(seed, format: format)
            if seed.first == 0 { most.customers = max(most.customers, result.records) } else { most.events = max(most.events, result.records) }
            #expect(result.failures.isEmpty, "\(result.failures)")
        }
        // Files of many records, so that three parts each get several.
        #expect(most.customers >= 30 && most.events >= 40, "\(most)")
    }

    @Test(arguments: [ReadInvariants.Format.csv, .ndjson])
    func mutatedFilesReadTheSameInAnyNumberOfParts(_ format: ReadInvariants.Format) {
        let mutator = Mutator(seeds: FuzzSeeds.data(format), dictionary: "data")
        var rng = SplitMix64(seed: format == .csv ? 51 : 52)
        var withRecords = 0
        for iteration in 0..<Self.iterations {
            let input = mutator.input(iteration, &rng)
            let result = ReadInvariants.check(input, format: format)
            if result.records > 0 { withRecords += 1 }
            guard result.failures.isEmpty else {
                Issue.record("iteration \(iteration): \(result.failures.joined(separator: "\n"))\n--- input\n\(String(decoding: input, as: UTF8.self).debugDescription)")
                return
            }
        }
        #expect(withRecords > Self.iterations / 5, "only \(withRecords) of \(Self.iterations) mutants kept any record")
    }
}
