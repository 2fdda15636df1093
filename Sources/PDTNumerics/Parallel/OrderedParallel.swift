import Foundation

/// Runs independent work items on N threads of its own and hands the results back on the calling
/// thread in item order, whatever order they complete in. Each item runs entirely on one worker
/// thread, so anything it creates (a simulator, its GSL drivers) belongs to that thread.
///
/// Memory is bounded: results that complete early wait in a reorder buffer until their turn, and
/// a worker starts the item at position p only when p < (positions delivered) + `window`. So the
/// buffer never holds more than `window` results, however slow one item is: when the window is
/// full behind a slow item, the other workers wait instead of running ahead.
package enum OrderedParallel {
    /// The default window: four items per worker, enough to keep every worker busy across the
    /// usual spread of item costs.
    static func defaultWindow(jobs: Int) -> Int { max(4 * jobs, 8) }

    /// Calls `work(item)` for every element of `items` on `jobs` worker threads and
    /// `deliver(item, result)` on the calling thread in the order of `items`. When `deliver`
    /// returns false, no new item is started and the call returns once the running ones have
    /// finished (their results are dropped), or at once when `waitForWorkersOnStop()` says false
    /// then (the workers finish their items in the background; their results are dropped).
    /// `heartbeat` is called on the calling thread about every `heartbeatSeconds` while it waits
    /// for a result; when it returns false the run stops as when `deliver` does.
    /// With `onCallingThread` (one job only), each item runs on the calling thread just before it
    /// is delivered, and `heartbeat` is never called: no thread is started, for callers that run
    /// many small batches, each already on a worker of their own (a calibration's one θ inside a
    /// parallel start), where starting a thread would cost as much as the work.
    /// - Returns: the most results the reorder buffer held at once (≤ `window`).
    @discardableResult
    package static func run<T: Sendable>(
        items: [Int], jobs: Int, window: Int? = nil, heartbeatSeconds: Double = 0.1, onCallingThread: Bool = false,
        work: @escaping @Sendable (Int) -> T, deliver: (Int, T) -> Bool, heartbeat: () -> Bool = { true },
        waitForWorkersOnStop: () -> Bool = { true }
    ) -> Int {
        precondition(jobs >= 1, "at least one worker thread")
        precondition(!onCallingThread || jobs == 1, "one job on the calling thread")
        let window = window ?? defaultWindow(jobs: jobs)
        precondition(window >= 1, "a reorder window of at least one result")
        guard !items.isEmpty else { return 0 }
        if onCallingThread {
            for item in items {
                guard deliver(item, work(item)) else { break }
            }
            return 1
        }
        let state = OrderedState<T>(items: items, workers: min(jobs, items.count), window: window)
        for _ in 0..<state.running {
            let thread = Thread { state.work(work) }
            thread.stackSize = 8 << 20
            thread.start()
        }
        var stopped = false
        for position in items.indices {
            guard let result = state.take(position, heartbeatSeconds: heartbeatSeconds, heartbeat: heartbeat),
                deliver(items[position], result)
            else {
                stopped = true
                break
            }
        }
        state.finish(wait: !stopped || waitForWorkersOnStop())
        return state.peakBuffered
    }
}

/// The state the worker threads and the delivering thread share, guarded by one condition lock:
/// the next position to start, the results not yet delivered, and the workers still running.
private final class OrderedState<T: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private let items: [Int]
    private let window: Int
    private var next = 0
    /// Positions handed to the delivering thread so far.
    private var delivered = 0
    private var results: [Int: T] = [:]
    private var stopped = false
    /// Worker threads that have not yet returned.
    private(set) var running: Int
    /// The most results buffered at once.
    private(set) var peakBuffered = 0

    init(items: [Int], workers: Int, window: Int) {
        self.items = items
        self.window = window
        running = workers
    }

    /// A worker's loop: wait until the next position is inside the window, take it, run it, store
    /// the result; until none is left or the run is stopped.
    func work(_ body: @Sendable (Int) -> T) {
        condition.lock()
        while true {
            while !stopped, next < items.count, next >= delivered + window { condition.wait() }
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
            peakBuffered = max(peakBuffered, results.count)
            condition.broadcast()
        }
    }

    /// Waits for the result at `position` and removes it from the buffer, calling `heartbeat`
    /// (outside the lock) between waits; nil when the heartbeat asks to stop.
    func take(_ position: Int, heartbeatSeconds: Double, heartbeat: () -> Bool) -> T? {
        condition.lock()
        while results[position] == nil {
            _ = condition.wait(until: Date(timeIntervalSinceNow: heartbeatSeconds))
            if results[position] == nil {
                condition.unlock()
                let goOn = heartbeat()
                condition.lock()
                if !goOn {
                    condition.unlock()
                    return nil
                }
            }
        }
        let result = results.removeValue(forKey: position)!
        delivered = position + 1
        condition.broadcast()
        condition.unlock()
        return result
    }

    /// Stops handing out positions and, when `wait`, waits until every worker has returned.
    func finish(wait: Bool) {
        condition.lock()
        stopped = true
        condition.broadcast()
        while wait && running > 0 { condition.wait() }
        results.removeAll()
        condition.unlock()
    }
}

extension OrderedParallel {
    /// `(0..<count).map(body)` on up to `jobs` threads, results in index order whatever order they
    /// finish in: the one parallel map of pdtsim (multistarts, Jacobian columns, profiles, local
    /// searches).
    package static func map<T: Sendable>(count: Int, jobs: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        if jobs <= 1 || count <= 1 { return (0..<count).map(body) }
        var results: [T?] = Array(repeating: nil, count: count)
        run(items: Array(0..<count), jobs: jobs, work: body) { index, value in
            results[index] = value
            return true
        }
        return results.map { $0! }
    }

    /// `function` made a batch function: a batch of points and a number of threads ↦ `function` at
    /// each point, on up to that many threads, each value or error in the points' order. The default
    /// batch of a problem given by its function at one point (a least-squares problem's residuals, a
    /// fit objective's prediction).
    package static func batch<Point: Sendable, Value: Sendable>(
        _ function: @escaping @Sendable (Point) throws -> Value
    ) -> @Sendable ([Point], Int) -> [Result<Value, any Error>] {
        { points, jobs in map(count: points.count, jobs: jobs) { k in Result { try function(points[k]) } } }
    }
}
