import Dispatch
import Foundation

/// Runs `body` for each index on all cores and returns the results in index order.
/// The closure reads shared input (a data file's bytes) and builds its own result, so
/// nothing is shared mutably.
public func parallelMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(body) }
    let slots = ResultSlots<T>(count)
    withoutActuallyEscaping(body) { escapable in
        let shared = UncheckedSendable(value: escapable)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.set(index, shared.value(index))
        }
    }
    return slots.items.compactMap { $0 }
}

struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
}

final class ResultSlots<T>: @unchecked Sendable {
    private(set) var items: [T?]
    private let lock = NSLock()

    init(_ count: Int) { items = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.lock()
        items[index] = value
        lock.unlock()
    }
}

/// `parallelMap` on at most `threads` threads: each takes the next index until none are
/// left, so uneven parts still keep every thread busy.
public func parallelMap<T>(_ count: Int, threads: Int, _ body: (Int) -> T) -> [T] {
    let workers = max(1, min(threads, count))
    guard workers > 1 else { return (0..<count).map(body) }
    let slots = ResultSlots<T>(count)
    let next = WorkCounter()
    withoutActuallyEscaping(body) { escapable in
        let shared = UncheckedSendable(value: escapable)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = next.take(below: count) {
                slots.set(index, shared.value(index))
            }
        }
    }
    return slots.items.compactMap { $0 }
}

final class WorkCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()

    func take(below limit: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}
