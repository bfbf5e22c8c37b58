// libFuzzer entry point: a mutated NDJSON customers file (first byte even) or events
// file (odd), read in one, two and three parts (`ReadInvariants`).
// The checks live in the main package (`FuzzTarget.ndjson`), shared with the mutation tests.
import CampaignFuzzing

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    FuzzTarget.ndjson.initialize()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { FuzzTarget.ndjson.test(data, size) }
