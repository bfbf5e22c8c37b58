@testable import CampaignData
import CampaignSemantics
import CampaignSyntax
import Foundation
import Testing

/// CSV (RFC 4180) and NDJSON edge cases, read through the real readers.
@Suite struct ReaderTests {
    static let header = "id,email,phone,first_name,country,timezone,signup_at,birthday,tier,email_opt_in,sms_opt_in,push_token,coupon_code"

    static func customers(_ text: String, options: ReadOptions = ReadOptions(threads: 1)) -> (CustomerStore?, IssueLog) {
        CustomerReader.read(DataSupport.file("c.csv", text), table: DataSupport.table, options: options)
    }

    @Test func quotesEscapesEmbeddedNewlinesAndCommas() throws {
        let text = Self.header + "\n" +
            "c1,,,\"Ana, \"\"the\"\" great\",\"US\nwest\",,2025-01-10T14:00:00Z,,free,true,false,,\n" +
            "\"c2\",,,\"\",GB,,2025-01-10T14:00:00+01:00,,pro,1,no,,\n"
        let (store, log) = Self.customers(text)
        #expect(log.errorCount == 0, "\(log.issues.map(\.dataText))")
        let customers = try #require(store)
        #expect(customers.count == 2)
        guard case .text(let names)? = customers.columns["first_name"], case .text(let countries)? = customers.columns["country"],
              case .time(let signups)? = customers.columns["signup_at"], case .bool(let sms)? = customers.columns["sms_opt_in"] else {
            Issue.record("columns")
            return
        }
        #expect(names.string(0) == "Ana, \"the\" great")
        #expect(countries.string(0) == "US\nwest")
        #expect(names.isMissing(1), "an empty field is missing, even quoted")
        #expect(signups[1] == signups[0] - 3_600, "offsets are applied")
        #expect(sms == [0, 0])
        #expect(customers.row(of: "c2") == 1)
    }

    @Test func crlfAndByteOrderMark() throws {
        let text = "\u{FEFF}" + Self.header + "\r\n" + "c1,,,Ana,,,2025-01-10,,free,true,false,,\r\n\r\n" + "c2,,,Bo,,,2025-01-11,,free,false,false,,"
        let (store, log) = Self.customers(text)
        #expect(log.errorCount == 0, "\(log.issues.map(\.dataText))")
        #expect(store?.count == 2)
        guard case .time(let signups)? = store?.columns["signup_at"] else {
            Issue.record("signup_at is not a time column")
            return
        }
        #expect(signups == [DataSupport.instant("2025-01-10"), DataSupport.instant("2025-01-11")])
    }

    @Test func lineNumbersCountEmbeddedNewlines() {
        let text = Self.header + "\n" + "c1,,,\"two\nlines\",,,2025-01-10,,free,true,false,,\n" + "c2,,,Bo,,,never,,free,true,false,,\n"
        let (_, log) = Self.customers(text)
        #expect(log.issues.first?.dataLocation?.line == 4)
        #expect(log.issues.first?.dataLocation?.columnName == "signup_at")
    }

    @Test func unknownColumnsAreOneWarning() {
        let text = "id,signup_at,tier,email_opt_in,sms_opt_in,favourite_colour,shoe_size\nc1,2025-01-10,free,true,false,blue,42\n"
        let (store, log) = Self.customers(text)
        #expect(store?.count == 1)
        #expect(log.errorCount == 0)
        #expect(log.issues.filter { $0.code == DataCode.unknownColumns }.count == 1)
        #expect(log.issues.first?.message.contains("`favourite_colour`, `shoe_size`") == true)
        #expect(log.issues.dropFirst().allSatisfy { $0.code == DataCode.absentOptionalColumn }, "the rest: optional fields with no column")
    }

