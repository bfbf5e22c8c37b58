import Dispatch
import Synchronization

/// Runs `body` for each index on all cores and returns the results in index order.
/// `body` is `@Sendable` and its results `Sendable`, so the compiler checks that the parts
/// share nothing they could write: each builds its own result from shared, immutable input
/// (a data file's bytes, a compiled program).
public func parallelMap<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
    parallelMap(count, threads: count, body)
}

/// `parallelMap` on at most `threads` threads: each takes the next index until none are
/// left, so uneven parts still keep every thread busy. `last`, when given, runs once, on
/// the first thread to find no index left, while the others finish theirs: work for a core
/// that would otherwise wait (`FreedMemory.release()` after the readers' merges).
public func parallelMap<T: Sendable>(_ count: Int, threads: Int, then last: (@Sendable () -> Void)? = nil, _ body: @Sendable (Int) -> T) -> [T] {
    let workers = max(1, min(threads, count + (last == nil ? 0 : 1)))
    guard workers > 1 else {
        defer { last?() }
        return (0..<count).map(body)
    }
    // One lock and one atomic step per part, never per row: nothing next to a part's work.
    let slots = Mutex<[T?]>(Array(repeating: nil, count: count))
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard index < count else {
                if index == count { last?() }
                return
            }
            let result = body(index)
            slots.withLock { $0[index] = result }
        }
    }
    return slots.withLock { $0.compactMap { $0 } }
}
