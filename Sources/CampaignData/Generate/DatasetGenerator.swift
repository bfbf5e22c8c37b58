import CampaignSemantics
import CampaignSyntax
import Foundation

/// A deterministic synthetic dataset for `examples/schema.campaign`: the same seed gives
/// the same bytes on every machine. Customers across five continents with names in
/// Latin, Thai, Persian, Korean, Vietnamese and Japanese script; consent rates like a real
/// list; heavy-tailed (Pareto) activity, so a few customers do most of the buying; more
/// events around late November. `order` lays out `events.csv` as a log (`time`, the
/// default), grouped by customer, or shuffled (docs/language.md, `campaign gen`).
public struct DatasetGenerator {
    public let customers: Int
    public let events: Int
    public let seed: UInt64
    public let order: EventOrder

    public init(customers: Int, events: Int, seed: UInt64, order: EventOrder = .time) {
        self.customers = customers
        self.events = events
        self.seed = seed
        self.order = order
    }

    struct Country {
        let code: String
        let dial: String
        let zones: [String]
        let names: [String]
        let weight: Int
    }

    static let countries: [Country] = [
        Country(code: "US", dial: "1", zones: ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"],
                names: ["Ana", "Bo", "Max", "Emma", "Noah", "Olivia", "Liam", "Ava", "Mason", "Sophia"], weight: 30),
        Country(code: "GB", dial: "44", zones: ["Europe/London"], names: ["Lee", "Amelia", "Oliver", "Isla", "Harry"], weight: 8),
        Country(code: "FR", dial: "33", zones: ["Europe/Paris"], names: ["Léa", "Hugo", "Chloé", "Louis", "Inès"], weight: 6),
        Country(code: "DE", dial: "49", zones: ["Europe/Berlin"], names: ["Lukas", "Mia", "Jonas", "Hannah", "Jürgen"], weight: 6),
        Country(code: "BR", dial: "55", zones: ["America/Sao_Paulo"], names: ["João", "Maria", "Gabriel", "Júlia", "Pedro"], weight: 7),
        Country(code: "MX", dial: "52", zones: ["America/Mexico_City"], names: ["Mateo", "Valentina", "Santiago", "Camila"], weight: 4),
        Country(code: "TH", dial: "66", zones: ["Asia/Bangkok"], names: ["สมชาย", "สมหญิง", "วิชัย", "นภา", "กมล"], weight: 6),
        Country(code: "IR", dial: "98", zones: ["Asia/Tehran"], names: ["سارا", "علی", "مریم", "رضا", "زهرا"], weight: 4),
        Country(code: "KR", dial: "82", zones: ["Asia/Seoul"], names: ["지우", "민준", "서연", "하준", "지민"], weight: 6),
        Country(code: "VN", dial: "84", zones: ["Asia/Ho_Chi_Minh"], names: ["Minh", "Linh", "Trang", "Dũng", "Hương"], weight: 6),
        Country(code: "JP", dial: "81", zones: ["Asia/Tokyo"], names: ["さくら", "ひろし", "ゆい", "蓮"], weight: 5),
        Country(code: "IN", dial: "91", zones: ["Asia/Kolkata"], names: ["Aarav", "Diya", "Vihaan", "Ananya"], weight: 5),
        Country(code: "NG", dial: "234", zones: ["Africa/Lagos"], names: ["Chidi", "Amaka", "Tunde", "Ngozi"], weight: 3),
        Country(code: "AU", dial: "61", zones: ["Australia/Sydney", "Australia/Perth"], names: ["Jack", "Charlotte", "William", "Ruby"], weight: 3),
        Country(code: "NZ", dial: "64", zones: ["Pacific/Auckland"], names: ["Aroha", "Nikau", "Mere"], weight: 1),
    ]

    static let purchaseCategories = ["home", "home", "home", "garden", "books", "books", "fashion", "fashion", "fashion", ""]
    static let articleCategories = ["home", "home", "home", "garden", "books", "fashion", "tech"]
    /// The dataset's year of activity ends here (2026-11-01T00:00:00Z).
    static let end: Int64 = 1_793_491_200
    static let start: Int64 = end - 365 * 86_400

    /// What `write` wrote.
    public struct Written: Sendable, Equatable {
        public let customerBytes: Int
        public let eventBytes: Int
        public let events: Int
    }

    /// Writes `customers.csv` and `events.csv` into the folder (created if needed). Both
    /// appear together at the end, or neither does: a failed write leaves no file behind,
    /// and a folder it created is removed again.
    public func write(to folder: String) throws(WriteFailure) -> Written {
        let existed = FileSystem.kind(folder) != nil
        do {
            try FileSystem.makeDirectories(folder)
            return try writeFiles(to: folder)
        } catch {
            if !existed { rmdir(folder) }
            throw error
        }
    }

