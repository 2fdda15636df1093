import Foundation

/// `(0..<count).map(body)` on `jobs` threads (`DispatchQueue.concurrentPerform`, worker w taking
/// items w, w + jobs, …), results in item order whatever order they finish in.
enum ParallelMap {
    static func map<T: Sendable>(count: Int, jobs: Int, _ body: @Sendable (Int) -> T) -> [T] {
        guard count > 0 else { return [] }
        let workers = max(1, min(jobs, count))
        if workers == 1 { return (0..<count).map(body) }
        let results = ResultSlots<T>(count: count)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for i in stride(from: worker, to: count, by: workers) { results.set(i, body(i)) }
        }
        return results.values()
    }
}

/// One slot per item, written under a lock.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) { lock.withLock { slots[i] = value } }

    func values() -> [T] { lock.withLock { slots.map { $0! } } }
}