    @Test(arguments: [
        ("2026-11-03T15:00:00Z", 1_793_718_000 as Int64?), ("2026-11-03T10:00:00-05:00", 1_793_718_000), ("2026-11-03T20:30:00+05:30", 1_793_718_000),
        ("2026-11-03T15:00:00.250Z", 1_793_718_000), ("2026-11-03 15:00Z", 1_793_718_000), ("2026-11-03T15:00:00+0000", 1_793_718_000),
        ("2026-11-03", 1_793_664_000), ("2026-11-03T15:00:00", nil), ("2026-02-29T00:00:00Z", nil), ("3 Nov 2026", nil), ("", nil),
        ("2026-11-03T24:00:00Z", nil),
    ])
    func times(_ text: String, _ expected: Int64?) {
        #expect(DataSupport.instant(text) == (expected ?? 0))
    }

    @Test(arguments: [("true", true as Bool?), ("FALSE", false), ("1", true), ("0", false), ("yes", true), ("No", false), ("y", nil), ("", nil), ("2", nil)])
    func bools(_ text: String, _ expected: Bool?) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { ValueParsers.bool($0) } == expected)
    }

    @Test(arguments: [("+15551230001", true), ("+66812345678", true), ("+0123", false), ("15551230001", false), ("+1 555 123", false), ("+1234567890123456", false)])
    func phones(_ text: String, _ valid: Bool) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { ValueParsers.isPhone($0) } == valid)
    }

    @Test(arguments: [("ana@example.com", true), ("a.b+c@sub.example.co.uk", true), ("ana@example", false), ("@example.com", false),
                      ("ana@@example.com", false), ("ana example@x.com", false), ("ana@.com", false), ("ana@example.", false)])
    func emails(_ text: String, _ valid: Bool) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { ValueParsers.isEmail($0) } == valid)
    }

    @Test(arguments: [("42", 42.0 as Double?), ("-3.5", -3.5), ("19.99", 19.99), ("1e3", 1000), ("0.000001", 0.000001), ("abc", nil), ("1.2.3", nil), ("", nil), (".", nil)])
    func numbers(_ text: String, _ expected: Double?) {
        let value = Array(text.utf8).withUnsafeBufferPointer { ValueParsers.number($0) }
        if let expected { #expect(value.map { abs($0 - expected) < 1e-12 } == true) } else { #expect(value == nil) }
    }

    @Test func ndjsonCustomersAndEvents() throws {
        let customers = """
        {"id": "c1", "first_name": "S\\u00e1ra \\ud83d\\ude00", "signup_at": "2025-01-10T14:00:00Z", "tier": "pro", "email_opt_in": true, "sms_opt_in": false, "phone": null, "extra": {"nested": [1, 2]}}

        {"id": "c2", "signup_at": "2025-01-11", "tier": "free", "email_opt_in": "yes", "sms_opt_in": 0}
        """
        let events = """
        {"customer_id": "c1", "event": "purchase", "time": "2026-09-01T15:00:00Z", "properties": {"amount": 42.5, "category": "home"}}
        {"customer_id": "c2", "event": "app_open", "time": "2026-09-02T15:00:00Z"}
        {"customer_id": "c1", "event": "purchase", "time": "2026-08-01T15:00:00Z", "properties": {"amount": 10}}
        """
        let outcome = DataSupport.load(customers: DataSupport.file("c.ndjson", customers), events: DataSupport.file("e.ndjson", events))
        #expect(outcome.errorCount == 0, "\(outcome.logs.flatMap(\.issues).map(\.dataText))")
        let data = try #require(outcome.dataset)
        guard case .text(let names)? = data.customers.columns["first_name"] else {
            Issue.record("first_name is not a text column")
            return
        }
        #expect(names.string(0) == "Sára 😀")
        let purchases = try #require(data.events.table("purchase"))
        #expect(purchases.rows(of: 0) == 0..<2)
        #expect(purchases.times[0] < purchases.times[1], "sorted by time within a customer")
        guard case .number(let amounts)? = purchases.properties["amount"] else {
            Issue.record("amount is not a number column")
            return
        }
        #expect(amounts == [10, 42.5])
    }

    @Test func skippedRowsAreLeftOutAndCounted() throws {
        let text = Self.header + "\n" + "c1,,,Ana,,,2025-01-10,,free,true,false,,\n" + "c2,,,Bo,,,never,,free,true,false,,\n" + "c3,,,Cy,,,2025-01-10,,gold,true,false,,\n"
        let (store, log) = Self.customers(text, options: ReadOptions(skipBadRows: true, threads: 1))
        #expect(store?.count == 1)
        #expect(log.errorCount == 2)
        #expect(log.countsByCode == [DataCode.badTime: 1, DataCode.badEnum: 1])
    }
}

