import CampaignFuzzing
import CampaignSyntax
import Foundation
import Testing

/// The language server fuzzer's checks (`RPCInvariants`) over seeded mutations of whole
/// sessions, for CI: whatever the bytes, the server ends with 0 or 1, writes only framed
/// JSON-RPC 2.0 objects.
@Suite struct RPCMutationTests {
    static let iterations = Int(ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"] ?? "") ?? 1_000

    @Test func theSeedsRunCleanly() {
        let seeds = FuzzTarget.rpc.seeds
        #expect(seeds.count >= 4)
        for seed in seeds {
            let result = RPCInvariants.check(seed)
            #expect(result.failures.isEmpty, "\(result.failures)")
        }
        // The whole session is answered: its nine requests, and diagnostics besides.
        #expect(RPCInvariants.check(seeds[0]).frames >= 10)
    }

    @Test func mutatedSessionsKeepTheProtocol() {
        let mutator = Mutator(seeds: FuzzTarget.rpc.seeds, dictionary: "campaign")
        var rng = SplitMix64(seed: 17)
        var answered = 0
        for iteration in 0..<Self.iterations {
            let input = mutator.input(iteration, &rng)
            let result = RPCInvariants.check(input)
            if result.frames > 0 { answered += 1 }
            guard result.failures.isEmpty else {
                Issue.record("iteration \(iteration): \(result.failures.joined(separator: "\n"))\n--- input\n\(String(decoding: input, as: UTF8.self).debugDescription)")
                return
            }
        }
        #expect(answered > Self.iterations / 2, "only \(answered) of \(Self.iterations) mutants got any answer")
    }
}
