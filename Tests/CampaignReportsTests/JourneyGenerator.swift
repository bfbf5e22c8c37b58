import CampaignSyntax

/// Campaigns with random nesting of every step kind (if / else if / else, if without
/// else, split, send, send first of, every wait, tag, untag, unsubscribe, exit), from a
/// seed, as source text. Now and then a step follows one that never falls through (an
/// `exit`, or a branch whose every arm exits): dead code, warning W0101, which the drawing
/// must leave out rather than draw as a box with no way in.
struct JourneyGenerator {
    var random: SplitMix64
    var messages = 0

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func pick(_ n: Int) -> Int { Int(random.next() % UInt64(n)) }

    mutating func campaign(_ index: Int) -> String {
        var out = "campaign g\(index) {\n  trigger 0d after signup_at\n"
        if pick(2) == 0 { out += "  audience " + condition() + "\n" }
        if pick(3) == 0 { out += "  exit when purchase\n" }
        if pick(3) == 0 { out += "  goal purchase where amount > 25 within 14d\n  holdout 10%\n" }
        out += block(depth: 0, indent: "  ", allowExit: false).text
        return out + "}\n"
    }

    /// Steps for one block, and whether the block falls through to what follows it.
    mutating func block(depth: Int, indent: String, allowExit: Bool) -> (text: String, falls: Bool) {
        var out = ""
        for _ in 0..<(1 + pick(depth == 0 ? 4 : 2)) {
            let (text, falls) = step(depth: depth, indent: indent, allowExit: allowExit)
            out += text
            if !falls {
                if pick(4) == 0 { out += step(depth: depth, indent: indent, allowExit: allowExit).0 }
                return (out, false)
            }
        }
        return (out, true)
    }

    mutating func step(depth: Int, indent: String, allowExit: Bool) -> (String, Bool) {
        let kinds = depth >= 2 ? 9 : 12
        switch pick(kinds) {
        case 0: return (indent + "send email \(message()) { subject \"s\" body \"b\" }\n", true)
        case 1: return (indent + "send first of {\n\(indent)  push \(message()) { title \"t\" body \"b\" }\n\(indent)  email \(message()) { subject \"s\" body \"b\" }\n\(indent)}\n", true)
        case 2: return (indent + ["wait 2d", "wait until 10:00", "wait until best hour", "wait until purchase where amount >= 50 or 3d"][pick(4)] + "\n", true)
        case 3: return (indent + ["tag active", "untag prospect", "unsubscribe sms"][pick(3)] + "\n", true)
        case 4: return (indent + "send sms \(message()) { text \"hi\" }\n", true)
        case 5, 6: return allowExit ? (indent + "exit\n", false) : (indent + "wait 1d\n", true)
        case 7, 8, 9:
            var out = indent + "if " + condition() + " {\n"
            var falls = false
            let (yes, yesFalls) = block(depth: depth + 1, indent: indent + "  ", allowExit: true)
            out += yes
            falls = falls || yesFalls
            for _ in 0..<pick(3) {
                let (arm, armFalls) = block(depth: depth + 1, indent: indent + "  ", allowExit: true)
                out += indent + "} else if " + condition() + " {\n" + arm
                falls = falls || armFalls
            }
            if pick(2) == 0 {
                let (arm, armFalls) = block(depth: depth + 1, indent: indent + "  ", allowExit: true)
                out += indent + "} else {\n" + arm
                falls = falls || armFalls
            } else {
                falls = true
            }
            return (out + indent + "}\n", falls)
        default:
            let shares = [["50%", "50%"], ["30%", "30%", "40%"], ["10%", "90%"]][pick(3)]
            var out = indent + "split {\n"
            var falls = false
            for share in shares {
                let (arm, armFalls) = block(depth: depth + 1, indent: indent + "    ", allowExit: true)
                out += indent + "  \(share) {\n" + arm + indent + "  }\n"
                falls = falls || armFalls
            }
            return (out + indent + "}\n", falls)
        }
    }

    mutating func message() -> String {
        messages += 1
        return "m\(messages)"
    }

    /// Short and long conditions, some with a word wider than a line of a box.
    mutating func condition() -> String {
        let atoms = ["clicked(any)", "not opened(any)", "count(purchase since entry) == 0", "tier == \"gold\"",
                     "loyalty_points_balance_after_the_last_statement_was_issued > 100", "sms_opt_in",
                     "sum(purchase.amount since entry) >= 120 and not clicked(any)"]
        var out = atoms[pick(atoms.count)]
        for _ in 0..<pick(3) { out += [" and ", " or "][pick(2)] + atoms[pick(atoms.count)] }
        return out
    }
}
