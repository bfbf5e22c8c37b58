import CampaignSyntax
import Foundation

/// The fuzz targets of `Fuzz/Targets`: what each starts from and what it checks. Their entry points call `initialize` and `test`; the mutation
/// tests call `seeds` and `failures`, so a fuzzer and its test never differ.
public enum FuzzTarget: String, Sendable, CaseIterable {
    /// A `.campaign` file: `SyntaxInvariants`.
    case syntax
    /// A project text: `PlanInvariants`.
    case plan
    /// A CSV customers or events file: `ReadInvariants`.
    case csv
    /// An NDJSON customers or events file: `ReadInvariants`.
    case ndjson
    /// What a client sends `campaign lsp`: `RPCInvariants`.
    case rpc

    public var seeds: [[UInt8]] {
        switch self {
        case .syntax: FuzzSeeds.syntax()
        case .plan: FuzzSeeds.plan()
        case .csv: FuzzSeeds.data(.csv)
        case .ndjson: FuzzSeeds.data(.ndjson)
        case .rpc: FuzzSeeds.rpc()
        }
    }

    /// The broken invariants, each a sentence.
    public func failures(_ input: [UInt8]) -> [String] {
        switch self {
        case .syntax: SyntaxInvariants.check(input).failures
        case .plan: PlanInvariants.check(input).failures
        case .csv: ReadInvariants.check(input, format: .csv).failures
        case .ndjson: ReadInvariants.check(input, format: .ndjson).failures
        case .rpc: RPCInvariants.check(input).failures
        }
    }

    /// libFuzzer's `LLVMFuzzerInitialize`: when `FUZZ_WRITE_SEEDS` names a folder
    /// (`Fuzz/run.sh` does), writes the seeds there, one file each, and exits.
    public func initialize() -> CInt {
        guard let folder = ProcessInfo.processInfo.environment["FUZZ_WRITE_SEEDS"] else { return 0 }
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (index, seed) in seeds.enumerated() {
            _ = FileManager.default.createFile(atPath: folder + "/seed-\(index)", contents: Data(seed))
        }
        exit(0)
    }

    /// libFuzzer's `LLVMFuzzerCustomMutator` for `plan`: every other call replaces a word
    /// of the project with another of the same shape (`Mutator.Style.words`), so that a
    /// good share of the inputs still parse and check and reach the planner; the other
    /// calls are libFuzzer's own byte-level mutations (`LLVMFuzzerMutate`, with the
    /// dictionary). Returns the new size.
    public func mutate(_ data: UnsafeMutablePointer<UInt8>, size: Int, maxSize: Int, seed: UInt32) -> Int {
        if seed % 2 == 1, let libFuzzerMutate = Self.libFuzzerMutate { return libFuzzerMutate(data, size, maxSize) }
        var rng = SplitMix64(seed: UInt64(seed))
        let mutated = Self.wordMutator.mutateWords(Array(UnsafeBufferPointer(start: data, count: size)), &rng).prefix(maxSize)
        for (i, byte) in mutated.enumerated() { data[i] = byte }
        return mutated.count
    }

    static let wordMutator = Mutator(seeds: FuzzTarget.plan.seeds, dictionary: "campaign")

    /// libFuzzer's own mutation, looked up at run time: the tests link no libFuzzer.
    static let libFuzzerMutate: (@convention(c) (UnsafeMutablePointer<UInt8>, Int, Int) -> Int)? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerMutate") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (UnsafeMutablePointer<UInt8>, Int, Int) -> Int).self)
    }()

    /// libFuzzer's `LLVMFuzzerTestOneInput`: crashes on purpose when an invariant breaks,
    /// so that libFuzzer keeps the input and says why.
    public func test(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        let failures = failures(Array(UnsafeBufferPointer(start: data, count: size)))
        if !failures.isEmpty { fatalError(failures.joined(separator: "\n")) }
        return 0
    }
}
