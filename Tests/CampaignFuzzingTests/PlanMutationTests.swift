import CampaignFuzzing
import CampaignSyntax
import Foundation
import Testing

/// The plan fuzzer's checks (`PlanInvariants`) over seeded mutations of the examples, for
/// CI, which cannot fuzz for minutes: whatever checks cleanly plans the same at one thread
/// and two, inside the window, to reachable customers only, and explains and previews.
@Suite struct PlanMutationTests {
    /// Mutants to plan; most mutants stop earlier (an unknown name fails the check), so
    /// the loop runs until this many reached the planner, or ten times as many were tried.
    static let planned = Int(ProcessInfo.processInfo.environment["FUZZ_ITERATIONS"] ?? "") ?? 300

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

    @Test func mutatedProjectsPlanTheSameAtAnyThreadCount() {
        let mutator = Mutator(seeds: FuzzTarget.plan.seeds, dictionary: "campaign")
        var rng = SplitMix64(seed: 12_012)
        var planned = 0
        for iteration in 0..<(Self.planned * 10) where planned < Self.planned {
            let input = mutator.input(iteration, &rng, edits: 1...3, style: .words)
            let result = PlanInvariants.check(input)
            if result.stage == .planned { planned += 1 }
            guard result.failures.isEmpty else {
                Issue.record("iteration \(iteration): \(result.failures.joined(separator: "\n"))\n--- input\n\(String(decoding: input, as: UTF8.self))")
                return
            }
        }
        #expect(planned == Self.planned, "only \(planned) mutants reached the planner")
    }
}
