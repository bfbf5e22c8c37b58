@testable import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// `duration` fields and properties are read with the language's own duration syntax
/// (`15m 2h 30d 2w`): stored as seconds, compared, rendered, and anything else refused
/// with the field named.
@Suite struct DurationFieldTests {
    static let schema = """
    customer {
      id: id
      signup_at: time
      grace: duration?
      factor: number?
    }
    event call { hold: duration }
    segment patient = grace > 2d
    segment unknown_grace = grace is none
    segment waited = signup_at + grace < now
    segment slow_calls = count(call where hold >= 1h) >= 1
    segment scaled = 2d * factor > 1d
    segment scaled_wait = signup_at + grace * factor < now and -(grace * factor) < 0d


    """

    static func load(customers: String, events: String = "customer_id,event,time,hold\n", ndjson: Bool = false) throws -> DatasetLoader.Outcome {
        let (table, errors) = DataSupport.table(schema)
        let checked = try #require(table, "\(errors)")
        return DatasetLoader.load(table: checked, customers: DataSupport.file(ndjson ? "c.ndjson" : "c.csv", customers),
                                  events: DataSupport.file(ndjson ? "e.ndjson" : "e.csv", events), options: ReadOptions(threads: 1))
    }

    static let grace = ["3d", "1d", "", "2w", "48h", "2881m"]

    static func customers(ndjson: Bool) -> String {
        if ndjson {
            return grace.enumerated().map { i, g in
                "{\"id\": \"c\(i)\", \"signup_at\": \"2026-01-01T00:00:00Z\"" + (g.isEmpty ? ", \"grace\": null" : ", \"grace\": \"\(g)\"") + "}\n"
            }.joined()
        }
        return "id,signup_at,grace\n" + grace.enumerated().map { "c\($0),2026-01-01T00:00:00Z,\($1)\n" }.joined()
    }

    @Test(arguments: [false, true])
    func durationsAreReadComparedAndShown(ndjson: Bool) throws {
        let events = ndjson
            ? "{\"customer_id\": \"c0\", \"event\": \"call\", \"time\": \"2026-01-02T00:00:00Z\", \"properties\": {\"hold\": \"90m\"}}\n"
                + "{\"customer_id\": \"c1\", \"event\": \"call\", \"time\": \"2026-01-02T00:00:00Z\", \"properties\": {\"hold\": \"59m\"}}\n"
            : "customer_id,event,time,hold\nc0,call,2026-01-02T00:00:00Z,90m\nc1,call,2026-01-02T00:00:00Z,59m\n"
        let outcome = try Self.load(customers: Self.customers(ndjson: ndjson), events: events, ndjson: ndjson)
        #expect(outcome.errorCount == 0, "\(outcome.logs.flatMap(\.issues).map(\.dataText))")
        let data = try #require(outcome.dataset)
        guard case .duration(let seconds)? = data.customers.columns["grace"] else {
            Issue.record("grace is not stored as a duration")
            return
        }
        let expected: [Int64] = [259_200, 86_400, Column.missingDuration, 1_209_600, 172_800, 172_860]
        #expect(seconds == expected)
        #expect((0..<6).map { data.customers.columns["grace"]?.display($0) } == ["3d", "1d", nil, "2w", "2d", "2d 1m"])
        let evaluator = Evaluator(data)
        func members(_ segment: String, at: String = "2026-06-01") -> [String] {
            evaluator.count(segments: [segment], at: DataSupport.instant(at), listing: segment, threads: 1)[0].rows.map { data.customers.id($0) }.sorted()
        }
        // `grace > 2d`: 3d, 2w and 2881m; 48h is exactly 2d; a missing grace is unknown.
        #expect(members("patient") == ["c0", "c3", "c5"])
        #expect(members("unknown_grace") == ["c2"])
        #expect(members("slow_calls") == ["c0"])
        #expect(members("waited", at: "2026-01-03T00:00:00Z") == ["c1"])
        #expect(members("waited", at: "2026-01-04T00:00:01Z") == ["c0", "c1", "c4", "c5"])
        // `trigger on enter waited` looks for the change one second after signup + grace.
        let instants = evaluator.changeInstants(segment: "waited", customer: 0, from: DataSupport.instant("2026-01-01"), to: DataSupport.instant("2026-02-01"))
        #expect(instants.contains(DataSupport.instant("2026-01-04T00:00:01Z")), "\(instants)")
    }

