import Dispatch
import Foundation

/// Runs `body` for each index on all cores and returns the results in index order.
/// The closure reads shared input (a memory-mapped file) and builds its own result, so
/// nothing is shared mutably.
func parallelMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
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