/// The fixed-position reading of `YYYY-MM-DDTHH:MM:SSZ` (digits checked a word at a time)
/// accepts exactly the times whose fourteen digit positions hold digits.
@Suite struct UTCTimeTests {
    @Test func everyNonDigitAtADigitPositionIsRefused() {
        let valid = Array("2026-11-03T15:07:09Z".utf8)
        #expect(valid.withUnsafeBufferPointer { ValueParsers.utcSeconds($0) } == 1_793_718_429)
        for position in [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] {
            for byte in UInt8.min...UInt8.max {
                var text = valid
                text[position] = byte
                let fast = text.withUnsafeBufferPointer { ValueParsers.utcSeconds($0) }
                if byte < 0x30 || byte > 0x39 {
                    #expect(fast == nil, "byte \(byte) at \(position) was read as a digit")
                } else {
                    // Digits: the value the general reader gives (or nil for an impossible date).
                    let general = String(decoding: text, as: UTF8.self).replacingOccurrences(of: "Z", with: "+00:00")
                    #expect(fast == Array(general.utf8).withUnsafeBufferPointer { ValueParsers.time($0) }, "\(general)")
                }
            }
        }
    }

    /// Each separator position (`-` `-` `T` `:` `:` `Z`) holding any other byte: the fast
    /// path refuses the text (the general reader takes what else is allowed, such as a
    /// space for the `T` or a zone for the `Z`).
    @Test func everyOtherByteAtASeparatorIsRefused() {
        let valid = Array("2026-11-03T15:07:09Z".utf8)
        for position in [4, 7, 10, 13, 16, 19] {
            for byte in UInt8.min...UInt8.max where byte != valid[position] {
                var text = valid
                text[position] = byte
                #expect(text.withUnsafeBufferPointer { ValueParsers.utcSeconds($0) } == nil, "byte \(byte) at \(position)")
            }
        }
        // And the length: one byte more or fewer is not this form.
        #expect((valid + [0x5A]).withUnsafeBufferPointer { ValueParsers.utcSeconds($0) } == nil)
        #expect(Array(valid.dropLast()).withUnsafeBufferPointer { ValueParsers.utcSeconds($0) } == nil)
    }

