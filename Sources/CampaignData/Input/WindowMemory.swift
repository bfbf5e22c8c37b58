import CampaignSyntax
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The buffers a `FileWindow` moves through its file in: the window's, and a spare one that
/// the stretch of the file after the window is read into ahead (`readAhead`), by the first
/// core to run out of parts at the window's end while the others finish theirs.
///
/// Why: reading a window (a `pread` that copies from the page cache) was the one serial
/// step between windows, and every core waited for it: 0.12–0.19 s of the 0.93–1.13 s that
/// the events of the win-back benchmark took with UUID ids (730 MB, 2 threads). Read ahead,
/// the next window is the spare buffer with the record the window's end cut copied in
/// front of the stretch (into `headroom`): no copy of the stretch itself. The price is the
/// spare buffer, one window more.
///
/// Both buffers live behind one lock, so the core reading ahead and the thread moving the
/// window never share memory unguarded; the window's bytes go to the parsing cores as a
/// `ReadOnlyBuffer`, valid until the window moves (it is written only between windows).
/// Both are `MappedBuffer`s: freed through `malloc`, buffers this size could stay in its
/// heap, and the spare one raised the win-back's peak by 60–80 MB instead of 0–10.
final class WindowMemory: Sendable {
    /// Room before a stretch read ahead, for the record the window's end cut: a longer
    /// one is read again from the file instead.
    static let headroom = 1 << 20

    private let state: Mutex<State>

    private struct State {
        var buffer: MappedBuffer<UInt8>
        /// The window is `buffer[front..<(front + count)]`.
        var front = 0
        var count = 0
        /// Where the stretch after the window is read ahead, at `headroom`; allocated at the
        /// first read ahead.
        var spare: MappedBuffer<UInt8>?
        /// The stretch asked for, and whether it was read (and how that ended).
        var ahead: Ahead?
    }

    /// `count` bytes of the file from `offset`.
    private struct Ahead {
        let offset: Int
        let count: Int
        var done = false
        var failure: Diagnostic?
    }

    init(capacity: Int) {
        state = Mutex(State(buffer: MappedBuffer<UInt8>(count: max(1, capacity))))
    }

    deinit {
        state.withLock { state in
            state.buffer.free()
            state.spare?.free()
        }
    }

    /// The window's bytes, valid until the window is next changed.
    var bytes: ReadOnlyBuffer<UInt8> {
        state.withLock { ReadOnlyBuffer(UnsafeBufferPointer(rebasing: $0.buffer.buffer[$0.front..<($0.front + $0.count)])) }
    }

    /// Bytes the window's buffer holds from its front.
    var room: Int { state.withLock { $0.buffer.buffer.count - $0.front } }

    /// Reads the file's bytes after the window (which ends at `end` in the file) until the
    /// window holds `limit` bytes, the buffer is full or the file ends; the window's byte
    /// count.
    func fill(from file: DataFile, end: Int, limit: Int) throws(Diagnostic) -> Int {
        try state.withLock { (state: inout State) throws(Diagnostic) -> Int in
            let wanted = min(min(state.buffer.buffer.count - state.front, limit) - state.count, file.count - end)
            if wanted > 0, let base = state.buffer.buffer.baseAddress {
                try file.read(into: base + state.front + state.count, count: wanted, at: end)
                state.count += wanted
            }
            return state.count
        }
    }

    /// Drops the window's first `keep` bytes and moves the rest to the buffer's start.
    func drop(_ keep: Int) {
        state.withLock { state in
            if keep < state.count, let base = state.buffer.buffer.baseAddress { memmove(base, base + state.front + keep, state.count - keep) }
            state.count -= keep
            state.front = 0
        }
    }

    /// A buffer of `capacity` bytes (at least the window's) holding the window at its start.
    func resize(to capacity: Int) {
        state.withLock { state in
            let resized = MappedBuffer<UInt8>(count: capacity)
            if let to = resized.buffer.baseAddress, let from = state.buffer.buffer.baseAddress { to.update(from: from + state.front, count: state.count) }
            state.buffer.free()
            state.buffer = resized
            state.front = 0
        }
    }

    /// Asks for the `count` bytes of the file from `offset` (those after the window) to be
    /// read ahead; nothing is read until `readAhead`.
    func ask(offset: Int, count: Int) {
        state.withLock { $0.ahead = count > 0 ? Ahead(offset: offset, count: count) : nil }
    }

    /// Forgets the stretch asked for, read or not.
    func forget() {
        state.withLock { $0.ahead = nil }
    }

    /// Reads the stretch asked for into the spare buffer, once however often it is called;
    /// a failure is kept for `takeAhead` to report, where the read would have been.
    func readAhead(from file: DataFile) {
        state.withLock { state in
            guard var ahead = state.ahead, !ahead.done else { return }
            let needed = Self.headroom + ahead.count
            if let spare = state.spare, spare.buffer.count < needed {
                spare.free()
                state.spare = nil
            }
            let spare = state.spare ?? MappedBuffer<UInt8>(count: needed)
            state.spare = spare
            do throws(Diagnostic) {
                if let base = spare.buffer.baseAddress { try file.read(into: base + Self.headroom, count: ahead.count, at: ahead.offset) }
            } catch {
                ahead.failure = error
            }
            ahead.done = true
            state.ahead = ahead
        }
    }

    /// Moves the window on by `keep` bytes using the stretch read ahead, when it is the one
    /// after the window (which ends at `end` in the file) and the bytes kept fit in front of
    /// it: the window's byte count, or nil when the caller must read the file itself.
    func takeAhead(keeping keep: Int, end: Int) throws(Diagnostic) -> Int? {
        try state.withLock { (state: inout State) throws(Diagnostic) -> Int? in
            let ahead = state.ahead
            state.ahead = nil
            let carried = state.count - keep
            guard let ahead, ahead.done, ahead.offset == end, carried <= Self.headroom, let spare = state.spare,
                  let to = spare.buffer.baseAddress, let from = state.buffer.buffer.baseAddress else { return nil }
            if let failure = ahead.failure { throw failure }
            (to + Self.headroom - carried).update(from: from + state.front + keep, count: carried)
            state.spare = state.buffer
            state.buffer = spare
            state.front = Self.headroom - carried
            state.count = carried + ahead.count
            return state.count
        }
    }
}
