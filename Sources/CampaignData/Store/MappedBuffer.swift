#if canImport(Glibc)
import Glibc
#endif

/// Memory for a large buffer that lives for one step, mapped from the system and given
/// back to it when freed. Through `malloc`, a block of a few megabytes freed after glibc
/// has raised its threshold for mapping (it does, to the size of the mapped blocks freed,
/// up to 32 MiB) stays in its heap, and the process's resident memory, and so its peak,
/// keeps it: the file windows' spare buffer raised the win-back's peak by 60–80 MB, and
/// the customers' sort keys (`CustomerRanks`) by 31 MB. Where mapping fails, from
/// `malloc`. The memory starts zeroed when mapped, uninitialized otherwise: the owner
/// writes before it reads.
public struct MappedBuffer<Element: BitwiseCopyable> {
    public let buffer: UnsafeMutableBufferPointer<Element>
    private let mapped: Bool

    /// Room for `count` elements (at least one).
    public init(count: Int) {
        let bytes = max(1, count) * MemoryLayout<Element>.stride
        #if os(Linux)
        if let pages = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), pages != UnsafeMutableRawPointer(bitPattern: -1) {
            buffer = UnsafeMutableBufferPointer(start: pages.bindMemory(to: Element.self, capacity: max(1, count)), count: count)
            mapped = true
            return
        }
        #endif
        buffer = UnsafeMutableBufferPointer(start: .allocate(capacity: max(1, count)), count: count)
        mapped = false
    }

    /// Gives the memory back; the buffer must not be used after.
    public func free() {
        #if os(Linux)
        if mapped {
            munmap(UnsafeMutableRawPointer(buffer.baseAddress), max(1, buffer.count) * MemoryLayout<Element>.stride)
            return
        }
        #endif
        buffer.baseAddress?.deallocate()
    }
}
