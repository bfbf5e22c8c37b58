import Foundation
import Testing

/// `campaign preview --format json` checked field by field against the recount. A key this
/// check does not know fails it, so a figure added to the JSON needs a recount here.
struct JSONRecountCheck {
    let json: [String: Any]
    let recount: PreviewRecount
    let plan: PlanCSV
    let shapes: [PreviewRecount.Shape]
    /// The time zone the project's policy names: the one `dailyTimeZone` must name, and the
    /// recount's days are counted in (docs/output.md, "The preview's days").
    let policyZone: String

    func check() {
        expectKeys(json, ["from", "to", "customers", "rows", "dailyTimeZone", "campaigns"], at: "top")
        #expect(json["dailyTimeZone"] as? String == policyZone, "dailyTimeZone")
        #expect(json["customers"] as? Int == recount.customers, "customers")
        #expect(json["rows"] as? Int == recount.rows, "rows")
        let campaigns = json["campaigns"] as? [[String: Any]] ?? []
        #expect(Set(campaigns.compactMap { $0["name"] as? String }).isSuperset(of: recount.campaigns.keys), "a campaign with rows is missing")
        for c in campaigns { campaign(c) }
    }

    func expectKeys(_ object: [String: Any], _ keys: [String], at place: String) {
        #expect(Set(object.keys) == Set(keys), "\(place): keys \(object.keys.sorted()) are not the recounted \(keys.sorted())")
    }

    func campaign(_ c: [String: Any]) {
        let name = c["name"] as? String ?? ""
        let r = recount.campaigns[name] ?? .init()
        expectKeys(c, ["name", "trigger", "audience", "goal", "holdout", "entered", "heldOut", "exitedEarly", "messages", "funnel", "daily"], at: name)
        #expect(c["entered"] as? Int == r.entered, "\(name) entered")
        #expect(c["heldOut"] as? Int == r.heldOut, "\(name) heldOut")
        #expect(c["exitedEarly"] as? Int == r.exits, "\(name) exitedEarly")
        let messages = c["messages"] as? [[String: Any]] ?? []
        #expect(Set(messages.compactMap { $0["name"] as? String }).isSuperset(of: r.messages.keys), "\(name): a message with rows is missing")
        for m in messages { message(m, of: r, in: name) }

        let funnel = c["funnel"] as? [String: Any] ?? [:]
        expectKeys(funnel, ["entered", "stages", "goal", "goalRate", "holdout"], at: "\(name) funnel")
        #expect(funnel["entered"] as? Int == r.treatment, "\(name) funnel entered")
        #expect(funnel["goal"] as? Int == r.goalsTreatment, "\(name) funnel goal")
        #expect(rate(funnel["goalRate"]) == Printed.rate(r.goalsTreatment, of: r.treatment), "\(name) funnel goalRate")
        var step = 0
        stages(FunnelShape(funnel["stages"]).stages, of: r, in: name, step: &step, entering: r.treatment)
        if c["holdout"] is String {
            let h = funnel["holdout"] as? [String: Any] ?? [:]
            expectKeys(h, ["entered", "goal", "goalRate", "difference", "interval95", "enoughToTell"], at: "\(name) holdout")
            #expect(h["entered"] as? Int == r.heldOut, "\(name) holdout entered")
            #expect(h["goal"] as? Int == r.goalsHoldout, "\(name) holdout goal")
            #expect(rate(h["goalRate"]) == Printed.rate(r.goalsHoldout, of: r.heldOut), "\(name) holdout goalRate")
            let comparison = RecountedComparison(goals: r.goalsTreatment, of: r.treatment, holdoutGoals: r.goalsHoldout, of: r.heldOut)
            #expect(rate(h["difference"]) == comparison.map { ($0.difference * 10_000).rounded() / 10_000 }, "\(name) difference")
            let interval = (h["interval95"] as? [Any])?.map(rate)
            #expect(interval == comparison.map { [($0.low * 10_000).rounded() / 10_000, ($0.high * 10_000).rounded() / 10_000] }, "\(name) interval95")
            #expect(h["enoughToTell"] as? Bool == (comparison?.enough ?? false), "\(name) enoughToTell")
        } else {
            #expect(funnel["holdout"] is NSNull, "\(name): a holdout without one")
        }

        var daily: [String: [String: Int]] = [:]
        for day in c["daily"] as? [[String: Any]] ?? [] {
            let key = day["day"] as? String ?? ""
            for (channel, n) in day where channel != "day" { daily[key, default: [:]][channel] = n as? Int }
        }
        #expect(daily == r.daily, "\(name) daily")
    }

    /// A send stage's `reached`/`sent` are the treatment rows at its messages; along a path
    /// the number reached never rises (docs/language.md §9.7).
    func stages(_ stages: [FunnelShape.Stage], of r: PreviewRecount.Campaign, in name: String, step: inout Int, entering: Int) {
        var before = entering
        for stage in stages {
            switch stage {
            case .send(let messages, let reached, let sent):
                #expect(reached == r.reached(step: step), "\(name) funnel \(messages) reached")
                #expect(sent == (r.sentAt[step] ?? 0), "\(name) funnel \(messages) sent")
                #expect((reached ?? 0) <= before, "\(name) funnel rises at \(messages)")
                before = reached ?? 0
                step += 1
            case .arms(let arms):
                for arm in arms { self.stages(arm.stages, of: r, in: name, step: &step, entering: before) }
            }
        }
    }

    func message(_ m: [String: Any], of r: PreviewRecount.Campaign, in campaign: String) {
        let name = m["name"] as? String ?? ""
        let place = "\(campaign).\(name)"
        let counted = r.messages[name] ?? .init()
        expectKeys(m, ["name", "channel", "alternatives", "sent", "deferred", "suppressed", "suppressedByReason", "exitedBefore", "smsSegments", "samples"], at: place)
        #expect(m["sent"] as? Int == counted.sent, "\(place) sent")
        #expect(m["suppressed"] as? Int == counted.suppressedTotal, "\(place) suppressed")
        #expect(m["suppressedByReason"] as? [String: Int] == counted.suppressed, "\(place) suppressedByReason")
        PreviewRecount.expectCell((m["exitedBefore"] as? Int).map(Printed.count) ?? "none", column: "exited before", counted, m, place: place)
        if m["channel"] as? String == "sms" {
            #expect(m["smsSegments"] as? Int == counted.smsSegments, "\(place) smsSegments")
        } else {
            #expect(m["smsSegments"] is NSNull, "\(place) smsSegments")
        }
        // Deferrals are not in the CSV (a send row has the instant it went out, not the one it
        // was due): only that they are sends.
        let deferred = m["deferred"] as? [String: Int] ?? [:]
        #expect(Set(deferred.keys) == ["sendWindow", "quietHours"], "\(place) deferred")
        #expect(deferred.values.reduce(0, +) <= counted.sent, "\(place) deferred more than sent")
        for sample in m["samples"] as? [[String: Any]] ?? [] {
            let found = plan.rows.contains {
                $0.action == "send" && $0.campaign == campaign && $0.step == name && $0.customer == sample["customer"] as? String
                    && $0.localTime == sample["localTime"] as? String && $0.detail == sample["text"] as? String
            }
            #expect(found, "\(place): sample \(sample) is not a send of the plan")
        }
    }

    func rate(_ value: Any?) -> Double? { (value as? NSNumber).map { $0.doubleValue } }
}
