import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

/// θ ↦ predictions of a calibration: every arm's protocol run with the estimated parameters set
/// (each for its subjects: one typical subject, or a virtual cohort's), read at the measured days
/// and averaged over the subjects. The one place a fit runs the model: every evaluation, of one θ
/// or of a batch (a Jacobian's columns, a band's steps), is one design on the ensemble engine
/// (`CalibrationDesign`, `evaluate`).
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
    /// cohort order; on the ensemble engine, on the calling thread.
    /// - Throws: the error of the first run that fails, arms and subjects in order.
    public func runs(_ theta: [Double]) throws -> [[ProtocolResult]] {
        try evaluate([theta], jobs: 1) { runs, _ in runs }[0].get()
    }

    /// The runs at every θ of `thetas` as one design on the ensemble engine (`CalibrationDesign`:
    /// θ-major, then arm, then subject), on `jobs` threads, each θ's runs reduced by `reduce` on
    /// the calling thread as soon as they are complete (with one job, the points run there too:
    /// a start's own thread evaluates one θ at a time, thousands of times). Each point is the
    /// subject's protocol with θ set, run in full or, when the sessions are stored, replayed
    /// (`evaluation`); the values do not depend on `jobs`, nor on the other θ of the batch.
    /// - Returns: per θ, in order, `reduce`'s value, or the error of its first failed run (arms
    ///   and subjects in order) or of `reduce`.
    public func evaluate<Value>(
        _ thetas: [[Double]], jobs: Int, reduce: @escaping ([[ProtocolResult]], [Double]) throws -> Value
    ) -> [Result<Value, any Error>] {
        guard !thetas.isEmpty else { return [] }
        let design = CalibrationDesign(arms: file.arms, parameters: file.parameters, thetas: thetas)
        var ensemble = Ensemble(
            library: library, data: data, base: file.arms[0].definition, design: design, cache: cache)
        ensemble.tableProgress = tableProgress
        ensemble.evaluation = evaluation(design)
        var sink = CalibrationSink(design: design, reduce: reduce)
        do {
            try ensemble.run(
                indices: Array(0..<design.pointCount), jobs: jobs, onCallingThread: jobs == 1, into: &sink)
        } catch {
            return thetas.indices.map { k in k < sink.values.count ? sink.values[k] : .failure(error) }
        }
        return sink.values
    }

    /// A point of `design` evaluated from its protocol (the subject's with θ set): the stored
    /// run's response re-integrated, the stored table's sessions interpolated, or the protocol run
    /// in full (`Replay`).
    func evaluation(_ design: CalibrationDesign) -> Ensemble<CalibrationDesign>.Evaluation {
        { [stored, data, cache, tableProgress] index, definition in
            let (_, arm, subject) = design.position(of: index)
            let treatment = try definition.resolve()
            switch stored?[arm][subject] {
            case .run(let base):
                return try ResponseReplay.run(base, treatment: treatment, response: treatment.response)
            case .table(let table):
                return try ResponseReplay.run(table: table, treatment: treatment, response: treatment.response)
            case nil:
                return try ProtocolSimulator(treatment: treatment, data: data, tableProgress: tableProgress).run(
                    cache: cache)
            }
        }
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

    /// The predictions at every θ of `thetas`, as `predictions(_:)` gives each, from one design on
    /// the ensemble engine on `jobs` threads (`evaluate`).
    public func predictions(_ thetas: [[Double]], jobs: Int) -> [Result<[Double], any Error>] {
        evaluate(thetas, jobs: jobs) { [self] runs, theta in try predictions(runs: runs, theta: theta) }
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
            groups: names.map { groupNames.firstIndex(of: $0)! }, groupNames: groupNames,
            predict: { [self] theta in try self.predictions(theta) },
            predictBatch: { [self] thetas, jobs in self.predictions(thetas, jobs: jobs) })
    }
}
