#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Reading a large dataset builds and drops big column arrays; glibc returns freed
/// blocks over 32 MiB to the kernel by default, and every later allocation then costs
/// page faults and zeroing (28% of a 1M-customer run). Keeping freed memory in the
/// process avoids it. `mallopt` is looked up at run time: Swift's Glibc module does not
/// export `malloc.h`; where it is absent nothing changes.
enum MemoryTuning {
    static func keepFreedMemory() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
        _ = mallopt(mmapThreshold, 1 << 30)
        _ = mallopt(trimThreshold, Int32.max)
        #endif
    }
}

/// Values kept until the process exits: a command that is about to end does not spend
/// time freeing a gigabyte of columns that the kernel discards at exit anyway.
enum ProcessLifetime {
    private static let kept = Mutex<[any Sendable]>([])

    static func keep(_ value: any Sendable) {
        kept.withLock { $0.append(value) }
    }
}
