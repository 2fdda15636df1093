import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

/// A virtual cohort on the ensemble engine: the design (`CohortPoints`) over a base protocol,
/// each subject's `subjects.csv` row, and the record of its daily values for the bands.
///
/// Row: `subject`, the sampled values (columns named by their paths), `status`, the protocol
/// readouts and the first session's readouts, as a sweep row (`EnsembleOutcome.line`).
/// Daily record: days × 3 binary64 numbers in `DailySpool` layout, the series `series` on days
/// 0 … horizon of the base protocol; a failed subject's record is NaN throughout, so that record
/// i is always subject i (the bands skip NaN: failed subjects are counted, not banded).
public struct CohortPlan: Sendable {
    public var ensemble: Ensemble<CohortPoints>
    /// `--cohort` and `--protocol` as given (nil: the cohort's own), and the `--set` list.
    public let cohortArgument: String
    public let protocolArgument: String?
    public let overrides: [String]

    /// The daily series banded, in record order (`TimelineReadout.principal`).
    public static let series = TimelineReadout.principal.map(\.name)
    public static let kind = "pdtsim cohort"

    public init(
        library: ModelLibrary, data: ReferenceData, base: ProtocolDefinition, design: CohortDesign,
        cohortArgument: String, protocolArgument: String?, overrides: [String]
    ) {
        var ensemble = Ensemble(library: library, data: data, base: base, design: CohortPoints(design: design))
        ensemble.invalidPoints = .failPoint
        self.ensemble = ensemble
        self.cohortArgument = cohortArgument
        self.protocolArgument = protocolArgument
        self.overrides = overrides
    }

    public var design: CohortDesign { ensemble.design.design }
    public var definition: CohortDefinition { design.definition }
    public var base: ProtocolDefinition { ensemble.base }

    /// Days 0 … horizon of the base protocol.
    public var days: Int { base.sections[.schedule]!.integer(ScheduleParameters.horizon) + 1 }
    public var evaluationDay: Int { base.sections[.readouts]!.integer(ReadoutParameters.evaluationDay) }
    public var targetPercent: Double { base.sections[.readouts]!.number(ReadoutParameters.targetPercent) }

    /// The readout columns (the evaluation-day key generic when the cohort varies that day).
    public var readoutColumns: [String] {
        SweepPlan.readoutColumns(
            base: base, variesEvaluationDay: definition.columns.contains { $0.hasPrefix("readouts") })
    }

    public var columns: [String] {
        ["subject"] + definition.columns + ["status"] + readoutColumns + SweepPlan.sessionColumns
    }

    public var headerLine: String { CSVTable(header: columns).text }
    /// The column of `status`.
    public var statusColumn: Int { 1 + definition.dimensions }

    /// Bytes of one daily record.
    public var recordBytes: Int { days * Self.series.count * 8 }

    /// A subject's daily record (NaN where the subject has no value: failed, or a shorter horizon).
    public func dailyRecord(_ outcome: EnsembleOutcome) -> [UInt8] {
        let series = Self.series.count
        var values = [Double](repeating: .nan, count: days * series)
        for sample in outcome.success?.timeline ?? [] where sample.day >= 0 && sample.day < days {
            for (k, readout) in TimelineReadout.principal.enumerated() {
                values[sample.day * series + k] = readout.value(sample)
            }
        }
        var bytes = [UInt8]()
        bytes.reserveCapacity(recordBytes)
        for value in values { DailySpool.encode(value, into: &bytes) }
        return bytes
    }

    /// The sidecar of `subjects.csv` for the slice `shard`: the cohort (argument, name, sampling,
    /// subjects, seed, inputs), the protocol and `--set`, the series and days, the resolved base
    /// protocol, the slice, the columns and the versions.
    public func sidecar(shard: EnsembleShard) -> JSONOutput {
        let inputs: [JSONOutput] =
            definition.choices.map { choice in
                .object([
                    ("path", .string(choice.section.rawValue)), ("distribution", .string("choice")),
                    ("presets", .array(choice.presets.map { .string($0) })),
                    ("weights", .array(choice.weights.weights.map { .number($0) })),
                ])
            }
            + definition.inputs.map { input in
                .object([("path", .string(input.path)), ("distribution", .string(input.distribution.name))])
            }
        return .object([
            ("kind", .string(Self.kind)),
            (
                "cohort",
                .object([
                    ("cohort", .string(cohortArgument)), ("name", .string(definition.name)),
                    ("protocol", protocolArgument.map { .string($0) } ?? .string(definition.protocolName)),
                    ("protocol_name", .string(base.name)), ("set", .array(overrides.map { .string($0) })),
                    ("method", .string(definition.method.rawValue)), ("subjects", .integer(design.subjects)),
                    ("seed", Int(exactly: design.seed).map { .integer($0) } ?? .string(String(design.seed))),
                    ("correlated", .bool(definition.correlation != nil)), ("inputs", .array(inputs)),
                    ("evaluation_day", .integer(evaluationDay)), ("target_percent", .number(targetPercent)),
                    ("days", .integer(days)), ("series", .array(Self.series.map { .string($0) })),
                ])
            ),
            ("base_protocol", base.json), ("data_files", base.dataFilesJSON),
            ("shard", shard.json(pointCount: design.subjects)),
            ("columns", .array(columns.map { .string($0) })),
            (
                "versions",
                .object([("pdtsim", .string(SimulationReport.pdtsimVersion)), ("gsl", .string(GSL.version))])
            ),
        ])
    }

    /// The keys that must agree for shards to be merged (all but `shard`).
    static let definitionKeys = ["kind", "cohort", "base_protocol", "data_files", "columns", "versions"]
}
