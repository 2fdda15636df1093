import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import Synchronization

/// The ensemble engine: many runs of one protocol, as a thin layer over `ProtocolSimulator`
/// (SciML's ensembles over `solve`). A design (`EnsembleDesign`) lists the points as overrides of
/// the base protocol; the engine checks them, runs them on worker threads, and hands their
/// outcomes in index order to a sink (`EnsembleSink`) with bounded memory.
///
/// Each point is resolved once. Resolving (building the typed protocol and its simulator: optics,
/// spectra, grids) costs far more than applying a point's overrides and validating them, so a run
/// keeps the guarantee "no point is simulated before every point is known to be valid" with a
/// cheap pre-pass (`check`): every point's overrides are applied and the protocol validated —
/// parse-only checks, no simulator is built and nothing is kept. The worker that simulates a point
/// then resolves it, once (`resolutions` counts them). The pre-pass costs O(points) small copies
/// and no memory beyond the reorder window; a point that validates but cannot be resolved (its
/// simulator cannot be set up) gets the per-point status `setup_error` instead of stopping the run.
///
/// A design whose points are sampled (cohort subjects, sensitivity runs: `invalidPoints =
/// .failPoint`) skips the pre-pass instead: a point whose overrides give an invalid protocol (a
/// cross-key check such as a session longer than the gap to the next) gets the status
/// `invalid_protocol` with the check's message, is counted as failed, and the run goes on.
///
/// A design may give each point its own base protocol (`EnsembleDesign.base(at:)`: a calibration's
/// points span the subjects of several arms), and a caller may replace the full simulation of a
/// point by its own evaluation of the point's protocol (`evaluation`: a calibration that re-uses
/// stored sessions re-integrates only the response, `ResponseReplay`).
///
/// Byte-identical output for any number of jobs follows from three properties: a point's result
/// depends only on its index (the incubation cache returns exactly what a fresh run computes),
/// records reach the sink in index order, and the sink alone writes.
public struct Ensemble<Design: EnsembleDesign>: Sendable {
    public let library: ModelLibrary
    public let data: ReferenceData
    /// The base protocol (after `--set`), validated.
    public let base: ProtocolDefinition
    public let design: Design
    /// Incubations shared between points (a sweep over the light repeats the first session's).
    public let cache: IncubationCache
    /// How many points were checked and resolved (for tests and statistics).
    public let counters = EnsembleCounters()
    /// What a point that is not a valid protocol does to the run.
    public var invalidPoints = InvalidPoints.refuseRun
    /// Told the nodes of a Monte Carlo skin's table while a point computes it (`ProtocolSimulator`).
    public var tableProgress: MonteCarloOptics.Progress?
    /// How a point's protocol becomes its result; nil: resolved and simulated in full
    /// (`ProtocolSimulator.run`), as every study but calibration does.
    public var evaluation: Evaluation?

    /// A point's evaluation in place of the full simulation: given the point's index and its
    /// protocol (the point's base with its overrides applied, not validated), the point's result.
    /// It owns the point's checks and messages: the engine neither validates the protocol nor
    /// rewrites an error, so a failure to apply an override or to evaluate is the point's failure
    /// exactly as thrown (a calibration keeps its own messages). Called on worker threads, or on
    /// the calling thread (`run(indices:jobs:onCallingThread:…)`).
    public typealias Evaluation = @Sendable (_ index: Int, _ definition: ProtocolDefinition) throws -> ProtocolResult

    /// What a point that is not a valid protocol does to the run.
    public enum InvalidPoints: Sendable {
        /// The pre-pass refuses the run before any point is simulated (a sweep's grid, which the
        /// user wrote).
        case refuseRun
        /// The point fails with the status `invalid_protocol` and the run goes on (sampled points).
        case failPoint
    }

    public init(
        library: ModelLibrary, data: ReferenceData, base: ProtocolDefinition, design: Design,
        cache: IncubationCache = IncubationCache()
    ) {
        self.library = library
        self.data = data
        self.base = base
        self.design = design
        self.cache = cache
    }

    // MARK: Points

    /// The base protocol with the overrides of point `index`, validated.
    /// - Throws: `ModelError` located at the override's flag (`--vary light.center_nm=abc: …`) when
    ///   an override cannot be applied, or at all the point's overrides ("point i is not a valid
    ///   protocol: …") when the protocol they give is invalid.
    public func definition(at index: Int) throws(ModelError) -> ProtocolDefinition {
        let definition = try overridden(at: index)
        do {
            try definition.validate()
        } catch {
            throw invalidPoint(index, (try? design.overrides(at: index)) ?? [], error)
        }
        return definition
    }

