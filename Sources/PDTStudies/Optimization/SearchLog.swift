import Foundation

/// The points a search has tried, shared by its parallel local searches: each point is evaluated
/// once (keyed by its exact coordinates), and every request is noted in its stream (0: samples or
/// enumeration; one stream per local search) so that the distinct points can be listed in a fixed
/// order, streams in turn, whatever order the threads ran in.
final class SearchLog: @unchecked Sendable {
    private let lock = NSLock()
    private let bounds: [ConstraintBound]
    private let evaluator: ConstrainedSearch.Evaluator
    private var known: [[UInt64]: SearchRecord] = [:]
    private var streams: [[[Double]]] = [[]]

    init(bounds: [ConstraintBound], evaluate: @escaping ConstrainedSearch.Evaluator) {
        self.bounds = bounds
        self.evaluator = evaluate
    }

    /// Adds `count` streams; returns the first one's number.
    func reserveStreams(_ count: Int) -> Int {
        lock.withLock {
            let first = streams.count
            streams += Array(repeating: [], count: count)
            return first
        }
    }

    /// The records of `points`, evaluating in one batch those not yet known.
    func evaluate(_ points: [[Double]], stream: Int) -> [SearchRecord] {
        let keys = points.map { $0.map(\.bitPattern) }
        var missing: [Int] = []
        lock.withLock {
            streams[stream] += points
            var seen = Set<[UInt64]>()
            for (i, key) in keys.enumerated() where known[key] == nil && seen.insert(key).inserted { missing.append(i) }
        }
        if !missing.isEmpty {
            let outcomes = evaluator(missing.map { points[$0] })
            lock.withLock {
                for (i, outcome) in zip(missing, outcomes) {
                    known[keys[i]] = SearchRecord(x: points[i], outcome: outcome, bounds: bounds)
                }
            }
        }
        return lock.withLock { keys.map { known[$0]! } }
    }

    /// The distinct points in stream order, each at its first request.
    func records() -> [SearchRecord] {
        lock.withLock {
            var seen = Set<[UInt64]>()
            var out: [SearchRecord] = []
            for stream in streams {
                for x in stream {
                    let key = x.map(\.bitPattern)
                    if seen.insert(key).inserted { out.append(known[key]!) }
                }
            }
            return out
        }
    }
}
