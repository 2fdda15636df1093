import Foundation
import PDTCore
import PDTModelFiles

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
/// each a list of typed overrides applied to the base protocol, run in parallel with the results in
/// input order. A point already run (same override list, exactly) is not run again.
///
/// The points run on the ensemble engine (`Ensemble` over a `ListDesign`).
public final class ProtocolEvaluator: @unchecked Sendable {
    public let library: ModelLibrary
    public let data: ReferenceData
    public let base: ProtocolDefinition
    public let jobs: Int
    private let lock = NSLock()
    private var cache: [[Override]: Result<ProtocolPoint, EvaluationFailure>] = [:]
    private var runs = 0
    /// Incubations shared by every run of the optimisation.
    private let incubations = IncubationCache()
    /// Called with `modelEvaluations` after each batch of new points has run (progress), on the
    /// thread that called `evaluate`.
    private let progress: @Sendable (Int) -> Void
    /// Told the nodes of a Monte Carlo skin's table while a point computes it (`Ensemble.tableProgress`).
    private let tableProgress: MonteCarloOptics.Progress?

    public init(
        library: ModelLibrary, data: ReferenceData, base: ProtocolDefinition, jobs: Int,
        progress: @escaping @Sendable (Int) -> Void = { _ in }, tableProgress: MonteCarloOptics.Progress? = nil
    ) {
        precondition(jobs >= 1)
        self.library = library
        self.data = data
        self.base = base
        self.jobs = jobs
        self.progress = progress
        self.tableProgress = tableProgress
    }

    /// Distinct points simulated so far.
    public var modelEvaluations: Int { lock.withLock { runs } }

    /// The outcome of each point, in order; repeated points (within the batch or earlier) are run once.
    public func evaluate(_ batch: [[Override]]) -> [Result<ProtocolPoint, EvaluationFailure>] {
        var missing: [[Override]] = []
        lock.withLock {
            var seen = Set<[Override]>()
            for point in batch where cache[point] == nil && seen.insert(point).inserted { missing.append(point) }
        }
        if !missing.isEmpty {
            let results = run(missing)
            let done = lock.withLock {
                for (point, result) in zip(missing, results) where cache[point] == nil {
                    cache[point] = result
                    runs += 1
                }
                return runs
            }
            progress(done)
        }
        return lock.withLock { batch.map { cache[$0]! } }
    }

    /// Simulates each point (no result cache) on the ensemble engine, on `jobs` threads, results in
    /// order. The incubations are shared between every batch of the optimisation (a search over the
    /// light repeats the first session's incubation), which the engine's cache makes free.
    func run(_ points: [[Override]]) -> [Result<ProtocolPoint, EvaluationFailure>] {
        let design = ListDesign(points: points.map { point in point.map { EnsembleOverride($0, flag: "optimize") } })
        var ensemble = Ensemble(library: library, data: data, base: base, design: design, cache: incubations)
        ensemble.tableProgress = tableProgress
        var sink = CollectingSink()
        do {
            try ensemble.run(indices: Array(0..<points.count), jobs: jobs, into: &sink)
        } catch {
            let failure = EvaluationFailure(description: "\(error)")
            return points.map { _ in .failure(failure) }
        }
        return sink.outcomes.map { outcome in
            do {
                let result = try outcome.result.get()
                guard let definition = outcome.definition else {
                    return .failure(EvaluationFailure(description: "point \(outcome.index) ran without its protocol"))
                }
                let treatment = try definition.resolve()
                return .success(ProtocolPoint(definition: definition, treatment: treatment, result: result))
            } catch {
                return .failure(EvaluationFailure(description: "\(error)"))
            }
        }
    }
}
