// libFuzzer entry point: a mutated project text (schema and campaigns in one file)
// through check, plan at one thread and two, preview and explain (`PlanInvariants`).
// The checks live in the main package (`FuzzTarget.plan`), shared with the mutation tests.
import CampaignFuzzing

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    FuzzTarget.plan.initialize()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { FuzzTarget.plan.test(data, size) }

@_cdecl("LLVMFuzzerCustomMutator")
public func mutate(_ data: UnsafeMutablePointer<UInt8>, _ size: Int, _ maxSize: Int, _ seed: CUnsignedInt) -> Int {
    FuzzTarget.plan.mutate(data, size: size, maxSize: maxSize, seed: seed)
}
