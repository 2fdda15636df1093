import Foundation

/// θ ↦ predictions of a calibration: every arm's protocol run with the estimated parameters set,
/// read at the measured days. The one place a fit runs the model, so that it can move onto another
/// engine without touching the fit.
public final class CalibrationModel: Sendable {
    public let file: CalibrationFile
    let library: ModelLibrary
    let data: ReferenceData
    let cache = IncubationCache(capacity: 512)
    /// Every estimated model parameter is a response key downstream of the sessions: the sessions
    /// are run once, at the start values, and only the response is re-integrated (`ResponseReplay`).
    public let replaysResponse: Bool

    /// Told the nodes of a Monte Carlo skin's table while a run computes it (`ProtocolSimulator`).
    let tableProgress: MonteCarloOptics.Progress?

    public init(
        file: CalibrationFile, library: ModelLibrary, tableProgress: MonteCarloOptics.Progress? = nil
    ) throws {
        self.file = file
        self.library = library
        self.tableProgress = tableProgress
        data = try library.referenceData()
        replaysResponse = file.parameters.allSatisfy {
            switch $0.target {
            case .model(let section, let key):
                return section == .response && ResponseReplay.downstreamKeys.contains(key)
            case .scale, .offset: return true
            }
        }
        if replaysResponse {
            let starts = file.parameters.map(\.start)
            let cache = self.cache
            let data = self.data
            let treatments = try file.arms.map { arm throws(ModelError) in
                try Self.definition(arm.definition, parameters: file.parameters, values: starts).resolve(
                    library: library)
            }
            let runs = try treatments.map {
                try ProtocolSimulator(treatment: $0, data: data, tableProgress: tableProgress).run(cache: cache)
            }
            baseRunsStorage = runs
        } else {
            baseRunsStorage = nil
        }
    }

    /// The runs at the start values, kept when `replaysResponse`.
    private let baseRunsStorage: [ProtocolResult]?

    /// The relative finite-difference step matched to the solvers that are re-run for every θ:
    /// √rtol of the session kinetics when they are, else of the response model.
    public var defaultRelativeStep: Double {
        let rtol = file.arms.map { arm -> Double in
            let solver = arm.definition.sections[.solver]!
            return replaysResponse
                ? solver.number(SolverParameters.responseRelativeTolerance)
                : solver.number(SolverParameters.relativeTolerance)
        }.max()!
        return max(rtol.squareRoot(), 1e-7)
    }

    /// `definition` with the model parameters among `parameters` set to `values` (natural units).
    static func definition(
        _ definition: ProtocolDefinition, parameters: [EstimatedParameter], values: [Double]
    ) -> ProtocolDefinition {
        var out = definition
        for (parameter, value) in zip(parameters, values) {
            guard case .model(let section, let key) = parameter.target else { continue }
            out.sections[section]!.assign(
                key,
                Parameter(
                    value: .number(value), unit: parameter.unit, source: "calibration value", origin: "calibration"))
        }
        return out
    }

    /// Every arm's run at θ (natural units), in arm order.
    public func runs(_ theta: [Double]) throws -> [ProtocolResult] {
        var out: [ProtocolResult] = []
        for (index, arm) in file.arms.enumerated() {
            let treatment = try Self.definition(arm.definition, parameters: file.parameters, values: theta).resolve(
                library: library)
            if let base = baseRunsStorage?[index] {
                out.append(try ResponseReplay.run(base, treatment: treatment, response: treatment.response))
            } else {
                out.append(
                    try ProtocolSimulator(treatment: treatment, data: data, tableProgress: tableProgress).run(
                        cache: cache))
            }
        }
        return out
    }

    /// The prediction of every measurement at θ, in measurement order: scale · model + offset.
    public func predictions(_ theta: [Double]) throws -> [Double] {
        try predictions(runs: runs(theta), theta: theta)
    }

    /// The predictions read from `runs` made at θ.
    public func predictions(runs: [ProtocolResult], theta: [Double]) throws -> [Double] {
        let arms = Dictionary(uniqueKeysWithValues: file.arms.enumerated().map { ($1.name, $0) })
        var scales: [String: Double] = [:]
        var offsets: [String: Double] = [:]
        for (parameter, value) in zip(file.parameters, theta) {
            switch parameter.target {
            case .scale(let name): scales[name] = value
            case .offset(let name): offsets[name] = value
            case .model: break
            }
        }
        return try file.measurements.map { m in
            guard let value = m.observable.value(in: runs[arms[m.arm]!], day: m.day) else {
                throw ModelError(m.location, "arm \(m.arm) has no \(m.observable.name) on day \(m.day)")
            }
            return (scales[m.observable.name] ?? 1) * value + (offsets[m.observable.name] ?? 0)
        }
    }

    /// The fit objective of the calibration.
    public var objective: FitObjective {
        let groupNames = Array(Set(file.measurements.map(\.observable.name))).sorted()
        return FitObjective(
            parameters: file.parameters, data: file.measurements.map(\.value),
            standardErrors: file.measurements.map(\.standardError),
            groups: file.measurements.map { groupNames.firstIndex(of: $0.observable.name)! }, groupNames: groupNames
        ) { [self] theta in try self.predictions(theta) }
    }
}
