@testable import CampaignData
import CampaignSyntax
import Foundation
import Testing

/// NDJSON has one place for each value: an event's own fields at the top level, its
/// properties inside `properties`, a customer's fields at the top level. Anything else is
/// an error on the row or, for keys the schema does not declare, the unknown-column warning.
@Suite struct NDJSONShapeTests {
    /// The events read against the bundled customers: the events, if the file loads (it
    /// does not when a row is in error, unless bad rows are skipped), and the file's issues.
    static func events(_ lines: [String], options: ReadOptions = ReadOptions(threads: 1)) throws -> (EventStore?, IssueLog) {
        let outcome = DataSupport.load(customers: try DataSupport.bundled("customers.csv"),
                                       events: DataSupport.file("e.ndjson", lines.joined(separator: "\n") + "\n"), options: options)
        #expect(outcome.logs.count == 2 && outcome.logs[0].errorCount == 0)
        return (outcome.dataset?.events, try #require(outcome.logs.last))
    }

    static let fine = #"{"customer_id": "c001", "event": "purchase", "time": "2026-09-01T15:00:00Z", "properties": {"amount": 5}}"#

    /// A key of the event's own inside `properties` used to override it: c001's purchase
    /// moved to c002, another time, another type. Now the row is in error, and with
    /// `--skip-bad-rows` it is left out rather than stored as someone else's.
    @Test(arguments: [("customer_id", #""c002""#), ("time", #""2025-01-01T00:00:00Z""#), ("event", #""app_open""#), ("properties", "{}")])
    func eventFieldsInsidePropertiesAreErrors(_ key: String, _ value: String) throws {
        let line = #"{"customer_id": "c001", "event": "purchase", "time": "2026-09-01T15:00:00Z", "properties": {"amount": 5, "\#(key)": \#(value)}}"#
        let (store, log) = try Self.events([Self.fine, line])
        #expect(store == nil)
        #expect(log.issues.map(\.code) == [DataCode.misplacedKey])
        #expect(log.issues.first?.dataLocation?.line == 2)
        #expect(log.issues.first?.message.hasPrefix("`\(key)` inside `properties`") == true, "\(log.issues.map(\.dataText))")

        let (kept, skipLog) = try Self.events([Self.fine, line], options: ReadOptions(skipBadRows: true, threads: 1))
        let purchases = try #require(kept?.table("purchase"))
        #expect(skipLog.errorCount == 1)
        #expect(purchases.count == 1 && purchases.rows(of: 0).count == 1, "only the first purchase, c001's, is kept")
        #expect(kept?.table("app_open")?.count == 0)
    }

    @Test func propertiesAtTheTopLevelAreErrors() throws {
        let (store, log) = try Self.events([#"{"customer_id": "c001", "event": "purchase", "time": "2026-09-01T15:00:00Z", "amount": 5}"#])
        #expect(store == nil)
        #expect(log.issues.map(\.dataText) == ["e.ndjson:1:78: error: `amount` is an event property; write it inside `properties` [D0109]"])
    }

    /// Reported at the second key.
    @Test(arguments: [
        (#"{"customer_id": "c001", "event": "purchase", "time": "2026-09-01T15:00:00Z", "time": "2026-09-02T15:00:00Z", "properties": {"amount": 5}}"#, "2:78", "time"),
        (#"{"customer_id": "c001", "event": "purchase", "time": "2026-09-01T15:00:00Z", "properties": {"amount": 5, "amount": 7}}"#, "2:106", "properties.amount"),
        (#"{"customer_id": "c001", "event": "purchase", "time": "2026-09-01T15:00:00Z", "properties": {"amount": 5}, "properties": {"amount": 7}}"#, "2:107", "properties"),
        (#"{"customer_id": null, "customer_id": "c001", "event": "app_open", "time": "2026-09-01T15:00:00Z"}"#, "2:23", "customer_id"),
    ])
    func keysTwiceAreErrors(_ line: String, _ place: String, _ key: String) throws {
        let (store, log) = try Self.events([Self.fine, line])
        #expect(store == nil)
        #expect(log.issues.map(\.dataText) == ["e.ndjson:\(place): error: the key `\(key)` appears twice in this object [D0109]"])
    }

    @Test(arguments: [("[1]", "a list"), ("5", "`5`"), (#""home""#, #"the text "home""#)])
    func propertiesMustBeAnObject(_ value: String, _ described: String) throws {
        let (store, log) = try Self.events([#"{"customer_id": "c001", "event": "app_open", "time": "2026-09-01T15:00:00Z", "properties": \#(value)}"#])
        #expect(store == nil)
        #expect(log.issues.map(\.dataText) == ["e.ndjson:1:78: error: `properties` holds \(described); expected an object of the event's properties [D0109]"])
    }

    @Test func nullPropertiesAreNone() throws {
        let (store, log) = try Self.events([#"{"customer_id": "c001", "event": "app_open", "time": "2026-09-01T15:00:00Z", "properties": null}"#])
        #expect(log.issues.isEmpty)
        #expect(store?.table("app_open")?.count == 1)
    }

    /// Keys the schema does not declare, at the top level or inside `properties`, are one
    /// warning however many rows hold them and however the file is cut for the cores.
    @Test(arguments: [1, 2, 3, 5])
    func unknownKeysWarnOnceAsUnknownColumnsDo(_ threads: Int) throws {
        var lines = [Self.fine, Self.fine]
        for i in 0..<300 {
            lines.append(#"{"customer_id": "c001", "event": "purchase", "source": "web", "time": "2026-09-01T15:00:00Z", "properties": {"amount": \#(i), "colour": "red"}}"#)
        }
        lines.append(#"{"customer_id": "c001", "event": "app_open", "time": "2026-09-01T15:00:00Z", "device": {"os": "ios"}}"#)
        var options = ReadOptions(threads: threads)
        options.minimumPartBytes = 0
        let (store, log) = try Self.events(lines, options: options)
        #expect(store?.table("purchase")?.count == 302)
        #expect(log.errorCount == 0)
        #expect(log.issues.filter { $0.code == DataCode.unknownColumns }.map(\.dataText)
            == ["e.ndjson: warning: ignoring keys the schema does not declare: `source`, `colour`, `device` [D0102]"])
    }

    /// A customers file has no `properties`: an object there (or under any key the schema
    /// does not declare) is ignored with the warning, never merged into the fields.
    @Test func customerObjectsAreNotMergedIntoFields() throws {
        let text = """
        {"id": "c1", "signup_at": "2025-01-10", "tier": "free", "email_opt_in": true, "sms_opt_in": false, "properties": {"tier": "pro", "first_name": "Zed"}}
        {"id": "c2", "signup_at": "2025-01-10", "tier": "plus", "email_opt_in": true, "sms_opt_in": false, "properties": {"tier": "pro"}, "extra": {"nested": [1]}}
        """
        let (store, log) = CustomerReader.read(DataSupport.file("c.ndjson", text), table: DataSupport.table, options: ReadOptions(threads: 1))
        let customers = try #require(store)
        guard case .category(let tiers, let values)? = customers.columns["tier"], case .text(let names)? = customers.columns["first_name"] else {
            Issue.record("columns")
            return
        }
        #expect(tiers.map { values[Int($0)] } == ["free", "plus"])
        #expect(names.isMissing(0))
        #expect(log.errorCount == 0)
        #expect(log.issues.filter { $0.code == DataCode.unknownColumns }.map(\.dataText)
            == ["c.ndjson: warning: ignoring keys the schema does not declare: `properties`, `extra` [D0102]"])
    }

    @Test func customerFieldHoldingAnObjectIsAnError() {
        let text = """
        {"id": "c1", "signup_at": "2025-01-10", "tier": {"name": "pro"}, "email_opt_in": true, "sms_opt_in": false}
        {"id": "c2", "signup_at": "2025-01-10", "tier": "pro", "email_opt_in": true, "sms_opt_in": false}
        """
        let (store, log) = CustomerReader.read(DataSupport.file("c.ndjson", text), table: DataSupport.table, options: ReadOptions(threads: 1))
        #expect(store?.count == 1 && log.errorCount == 1)
        #expect(log.issues.filter { $0.severity == .error }.map(\.dataText) == ["c.ndjson:1: error: `tier` holds an object or a list; expected a single value [D0106]"])
    }
}
