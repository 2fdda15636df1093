import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

/// A parameter sweep, as a design and a sink on the ensemble engine: a base protocol, the
/// `--vary` axes and how they combine (`SweepDesign`). Point i is the base protocol with the value
/// texts of `design.values(at: i)` read and set on its axes' key paths exactly as `--set` sets them
/// (`Override(path:text:)`, `ProtocolDefinition.apply(_:sections:)`), then validated and resolved;
/// its record is its CSV row.
public struct SweepPlan: Sendable {
    /// The engine that checks, resolves and runs the points.
    public var ensemble: Ensemble<SweepDesign>
    /// `--protocol` as given, and the `--set` list, for the sidecar.
    public let protocolArgument: String
    public let overrides: [String]

    public init(
        library: ModelLibrary, data: ReferenceData, base: ProtocolDefinition, protocolArgument: String,
        overrides: [String], design: SweepDesign
    ) {
        ensemble = Ensemble(library: library, data: data, base: base, design: design)
        self.protocolArgument = protocolArgument
        self.overrides = overrides
    }

    /// The protocol after `--set`, validated.
    public var base: ProtocolDefinition { ensemble.base }
    public var design: SweepDesign { ensemble.design }

    // MARK: Points

    /// The `--vary KEY=VALUE` assignments of point `index`, for messages.
    public func assignments(at index: Int) -> [String] {
        zip(design.axes, design.values(at: index)).map { "\($0.path)=\($1)" }
    }

    /// The simulator of point `index`: the base with the point's values set, validated, resolved.
    /// - Throws: `ModelError` naming the `--vary` flag(s), the value and the expectation.
    public func simulator(at index: Int) throws(ModelError) -> ProtocolSimulator {
        try ensemble.resolve(at: index).simulator
    }

    /// The pre-pass: checks every point (overrides applied and validated, no simulator built) on
    /// `jobs` threads.
    /// - Throws: the `ModelError` of the lowest-numbered invalid point (or `Interrupted`).
    public func validatePoints(jobs: Int) throws { try ensemble.check(jobs: jobs) }

    /// Simulates point `index` and renders its row.
    public func run(index: Int) -> SweepRow { row(ensemble.outcome(at: index)) }

    /// A point's row: its CSV line and, when it failed, the failure.
    public func row(_ outcome: EnsembleOutcome) -> SweepRow {
        SweepRow(index: outcome.index, line: outcome.line, failure: outcome.failure)
    }

    // MARK: Columns

    /// Whether the evaluation day itself is varied (then its readout column has a generic name).
    public var variesEvaluationDay: Bool {
        design.axes.contains { $0.path == "readouts" || $0.path == "readouts.evaluation_day" }
    }

    /// The protocol readout columns: the keys of `ProtocolReadout.summary` in order, the
    /// evaluation-day key `reduction_on_day_<E>_percent` with E of the base protocol, or
    /// `reduction_on_evaluation_day_percent` when the evaluation day is varied.
    public var readoutColumns: [String] {
        Self.readoutColumns(base: base, variesEvaluationDay: variesEvaluationDay)
    }

    /// The protocol readout columns of any ensemble over `base` (see `readoutColumns`).
    public static func readoutColumns(base: ProtocolDefinition, variesEvaluationDay: Bool) -> [String] {
        let day = base.sections[.readouts]!.integer(ReadoutParameters.evaluationDay)
        return ProtocolReadout.summary.map { $0.key(evaluationDay: variesEvaluationDay ? nil : day) }
    }

    /// The first session's columns: `session1_` + its readouts as in sessions.csv.
    public static let sessionColumns = SessionReadout.all.map { "session1_" + $0.name }

    /// Every column of the sweep CSV: index, the varied key paths, status, the protocol readouts,
    /// the first session's readouts.
    public var columns: [String] {
        ["index"] + design.axes.map(\.path) + ["status"] + readoutColumns + Self.sessionColumns
    }

    /// The header line of the sweep CSV, with its newline.
    public var headerLine: String { CSVTable(header: columns).text }

    // MARK: Sidecar

    /// The sidecar of the slice `shard`: the sweep definition, the resolved base protocol, the
    /// slice, the columns and the versions. Identical for any number of jobs.
    public func sidecar(shard: EnsembleShard) -> JSONOutput {
        let vary: [JSONOutput] = design.axes.map { axis in
            .object([
                ("key", .string(axis.path)), ("spec", .string(axis.spec)),
                ("values", .array(axis.values.map { .string($0) })),
            ])
        }
        return .object([
            ("kind", .string(Self.kind)),
            (
                "sweep",
                .object([
                    ("protocol", .string(protocolArgument)), ("protocol_name", .string(base.name)),
                    ("set", .array(overrides.map { .string($0) })), ("vary", .array(vary)), ("zip", .bool(design.zip)),
                    ("order", .string(design.orderDescription)), ("points", .integer(design.pointCount)),
                ])
            ),
            ("base_protocol", base.json), ("data_files", base.dataFilesJSON),
            ("shard", shard.json(pointCount: design.pointCount)),
            ("columns", .array(columns.map { .string($0) })),
            (
                "versions",
                .object([("pdtsim", .string(SimulationReport.pdtsimVersion)), ("gsl", .string(GSL.version))])
            ),
        ])
    }
}

/// One completed point: its CSV line and, when its integration failed, the failure.
public struct SweepRow: Sendable, Equatable {
    public var index: Int
    /// The row with its newline.
    public var line: String
    public var failure: EnsembleFailure?
}
