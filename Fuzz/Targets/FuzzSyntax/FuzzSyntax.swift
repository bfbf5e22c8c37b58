// libFuzzer entry point over the whole front end: lexer, parser, every diagnostic
// renderer and the formatter (`SyntaxInvariants`).
// The checks live in the main package (`FuzzTarget.syntax`), shared with the mutation tests.
import CampaignFuzzing

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>) -> CInt {
    FuzzTarget.syntax.initialize()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt { FuzzTarget.syntax.test(data, size) }
