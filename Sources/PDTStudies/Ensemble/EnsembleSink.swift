/// Where an ensemble's results go: a sink receives one record per point, in index order, on the
/// thread that called `Ensemble.run`, so it can append to a file or fold into statistics without
/// locks, and the bytes it writes do not depend on the number of worker threads.
///
/// A point's outcome is first reduced by `record` on the worker thread that simulated it (so
/// heavy work such as rendering a CSV line runs in parallel); the engine keeps at most a bounded
/// number of records waiting for their turn. Examples: a sweep's CSV rows (`SweepPlan`), the
/// results of a maintenance study (`MaintenanceStudy`), a calibration batch's runs gathered per θ
/// and reduced to its predictions (`CalibrationSink`); cohorts (a subjects row plus the daily
/// values to spool for the bands), Sobol/Morris (the readouts of a design row) and optimisation
/// (the objective) follow the same shape.
public protocol EnsembleSink {
    associatedtype Record: Sendable
    /// Reduces a point's outcome on the worker thread; must be safe to call from any thread.
    var record: @Sendable (EnsembleOutcome) -> Record { get }
    /// Takes the record of point `index`, in index order. Throwing stops the run: no new point is
    /// started and the error is rethrown by `Ensemble.run`.
    mutating func accept(_ record: Record, index: Int) throws
}

/// A sink that keeps every outcome in memory, in index order: for small designs (a maintenance
/// study's handful of intervals, an optimiser's batch) and tests.
public struct CollectingSink: EnsembleSink {
    public var outcomes: [EnsembleOutcome] = []

    public init() {}

    public var record: @Sendable (EnsembleOutcome) -> EnsembleOutcome { { $0 } }

    public mutating func accept(_ record: EnsembleOutcome, index: Int) { outcomes.append(record) }
}
