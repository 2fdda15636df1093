import Foundation

/// Runs independent work items on N threads of its own and hands the results back on the calling
/// thread in item order, whatever order they complete in (results that complete early wait in a
/// buffer until their turn). Each item runs entirely on one worker thread, so anything it creates
/// (a simulator, its GSL drivers) belongs to that thread.
enum OrderedParallel {
    /// Calls `work(item)` for every element of `items` on `jobs` worker threads and
    /// `deliver(item, result)` on the calling thread in the order of `items`. When `deliver`
    /// returns false, no new item is started; the call returns once the running ones have finished
    /// (their results are dropped). `heartbeat` is called on the calling thread about every
    /// `heartbeatSeconds` while it waits for a result.
    static func run<T: Sendable>(
        items: [Int], jobs: Int, heartbeatSeconds: Double = 0.1,
        work: @escaping @Sendable (Int) -> T, deliver: (Int, T) -> Bool, heartbeat: () -> Void = {}
    ) {
        precondition(jobs >= 1, "at least one worker thread")
        guard !items.isEmpty else { return }
        let state = OrderedState<T>(items: items, workers: min(jobs, items.count))
        for _ in 0..<state.running {
            let thread = Thread { state.work(work) }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for position in items.indices {
            let result = state.take(position, heartbeatSeconds: heartbeatSeconds, heartbeat: heartbeat)
            if !deliver(items[position], result) { break }
        }
        state.finish()
    }
}

/// The state the worker threads and the delivering thread share, guarded by one condition lock:
/// the next position to start, the results not yet delivered, and the workers still running.
private final class OrderedState<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let items: [Int]
    private var next = 0
    private var results: [Int: T] = [:]
    private var stopped = false
    /// Worker threads that have not yet returned.
    private(set) var running: Int

    init(items: [Int], workers: Int) {
        self.items = items
        running = workers
    }

    /// A worker's loop: take the next position, run it, store the result; until none is left or
    /// the run is stopped.
    func work(_ body: @Sendable (Int) -> T) {
        while true {
            condition.lock()
            guard !stopped, next < items.count else {
                running -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let position = next
            next += 1
            condition.unlock()
            let result = body(items[position])
            condition.lock()
            results[position] = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Waits for the result at `position` and removes it from the buffer, calling `heartbeat`
    /// (outside the lock) between waits.
    func take(_ position: Int, heartbeatSeconds: Double, heartbeat: () -> Void) -> T {
        condition.lock()
        while results[position] == nil {
            _ = condition.wait(until: Date(timeIntervalSinceNow: heartbeatSeconds))
            if results[position] == nil {
                condition.unlock()
                heartbeat()
                condition.lock()
            }
        }
        let result = results.removeValue(forKey: position)!
        condition.unlock()
        return result
    }

    /// Stops handing out positions and waits until every worker has returned.
    func finish() {
        condition.lock()
        stopped = true
        while running > 0 { condition.wait() }
        results.removeAll()
        condition.unlock()
    }
}
