#if canImport(Glibc)
import Glibc
#endif

/// Gives the pages of memory the process has freed back to the system, so that they stop
/// counting in its resident memory.
///
/// glibc's allocator keeps freed blocks for reuse, and a reader frees thousands of them
/// at once when a file's parts become whole columns: the parts' arrays, a few hundred KB
/// each, lie between live ones, so the allocator can neither hand them back (only free
/// space at the top of a heap goes back by itself) nor fit the far larger columns into
/// them. Measured on 1M customers and 10M events (release): a win-back's peak went from
/// 331 MB to 265–272 MB with a release after the customers' columns are merged, and
/// `segments`, which stores every event, from 567–580 MB to 446–488 MB with another
/// while the events' tables are sorted. `malloc_trim` walks the heaps and returns every
/// free page; the readers run it after a parallel step's last task is taken, on a core that
/// would otherwise wait (`parallelMap(_:threads:then:_:)`, in `CustomerReader` and
/// `EventReader`).
enum FreedMemory {
    /// Returns free pages to the system (nothing where the allocator has no `malloc_trim`).
    static func release() {
        guard let trim = trimFunction else { return }
        _ = trim(0)
    }

    /// glibc's `malloc_trim`, looked up once: Swift's Glibc module does not declare it.
    private static let trimFunction: (@convention(c) (Int) -> Int32)? = {
        #if canImport(Glibc)
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return nil }
        return unsafeBitCast(symbol, to: (@convention(c) (Int) -> Int32).self)
        #else
        return nil
        #endif
    }()
}
