import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a sorted run row by row: from memory, or from its file through a buffer of a
/// few hundred KiB, so that merging many spilled runs holds little of each.
struct RunCursor {
    /// A run in memory, read at `next`; empty for a file.
    private let memory: CompactRows
    private var next = 0
    /// The run's file, or -1 for a run in memory (or a file already closed).
    private var descriptor: Int32 = -1
    private let path: String
    /// The file's bytes read so far, valid from `start` to `end`.
    private var buffer: [UInt8] = []
    private var start = 0
    private var end = 0
    /// The row under the cursor, and its detail's bytes (length first) in `buffer` or the run.
    private(set) var row = CompactRow(time: 0, rank: 0, campaign: 0, order: 0, step: 0, detail: DetailCoding.firstCode, offset: 0,
                                      action: .send, channel: nil, holdout: false)
    private var detailRange = 0..<0

    init(_ run: SortedRun) throws(SpillError) {
        switch run {
        case .memory(let rows):
            memory = rows
            path = ""
        case .file(let path, _):
            memory = CompactRows()
            self.path = path
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw SpillError("cannot read the plan's spilled rows back from", path, code: errno) }
            buffer = [UInt8](repeating: 0, count: Self.bufferSize)
        }
    }

    static let bufferSize = 256 << 10

    mutating func close() {
        if descriptor >= 0 { _ = Glibc.close(descriptor) }
        descriptor = -1
    }

    /// Moves to the next row; false at the end of the run.
    mutating func advance() throws(SpillError) -> Bool {
        guard descriptor >= 0 else {
            guard next < memory.count else { return false }
            row = memory.rows[next]
            next += 1
            return true
        }
        start += detailRange.count
        guard try fill(CompactRow.byteCount) else { return false }
        row = buffer.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: start, as: CompactRow.self) }
        start += CompactRow.byteCount
        detailRange = start..<start
        if row.detail < DetailCoding.firstCode {
            guard try fill(4), let length = buffer.withUnsafeBytes({ DetailCoding.length($0, at: start) }),
                  try fill(4 + length) else { throw SpillError(message: "a spilled run of the plan ended early: '\(path)'") }
            detailRange = start..<(start + 4 + length)
        }
        return true
    }

    /// Appends the current row, and its detail's bytes, to `batch`.
    func copyRow(into batch: inout CompactRows) {
        if row.detail >= DetailCoding.firstCode {
            batch.rows.append(row)
        } else if descriptor < 0 {
            memory.withDetail(row) { batch.append(row, detail: $0) }
        } else {
            buffer.withUnsafeBytes { batch.append(row, detail: UnsafeRawBufferPointer(rebasing: $0[detailRange])) }
        }
    }

    /// Calls `body` with the current row's detail bytes (length first; empty for a coded detail).
    func withDetail<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        guard descriptor >= 0 else { return try memory.withDetail(row, body) }
        let result: Result<R, E> = buffer.withUnsafeBytes { all in
            Result { () throws(E) in try body(UnsafeRawBufferPointer(rebasing: all[detailRange])) }
        }
        return try result.get()
    }

    /// Makes `count` bytes from `start` available in the buffer, reading more of the file;
    /// false when the file ended exactly at `start`.
    private mutating func fill(_ count: Int) throws(SpillError) -> Bool {
        if end - start >= count { return true }
        if start > 0 {
            // What is left of the buffer moves to its front.
            let (from, length) = (start, end - start)
            buffer.withUnsafeMutableBytes { bytes in
                guard let base = bytes.baseAddress else { return }
                memmove(base, base + from, length)
            }
            end = length
            start = 0
            detailRange = 0..<0
        }
        // A detail longer than the buffer (a long rendered text) widens it.
        if buffer.count < count { buffer += repeatElement(0, count: count - buffer.count) }
        while end < count {
            let (at, room) = (end, buffer.count - end)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress.map { $0 + at }, room) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SpillError("cannot read the plan's spilled rows back from", path, code: errno)
            }
            if n == 0 {
                if end == 0 { return false }
                throw SpillError(message: "a spilled run of the plan ended early: '\(path)'")
            }
            end += n
        }
        return true
    }
}

/// Merges sorted runs into the schedule's order with a binary heap of their cursors:
/// k runs cost log k comparisons of integers per row.
struct RunMerge {
    private var cursors: [RunCursor] = []
    private var heap: [Int] = []

    init(_ runs: [SortedRun]) throws(SpillError) {
        do {
            for run in runs {
                var cursor = try RunCursor(run)
                cursors.append(cursor)
                if try cursor.advance() {
                    cursors[cursors.count - 1] = cursor
                    heap.append(cursors.count - 1)
                }
            }
        } catch {
            for i in cursors.indices { cursors[i].close() }
            throw error
        }
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    mutating func close() { for i in cursors.indices { cursors[i].close() } }

    /// Appends up to `limit` rows, in order, to `batch`; false when every run is done.
    mutating func next(_ limit: Int, into batch: inout CompactRows) throws(SpillError) -> Bool {
        var taken = 0
        while taken < limit, let top = heap.first {
            cursors[top].copyRow(into: &batch)
            taken += 1
            try advance(top)
        }
        return taken > 0
    }

    /// Writes every row, in order, to a new run file (a merge pass that keeps the number of
    /// open runs bounded).
    mutating func write(to writer: inout RunFileWriter) throws(SpillError) {
        while let top = heap.first {
            let row = cursors[top].row
            try cursors[top].withDetail { (detail) throws(SpillError) in try writer.append(row, detail: detail) }
            try advance(top)
        }
    }

    private mutating func advance(_ top: Int) throws(SpillError) {
        if try cursors[top].advance() {
            siftDown(0)
        } else {
            cursors[top].close()
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
            if !heap.isEmpty { siftDown(0) }
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let left = 2 * i + 1, right = left + 1
            var least = i
            if left < heap.count, CompactRow.precedes(cursors[heap[left]].row, cursors[heap[least]].row) { least = left }
            if right < heap.count, CompactRow.precedes(cursors[heap[right]].row, cursors[heap[least]].row) { least = right }
            if least == i { return }
            heap.swapAt(i, least)
            i = least
        }
    }
}