    /// Every day from 1899 to 2201 (the month table's years, and a year either side, which
    /// take the arithmetic), at two times of day, including the 29th–31st of every month
    /// (which do not all exist): the fast path gives what the general reader gives.
    @Test func everyDayAgreesWithTheGeneralReader() {
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        for year in 1899...2201 {
            for month in 1...12 {
                for day in 1...31 {
                    for clock in ["00:00:00", "23:59:60"] {
                        let date = "\(year)-\(two(month))-\(two(day))T\(clock)"
                        let fast = Array((date + "Z").utf8).withUnsafeBufferPointer { ValueParsers.utcSeconds($0) }
                        let general = Array((date + "+00:00").utf8).withUnsafeBufferPointer { ValueParsers.anyTime($0) }
                        #expect(fast == general, "\(date)")
                        if day <= CivilCalendar.daysIn(month: month, year: year) { #expect(fast != nil, "\(date)") }
                    }
                }
            }
        }
    }
}

/// Records wider than the room given: the array form grows and reads the record again;
/// the buffer form counts every field and stores those that fit.
@Suite struct WideRecordTests {
    @Test func wideRecordsAreCountedAndRead() {
        let line = (0..<40).map { "f\($0)" }.joined(separator: ",") + "\n\"a\",b\n"
        let bytes = Array(line.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = CSVScanner(bytes: buffer)
            var fields: [CSVField] = []
            guard case .record = scanner.next(into: &fields) else { Issue.record("no record"); return }
            #expect(fields.count == 40)
            #expect(fields.last.map { scanner.string($0) } == "f39")
            guard case .record(let second) = scanner.next(into: &fields) else { Issue.record("no second record"); return }
            #expect(second == 2 && fields.map { scanner.string($0) } == ["a", "b"])

            var small = CSVScanner(bytes: buffer)
            let room = UnsafeMutableBufferPointer<CSVField>.allocate(capacity: 3)
            defer { room.deallocate() }
            room.initialize(repeating: CSVField(start: -1, end: -1, hasEscapedQuotes: false))
            var count = 0
            guard case .record = small.next(into: room, count: &count) else { Issue.record("no record"); return }
            #expect(count == 40)
            #expect(small.string(room[2]) == "f2")
            guard case .record = small.next(into: room, count: &count) else { Issue.record("no second record"); return }
            #expect(count == 2)
        }
    }
}

/// The fast day count agrees with the general civil-date algorithm.
@Suite struct DayCountTests {
    @Test func fastDaysMatchTheGeneralAlgorithm() {
        var day = CivilCalendar.days(year: 1, month: 1, day: 1)
        let end = CivilCalendar.days(year: 2400, month: 12, day: 31)
        while day <= end {
            let (y, m, d) = CivilCalendar.date(days: day)
            let text = TemplateDateFormat.pad(y, 4) + "-" + TemplateDateFormat.pad(m, 2) + "-" + TemplateDateFormat.pad(d, 2)
            let parsed = Array(text.utf8).withUnsafeBufferPointer { ValueParsers.date($0) }
            #expect(parsed.map(Int.init) == day, "\(text)")
            if parsed.map(Int.init) != day { return }
            day += 1
        }
    }
}

/// Random records with commas, quotes, CR and LF inside fields, encoded as RFC 4180,
/// scan back to exactly the fields written (the scanner tests 8 bytes at a time).
@Suite struct CSVScannerPropertyTests {
    @Test func randomRecordsRoundTrip() {
        var rng = CampaignSyntax.SplitMix64(seed: 2026)
        let alphabet: [String] = ["a", "b", "Z", "7", " ", ",", "\"", "\n", "\r\n", "é", "สม", "€", "-", ":"]
        for _ in 0..<300 {
            var records: [[String]] = []
            for _ in 0..<Int(rng.next() % 6 + 1) {
                var record: [String] = []
                for _ in 0..<Int(rng.next() % 5 + 1) {
                    var field = ""
                    for _ in 0..<Int(rng.next() % 20) { field += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                    record.append(field)
                }
                records.append(record)
            }
            let encoded = records.map { record in
                record.map { field in
                    field.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                }.joined(separator: ",")
            }.joined(separator: rng.next() % 2 == 0 ? "\n" : "\r\n") + "\n"
            let bytes = Array(encoded.utf8)
            bytes.withUnsafeBufferPointer { buffer in
                var scanner = CSVScanner(bytes: buffer)
                var fields: [CSVField] = []
                var decoded: [[String]] = []
                while case .record = scanner.next(into: &fields) {
                    decoded.append(fields.map { scanner.string($0) })
                }
                // A record of one empty field is a blank line, which CSV readers skip.
                let expected = records.filter { $0 != [""] }
                #expect(decoded == expected, "\(encoded.debugDescription)")
            }
        }
    }
}
