import CampaignData
import CampaignSyntax
import Foundation

/// `campaign gen --customers N --events M --seed S --order O --out DIR`: a deterministic dataset.
enum GenCommand: Command {
    static let spec = CommandSpec(
        name: "gen",
        overview: "Write a deterministic synthetic dataset (customers.csv, events.csv) for the schema of examples/schema.campaign.",
        arguments: [],
        options: [
            OptionSpec("customers", value: "n", help: "How many customers (default 1000)."),
            OptionSpec("events", value: "n", help: "How many events (default 10 per customer); each belongs to a customer, so with --customers 0 only 0."),
            OptionSpec("seed", value: "s", help: "The random seed (default 1). The same seed gives the same bytes on every machine."),
            OptionSpec("order", value: "order",
                       help: "How events.csv is laid out: time (default: by time across all customers, as an event log), customer (grouped by customer, each by time) or shuffled (a permutation fixed by the seed). Every order holds the same events; time and shuffled hold them in memory (about 24 bytes each) to reorder them.",
                       choices: EventOrder.allCases.map(\.rawValue)),
            OptionSpec("out", value: "dir", help: "The folder to write into (created if needed). Both files appear whole or, on a failed write, not at all."),
            OptionSpec("bundles", value: "file",
                       help: "Also write the same customers and events as customer bundles for `plan --bundles`: one customer and their events a line, the customers in a permutation fixed by the seed (bundles come in any order), each one's events in events.csv's order."),
        ],
        discussion: """
        EXAMPLES:
          campaign gen --customers 1000000 --events 10000000 --seed 7 --out /tmp/data
          campaign gen --customers 1000 --order shuffled --out /tmp/shuffled
          campaign gen --customers 1000 --out /tmp/data --bundles /tmp/data/bundles.ndjson
        """)

    static func run(_ arguments: ParsedArguments, console: Console) -> ExitCode {
        guard let out = arguments.value("out"), !out.isEmpty else {
            return usage("--out DIR is required", console: console)
        }
        guard let customers = Int(arguments.value("customers") ?? "1000"), customers >= 0, customers <= 100_000_000,
              let events = Int(arguments.value("events") ?? String(customers * 10)), events >= 0, events <= 2_000_000_000,
              let seed = UInt64(arguments.value("seed") ?? "1") else {
            console.writeError("error: --customers, --events and --seed take whole numbers (customers up to 100,000,000)\n")
            return .usage
        }
        // Every event belongs to a customer: with none, events could only be dropped.
        if customers == 0 && events > 0 {
            return usage("--events \(events) needs customers to belong to; with --customers 0, --events must be 0", console: console)
        }
        let order = arguments.value("order").flatMap(EventOrder.init) ?? .time
        let started = Date()
        do {
            let written = try DatasetGenerator(customers: customers, events: events, seed: seed, order: order).write(to: out)
            if let bundles = arguments.value("bundles") {
                guard let customerBytes = FileSystem.read(out + "/customers.csv"), let eventBytes = FileSystem.read(out + "/events.csv") else {
                    console.writeError("error: cannot read back \(out)/customers.csv and events.csv to make bundles\n")
                    return .usage
                }
                let file = try AtomicFile(path: bundles)
                try file.write(BundleFile.bundles(customers: customerBytes, events: eventBytes, shuffleSeed: seed))
                try file.commit()
            }
            let seconds = Date().timeIntervalSince(started)
            console.writeError("wrote \(out)/customers.csv (\(customers) customers, \(written.customerBytes / 1_048_576) MB) and \(out)/events.csv (\(written.events) events, \(written.eventBytes / 1_048_576) MB) in \(String(format: "%.1f", seconds)) s\n")
            return .success
        } catch {
            console.writeError("error: \(error.message)\n")
            return .usage
        }
    }
}
