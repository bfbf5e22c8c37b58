#if canImport(Glibc)
import Glibc
#endif

/// Asks Linux to back a large buffer with 2 MiB pages before it is first written. The event
/// tables are written in the order of the file, which is not the table's: with 4 KiB pages
/// nearly every write to a 40 MB column misses the TLB as well as the cache.
enum HugePages {
    static let size = 2 << 20

    static func advise<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        #if os(Linux)
        guard let base = buffer.baseAddress else { return }
        let address = Int(bitPattern: base)
        let start = (address + size - 1) & ~(size - 1)
        let end = (address + buffer.count * MemoryLayout<T>.stride) & ~(size - 1)
        guard end - start >= size, let from = UnsafeMutableRawPointer(bitPattern: start) else { return }
        // Advice only: where the kernel says no, the pages stay small.
        _ = madvise(from, end - start, MADV_HUGEPAGE)
        #endif
    }

    /// An array of `count` elements that `fill` writes, each exactly once, in any order.
    static func array<T>(_ count: Int, _ fill: (UnsafeMutableBufferPointer<T>) -> Void) -> [T] {
        [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            advise(buffer)
            fill(buffer)
            initialized = count
        }
    }
}
