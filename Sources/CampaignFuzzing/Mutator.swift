import CampaignSyntax
import Foundation

/// Seeded, deterministic mutations for the tests that stand in for fuzzing in CI: byte
/// edits, tokens from the fuzzer's own dictionary (`Fuzz/*.dict`), and edits that keep
/// most of a file valid: a word replaced by another word of the seeds (`30d` by `21d`,
/// `email` by `sms`), lines removed, repeated or swapped, two seeds spliced. The same seed gives the same inputs on
/// every machine, so a failure names an iteration that reproduces.
public struct Mutator: Sendable {
    public let seeds: [[UInt8]]
    public let tokens: [[UInt8]]
    /// Every word of the seeds, once.
    let words: [[UInt8]]

    /// `dictionary` names a file in `Fuzz/` (`campaign`, `data`).
    public init(seeds: [[UInt8]], dictionary: String) {
        self.seeds = seeds
        let path = FuzzDataset.repository.appendingPathComponent("Fuzz/\(dictionary).dict").path
        tokens = Self.tokens(inDictionary: FileSystem.read(path) ?? [])
        var seen: Set<[UInt8]> = []
        words = seeds.flatMap { seed in Self.words(seed).map { Array(seed[$0]) } }.filter { seen.insert($0).inserted }
    }

    /// What the edits may do.
    public enum Style: Sendable {
        /// Anything, down to single bytes: for readers, which must take any bytes.
        case bytes
        /// Whole words and lines only, so that most mutants still parse: for the planner,
        /// which only runs what checks.
        case words
    }

    /// The next input: a seed (in turn), mutated `edits` times.
    public func input(_ iteration: Int, _ rng: inout SplitMix64, edits: ClosedRange<Int> = 1...4, style: Style = .bytes) -> [UInt8] {
        guard !seeds.isEmpty else { return [] }
        var bytes = seeds[iteration % seeds.count]
        for _ in 0..<Int.random(in: edits, using: &rng) { bytes = style == .bytes ? mutate(bytes, &rng) : mutateWords(bytes, &rng) }
        return bytes
    }

    /// A word replaced by another of the seeds' words of the same shape: a name by a name
    /// (`email` by `sms`, `purchase` by `app_open`), a number by one written alike (`30d`
    /// by `21d`, `10:00` by `18:00`). Words of the grammar stay: changing them mostly makes
    /// a file that no longer parses, which the syntax fuzzer covers.
    func mutateWords(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = bytes
        let candidates = Self.words(bytes).filter { Self.shape(bytes[$0]) != nil }
        guard let word = candidates.randomElement(using: &rng) else { return bytes }
        let shape = Self.shape(bytes[word])
        if let other = words.filter({ Self.shape($0[...]) == shape }).randomElement(using: &rng) { bytes.replaceSubrange(word, with: other) }
        return bytes
    }

    static let grammarWords = Set(Keyword.allCases.map(\.rawValue) + ContextualWord.all + ContextualWord.weekdays)

    /// A name's shape is "name"; a number's, its characters with every run of digits as
    /// one `9` (`30d` → `9d`, `2026-05-04` → `9-9-9`); a word of the grammar has none.
    static func shape(_ word: ArraySlice<UInt8>) -> String? {
        let text = String(decoding: word, as: UTF8.self)
        if grammarWords.contains(text) { return nil }
        guard let first = word.first, first >= 0x30 && first <= 0x39 else { return "name" }
        var shape = ""
        for character in text where !(character.isASCII && character.isNumber && shape.last == "9") {
            shape.append(character.isASCII && character.isNumber ? "9" : character)
        }
        return shape
    }

    func mutate(_ input: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let position = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &rng)
        switch Int.random(in: 0..<12, using: &rng) {
        case 0:
            bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...12, using: &rng)))
        case 1, 2:
            if let token = tokens.randomElement(using: &rng) { bytes.insert(contentsOf: token, at: position) }
        case 3:
            bytes.insert(UInt8.random(in: 0...255, using: &rng), at: position)
        case 4:
            if !bytes.isEmpty { bytes[position] = UInt8.random(in: 0...255, using: &rng) }
        case 5:
            // Another seed's tail after this one's head.
            let other = seeds[Int.random(in: 0..<seeds.count, using: &rng)]
            bytes = Array(bytes.prefix(position)) + other.suffix(Int.random(in: 0...other.count, using: &rng))
        case 6, 7:
            let found = Self.words(bytes)
            if let word = found.randomElement(using: &rng), let other = words.randomElement(using: &rng) {
                bytes.replaceSubrange(word, with: other)
            }
        default:
            bytes = mutateLines(bytes, &rng)
        }
        return bytes
    }

    /// Where the words are: runs of letters, digits and `_ . % -`, and `:` between digits
    /// (names, numbers, durations, times of day, dates, percentages), outside `#` comments and quoted text
    /// (prose, where a word means nothing to the planner).
    static func words(_ bytes: [UInt8]) -> [Range<Int>] {
        let isWordByte = { (b: UInt8) in
            (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x5F || b == 0x2E || b == 0x25 || b == 0x2D
        }
        let isDigit = { (i: Int) in i >= 0 && i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        var ranges: [Range<Int>] = []
        var start: Int?
        var inComment = false, inQuotes = false
        for (i, b) in bytes.enumerated() {
            if b == UInt8(ascii: "#"), !inQuotes { inComment = true }
            if b == UInt8(ascii: "\""), !inComment { inQuotes.toggle() }
            if b == 0x0A { (inComment, inQuotes) = (false, false) }
            if isWordByte(b) || (b == 0x3A && isDigit(i - 1) && isDigit(i + 1)), !inComment, !inQuotes {
                if start == nil { start = i }
            } else if let s = start {
                ranges.append(s..<i)
                start = nil
            }
        }
        if let s = start { ranges.append(s..<bytes.count) }
        return ranges
    }

    /// Removes, duplicates, swaps or truncates a line, or puts a token at its end.
    func mutateLines(_ bytes: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        let index = Int.random(in: 0..<lines.count, using: &rng)
        switch Int.random(in: 0..<5, using: &rng) {
        case 0: lines.remove(at: index)
        case 1: lines.insert(lines[index], at: index)
        case 2: lines.swapAt(index, Int.random(in: 0..<lines.count, using: &rng))
        case 3: lines[index] = Array(lines[index].prefix(Int.random(in: 0...lines[index].count, using: &rng)))
        default: lines[index] += tokens.randomElement(using: &rng) ?? []
        }
        return Array(lines.joined(separator: [0x0A]))
    }

    /// The values of a libFuzzer dictionary: one quoted string a line (`name="value"` or
    /// `"value"`), with `\\`, `\"` and `\xNN` escapes; `#` starts a comment line.
    static func tokens(inDictionary bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A).compactMap { line -> [UInt8]? in
            guard let open = line.firstIndex(of: UInt8(ascii: "\"")), line.first != UInt8(ascii: "#"),
                  let close = line.lastIndex(of: UInt8(ascii: "\"")), close > open else { return nil }
            var token: [UInt8] = []
            var i = open + 1
            while i < close {
                if line[i] == UInt8(ascii: "\\"), i + 1 < close {
                    if line[i + 1] == UInt8(ascii: "x"), i + 3 < close, let byte = UInt8(String(decoding: line[(i + 2)...(i + 3)], as: UTF8.self), radix: 16) {
                        token.append(byte)
                        i += 4
                        continue
                    }
                    token.append(line[i + 1])
                    i += 2
                    continue
                }
                token.append(line[i])
                i += 1
            }
            return token
        }
    }
}
