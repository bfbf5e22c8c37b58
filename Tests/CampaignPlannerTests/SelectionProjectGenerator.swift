import CampaignSemantics
import CampaignSyntax
import Foundation

/// Generated projects over a schema with every kind of column — customer fields and event
/// properties of each type — whose campaigns read some segments and leave others, built
/// from every operator, unread; and small generated data for them. For the properties
/// that plan selections of campaigns from the data those selections read.
enum SelectionProjectGenerator {
    static let schema = """
    customer {
      id: id
      email: email?
      phone: phone?
      email_opt_in: bool
      sms_opt_in: bool
      zone: timezone?
      flag: bool
      vip: bool?
      score: number?
      visits: number
      nickname: text?
      tier: one of ("free", "plus", "pro")
      plan: one of ("basic", "gold")?
      signup_at: time
      seen_at: time?
      birthday: date?
      renewal: date
      trial: duration?
      backup_email: email?
      backup_phone: phone?
    }
    event purchase { amount: number, gift: bool, coupon: bool?, note: text?, kind: one of ("web", "shop")?, shipped_at: time?, due: date?, lead: duration?, contact: email?, phone_used: phone?, at_zone: timezone? }
    event app_open { first: bool? }
    event refund
    channel email { address: email consent: email_opt_in }
    channel sms { address: phone consent: sms_opt_in quiet hours 21:00 to 08:00 }

    """

    /// Conditions over every field type and operator (comparisons, `in`, `is none`, `is not
    /// none`, `??`, `not`, `and`/`or`, arithmetic) and aggregates with `where` filters over
    /// every property type.
    static let conditions = [
        // bool
        "flag", "not flag", "flag or false", "flag and vip", "vip ?? false", "not vip", "vip is none", "vip is not none",
        "flag == true", "vip != false", "flag in (true)", "(flag)",
        // number
        "score > 3", "(score ?? 0) >= 2", "score is none", "score in (1, 2, 3)", "-visits < -2", "visits * 2 + 1 > 9",
        "visits / 2 <= 3", "score - visits != 0",
        // text, enum
        "nickname == \"ana\"", "nickname != \"bo\"", "nickname in (\"ana\", \"cy\")", "nickname is none", "(nickname ?? \"zz\") == \"zz\"",
        "tier == \"pro\"", "tier != \"free\"", "tier in (\"plus\", \"pro\")", "plan is none", "(plan ?? \"basic\") == \"gold\"",
        // time, date, duration
        "signup_at < now - 30d", "(seen_at ?? signup_at) > now - 7d", "seen_at is none", "now - signup_at > 10d", "signup_at + 2w < now",
        "seen_at >= 2026-11-01", "birthday < 2000-01-01", "birthday is not none", "renewal <= now + 30d", "(birthday ?? renewal) > 1990-05-05",
        "trial > 7d", "(trial ?? 0d) < 1d", "trial is none", "trial * 2 > 3d",
        // timezone, email, phone
        "zone == \"Europe/London\"", "zone is none", "zone in (\"UTC\", \"Asia/Tokyo\")",
        "email is none", "backup_email == \"a@example.com\"", "phone is not none", "backup_phone in (\"+15551230001\")",
        // events, with filters over every property type
        "count(purchase where gift) > 0", "count(purchase where not gift and amount > 10 in last 30d) >= 1",
        "sum(purchase.amount where gift) > 5", "sum(purchase.amount where coupon ?? false in last 60d) > 0",
        "last(purchase where note is none) > now - 30d", "first(purchase where kind == \"web\") is not none",
        "count(purchase where (shipped_at ?? now) > now - 1d) > 0", "count(app_open where first ?? false) > 0",
        "count(app_open where not first) > 0", "count(purchase where due is none) > 1", "count(purchase where lead > 1h) > 0",
        "count(purchase where contact is not none or phone_used == \"+15551230001\") > 0", "count(purchase where at_zone == \"UTC\") > 0",
        "count(purchase where gift == vip) > 0", "count(purchase where gift and flag) > 0", "count(purchase where kind in (\"web\", \"shop\")) > 0",
        "last(refund) > now - 14d", "count(refund in last 7d) == 0", "count(purchase where gift and count(refund) > 0) > 0",
        "count(purchase where coupon is none) > 0", "count(purchase where due < 2026-11-01 and shipped_at is not none) > 0",
    ]

