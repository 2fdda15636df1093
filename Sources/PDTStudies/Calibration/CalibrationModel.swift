import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

/// θ ↦ predictions of a calibration: every arm's protocol run with the estimated parameters set
/// (each for its subjects: one typical subject, or a virtual cohort's), read at the measured days
/// and averaged over the subjects. The one place a fit runs the model, so that it can move onto
/// another engine without touching the fit.
public final class CalibrationModel: Sendable {
    public let file: CalibrationFile
    let library: ModelLibrary
    let data: ReferenceData
    let cache = IncubationCache(capacity: 512)

    /// How each θ's runs are made.
    public enum Replay: String, Sendable {
        /// Every protocol run in full.
        case full
        /// Every estimated model key is downstream of the sessions: the sessions are run once, at the
        /// start values, and only the response is re-integrated (`ResponseReplay`), bit for bit.
        case response
        /// Some estimated key reaches the sessions through S only, and the fit asks for
        /// `replay: interpolated`: each subject's session is tabulated in S once (`SessionTable`).
        case interpolated
    }

    public let replay: Replay
    /// The sessions are not re-run for every θ.
    public var replaysResponse: Bool { replay != .full }

    /// Told the nodes of a Monte Carlo skin's table while a run computes it (`ProtocolSimulator`).
    let tableProgress: MonteCarloOptics.Progress?

    /// What a replay re-uses for one subject of one arm.
    enum Stored: Sendable {
        /// The run at the start values (its sessions are kept).
        case run(ProtocolResult)
        /// The session tabulated in S.
        case table(SessionTable)
    }

    /// Per arm, per subject; nil when `replay` is `.full`.
    private let stored: [[Stored]]?

    public init(
        file: CalibrationFile, library: ModelLibrary, tableProgress: MonteCarloOptics.Progress? = nil
    ) throws {
        self.file = file
        self.library = library
        self.tableProgress = tableProgress
        data = try library.referenceData()
        let reaches = file.parameters.map { parameter -> ResponseReplay.Reach? in
            switch parameter.target {
            case .model(let section, let key): return section == .response ? ResponseReplay.reach[key] : nil
            case .scale, .offset: return .downstream
            }
        }
        if reaches.allSatisfy({ $0 == .downstream }) {
            replay = .response
        } else if file.fit.replay == .interpolated && reaches.allSatisfy({ $0 != nil }) {
            replay = .interpolated
        } else {
            replay = .full
        }
        guard replay != .full else {
            stored = nil
            return
        }
        let starts = file.parameters.map(\.start)
        var stored: [[Stored]] = []
        for arm in file.arms {
            var subjects: [Stored] = []
            for subject in arm.subjects {
                let treatment = try Self.definition(
                    subject, study: arm.study, parameters: file.parameters, values: starts, library: library
                ).resolve()
                let simulator = try ProtocolSimulator(treatment: treatment, data: data, tableProgress: tableProgress)
                let sessions = treatment.schedule.days.count
                let killMax = Self.largestKillMax(arm: arm, parameters: file.parameters, response: treatment.response)
                let lowest = SessionTable.lowestActivity(sessions: sessions, killMax: killMax)
                if replay == .interpolated && lowest < 1 - 1e-6 {
                    subjects.append(.table(try SessionTable(simulator: simulator, lowest: lowest, cache: cache)))
                } else {
                    // One session, or kills too small to move S by 1e-6: every session meets S = 1 (to
                    // within 1e-6), so the stored run serves.
                    subjects.append(.run(try simulator.run(cache: cache)))
                }
            }
            stored.append(subjects)
        }
        self.stored = stored
    }

    private init(
        file: CalibrationFile, library: ModelLibrary, data: ReferenceData, replay: Replay, stored: [[Stored]]?,
        tableProgress: MonteCarloOptics.Progress?
    ) {
        self.file = file
        self.library = library
        self.data = data
        self.replay = replay
        self.stored = stored
        self.tableProgress = tableProgress
    }

    /// The model of the calibration restricted to the arms `keep` (their measurements only) and to
    /// the parameters `parameters` (a subset of the file's, same starts), re-using what this model
    /// stored for those arms: the sessions were computed at the same start values.
    public func restricted(arms keep: [String], parameters: [EstimatedParameter]) -> CalibrationModel {
        var file = self.file
        let indices = file.arms.indices.filter { keep.contains(file.arms[$0].name) }
        file.arms = indices.map { self.file.arms[$0] }
        file.measurements = file.measurements.filter { keep.contains($0.arm) }
        file.parameters = parameters
        return CalibrationModel(
            file: file, library: library, data: data, replay: replay, stored: stored.map { s in indices.map { s[$0] } },
            tableProgress: tableProgress)
    }