    private func writeFiles(to folder: String) throws(WriteFailure) -> Written {
        var rng = Mix(seed)
        let countryTable = Self.countries.flatMap { country in Array(repeating: country, count: country.weight) }
        var customerOut = try BufferedWriter(path: folder + "/customers.csv")
        try customerOut.append("id,email,phone,first_name,country,timezone,signup_at,birthday,tier,email_opt_in,sms_opt_in,push_token,coupon_code\n")
        var signups = [Int64](repeating: 0, count: customers)
        var weights = [Double](repeating: 0, count: customers)
        for c in 0..<customers {
            let country = countryTable[rng.below(countryTable.count)]
            let id = "c" + Self.padded(c + 1, 7)
            let name = country.names[rng.below(country.names.count)]
            let hasName = rng.chance(0.95)
            let ascii = name.unicodeScalars.allSatisfy(\.isASCII) ? name.lowercased() : "user"
            var line = id + ","
            line += rng.chance(0.9) ? "\(ascii).\(c + 1)@example.com" : ""
            line += ","
            line += rng.chance(0.8) ? "+" + country.dial + String(100_000_000 + rng.below(899_999_999)) : ""
            line += "," + (hasName ? name : "") + "," + country.code + ","
            line += rng.chance(0.92) ? country.zones[rng.below(country.zones.count)] : ""
            let signup = Self.start - Int64(rng.below(3 * 365 * 86_400)) + Int64(rng.below(360 * 86_400))
            signups[c] = signup
            line += "," + InstantText.string(signup) + ","
            if rng.chance(0.7) {
                let year = 1950 + rng.below(57)
                let leap = rng.chance(0.01)
                let month = leap ? 2 : 1 + rng.below(12)
                let day = leap ? 29 : 1 + rng.below(28)
                let validYear = leap ? year - year % 4 : year
                line += Self.padded(validYear, 4) + "-" + Self.padded(month, 2) + "-" + Self.padded(day, 2)
            }
            let tierRoll = rng.unit()
            line += "," + (tierRoll < 0.7 ? "free" : tierRoll < 0.9 ? "plus" : "pro")
            line += "," + (rng.chance(0.6) ? "true" : "false") + "," + (rng.chance(0.35) ? "true" : "false") + ","
            line += rng.chance(0.5) ? "tok_" + String(rng.next() & 0xFFFF_FFFF, radix: 16) : ""
            line += ","
            line += rng.chance(0.2) ? ascii.uppercased().prefix(8) + String(rng.below(100)) : ""
            line += "\n"
            try customerOut.append(line)
            // Pareto activity: most customers do little, a few do most.
            weights[c] = pow(1 - rng.unit() * 0.999, -1 / 1.3)
        }
        try customerOut.flush()

        let total = weights.reduce(0, +)
        var counts = weights.map { Int(Double(events) * $0 / total) }
        var remaining = events - counts.reduce(0, +)
        var cursor = 0
        while remaining > 0, customers > 0 {
            counts[cursor % customers] += 1
            remaining -= 1
            cursor += 7_919
        }
        var eventOut = try BufferedWriter(path: folder + "/events.csv")
        try eventOut.append("customer_id,event,time,amount,category\n")
        // The events are drawn customer by customer whatever the order, so every order holds
        // the same events (the same random draws) and `customer` is the layout the generator
        // always wrote. The other orders keep the drawn events compactly and write them
        // once reordered.
        var held: [GeneratedEvent] = []
        if order != .customer { held.reserveCapacity(events) }
        var times: [Int64] = []
        var eventCount = 0
        for c in 0..<customers where counts[c] > 0 {
            let first = max(Self.start, signups[c])
            guard first < Self.end else { continue }
            times.removeAll(keepingCapacity: true)
            for _ in 0..<counts[c] { times.append(seasonalTime(from: first, &rng)) }
            times.sort()
            for time in times {
                let event = drawEvent(customer: c, time: time, &rng)
                if order == .customer {
                    try eventOut.append(event.line)
                } else {
                    held.append(event.numbered(UInt32(truncatingIfNeeded: eventCount)))
                }
                eventCount += 1
            }
        }
        switch order {
        case .customer:
            break
        case .time:
            // Drawn in customer order, so the draw's position breaks ties between equal
            // instants deterministically (by customer, then as drawn).
            held.sort { ($0.time, $0.sequence) < ($1.time, $1.sequence) }
        case .shuffled:
            // Fisher–Yates driven by SplitMix64 on a seed of its own: a fixed function of
            // `--seed`, the same on every machine (unlike Swift's per-process `Hasher`).
            var shuffle = Mix(seed ^ 0x5348_5546_464C_4544)
            for i in stride(from: held.count - 1, to: 0, by: -1) {
                held.swapAt(i, shuffle.below(i + 1))
            }
        }
        for event in held { try eventOut.append(event.line) }
        try eventOut.flush()
        try customerOut.file.commit()
        try eventOut.file.commit()
        return Written(customerBytes: customerOut.written, eventBytes: eventOut.written, events: eventCount)
    }