    /// The base protocol of point `index`: the design's for that point, else the ensemble's.
    func base(at index: Int) -> ProtocolDefinition { design.base(at: index) ?? base }

    /// The base protocol with the overrides of point `index`, not yet validated.
    /// - Throws: `ModelError` located at the override that cannot be applied.
    func overridden(at index: Int) throws(ModelError) -> ProtocolDefinition {
        var definition = base(at: index)
        for override in try design.overrides(at: index) {
            do {
                try definition.apply(override.override, sections: library)
            } catch {
                throw EnsembleOverride.relocated(error, to: override.location)
            }
        }
        return definition
    }

    /// Point `index` resolved: its protocol and simulator (counted in `counters.resolutions`).
    /// - Throws: `ModelError` as `definition(at:)`, or when the simulator cannot be set up.
    public func resolve(
        at index: Int
    ) throws(ModelError) -> (definition: ProtocolDefinition, simulator: ProtocolSimulator) {
        let definition = try self.definition(at: index)
        return (definition, try simulator(for: definition, at: index))
    }

    /// The simulator of point `index`'s protocol (counted in `counters.resolutions`).
    func simulator(for definition: ProtocolDefinition, at index: Int) throws(ModelError) -> ProtocolSimulator {
        counters.resolutions.add(1, ordering: .relaxed)
        do {
            return try ProtocolSimulator(
                treatment: try definition.resolve(), data: data, tableProgress: tableProgress)
        } catch {
            throw invalidPoint(index, (try? design.overrides(at: index)) ?? [], error)
        }
    }

    /// "FLAG a=1, b=2: point i is not a valid protocol: …": the overrides grouped by the flag that
    /// gave them, so a cohort subject is named once however many values it has.
    func invalidPoint(_ index: Int, _ overrides: [EnsembleOverride], _ error: ModelError) -> ModelError {
        var groups: [(flag: String, assignments: [String])] = []
        for override in overrides {
            if groups.last?.flag == override.flag {
                groups[groups.count - 1].assignments.append(override.assignment)
            } else {
                groups.append((override.flag, [override.assignment]))
            }
        }
        let flags = groups.map { "\($0.flag) \($0.assignments.joined(separator: ", "))" }.joined(separator: "; ")
        return ModelError(flags, "point \(index) is not a valid protocol: \(error.description)")
    }

    /// Resolves and simulates point `index` (or hands it to `evaluation`); never throws: a
    /// failure is the outcome's status.
    /// - Parameter detail: record the first session's depth profile and trace.
    public func outcome(at index: Int, detail: Bool = false) -> EnsembleOutcome {
        if let evaluation { return outcome(at: index, evaluatedBy: evaluation) }
        var outcome = EnsembleOutcome(
            index: index, overrides: (try? design.overrides(at: index)) ?? [], definition: nil,
            result: .failure(ModelError("", "not run")))
        do {
            let definition: ProtocolDefinition
            switch invalidPoints {
            case .refuseRun:
                definition = try self.definition(at: index)
            case .failPoint:
                definition = try overridden(at: index)
                do {
                    try definition.validate()
                } catch {
                    throw InvalidPoint(problem: error)
                }
            }
            let simulator = try self.simulator(for: definition, at: index)
            outcome.definition = definition
            outcome.result = Result { try simulator.run(detailFirstSession: detail, cache: cache) }
        } catch {
            outcome.result = .failure(error)
        }
        return outcome
    }

    /// Point `index` handed to `evaluation` (see `Evaluation`): its overrides, read once, applied
    /// to its base, and the protocol evaluated; a failure of either is the outcome's, as thrown.
    func outcome(at index: Int, evaluatedBy evaluation: Evaluation) -> EnsembleOutcome {
        var overrides: [EnsembleOverride] = []
        var definition: ProtocolDefinition?
        let result = Result { () throws -> ProtocolResult in
            overrides = try design.overrides(at: index)
            var applied = base(at: index)
            for override in overrides { try applied.apply(override.override, sections: library) }
            definition = applied
            return try evaluation(index, applied)
        }
        return EnsembleOutcome(index: index, overrides: overrides, definition: definition, result: result)
    }

