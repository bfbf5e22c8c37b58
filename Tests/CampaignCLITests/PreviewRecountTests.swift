import Foundation
import Testing

/// Every number `campaign preview` prints — as text, as JSON and in the HTML page — recounted
/// from `campaign plan --format csv` on the same inputs (issue 14: "every number in the report
/// still recounts from `plan`'s CSV"). The examples and a small project of branches, a split,
/// `send first of`, a holdout and a goal are planned over `campaign gen` data by the built
/// binary, as a user runs them.
///
/// A new number in the report is caught: the text is read line by line and the page text
/// node by text node, and a line or node with a digit that no rule below recognises fails
/// the test ("unrecognised"), so a figure added to the report needs a rule that recounts it.
@Suite(.serialized) struct PreviewRecountTests {
    /// A project folder, the time zone its policy names (docs/language.md §5; without one,
    /// `policyNamesZone` false, days are UTC's) and the window it is planned over (`--from`,
    /// `--to`). With no files of its own it is the examples.
    struct Project: CustomTestStringConvertible, Sendable {
        let name: String
        let zone: String
        let files: [String: String]
        var from = "2026-04-01", to = "2027-01-01"
        var policyNamesZone = true
        var testDescription: String { name }
    }

    static let examples = Project(name: "examples", zone: "UTC", files: [:])

    /// Branches with and without sends, a split inside an arm, `send first of`, an `exit
    /// when` and an `exit` step, a goal and a 40% holdout large enough to compare, days in
    /// New York.
    static let branching = Project(name: "branching", zone: "America/New_York", files: [
        "recount.campaign": """
        import "schema.campaign"

        campaign recount_check {
          trigger weekly on monday at 07:30
          reentry after 28d
          exit when article_view
          holdout 40%
          goal purchase within 7d

          if sms_opt_in {
            send sms hello { text "Hi {{ first_name | default: 'there' }}, new things this week." }
            wait 2d
            split {
              50% {
                send email offer_mail { subject "For you" body "…" }
              }
              50% {
                send push offer_push { title "For you" body "…" }
              }
            }
          } else {
            send email hello_mail { subject "Hello" body "…" }
          }
          wait 1d
          if count(purchase since entry) > 0 {
            tag bought
            exit
          }
          send first of {
            push last_push { title "Last call" body "…" }
            email last_mail { subject "Last call" body "…" }
          }
        }
        """,
    ])

    /// The branching project over 44 days, which the text lists day by day, in New York.
    static let branchingDays = Project(name: "branching by day", zone: branching.zone, files: branching.files, from: "2026-06-01", to: "2026-07-15")

    /// The examples with a policy that names no time zone, over 30 days.
    static let examplesNoZone = Project(name: "examples, no zone", zone: "UTC", files: [:], from: "2026-06-01", to: "2026-07-01", policyNamesZone: false)

    struct Outputs {
        let csv: PlanCSV
        let customersCSV: String
        let text: String
        let json: [String: Any]
        let html: String
        let zone: TimeZone
        /// `campaign explain`'s stories of the exits the plan's rows cannot place, keyed
        /// `campaign␟customer` (`PreviewRecount.init`).
        let stories: [String: String]
    }

