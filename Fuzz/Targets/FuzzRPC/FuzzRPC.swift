// libFuzzer entry point: the bytes a client sends `campaign lsp`, run in memory
// (`RPCInvariants`: exit status 0 or 1, only framed JSON-RPC 2.0 objects written, no
// request answered twice). The checks live in the main package (`FuzzTarget.rpc`),
// shared with the mutation tests.
import CampaignFuzzing

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    FuzzTarget.rpc.initialize()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { FuzzTarget.rpc.test(data, size) }