    /// The pre-pass: checks every point of `indices` (default: the whole design) on `jobs`
    /// threads, without building any simulator.
    /// - Throws: the `ModelError` of the lowest-numbered invalid point; `Interrupted` after a
    ///   signal under `Interruption.handling`.
    ///   Does nothing when invalid points fail one by one (`InvalidPoints.failPoint`).
    public func check(indices: [Int]? = nil, jobs: Int) throws {
        guard invalidPoints == .refuseRun else { return }
        var firstError: ModelError?
        let counters = self.counters
        OrderedParallel.run(
            items: indices ?? Array(0..<design.pointCount), jobs: jobs,
            work: { index -> ModelError? in
                counters.checks.add(1, ordering: .relaxed)
                do throws(ModelError) {
                    _ = try definition(at: index)
                    return nil
                } catch {
                    return error
                }
            },
            deliver: { _, error in
                if let error { firstError = error }
                return firstError == nil && Interruption.pending == nil
            },
            heartbeat: { Interruption.pending == nil })
        if let firstError { throw firstError }
        if let signal = Interruption.pending { throw Interrupted(signal: signal) }
    }

    // MARK: Running

    /// Simulates the points `indices` (in that order) on `jobs` worker threads and hands each
    /// point's record to `sink` in that order, on the calling thread.
    ///
    /// - Parameters:
    ///   - window: the most records waiting for their turn (default 4 per job); a slow point makes
    ///     the other workers wait rather than let the buffer grow.
    ///   - onCallingThread: with one job, run each point on the calling thread instead of a worker
    ///     (`OrderedParallel.run`): for a caller that runs many small designs, each already on a
    ///     worker of its own (a calibration's single θ inside a parallel start); progress is then
    ///     reported after each point only, and a signal is seen between points.
    ///   - resumed, resumedFailures: points done before this run (a resumed file), for progress.
    ///   - progress: called on the calling thread after each point and about ten times a second
    ///     while waiting.
    /// - Throws: what `sink.accept` throws (the run stops; running points finish first), or
    ///   `Interrupted` when SIGINT/SIGTERM/SIGHUP arrived under `Interruption.handling` (the run
    ///   returns at once, leaving the running points to finish unseen; every record accepted so
    ///   far stays accepted).
    @discardableResult
    public func run<Sink: EnsembleSink>(
        indices: [Int], jobs: Int, window: Int? = nil, detail: Bool = false, onCallingThread: Bool = false,
        into sink: inout Sink, resumed: Int = 0, resumedFailures: Int = 0,
        progress: (EnsembleProgress) -> Void = { _ in }
    ) throws -> EnsembleRunReport {
        precondition(jobs >= 1, "an ensemble needs at least one job")
        let clock = ContinuousClock()
        let start = clock.now
        var report = EnsembleRunReport()
        var failed = resumedFailures
        var done = resumed
        let total = resumed + indices.count
        func reportProgress() {
            progress(
                EnsembleProgress(
                    done: done, total: total, resumed: resumed, failed: failed,
                    elapsedSeconds: start.duration(to: clock.now).inSeconds))
        }
        reportProgress()
        var stop: (any Error)?
        let record = sink.record
        let engine = self
        report.peakBuffered = OrderedParallel.run(
            items: indices, jobs: jobs, window: window, onCallingThread: onCallingThread,
            work: { index -> (Sink.Record, EnsembleFailure?) in
                let outcome = engine.outcome(at: index, detail: detail)
                return (record(outcome), outcome.failure)
            },
            deliver: { index, pair in
                if let signal = Interruption.pending {
                    stop = Interrupted(signal: signal)
                    return false
                }
                do {
                    try sink.accept(pair.0, index: index)
                } catch {
                    stop = error
                    return false
                }
                if let failure = pair.1 {
                    report.failures.append(failure)
                    failed += 1
                }
                done += 1
                report.delivered += 1
                reportProgress()
                return true
            },
            heartbeat: {
                if let signal = Interruption.pending {
                    stop = Interrupted(signal: signal)
                    return false
                }
                reportProgress()
                return true
            },
            waitForWorkersOnStop: { !(stop is Interrupted) })
        if let stop { throw stop }
        return report
    }
}

/// What one `Ensemble.run` did.
public struct EnsembleRunReport: Sendable, Equatable {
    /// Points whose records the sink accepted.
    public var delivered = 0
    /// The points of this run that failed, in index order.
    public var failures: [EnsembleFailure] = []
    /// The most records that waited in the reorder buffer at once.
    public var peakBuffered = 0
}

/// Counts of an ensemble's work, safe to read from any thread.
public final class EnsembleCounters: Sendable {
    /// Points checked by the pre-pass (overrides applied and validated).
    public let checks = Atomic<Int>(0)
    /// Points resolved: typed protocol and simulator built.
    public let resolutions = Atomic<Int>(0)

    public init() {}
}

/// A point whose overrides apply but give a protocol that fails validation (a cross-key check):
/// the validation's message, for the point's status `invalid_protocol`.
public struct InvalidPoint: Error, Sendable, CustomStringConvertible {
    public var problem: ModelError

    public var description: String { "not a valid protocol: \(problem.description)" }
}
