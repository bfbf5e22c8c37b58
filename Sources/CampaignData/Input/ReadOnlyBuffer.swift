/// Memory that several threads read and none writes: a window of a data file, or the flat
/// tables the readers' row loops use without touching a reference count. A pointer is
/// never `Sendable` to the compiler, so this is the package's one `@unchecked Sendable`
/// type, and the whole argument for it is here:
///
/// - Nobody writes through it. It hands out an `UnsafeBufferPointer` (no mutable access),
///   and is made only from memory that is finished: bytes borrowed from an owner for the
///   length of a call (a `FileWindow`'s, whose window is written only between the reads
///   of its windows: the next stretch is read ahead into another buffer, `WindowMemory`),
///   a copy made by `copy(of:)`, or memory its owner allocated and filled
///   (`IDIndex`'s table), each complete before the buffer exists.
/// - The memory outlives every read. An owner that keeps one in a `let` (`IDIndex`,
///   `EventReader.RowConfig`) frees it only in its `deinit`, so it is valid
///   wherever the owner is held; one made from borrowed bytes is read only inside the
///   borrowing call (a `parallelMap` there joins every thread before it returns).
/// - Its elements are `Sendable`, so copies of one read on several threads at once are safe
///   (those used are plain values: bytes, integers, ranges, flags).
struct ReadOnlyBuffer<Element: Sendable>: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<Element>

    init(_ buffer: UnsafeBufferPointer<Element>) { self.buffer = buffer }

    /// `values` copied into fresh memory, which its owner frees with `deallocate()`.
    static func copy(of values: [Element]) -> ReadOnlyBuffer {
        let memory = UnsafeMutableBufferPointer<Element>.allocate(capacity: max(1, values.count))
        _ = memory.initialize(from: values)
        return ReadOnlyBuffer(UnsafeBufferPointer(start: memory.baseAddress, count: values.count))
    }

    /// Frees memory made by `copy(of:)`; only its owner calls this, in `deinit`.
    func deallocate() { buffer.deallocate() }

    var count: Int { buffer.count }

    @inline(__always)
    subscript(_ index: Int) -> Element { buffer[index] }
}
