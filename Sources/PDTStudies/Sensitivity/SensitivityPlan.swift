import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

/// The sampling plan of a global sensitivity analysis over a cohort's inputs.
public enum SensitivityMethod: Sendable {
    case sobol(SobolDesign)
    case morris(MorrisDesign)

    public var name: String {
        switch self {
        case .sobol: "sobol"
        case .morris: "morris"
        }
    }

    public var runCount: Int {
        switch self {
        case .sobol(let design): design.runCount
        case .morris(let design): design.runCount
        }
    }

    public func unitPoint(_ run: Int) -> [Double] {
        switch self {
        case .sobol(let design): design.unitPoint(run)
        case .morris(let design): design.unitPoint(run)
        }
    }
}

/// A sensitivity analysis as an ensemble design: run r sets the cohort's inputs to the values of
/// the method's unit point r (`CohortDefinition.values`), as a cohort subject would be set.
public struct SensitivityPoints: EnsembleDesign {
    public let definition: CohortDefinition
    public let method: SensitivityMethod

    public var pointCount: Int { method.runCount }

    public func overrides(at index: Int) -> [EnsembleOverride] {
        let flag = "--method \(method.name) run \(index)"
        return definition.values(unitPoint: method.unitPoint(index)).map { EnsembleOverride($0.override, flag: flag) }
    }
}

/// `pdtsim sensitivity` on the ensemble engine: `design.csv` (one row per run, SALib's row
/// order: `run`, every input, `status`, every protocol and first-session readout) and, from it,
/// `indices.csv` for the chosen readouts (`SensitivityReport`).
public struct SensitivityPlan: Sendable {
    public var ensemble: Ensemble<SensitivityPoints>
    public let cohortArgument: String
    public let protocolArgument: String?
    public let overrides: [String]
    /// N: Sobol base rows or Morris trajectories.
    public let samples: Int
    public let seed: UInt64
    /// The readouts analysed, columns of `design.csv`.
    public let readouts: [String]

    public static let kind = "pdtsim sensitivity"
    static let definitionKeys = ["kind", "sensitivity", "base_protocol", "data_files", "columns", "versions"]

    /// - Throws: `ModelError` for a readout that is no column of the design.
    public init(
        library: ModelLibrary, data: ReferenceData, base: ProtocolDefinition, definition: CohortDefinition,
        method: SensitivityMethod, samples: Int, seed: UInt64, readouts: [String]?, cohortArgument: String,
        protocolArgument: String?, overrides: [String]
    ) throws(ModelError) {
        var ensemble = Ensemble(
            library: library, data: data, base: base,
            design: SensitivityPoints(definition: definition, method: method))
        ensemble.invalidPoints = .failPoint
        self.ensemble = ensemble
        self.cohortArgument = cohortArgument
        self.protocolArgument = protocolArgument
        self.overrides = overrides
        self.samples = samples
        self.seed = seed
        let available = Self.readoutColumns(base: base, definition: definition)
        let chosen = readouts ?? [available[0], "session1_dose_sebaceous_uM"]
        for readout in chosen where !available.contains(readout) {
            throw ModelError(
                "--readouts \(readout)",
                "not a readout\(suggestion(readout, among: available)); expected one of \(available.joined(separator: ", "))"
            )
        }
        self.readouts = chosen
    }

    public var definition: CohortDefinition { ensemble.design.definition }
    public var method: SensitivityMethod { ensemble.design.method }
    public var base: ProtocolDefinition { ensemble.base }

    static func readoutColumns(base: ProtocolDefinition, definition: CohortDefinition) -> [String] {
        SweepPlan.readoutColumns(
            base: base, variesEvaluationDay: definition.columns.contains { $0.hasPrefix("readouts") })
            + SweepPlan.sessionColumns
    }

    public var columns: [String] {
        SobolTables.designHeader(
            parameters: definition.columns, readouts: Self.readoutColumns(base: base, definition: definition))
    }

    public var headerLine: String { CSVTable(header: columns).text }
    public var statusColumn: Int { 1 + definition.dimensions }

    public func sidecar(shard: EnsembleShard) -> JSONOutput {
        var entry: [(String, JSONOutput)] = [
            ("method", .string(method.name)), ("cohort", .string(cohortArgument)), ("name", .string(definition.name)),
            ("protocol", .string(protocolArgument ?? definition.protocolName)), ("protocol_name", .string(base.name)),
            ("set", .array(overrides.map { .string($0) })), ("samples", .integer(samples)),
            ("seed", Int(exactly: seed).map { .integer($0) } ?? .string(String(seed))),
            ("runs", .integer(method.runCount)), ("parameters", .array(definition.columns.map { .string($0) })),
            ("readouts", .array(readouts.map { .string($0) })),
        ]
        if case .morris(let design) = method { entry.append(("levels", .integer(design.levels))) }
        if case .sobol = method {
            entry.append(("order", .string("SALib calc_second_order=False: for each base row A, A_B(1…D), B")))
        }
        return .object([
            ("kind", .string(Self.kind)), ("sensitivity", .object(entry)), ("base_protocol", base.json),
            ("data_files", base.dataFilesJSON),
            ("shard", shard.json(pointCount: method.runCount)), ("columns", .array(columns.map { .string($0) })),
            (
                "versions",
                .object([("pdtsim", .string(SimulationReport.pdtsimVersion)), ("gsl", .string(GSL.version))])
            ),
        ])
    }
}