    /// The largest s_max an arm can meet in the fit: the upper bound of an estimated kill_max that
    /// applies to it, else the value its protocol holds.
    static func largestKillMax(arm: CalibrationFile.Arm, parameters: [EstimatedParameter], response: Response) -> Double
    {
        let bounds = parameters.filter {
            $0.target == .model(.response, ResponseParameters.killMax.key) && $0.applies(to: arm.study)
        }.map(\.upper)
        return bounds.max() ?? response.killMax
    }

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

    /// `definition` (a subject of an arm of `study`) with the model parameters among `parameters`
    /// that apply to `study` set to `values` (natural units): those of every arm first, then the
    /// study's own, so that a study's nuisance value replaces a shared one of the same key.
    /// - Throws: `ModelError` when a value lies outside its key's range.
    static func definition(
        _ definition: ProtocolDefinition, study: String, parameters: [EstimatedParameter], values: [Double],
        library: ModelLibrary
    ) throws(ModelError) -> ProtocolDefinition {
        var out = definition
        for override in overrides(study: study, parameters: parameters, values: values) {
            try out.apply(override, sections: library)
        }
        return out
    }

    /// The typed overrides of the model parameters among `parameters` that apply to `study`, set
    /// to `values` (natural units): those of every arm first, then the study's own.
    static func overrides(study: String, parameters: [EstimatedParameter], values: [Double]) -> [Override] {
        let ordered =
            zip(parameters, values).filter { $0.0.study == nil }
            + zip(parameters, values).filter { $0.0.study == study }
        return ordered.compactMap { parameter, value in
            guard case .model(let section, let key) = parameter.target else { return nil }
            return Override(
                section: section, key: key, number: value, source: "calibration value", origin: "calibration")
        }
    }

    /// Every subject's run of every arm at θ (natural units): arms in file order, subjects in
    /// cohort order.
    public func runs(_ theta: [Double]) throws -> [[ProtocolResult]] {
        var out: [[ProtocolResult]] = []
        for (a, arm) in file.arms.enumerated() {
            var subjects: [ProtocolResult] = []
            for (s, subject) in arm.subjects.enumerated() {
                let treatment = try Self.definition(
                    subject, study: arm.study, parameters: file.parameters, values: theta, library: library
                ).resolve()
                switch stored?[a][s] {
                case .run(let base):
                    subjects.append(try ResponseReplay.run(base, treatment: treatment, response: treatment.response))
                case .table(let table):
                    subjects.append(
                        try ResponseReplay.run(table: table, treatment: treatment, response: treatment.response))
                case nil:
                    subjects.append(
                        try ProtocolSimulator(treatment: treatment, data: data, tableProgress: tableProgress).run(
                            cache: cache))
                }
            }
            out.append(subjects)
        }
        return out
    }

    /// The arm's value of `observable` on `day`: the mean over its subjects' runs (Σ yₛ / N, in
    /// subject order); nil when a subject has none.
    public static func value(of observable: Observable, in subjects: [ProtocolResult], day: Int) -> Double? {
        var sum = 0.0
        for run in subjects {
            guard let y = observable.value(in: run, day: day) else { return nil }
            sum += y
        }
        return sum / Double(subjects.count)
    }

    /// The prediction of every measurement at θ, in measurement order: scale · model + offset.
    public func predictions(_ theta: [Double]) throws -> [Double] {
        try predictions(runs: runs(theta), theta: theta)
    }

    /// The predictions read from `runs` made at θ.
    public func predictions(runs: [[ProtocolResult]], theta: [Double]) throws -> [Double] {
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
            guard let value = Self.value(of: m.observable, in: runs[arms[m.arm]!], day: m.day) else {
                throw ModelError(m.location, "arm \(m.arm) has no \(m.observable.name) on day \(m.day)")
            }
            return (scales[m.observable.name] ?? 1) * value + (offsets[m.observable.name] ?? 0)
        }
    }

    /// The noise group of measurement `m`, whose rows without sd share one σ (`NoiseGroups`).
    public func noiseGroup(_ m: Measurement) -> String { file.noise.group(of: m) }

    /// The fit objective of the calibration.
    public var objective: FitObjective {
        let names = file.measurements.map(noiseGroup)
        let groupNames = Array(Set(names)).sorted()
        return FitObjective(
            parameters: file.parameters, data: file.measurements.map(\.value),
            standardErrors: file.measurements.map(\.standardError),
            groups: names.map { groupNames.firstIndex(of: $0)! }, groupNames: groupNames
        ) { [self] theta in try self.predictions(theta) }
    }
}