    /// One event's draws after its time: kind, then category or amount.
    func drawEvent(customer: Int, time: Int64, _ rng: inout Mix) -> GeneratedEvent {
        let roll = rng.unit()
        if roll < 0.55 {
            return GeneratedEvent(time: time, customer: Int32(customer), kind: .appOpen)
        } else if roll < 0.8 {
            let category = rng.below(Self.articleCategories.count)
            return GeneratedEvent(time: time, customer: Int32(customer), kind: .articleView, category: UInt8(category))
        } else {
            let cents = Int(exp(rng.normal() * 0.8 + 3.4) * 100)
            let category = rng.below(Self.purchaseCategories.count)
            return GeneratedEvent(time: time, customer: Int32(customer), kind: .purchase, category: UInt8(category), cents: Int32(cents))
        }
    }

    /// A time in [from, end) with more activity near late November (a sales season).
    func seasonalTime(from: Int64, _ rng: inout Mix) -> Int64 {
        let span = Double(Self.end - from)
        while true {
            let t = from + Int64(rng.unit() * span)
            let dayOfYear = Double((t / 86_400 + 4) % 365)
            let season = 1 + 0.6 * cos(2 * .pi * (dayOfYear - 330) / 365)
            if rng.unit() * 1.6 < season { return t }
        }
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    /// `SplitMix64` with the draws the generator needs.
    struct Mix {
        var source: SplitMix64
        init(_ seed: UInt64) { source = SplitMix64(seed: seed &* 0x9E37_79B9_7F4A_7C15 &+ 1) }

        mutating func next() -> UInt64 { source.next() }

        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
        mutating func below(_ n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
        mutating func chance(_ p: Double) -> Bool { unit() < p }
        mutating func normal() -> Double {
            let u = max(unit(), 1e-12), v = unit()
            return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
        }
    }
}

/// How `campaign gen` lays out `events.csv` (docs/language.md, `campaign gen`).
public enum EventOrder: String, CaseIterable, Sendable {
    /// By time across all customers, as an event log is appended; equal instants by customer.
    case time
    /// Grouped by customer (in id order), each customer's events by time.
    case customer
    /// A permutation fixed by the seed, as a warehouse unload may deliver them.
    case shuffled
}

/// One drawn event, kept compactly (24 bytes) while the generator reorders them.
struct GeneratedEvent {
    enum Kind: UInt8 { case appOpen, articleView, purchase }
    let time: Int64
    /// The customer's index (its id is `c` and index + 1 padded to 7 digits).
    let customer: Int32
    /// A purchase's amount in cents.
    var cents: Int32 = 0
    /// The position in the draw (customer order); `gen` writes at most 2,000,000,000 events.
    var sequence: UInt32 = 0
    let kind: Kind
    /// An index into the kind's categories.
    var category: UInt8 = 0

    init(time: Int64, customer: Int32, kind: Kind, category: UInt8 = 0, cents: Int32 = 0) {
        self.time = time
        self.customer = customer
        self.kind = kind
        self.category = category
        self.cents = cents
    }

    func numbered(_ sequence: UInt32) -> GeneratedEvent {
        var copy = self
        copy.sequence = sequence
        return copy
    }

    /// The CSV line: `customer_id,event,time,amount,category`.
    var line: String {
        var line = "c" + DatasetGenerator.padded(Int(customer) + 1, 7)
        switch kind {
        case .appOpen:
            line += ",app_open," + InstantText.string(time) + ",,\n"
        case .articleView:
            line += ",article_view," + InstantText.string(time) + ",,"
            line += DatasetGenerator.articleCategories[Int(category)] + "\n"
        case .purchase:
            let cents = Int(self.cents)
            line += ",purchase," + InstantText.string(time) + ","
            line += String(cents / 100) + "." + DatasetGenerator.padded(cents % 100, 2) + ","
            line += DatasetGenerator.purchaseCategories[Int(category)] + "\n"
        }
        return line
    }
}

/// Appends text to a file that appears only when committed, through a 4 MiB buffer.
struct BufferedWriter {
    let file: AtomicFile
    var buffer: [UInt8] = []
    var written = 0

    init(path: String) throws(WriteFailure) {
        file = try AtomicFile(path: path)
        buffer.reserveCapacity(1 << 22)
    }

    mutating func append(_ text: String) throws(WriteFailure) {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 22 { try flush() }
    }

    mutating func flush() throws(WriteFailure) {
        guard !buffer.isEmpty else { return }
        try file.write(buffer)
        written += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }
}
