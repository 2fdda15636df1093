import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

/// How the maintenance interval trades sessions for lasting effect (Models/MODEL.md §7–§8): the same
/// protocol run once per interval m (days between maintenance sessions after the initial series;
/// 0 = no maintenance) over the protocol's horizon. The no-maintenance case is always run, as the
/// baseline of the gain per extra session.
public struct MaintenanceStudy: Sendable {
    public let library: ModelLibrary
    public let data: ReferenceData
    /// The protocol (overrides applied, validated); its own maintenance interval is replaced.
    public let base: ProtocolDefinition
    /// The requested intervals in days, in the order given; distinct, each ≥ 0.
    public let intervals: [Int]
    /// Told the nodes of a Monte Carlo skin's table while it is computed (`Ensemble.tableProgress`).
    public var tableProgress: MonteCarloOptics.Progress?

    /// - Throws: `ModelError` when the protocol lists explicit session days (it has no series to
    ///   maintain) or an interval is invalid.
    public init(
        library: ModelLibrary, data: ReferenceData, base: ProtocolDefinition, intervals: [Int]
    )
        throws(ModelError)
    {
        precondition(!intervals.isEmpty && Set(intervals).count == intervals.count && intervals.allSatisfy { $0 >= 0 })
        if base.sections[.schedule]?.values["session_days"] != nil {
            throw ModelError(
                base.sections[.schedule]!.location("session_days"),
                "the protocol lists its session days; expected a regular series (initial_sessions, spacing_days) for maintenance intervals to extend"
            )
        }
        self.library = library
        self.data = data
        self.base = base
        self.intervals = intervals
    }

    /// Checks the requested intervals (`--intervals`, or a request's `intervals`): whole numbers of
    /// days ≥ 0, each listed once.
    /// - Throws: `ModelError` at `location` naming the first value that is negative or repeated.
    public static func check(intervals: [Int], location: String) throws(ModelError) {
        for (i, day) in intervals.enumerated() {
            guard day >= 0 else { throw ModelError(location, "'\(day)' is not a whole number of days ≥ 0") }
            guard !intervals[..<i].contains(day) else {
                throw ModelError(location, "\(day) is listed twice; expected distinct intervals")
            }
        }
    }

    /// The intervals simulated: 0 (the baseline) first, then the requested ones.
    var simulatedIntervals: [Int] { [0] + intervals.filter { $0 != 0 } }

    /// The study as an ensemble: one point per simulated interval.
    public var ensemble: Ensemble<IntervalDesign> {
        var ensemble = Ensemble(
            library: library, data: data, base: base, design: IntervalDesign(intervals: simulatedIntervals))
        ensemble.tableProgress = tableProgress
        return ensemble
    }

    /// The protocol with maintenance every `interval` days (0: none), resolved.
    public func treatment(interval: Int) throws(ModelError) -> TreatmentProtocol {
        var definition = base
        try definition.apply(
            Override(section: .schedule, key: ScheduleParameters.maintenanceInterval.key, number: Double(interval)),
            sections: library)
        return try definition.resolve()
    }

    /// Runs every interval on `jobs` threads (all are checked before any is simulated); calls
    /// `progress` on the calling thread after each interval and while waiting.
    /// - Throws: `ModelError` for an invalid set-up, `NumericalFailure` for the lowest interval
    ///   whose integration failed, `Interrupted` after a signal.
    public func run(jobs: Int, progress: (EnsembleProgress) -> Void = { _ in }) throws -> MaintenanceResult {
        let ensemble = self.ensemble
        try ensemble.check(jobs: jobs)
        var sink = FirstFailureSink()
        try ensemble.run(
            indices: Array(0..<ensemble.design.pointCount), jobs: jobs, into: &sink, progress: progress)
        var results: [Int: ProtocolResult] = [:]
        for (interval, result) in zip(ensemble.design.intervals, sink.results) { results[interval] = result }
        return MaintenanceResult(
            baseline: results[0]!, cases: intervals.map { MaintenanceCase(intervalDays: $0, result: results[$0]!) }
        )
    }

    /// Keeps every result in order and stops at the first point without one, throwing its error.
    struct FirstFailureSink: EnsembleSink {
        var results: [ProtocolResult] = []

        var record: @Sendable (EnsembleOutcome) -> Result<ProtocolResult, any Error> { { $0.result } }

        mutating func accept(_ record: Result<ProtocolResult, any Error>, index: Int) throws {
            results.append(try record.get())
        }
    }
}

/// One interval's run.
public struct MaintenanceCase: Sendable, Equatable {
    /// Days between maintenance sessions; 0 = none.
    public var intervalDays: Int
    public var result: ProtocolResult
}

/// The runs of a maintenance study and their tables.
public struct MaintenanceResult: Sendable, Equatable {
    /// The run without maintenance.
    public var baseline: ProtocolResult
    /// The requested intervals, in the order given.
    public var cases: [MaintenanceCase]

    /// (mean reduction − the baseline's)/(sessions − the baseline's), % per session; nil for
    /// interval 0 and when the interval adds no session within the horizon.
    public func gainPerExtraSession(_ c: MaintenanceCase) -> Double? {
        let extra = c.result.readouts.sessions - baseline.readouts.sessions
        guard c.intervalDays > 0, extra > 0 else { return nil }
        return (c.result.readouts.meanReduction - baseline.readouts.meanReduction) / Double(extra)
    }

    /// The protocol readouts of `maintenance.csv` before the gain per extra session.
    static let readouts: [ProtocolReadout] = [.sessions, .meanReduction, .minimumReduction, .daysAtOrAboveTarget]

    /// `maintenance.csv`: one row per requested interval. Mean and minimum reduction are over the
    /// evaluation window (evaluation day to horizon); days at or above target over the whole horizon.
    public var summary: CSVTable {
        var table = CSVTable(
            header: ["maintenance_interval_days"] + Self.readouts.map(\.name) + [
                "gain_per_extra_session_percent", ProtocolReadout.totalIncidentFluence.name,
            ])
        for c in cases {
            let r = c.result.readouts
            table.append(
                [.integer(c.intervalDays)] + Self.readouts.map { $0.field(r) } + [
                    gainPerExtraSession(c).map { .number($0) } ?? .missing,
                    ProtocolReadout.totalIncidentFluence.field(r),
                ])
        }
        return table
    }

    /// `maintenance_timelines.csv`: the daily response of every requested interval, long format
    /// (`TimelineReadout.principal`).
    public var timelines: CSVTable {
        var table = CSVTable(
            header: ["maintenance_interval_days", "day"] + TimelineReadout.principal.map(\.name))
        for c in cases {
            for sample in c.result.timeline {
                table.append(
                    [.integer(c.intervalDays), .integer(sample.day)]
                        + TimelineReadout.principal.map { .number($0.value(sample)) })
            }
        }
        return table
    }
}