    @Test func badDurationsAreRowErrorsNamingTheField() throws {
        let outcome = try Self.load(customers: "id,signup_at,grace\nc1,2026-01-01,banana\nc2,2026-01-01,3days\nc3,2026-01-01,3\n")
        #expect(outcome.dataset == nil)
        // Errors only: the file leaves out the optional `factor` (a D0108 warning).
        let issues = outcome.logs.flatMap(\.issues).filter { $0.severity == .error }
        #expect(issues.map(\.code) == [DataCode.badDuration, DataCode.badDuration, DataCode.badDuration])
        #expect(issues.map { $0.dataLocation?.line } == [2, 3, 4])
        #expect(issues.allSatisfy { $0.dataLocation?.columnName == "grace" })
        #expect(issues.first?.message == "expected a duration: a whole number of minutes (m), hours (h), days (d) or weeks (w), such as 30d, found \"banana\"")
        #expect(issues.dropFirst().first?.message.hasSuffix("; did you mean \"3d\"?") == true)

        let json = try Self.load(customers: "{\"id\": \"c1\", \"signup_at\": \"2026-01-01\", \"grace\": 3}\n", ndjson: true)
        #expect(json.logs.flatMap(\.issues).filter { $0.severity == .error }.map(\.code) == [DataCode.badDuration], "a bare number has no unit")
        let event = try Self.load(customers: "id,signup_at,grace\nc1,2026-01-01,\n", events: "customer_id,event,time,hold\nc1,call,2026-01-02,soon\n")
        #expect(event.logs.flatMap(\.issues).filter { $0.severity == .error }.map { "\($0.code) \($0.dataLocation?.columnName ?? "")" } == ["\(DataCode.badDuration) hold"])
    }

    /// Durations scaled by numbers from the data can pass any integer: past the evaluator's
    /// range they are unknown, not a trap.
    @Test func arithmeticPastTheRangeIsUnknown() throws {
        let outcome = try Self.load(customers: "id,signup_at,grace,factor\nc1,2026-01-01,3d,1e300\nc2,2026-01-01,3d,2\nc3,2026-01-01,3d,-1e18\n")
        let data = try #require(outcome.dataset)
        let counts = Evaluator(data).count(segments: ["scaled", "scaled_wait"], at: DataSupport.instant("2026-06-01"), listing: nil, threads: 1)
        #expect(counts.map(\.count) == [1, 1], "only c2's values are in range")
    }

    /// A data value reads as a duration exactly when the same text compiles as a duration
    /// literal, to the same length: one syntax, not two.
    @Test(arguments: ["15m", "2h", "30d", "2w", "0d", "999999999w", "1234567890d", "1.5h", "3days", "3D", "banana", "3", "-3d", "d", "2h30m", "007d"])
    func dataAndLanguageReadTheSameDurations(_ text: String) throws {
        let source = SourceFile(path: "t.campaign", text: "segment s = now - \(text) < now\n")
        let parsed = Parser.parse(source)
        let language: Int? = parsed.diagnostics.isEmpty ? Self.literalSeconds(parsed.syntax) : nil
        let data = Array(text.utf8).withUnsafeBufferPointer { FieldParsing.fast($0, .duration) }
        var dataSeconds: Int?
        if case .duration(let seconds)? = data { dataSeconds = Int(seconds) }
        #expect(dataSeconds == language, "\(text): data \(String(describing: dataSeconds)), language \(String(describing: language))")
    }

    /// The seconds of the one duration literal in `segment s = now - LITERAL < now`.
    static func literalSeconds(_ file: SourceFileSyntax) -> Int? {
        for declaration in file.declarations {
            if case .segment(let segment) = declaration, case .binary(_, let left, _, _) = segment.condition,
               case .chain(let chain) = left, case .literal(.duration(let length), _)? = chain.links.last?.operand {
                return length.seconds
            }
        }
        return nil
    }
}
