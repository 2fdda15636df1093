import PDTNumerics
import Synchronization

/// Incubation results shared between session runs that differ only after the incubation — the
/// points of a sweep over the light, say, whose first sessions all start from the same incubation.
///
/// An entry is exactly what the incubation integration produces (final state, solver statistics
/// and, when it was recorded, the trace), keyed by every input the incubation depends on, so a
/// run gives the same bytes with or without the cache, on any thread. Thread safe; bounded: when
/// full, the oldest entry is dropped.
public final class IncubationCache: Sendable {
    package struct Key: Hashable {
        package var grid: DepthGrid
        package var skin: Skin
        package var kinetics: Kinetics
        package var cream: Cream
        var incubationSeconds: Double
        package var solver: SolverSettings
        package var sebaceousActivity: Double
    }

    package struct Entry {
        package var state: [Double]
        package var statistics: ODEStatistics?
        package var trace: [SessionTraceSample]?
    }

    private struct Storage {
        var entries: [Key: Entry] = [:]
        var order: [Key] = []
    }

    private let storage = Mutex(Storage())
    /// Entries kept at most.
    public let capacity: Int

    public init(capacity: Int = 64) {
        precondition(capacity >= 1)
        self.capacity = capacity
    }

    /// The number of entries held.
    public var count: Int { storage.withLock { $0.entries.count } }

    package func entry(_ key: Key, needsTrace: Bool) -> Entry? {
        storage.withLock { storage in
            guard let entry = storage.entries[key], !needsTrace || entry.trace != nil else { return nil }
            return entry
        }
    }

    package func store(_ entry: Entry, for key: Key) {
        storage.withLock { storage in
            if storage.entries.updateValue(entry, forKey: key) == nil {
                storage.order.append(key)
                if storage.order.count > capacity { storage.entries[storage.order.removeFirst()] = nil }
            }
        }
    }
}