    struct Project {
        let text: String
        let campaigns: [String]
        /// Caps or `unsubscribe`: a campaign's rows may depend on the others planned with it.
        let interacting: Bool
    }

    /// A policy, `segments` generated segments (`g0`…, later ones may read earlier ones)
    /// and three campaigns that read a few of them.
    static func project(seed: UInt64, segments: Int = 12) -> Project {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ items: [T]) -> T { items[Int(rng.next() % UInt64(items.count))] }
        func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }
        func clock() -> String { String(format: "%02d:%02d", Int(rng.next() % 24), pick([0, 15, 30, 45])) }

        var text = "policy {\n  timezone \"\(pick(["UTC", "America/New_York", "Asia/Tokyo"]))\"\n"
        if chance(50) { text += "  send between 08:00 and 21:00\n" }
        let caps = chance(50)
        if caps { text += pick(["  cap 2 messages per 3d\n", "  cap sms 1 per 2d\n"]) }
        text += "  best hour from app_open default 10:00\n}\n"

        var names: [String] = []
        for k in 0..<segments {
            var condition = pick(conditions)
            if let earlier = names.isEmpty ? nil : pick(names), chance(40) {
                let other = pick(names)
                condition = pick(["\(earlier) and \(condition)", "not \(earlier)", "\(earlier) or \(other)",
                                  "count(purchase where \(earlier)) > 0", "(\(condition)) or not \(earlier)"])
            }
            names.append("g\(k)")
            text += "segment g\(k) = \(condition)\n"
        }

        // `unsubscribe` is rare, so most projects without caps plan campaigns independently.
        var interacting = caps
        var campaigns: [String] = []
        for index in 0..<3 {
            let segment = pick(names)
            let trigger = pick(["on purchase", "on purchase where gift", "on purchase where amount > 20 and (coupon ?? false)",
                                "on app_open where first ?? false", "daily at \(clock())", "weekly on friday at \(clock())",
                                "on enter \(segment)", "3d after last(purchase)", "0d after signup_at", "yearly on birthday at 10:00",
                                "2d after last(purchase where gift)"])
            var clauses = ["trigger \(trigger)", "reentry \(pick(["always", "after 3d", "never"]))", "priority \(rng.next() % 3)"]
            if chance(50) { clauses.append("audience " + pick([pick(names), pick(conditions)])) }
            if chance(40) {
                clauses.append("exit when " + pick(["refund", "purchase where gift", pick(names), "flag", "last(purchase) < now - 1d",
                                                    "count(app_open in last 3d) == 0 and \(pick(names))"]))
            }
            if chance(25) { clauses.append("goal purchase where amount > 20 within 7d") }
            var steps: [String] = []
            for step in 0..<(Int(rng.next() % 3) + 2) {
                var choices = [
                    "send email e\(step) { subject \"Hi {{ nickname | default: 'there' }}\" body \"…\" }",
                    "send sms s\(step) { text \"Your plan: {{ tier }}\" }",
                    "send first of { sms f\(step) { text \"Hi\" } email m\(step) { subject \"Hi\" body \"…\" } }",
                    "wait \(rng.next() % 36 + 1)h", "wait \(rng.next() % 4 + 1)d", "wait until \(clock())", "wait until best hour",
                    "wait until purchase where gift or 2d", "tag t\(step)",
                    "if \(pick(names)) { tag in\(step) } else { wait 1h }",
                    "if \(pick(conditions)) { send email c\(step) { subject \"Hi\" body \"…\" } }",
                    "split { 50% { wait 1h } 50% { wait 2h } }",
                ]
                if trigger.hasPrefix("on purchase") {
                    choices.append("if event.gift or (event.coupon ?? false) { tag gift\(step) }")
                    choices.append("send email n\(step) { subject \"{{ event.note | default: 'thanks' }}\" body \"{{ event.amount }}\" }")
                }
                steps.append(pick(choices))
            }
            if chance(10) {
                steps.append("unsubscribe email")
                interacting = true
            }
            campaigns.append("gen_\(index)")
            text += "campaign gen_\(index) {\n  " + (clauses + steps).joined(separator: "\n  ") + "\n}\n"
        }
        return Project(text: schema + text, campaigns: campaigns, interacting: interacting)
    }

    /// Customers and events for `schema`: every optional column sometimes empty, events
    /// from August to mid-December 2026 in no particular order.
    static func data(seed: UInt64, customers: Int = 40, events: Int = 300) -> (customers: String, events: String) {
        var rng = SplitMix64(seed: seed &* 31 &+ 7)
        func pick(_ items: [String]) -> String { items[Int(rng.next() % UInt64(items.count))] }
        func maybe(_ value: String) -> String { rng.next() % 4 == 0 ? "" : value }
        func instant(from month: Int, days: Int) -> String {
            let start = CivilCalendar.days(year: 2026, month: month, day: 1)
            let seconds = (start + Int(rng.next() % UInt64(days))) * 86_400 + Int(rng.next() % 1_440) * 60
            return InstantText.string(Int64(seconds))
        }
        func date(year: Int, years: Int) -> String {
            let day = CivilCalendar.days(year: year, month: 1, day: 1) + Int(rng.next() % UInt64(years * 365))
            let (y, m, d) = CivilCalendar.date(days: day)
            return String(format: "%04d-%02d-%02d", y, m, d)
        }
        var people = "id,email,phone,email_opt_in,sms_opt_in,zone,flag,vip,score,visits,nickname,tier,plan,signup_at,seen_at,birthday,renewal,trial,backup_email,backup_phone\n"
        for c in 0..<customers {
            let fields = [
                String(format: "c%03d", c), maybe(String(format: "c%03d@example.com", c)), maybe(String(format: "+1555123%04d", c)),
                pick(["true", "false"]), pick(["true", "false"]), maybe(pick(["UTC", "Europe/London", "Asia/Tokyo", "America/New_York"])),
                pick(["true", "false"]), maybe(pick(["true", "false"])), maybe(String(rng.next() % 7)), String(rng.next() % 10),
                maybe(pick(["ana", "bo", "cy", "zz"])), pick(["free", "plus", "pro"]), maybe(pick(["basic", "gold"])),
                instant(from: 6, days: 170), maybe(instant(from: 9, days: 100)), maybe(date(year: 1970, years: 35)),
                date(year: 2026, years: 1), maybe(pick(["12h", "1d", "7d", "30d"])), maybe(pick(["a@example.com", "b@example.com"])),
                maybe(pick(["+15551230001", "+15551230002"])),
            ]
            people += fields.joined(separator: ",") + "\n"
        }
        var rows = "customer_id,event,time,amount,gift,coupon,note,kind,shipped_at,due,lead,contact,phone_used,at_zone,first\n"
        for _ in 0..<events {
            let customer = String(format: "c%03d", Int(rng.next() % UInt64(customers)))
            let time = instant(from: 8, days: 135)
            switch rng.next() % 20 {
            case 0..<10:
                let properties = [
                    String(rng.next() % 80 + 1), pick(["true", "false"]), maybe(pick(["true", "false"])), maybe(pick(["x", "y"])),
                    maybe(pick(["web", "shop"])), maybe(instant(from: 8, days: 140)), maybe(date(year: 2026, years: 1)),
                    maybe(pick(["2h", "1d"])), maybe("x@example.com"), maybe("+15551230001"), maybe(pick(["UTC", "Asia/Tokyo"])), "",
                ]
                rows += "\(customer),purchase,\(time)," + properties.joined(separator: ",") + "\n"
            case 10..<17:
                rows += "\(customer),app_open,\(time),,,,,,,,,,,," + maybe(pick(["true", "false"])) + "\n"
            default:
                rows += "\(customer),refund,\(time),,,,,,,,,,,,\n"
            }
        }
        return (people, rows)
    }
}
