import CampaignFuzzing
import CampaignSyntax
import Foundation
import Testing

/// The plan fuzzer's checks (`PlanInvariants`) over seeded mutations of the examples, for
/// CI, which cannot fuzz for minutes: whatever checks cleanly plans the same at one thread
/// and two, inside the window, to reachable customers only, and explains and previews.
@Suite struct PlanMutationTests {
    /// Mutants to plan, in all; most mutants stop earlier (an unknown name fails the
    /// check), so each loop runs until its share reached the planner, or ten times as many
    /// were tried. Three loops with their own seeds, run side by side. A planned mutant
    /// costs 0.03–0.15 s in a debug build: 150 keep this under ten seconds of CPU;
    /// `FUZZ_ITERATIONS=3000 swift test --filter PlanMutationTests` goes further.
    static let planned = Int(ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"] ?? "") ?? 150
    static let loops: [UInt64] = [12_012, 12_013, 12_014]

    @Test func theSeedsPlanCleanly() {
        let seeds = FuzzTarget.plan.seeds
        #expect(seeds.count >= 2)
        for seed in seeds {
            let result = PlanInvariants.check(seed)
            #expect(result.stage == .planned)
            #expect(result.failures.isEmpty, "\(result.failures)")
        }
        #expect(PlanInvariants.check(seeds[0]).rows > 0, "the examples plan nothing over the window: the checks would prove little")
    }

    @Test(arguments: loops)
    func mutatedProjectsPlanTheSameAtAnyThreadCount(_ seed: UInt64) {
        let mutator = Mutator(seeds: FuzzTarget.plan.seeds, dictionary: "campaign")
        var rng = SplitMix64(seed: seed)
        var planned = 0
        let share = Self.planned / Self.loops.count
        for iteration in 0..<(share * 10) where planned < share {
            let input = mutator.input(iteration, &rng, edits: 1...3, style: .words)
            let result = PlanInvariants.check(input)
            if result.stage == .planned { planned += 1 }
            guard result.failures.isEmpty else {
                Issue.record("seed \(seed), iteration \(iteration): \(result.failures.joined(separator: "\n"))\n--- input\n\(String(decoding: input, as: UTF8.self))")
                return
            }
        }
        #expect(planned == share, "only \(planned) mutants reached the planner")
    }

    /// The fuzzer's own mutator for projects (without libFuzzer: word edits only) keeps
    /// most of them parsing, and never writes past the room it is given.
    @Test func theFuzzersWordMutatorKeepsProjectsParsing() {
        let seed = FuzzTarget.plan.seeds[0]
        var parsed = 0
        for n in 0..<100 {
            var buffer = seed + [UInt8](repeating: 0, count: 64)
            let size = buffer.withUnsafeMutableBufferPointer { FuzzTarget.plan.mutate($0.baseAddress!, size: seed.count, maxSize: seed.count + 64, seed: UInt32(n * 2)) }
            #expect(size <= seed.count + 64)
            if !Parser.parse(SourceFile(path: "mutant.campaign", bytes: Array(buffer.prefix(size)))).diagnostics.hasErrors { parsed += 1 }
        }
        #expect(parsed >= 60, "only \(parsed) of 100 word-mutated projects parsed")
    }
}