    /// `gen`, then `plan --format csv --render` and the three forms of `preview` on the same inputs.
    static func outputs(_ project: Project) throws -> Outputs {
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (genStatus, _, genErrors) = try EndToEndTests.run(["gen", "--customers", "300", "--events", "3000", "--seed", "14", "--out", folder])
        try #require(genStatus == 0, "\(genErrors)")
        var path = CLITests.examples
        if !project.files.isEmpty || !project.policyNamesZone {
            path = folder + "/project"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            let schema = try String(contentsOfFile: CLITests.examples + "/schema.campaign", encoding: .utf8)
            try #require(schema.contains("timezone \"UTC\""))
            let clause = project.policyNamesZone ? "timezone \"\(project.zone)\"" : ""
            try Data(schema.replacingOccurrences(of: "timezone \"UTC\"", with: clause).utf8).write(to: URL(fileURLWithPath: path + "/schema.campaign"))
            var files = project.files
            if files.isEmpty {
                for name in try FileManager.default.contentsOfDirectory(atPath: CLITests.examples) where name.hasSuffix(".campaign") && name != "schema.campaign" {
                    files[name] = try String(contentsOfFile: CLITests.examples + "/" + name, encoding: .utf8)
                }
            }
            for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: path + "/" + name)) }
        }
        let inputs = [path, "--customers", folder + "/customers.csv", "--events", folder + "/events.csv", "--from", project.from, "--to", project.to]
        let (planStatus, csv, planErrors) = try EndToEndTests.run(["plan"] + inputs + ["--render", "--format", "csv"])
        try #require(planStatus == 0, "\(planErrors)")
        let (textStatus, text, textErrors) = try EndToEndTests.run(["preview"] + inputs)
        try #require(textStatus == 0, "\(textErrors)")
        let (jsonStatus, json, jsonErrors) = try EndToEndTests.run(["preview"] + inputs + ["--format", "json"])
        try #require(jsonStatus == 0, "\(jsonErrors)")
        let page = folder + "/preview.html"
        let (htmlStatus, _, htmlErrors) = try EndToEndTests.run(["preview"] + inputs + ["--html", page])
        try #require(htmlStatus == 0, "\(htmlErrors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let plan = try PlanCSV(csv), customers = try String(contentsOfFile: folder + "/customers.csv", encoding: .utf8)
        // An entry that exits with no row since its last send step, before a branch or split
        // or inside one of its arms: `explain` tells which arms it took.
        var stories: [String: String] = [:]
        let utc = try #require(TimeZone(identifier: "UTC"))
        for exit in try PreviewRecount(plan: plan, customersCSV: customers, shapes: shapes(object), zone: utc).unsureExits {
            let key = exit.campaign + "\u{1F}" + exit.customer
            guard stories[key] == nil else { continue }
            let (status, story, errors) = try EndToEndTests.run(["explain", exit.customer] + inputs + ["--campaign", exit.campaign])
            try #require(status == 0, "\(errors)")
            stories[key] = story
        }
        return Outputs(csv: plan, customersCSV: customers, text: text, json: object, html: try String(contentsOfFile: page, encoding: .utf8),
                       zone: try #require(TimeZone(identifier: project.zone)), stories: stories)
    }

    /// The report's structure (campaigns, messages, funnel shape, holdout shares) from its JSON.
    static func shapes(_ json: [String: Any]) -> [PreviewRecount.Shape] {
        (json["campaigns"] as? [[String: Any]] ?? []).map { c in
            let messages = (c["messages"] as? [[String: Any]] ?? []).map { ($0["name"] as? String ?? "", $0["channel"] as? String ?? "") }
            let funnel = c["funnel"] as? [String: Any] ?? [:]
            let shape = FunnelShape(funnel["stages"])
            let ahead = shape.ahead
            return .init(name: c["name"] as? String ?? "", messages: messages, steps: shape.sendSteps, ahead: ahead.steps, start: ahead.start, inArms: shape.inArms,
                         holdoutBasisPoints: PreviewRecount.basisPoints(c["holdout"] as? String ?? ""), funnel: shape)
        }
    }

    static let projects = [examples, branching, branchingDays, examplesNoZone]

    @Test(arguments: projects) func everyNumberRecountsFromThePlan(project: Project) throws {
        let out = try Self.outputs(project)
        let shapes = Self.shapes(out.json)
        func recount(_ zone: TimeZone) throws -> PreviewRecount {
            try PreviewRecount(plan: out.csv, customersCSV: out.customersCSV, shapes: shapes, zone: zone, stories: out.stories)
        }
        // The data must exercise what is checked: sends, suppressions, exits, and in the
        // branching project a holdout and goals on both sides.
        let counted = try recount(out.zone)
        // Exits the rows cannot place (an entry waiting at, or inside an arm of, a branch
        // ahead) are there, and every one is placed by its story: "exited before" is exact.
        #expect(!out.stories.isEmpty && counted.unsureExits.isEmpty, "\(out.stories.count) stories, unplaced \(counted.unsureExits)")
        #expect(counted.campaigns.values.contains { $0.exits > 0 } && counted.campaigns.values.contains { !$0.messages.values.allSatisfy { $0.suppressed.isEmpty } })
        #expect(out.json["from"] as? String == project.from + "T00:00:00Z" && out.json["to"] as? String == project.to + "T00:00:00Z")
        // The funnel's shape is taken from the report: each message in one step, and the
        // branching journey's arms as written (the `if` whose arm only tags is left out).
        for shape in shapes {
            #expect(shape.steps.flatMap { $0 }.sorted() == shape.messages.map(\.name).sorted(), "\(shape.name): funnel steps \(shape.steps)")
        }
        if project.name == "branching" {
            let shape = try #require(shapes.first)
            #expect(shape.steps == [["hello"], ["offer_mail"], ["offer_push"], ["hello_mail"], ["last_push", "last_mail"]])
            #expect(shape.ahead.map(\.steps) == [[1, 2, 4], [4], [4], [4], []] && shape.inArms == ["hello", "offer_mail", "offer_push", "hello_mail"])
            #expect(shape.ahead.map(\.unsure) == [[1, 2], [], [], [], []] && shape.start == .init(steps: [0, 1, 2, 3, 4], unsure: [0, 1, 2, 3]))
            let c = try #require(counted.campaigns["recount_check"])
            #expect(c.heldOut >= 100 && c.treatment >= 100 && c.goalsHoldout > 0 && c.goalsTreatment > 0, "\(c)")
        }
        // Days are the policy's zone's in all three forms; the JSON's daily is recounted in the
        // zone its `dailyTimeZone` names, checked to be the policy's.
        let jsonZone = TimeZone(identifier: out.json["dailyTimeZone"] as? String ?? "") ?? out.zone
        JSONRecountCheck(json: out.json, recount: try recount(jsonZone), plan: out.csv, shapes: shapes, policyZone: project.zone).check()
        try PreviewTextCheck(text: out.text, json: out.json, plan: out.csv, shapes: shapes, recount: recount, policyZone: project.zone, policyNamesZone: project.policyNamesZone).check()
        try PreviewHTMLCheck(html: out.html, json: out.json, recount: counted, plan: out.csv, shapes: shapes, zone: out.zone, policyZone: project.zone,
                             policyNamesZone: project.policyNamesZone).check()
    }

    /// The recount itself is checked against figures worked out by hand, so that a bug shared
    /// by it and the report cannot pass unseen.
    @Test func theRecountCountsAHandWrittenPlan() throws {
        let csv = #"""
        time,local_time,customer_id,campaign,step,action,channel,detail
        2026-05-01T09:00:00Z,2026-05-01T05:00:00-04:00,a,k,enter,enter,,t
        2026-05-01T09:00:00Z,2026-05-01T05:00:00-04:00,a,k,s,send,sms,"[GSM-7, 2 segments] Hi, ""you"""
        2026-05-01T23:30:00Z,2026-05-01T19:30:00-04:00,a,k,e,suppress,email,"e: no consent: email_opt_in is false; p: no address: push_token is missing"
        2026-05-02T03:00:00Z,2026-05-01T23:00:00-04:00,a,k,exit,exit,,exit when purchase: purchase at 2026-05-02T03:00:00Z
        2026-05-02T03:00:00Z,2026-05-01T23:00:00-04:00,b,k,enter,enter,,t
        2026-05-02T04:00:00Z,2026-05-02T00:00:00-04:00,b,k,exit,exit,,email_opt_in
        2026-05-03T03:00:00Z,2026-05-02T23:00:00-04:00,c,k,enter,enter,,t
        2026-05-03T04:00:00Z,2026-05-03T00:00:00-04:00,c,k,exit,exit,,exit step

        """#
        let shape = PreviewRecount.Shape(name: "k", messages: [("s", "sms"), ("e", "email"), ("p", "push")], steps: [["s"], ["e", "p"]],
                                         ahead: [.init(steps: [1], unsure: []), .init(steps: [], unsure: [])], start: .init(steps: [0, 1], unsure: []), inArms: [], holdoutBasisPoints: 0)
        let r = try PreviewRecount(plan: PlanCSV(csv), customersCSV: "id\na\nb\nc\n", shapes: [shape], zone: try #require(TimeZone(identifier: "America/New_York")))
        let k = try #require(r.campaigns["k"])
        #expect(r.customers == 3 && r.rows == 8)
        #expect(k.entered == 3 && k.exits == 3 && k.heldOut == 0)
        #expect(k.messages["s"]?.smsSegments == 2 && k.messages["s"]?.sent == 1)
        #expect(k.messages["e"]?.suppressed == ["no consent": 1])
        // a exited after reaching both steps; b before either; c at an `exit` step, which
        // ends the journey with nothing ahead.
        #expect(k.messages["s"]?.exitedBefore == 1 && k.messages["e"]?.exitedBefore == 1 && k.messages["p"]?.exitedBefore == 1)
        #expect(k.reached(step: 0) == 1 && k.reached(step: 1) == 1 && k.sentAt[1] == nil)
        #expect(k.daily == ["2026-05-01": ["sms": 1]])
        #expect(PreviewRecount.bucket(["winback_sms", "holdout", "c0000001"]) < 10_000)
        #expect(PreviewRecount.basisPoints("12.5%") == 1_250)
        // Newcombe (1998), example (a): 56/70 against 48/80 is 0.0524 to 0.3339.
        // s, then an if (a, then a split of b | c) else d, then e: after a come b, c and e;
        // after b only e; before the branch every step.
        let tree = FunnelShape([["messages": ["s"]], ["arms": [["label": "if", "stages": [["messages": ["a"]], ["arms": [["label": "1", "stages": [["messages": ["b"]]]], ["label": "2", "stages": [["messages": ["c"]]]]]]]],
                                                                ["label": "else", "stages": [["messages": ["d"]]]]]], ["messages": ["e"]]])
        #expect(tree.sendSteps == [["s"], ["a"], ["b"], ["c"], ["d"], ["e"]])
        #expect(tree.ahead.steps.map(\.steps) == [[1, 2, 3, 4, 5], [2, 3, 5], [5], [5], [5], []])
        // After s and after a, an entry without a row since may be inside an arm ahead.
        #expect(tree.ahead.steps.map(\.unsure) == [[1, 2, 3, 4], [2, 3], [], [], [], []] && tree.ahead.start == .init(steps: [0, 1, 2, 3, 4, 5], unsure: []))
        // Placed by the arms its story says it took: none yet, the `if` arm, split arm 2,
        // and `else` after a branch the funnel leaves out (another first test) took `else`.
        #expect(tree.ahead(after: 0, arms: []) == [1, 2, 3, 4, 5] && tree.ahead(after: 0, arms: [("if", "if")]) == [1, 2, 3, 5])
        #expect(tree.ahead(after: 1, arms: [(nil, "2")]) == [3, 5] && tree.ahead(after: 0, arms: [("if z", "else"), ("if", "else")]) == [4, 5])
        let story = try Story("""
        customer c1, time zone UTC

        2026-05-01T09:00:00+00:00  k  sent s on sms
        2026-05-01T09:00:00+00:00  k  wait 2d: until 2026-05-03T09:00:00+00:00
        2026-05-03T09:00:00+00:00  k  branch: took else if y
                                      · if x: false
                                      · else if y: true
        2026-05-03T09:00:00+00:00  k  split: arm 2 (50%), by a stable hash of the customer (bucket 7000 of 10000)
        2026-05-03T10:00:00+00:00  k  exited: exit when purchase: purchase at 2026-05-03T10:00:00Z

        1 send, 1 exit
        """)
        let arms = try story.armsTaken(before: "2026-05-03T10:00:00+00:00")
        #expect(arms.map(\.first) == ["if x", nil] && arms.map(\.label) == ["if y", "arm 2 (50%)"])
        let c = try #require(RecountedComparison(goals: 56, of: 70, holdoutGoals: 48, of: 80))
        #expect(abs(c.low - 0.0524) < 0.0001 && abs(c.high - 0.3339) < 0.0001 && !c.enough)
    }
}

/// A funnel's stages as the report's JSON gives them (`{"messages", "reached", "sent"}` or
/// `{"arms": [{"label", "stages"}]}`), for the shape only.
struct FunnelShape {
    indirect enum Stage {
        case send(messages: [String], reached: Int?, sent: Int?)
        case arms([(label: String, stages: [Stage])])
    }

    let stages: [Stage]

    init(_ value: Any?) {
        func parse(_ value: Any?) -> [Stage] {
            (value as? [[String: Any]] ?? []).map { object in
                if let arms = object["arms"] as? [[String: Any]] {
                    return .arms(arms.map { ($0["label"] as? String ?? "", parse($0["stages"])) })
                }
                return .send(messages: object["messages"] as? [String] ?? [], reached: object["reached"] as? Int, sent: object["sent"] as? Int)
            }
        }
        stages = parse(value)
    }

    /// The send steps (numbered as `sendSteps`) ahead of an entry on its paths, and those
    /// of them that its rows cannot tell are: an entry with no row since its last send step
    /// may have gone on into a branch ahead (waiting inside an arm, or with its arm's first
    /// send deferred), so the steps of a branch before the next send step are unsure.
    struct Ahead: Equatable {
        var steps: Set<Int>
        var unsure: Set<Int>
    }

    /// The stages with each send step numbered as `sendSteps` numbers it.
    indirect enum Numbered {
        case send(Int)
        case arms([(label: String, stages: [Numbered])])
    }

    var numbered: (stages: [Numbered], count: Int) {
        var count = 0
        func number(_ stages: [Stage]) -> [Numbered] {
            stages.map { stage in
                switch stage {
                case .send:
                    count += 1
                    return .send(count - 1)
                case .arms(let arms): return .arms(arms.map { ($0.label, number($0.stages)) })
                }
            }
        }
        let stages = number(stages)
        return (stages, count)
    }

    /// The send steps of some stages, arms and all.
    static func all(_ stages: some Sequence<Numbered>) -> Set<Int> {
        Set(stages.flatMap { stage -> [Int] in
            switch stage {
            case .send(let step): [step]
            case .arms(let arms): arms.flatMap { all($0.stages) }
            }
        })
    }

    /// Per send step, what is ahead after it: later in its arm, then after the branch it is
    /// in, never in a sibling arm; and `start`, what is ahead before any send step.
    var ahead: (start: Ahead, steps: [Ahead]) {
        func all(_ stage: Numbered) -> Set<Int> { Self.all([stage]) }
        /// What lies ahead of an entry before `continuation`, the stages still to come in order.
        func ahead(_ continuation: [Numbered]) -> Ahead {
            var out = Ahead(steps: [], unsure: []), sendFirst = false
            for stage in continuation {
                out.steps.formUnion(all(stage))
                if case .send = stage { sendFirst = true } else if !sendFirst { out.unsure.formUnion(all(stage)) }
            }
            return out
        }
        let (tree, count) = numbered
        var steps = [Ahead](repeating: Ahead(steps: [], unsure: []), count: count)
        func walk(_ list: [Numbered], rest: [Numbered]) {
            for (i, stage) in list.enumerated() {
                let continuation = Array(list[(i + 1)...]) + rest
                switch stage {
                case .send(let step): steps[step] = ahead(continuation)
                case .arms(let arms): for arm in arms { walk(arm.stages, rest: continuation) }
                }
            }
        }
        walk(tree, rest: [])
        return (ahead(tree), steps)
    }

    /// The labels of the arms (`if sms_opt_in`, `arm 1 (50%)`, `else`), arms walked in order.
    var armLabels: [String] {
        func walk(_ stages: [Stage]) -> [String] {
            stages.flatMap { stage -> [String] in
                if case .arms(let arms) = stage { return arms.flatMap { [$0.label] + walk($0.stages) } }
                return []
            }
        }
        return walk(stages)
    }

    /// The send steps ahead of an entry after send step `step` (nil: before any) that has
    /// since taken `arms` (from its story, in order): the stages after the step, entering each
    /// branch or split by the arm taken, until a branch it has not reached, whose every arm
    /// is ahead. A branch the funnel leaves out (no arm sends) has no stage: its arm is
    /// skipped, known by its first test.
    func ahead(after step: Int?, arms taken: [(first: String?, label: String)]) -> Set<Int> {
        func all(_ stages: some Sequence<Numbered>) -> Set<Int> { Self.all(stages) }
        func continuation(_ list: [Numbered], rest: [Numbered]) -> [Numbered]? {
            for (i, stage) in list.enumerated() {
                let after = Array(list[(i + 1)...]) + rest
                switch stage {
                case .send(let s) where s == step: return after
                case .send: continue
                case .arms(let arms): for arm in arms { if let found = continuation(arm.stages, rest: after) { return found } }
                }
            }
            return nil
        }
        let tree = numbered.stages
        var rest = (step == nil ? tree : continuation(tree, rest: []) ?? [])[...]
        var taken = taken[...]
        while let stage = rest.first {
            guard case .arms(let arms) = stage else { return all(rest) }
            // This stage's arm: a split's by its label, a branch's also by its first test.
            func fits(_ t: (first: String?, label: String)) -> Bool {
                arms.contains { $0.label == t.label } && (t.first == nil || t.first == arms.first?.label)
            }
            while let t = taken.first, !fits(t) { taken.removeFirst() }
            guard let t = taken.popFirst(), let arm = arms.first(where: { $0.label == t.label }) else { return all(rest) }
            rest = (arm.stages + rest.dropFirst())[...]
        }
        return []
    }

    /// The messages of the send steps inside arms.
    var inArms: Set<String> {
        func walk(_ stages: [Stage], inArm: Bool) -> [String] {
            stages.flatMap { stage -> [String] in
                switch stage {
                case .send(let messages, _, _): inArm ? messages : []
                case .arms(let arms): arms.flatMap { walk($0.stages, inArm: true) }
                }
            }
        }
        return Set(walk(stages, inArm: false))
    }

    /// The send steps in journey order, arms walked in order.
    var sendSteps: [[String]] {
        func walk(_ stages: [Stage]) -> [[String]] {
            stages.flatMap { stage -> [[String]] in
                switch stage {
                case .send(let messages, _, _): [messages]
                case .arms(let arms): arms.flatMap { walk($0.stages) }
                }
            }
        }
        return walk(stages)
    }
}
