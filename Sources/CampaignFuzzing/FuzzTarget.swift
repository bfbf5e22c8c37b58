import Foundation

/// The fuzz targets of `Fuzz/Targets` that check more than the syntax: what each starts
/// from and what it checks. Their entry points call `initialize` and `test`; the mutation
/// tests call `seeds` and `failures`, so a fuzzer and its test never differ.
public enum FuzzTarget: String, Sendable, CaseIterable {
    /// A project text: `PlanInvariants`.
    case plan
    /// A CSV customers or events file: `ReadInvariants`.
    case csv
    /// An NDJSON customers or events file: `ReadInvariants`.
    case ndjson

    public var seeds: [[UInt8]] {
        switch self {
        case .plan: FuzzSeeds.plan()
        case .csv: FuzzSeeds.data(.csv)
        case .ndjson: FuzzSeeds.data(.ndjson)
        }
    }

    /// The broken invariants, each a sentence.
    public func failures(_ input: [UInt8]) -> [String] {
        switch self {
        case .plan: PlanInvariants.check(input).failures
        case .csv: ReadInvariants.check(input, format: .csv).failures
        case .ndjson: ReadInvariants.check(input, format: .ndjson).failures
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

    /// libFuzzer's `LLVMFuzzerTestOneInput`: crashes on purpose when an invariant breaks,
    /// so that libFuzzer keeps the input and says why.
    public func test(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        let failures = failures(Array(UnsafeBufferPointer(start: data, count: size)))
        if !failures.isEmpty { fatalError(failures.joined(separator: "\n")) }
        return 0
    }
}
