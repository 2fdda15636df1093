import Foundation

/// The bound on simultaneous simulations of `pdtsim serve`: at most `slots` jobs run at once, at
/// most `waitingLimit` more wait for a slot in arrival order, and a job that finds the queue full is
/// refused at once (`WorkQueueFull`, HTTP 503) instead of queueing without bound.
///
/// A job is a blocking computation (a protocol simulation): it runs on a thread of its own, never on
/// the server's event loops, Swift's cooperative pool or Dispatch's shared pool (whose few threads
/// a blocking job would hold), and the request that submitted it awaits its result.
public actor WorkQueue {
    /// Jobs that may run at once (`--jobs`), ≥ 1.
    public let slots: Int
    /// Jobs that may wait for a slot, ≥ 0.
    public let waitingLimit: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(slots: Int, waitingLimit: Int) {
        precondition(slots >= 1 && waitingLimit >= 0, "a work queue needs a slot and a non-negative queue")
        self.slots = slots
        self.waitingLimit = waitingLimit
    }

    /// Jobs running and waiting now.
    public var load: (running: Int, waiting: Int) { (running, waiting.count) }

    /// Runs `job` on a thread of its own once a slot is free and returns what it returns or throws.
    /// - Throws: `WorkQueueFull` when every slot is taken and `waitingLimit` jobs already wait.
    public func run<T: Sendable>(_ job: @escaping @Sendable () throws -> T) async throws -> T {
        try await acquire()
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
            Thread { continuation.resume(returning: Result { try job() }) }.start()
        }
        release()
        return try result.get()
    }

    private func acquire() async throws {
        if running < slots {
            running += 1
            return
        }
        guard waiting.count < waitingLimit else { throw WorkQueueFull(slots: slots, waitingLimit: waitingLimit) }
        await withCheckedContinuation { waiting.append($0) }
    }

    /// Hands the slot to the longest-waiting job, or frees it.
    private func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            waiting.removeFirst().resume()
        }
    }
}

/// Every simulation slot is busy and the queue is full: the request is refused, not queued.
public struct WorkQueueFull: Error, Equatable, Sendable, CustomStringConvertible {
    public var slots: Int
    public var waitingLimit: Int

    public var description: String {
        "the server is busy: \(slots) simulation\(slots == 1 ? "" : "s") running and \(waitingLimit) waiting; expected a retry in a few seconds (or a server started with a larger --jobs)"
    }
}
