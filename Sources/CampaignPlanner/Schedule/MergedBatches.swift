import Dispatch
import Synchronization

extension Schedule {
    /// The rows in the schedule's order, `size` at a time, to `body` on the calling thread.
    /// The merge runs on another thread, at most two batches ahead, so that it overlaps
    /// with what `body` does (formatting and writing); a batch's buffers go back to the
    /// merge once `body` is done with them.
    func forEachBatch(size: Int, _ body: (CompactRows) -> Void) throws(SpillError) {
        let queue = BatchQueue(depth: 2)
        let finished = DispatchSemaphore(value: 0)
        let runs = runs
        DispatchQueue.global().async {
            do throws(SpillError) {
                var merge = try RunMerge(runs)
                defer { merge.close() }
                var batch = queue.reused()
                while try merge.next(size, into: &batch) {
                    queue.put(.rows(batch))
                    batch = queue.reused()
                }
                queue.put(.end)
            } catch {
                queue.put(.failure(error))
            }
            finished.signal()
        }
        defer { finished.wait() }
        while true {
            switch queue.take() {
            case .rows(var batch):
                body(batch)
                batch.removeAll()
                queue.reuse(batch)
            case .end:
                return
            case .failure(let error):
                throw error
            }
        }
    }
}

/// Batches of merged rows on their way from the merging thread to the writer: a bounded
/// queue (the merge waits when `depth` batches are ready and unread) and the batches the
/// writer is done with, whose buffers the merge fills again.
final class BatchQueue: Sendable {
    enum Item: Sendable {
        case rows(CompactRows)
        case end
        case failure(SpillError)
    }

    private let state = Mutex<(ready: [Item], free: [CompactRows])>(([], []))
    private let slots: DispatchSemaphore
    private let available = DispatchSemaphore(value: 0)

    init(depth: Int) { slots = DispatchSemaphore(value: depth) }

    /// Waits for room, then queues `item` (the writer reads every item to the end).
    func put(_ item: Item) {
        slots.wait()
        state.withLock { $0.ready.append(item) }
        available.signal()
    }

    /// Waits for the next item.
    func take() -> Item {
        available.wait()
        let item = state.withLock { $0.ready.removeFirst() }
        slots.signal()
        return item
    }

    /// An emptied batch, to be filled again.
    func reuse(_ batch: consuming CompactRows) {
        let batch = batch
        state.withLock { $0.free.append(batch) }
    }

    /// A batch to fill: one the writer gave back, or a new one.
    func reused() -> CompactRows {
        state.withLock { $0.free.popLast() } ?? CompactRows()
    }
}
