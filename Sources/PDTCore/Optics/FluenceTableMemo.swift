import Synchronization

/// A process-wide memo of Monte Carlo f(z, λ) tables, so that the points of a sweep or the
/// members of a cohort that share a skin compute its table once.
///
/// Keyed by a text naming every input the table depends on (`LightTransport.memoKey`). Each key
/// has a slot with its own lock: the first caller computes the table while holding it, and callers
/// asking for the same key meanwhile wait on that lock and then read the table, so each distinct
/// key is computed once however many threads ask at once; callers with other keys are not held
/// up. Bounded: when more than `capacity` keys are held, the oldest is dropped (a later request
/// computes it again, or reads it from the disk cache). Thread safe.
public final class FluenceTableMemo: Sendable {
    /// The memo the session kinetics use.
    public static let shared = FluenceTableMemo()

    private final class Slot: Sendable {
        let table = Mutex<SkinFluenceTable?>(nil)
    }

    private struct Storage {
        var slots: [String: Slot] = [:]
        var order: [String] = []
        var computations = 0
    }

    private let storage = Mutex(Storage())
    /// Keys held at most.
    public let capacity: Int

    public init(capacity: Int = 64) {
        precondition(capacity >= 1)
        self.capacity = capacity
    }

    /// How many tables this memo has computed (not read back).
    public var computations: Int { storage.withLock { $0.computations } }

    /// The table under `key`, computed by `compute` if no caller has computed it yet.
    func table(key: String, compute: () -> SkinFluenceTable) -> SkinFluenceTable {
        let slot = storage.withLock { storage in
            if let slot = storage.slots[key] { return slot }
            let slot = Slot()
            storage.slots[key] = slot
            storage.order.append(key)
            if storage.order.count > capacity { storage.slots[storage.order.removeFirst()] = nil }
            return slot
        }
        return slot.table.withLock { table in
            if let table { return table }
            let computed = compute()
            table = computed
            storage.withLock { $0.computations += 1 }
            return computed
        }
    }
}
