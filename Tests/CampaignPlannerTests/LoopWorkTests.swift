@testable import CampaignPlanner
import CampaignData
import Foundation
import Testing

/// What one customer's run costs, counted rather than timed: the loop looks at a campaign
/// when something of it is due or an event concerns it, never at every campaign at every
/// instant (which made `plan` quadratic in the campaigns); `explain`'s story grows in
/// place, never copied line by line (which made `explain` quadratic).
@Suite struct LoopWorkTests {
    static let customer = "c1,a@example.com,,,UTC,2025-01-01,,false,false,\n"

    /// `count` campaigns of each kind: one-off triggers at distinct minutes, purchase
    /// triggers whose audience refuses, and app-open triggers the customer never fires.
    static func project(_ count: Int) -> String {
        var text = ""
        for i in 0..<count {
            text += "campaign once_\(i) { trigger once at 2026-06-01 \(String(format: "%02d:%02d", i / 60, i % 60))  tag seen }\n"
            text += "campaign bought_\(i) { audience email_opt_in  trigger on purchase  tag bought }\n"
            text += "campaign opened_\(i) { trigger on app_open  tag opened }\n"
        }
        return text
    }

    static let purchases = (1...5).map { "c1,purchase,2026-06-0\($0 + 1)T12:00:00Z,5,\n" }.joined()

    /// A run for the one customer, not yet run.
    static func run<Observer>(_ count: Int, watchedBy: Observer.Type) throws -> CustomerRun<Observer> {
        let table = try PlanSupport.table(Self.project(count))
        let data = try PlanSupport.dataset(table, customers: Self.customer, events: InstantOrderTests.noEvents + Self.purchases)
        var options = PlanOptions(from: PlanSupport.instant("2026-06-01"), to: PlanSupport.instant("2026-06-08"))
        options.threads = 1
        var run = CustomerRun<Observer>(program: PlanProgram(data: data, options: options))
        run.reset(customer: 0)
        return run
    }

    @Test(arguments: [50, 200])
    func theLoopLooksOnlyAtWhatIsDue(_ count: Int) throws {
        var run = try Self.run(count, watchedBy: NoObserver.self)
        run.run()
        // Each one-off campaign once, at its instant; each purchase trigger once per
        // purchase. A pass over every campaign at each of the count + 5 instants would be
        // (count + 5) × 3 × count.
        #expect(run.turns == count + 5 * count)
        #expect(run.rows.count { $0.action == .enter } == count)
        #expect(run.rows.count { $0.action == .tag } == count)
    }

    @Test func theStoryGrowsInPlace() throws {
        let count = 200
        var run = try Self.run(count, watchedBy: StoryObserver.self)
        run.observer.story.reserveCapacity(10 * count)
        let buffer = run.observer.story.withUnsafeBufferPointer { $0.baseAddress }
        run.run()
        let story = run.observer.story
        #expect(story.count > 3 * count && story.count < 10 * count)
        #expect(story.withUnsafeBufferPointer { $0.baseAddress } == buffer, "the story was copied")
        // A refusal that repeats is one line with a count, per campaign, though the
        // campaigns' lines interleave.
        let refusals = story.filter { $0.text.contains("not in the audience") }
        #expect(refusals.count == count)
        #expect(refusals.allSatisfy { $0.repeats == 4 })
        #expect(Set(refusals.map(\.campaign)).count == count)
    }
}
