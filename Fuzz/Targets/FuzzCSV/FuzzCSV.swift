// libFuzzer entry point: a mutated CSV customers file (first byte even) or events file
// (odd), read in one, two and three parts (`ReadInvariants`).
// The checks live in the main package (`FuzzTarget.csv`), shared with the mutation tests.
import CampaignFuzzing

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    FuzzTarget.csv.initialize()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { FuzzTarget.csv.test(data, size) }
