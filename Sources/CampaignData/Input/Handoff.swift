import Synchronization

/// Values for the tasks of a `parallelMap`, each taken once by the task of its index: the
/// task then holds the only reference, so what it is done with (the parts of an events
/// file it has turned into a table column) is freed while the other tasks still run,
/// instead of when the whole map returns.
public final class Handoff<Value: Sendable>: Sendable {
    private let values: Mutex<[Value?]>

    /// `values` should be a temporary (or consumed): a copy kept by the caller would keep
    /// each value alive after its task is done with it.
    public init(_ values: consuming [Value?]) { self.values = Mutex(values) }

    /// The value of task `index`, once (nil after that, and for a task with none).
    public func take(_ index: Int) -> Value? {
        values.withLock { values in
            guard values.indices.contains(index) else { return nil }
            defer { values[index] = nil }
            return values[index]
        }
    }
}
