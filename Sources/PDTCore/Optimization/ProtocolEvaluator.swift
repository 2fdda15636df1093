import Foundation

/// One protocol run of an optimisation: the protocol as set, its typed form and its result.
public struct ProtocolPoint: Sendable {
    public var definition: ProtocolDefinition
    public var treatment: TreatmentProtocol
    public var result: ProtocolResult
}

/// Why a point could not be evaluated (an assignment the protocol rejects, or a failed integration).
public struct EvaluationFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
}

/// Every model evaluation of `pdtsim optimize` goes through `evaluate`: a batch of design points,
/// each a list of `--set`-style assignments applied to the base protocol, run in parallel with the
/// results in input order. A point already run (same assignment list, exactly) is not run again.
///
/// This is the one seam to move onto an ensemble engine: replace the body of `run(_:)`.
public final class ProtocolEvaluator: @unchecked Sendable {
    public let library: ModelLibrary
    public let data: ReferenceData
    public let base: ProtocolDefinition
    public let jobs: Int
    private let lock = NSLock()
    private var cache: [[String]: Result<ProtocolPoint, EvaluationFailure>] = [:]
    private var runs = 0

    public init(library: ModelLibrary, data: ReferenceData, base: ProtocolDefinition, jobs: Int) {
        precondition(jobs >= 1)
        self.library = library
        self.data = data
        self.base = base
        self.jobs = jobs
    }

    /// Distinct points simulated so far.
    public var modelEvaluations: Int { lock.withLock { runs } }

    /// The outcome of each point, in order; repeated points (within the batch or earlier) are run once.
    public func evaluate(_ batch: [[String]]) -> [Result<ProtocolPoint, EvaluationFailure>] {
        var missing: [[String]] = []
        lock.withLock {
            var seen = Set<[String]>()
            for point in batch where cache[point] == nil && seen.insert(point).inserted { missing.append(point) }
        }
        if !missing.isEmpty {
            let results = run(missing)
            lock.withLock {
                for (point, result) in zip(missing, results) where cache[point] == nil {
                    cache[point] = result
                    runs += 1
                }
            }
        }
        return lock.withLock { batch.map { cache[$0]! } }
    }

    /// Simulates each point (no cache), on `jobs` threads, results in order.
    func run(_ points: [[String]]) -> [Result<ProtocolPoint, EvaluationFailure>] {
        let library = self.library
        let data = self.data
        let base = self.base
        return ParallelMap.map(count: points.count, jobs: jobs) { i in
            do {
                var definition = base
                try definition.apply(points[i], library: library)
                let treatment = try definition.resolve(library: library)
                let result = try ProtocolSimulator(treatment: treatment, data: data).run()
                return .success(ProtocolPoint(definition: definition, treatment: treatment, result: result))
            } catch {
                return .failure(EvaluationFailure(description: "\(error)"))
            }
        }
    }
}
