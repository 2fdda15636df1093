import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics

/// Synthetic data, interval coverage and timing of a calibration: what shows that the fit is right
/// and fast enough (release builds; the lead's `pdtsim benchmark` can call `timing`).
public enum CalibrationStudy {
    /// The true values for synthetic data: each estimated model parameter as the first arm's
    /// protocol holds it (after the file's `set`; for a study's own parameter, the study's first
    /// arm), 1 for a scale, 0 for an offset.
    public static func truth(_ model: CalibrationModel) -> [Double] {
        model.file.parameters.map { parameter in
            let arms = model.file.arms
            let first = (parameter.study.flatMap { id in arms.first { $0.study == id } } ?? arms[0]).definition
            switch parameter.target {
            case .model(let section, let key):
                if case .number(let x)? = first.sections[section]?.values[key]?.value { return x }
                return parameter.start
            case .scale: return 1
            case .offset: return 0
            }
        }
    }

    /// Values ŷᵢ(truth) + εᵢ, εᵢ ~ N(0, sᵢ) (`gsl_ran_gaussian`, mt19937 seeded with `seed`, drawn in
    /// row order), sᵢ = sd/√n of the row or `defaultSD` for a row without sd.
    public static func synthesize(
        _ model: CalibrationModel, truth: [Double], seed: UInt, defaultSD: Double
    ) throws -> [Double] {
        let prediction = try model.predictions(truth)
        let random = RandomGenerator(seed: UInt64(seed))
        return zip(prediction, model.file.measurements).map { $0 + random.gaussian($1.standardError ?? defaultSD) }
    }

    /// The measurement file with `values` in place of the measured values, preceded by `comments`.
    public static func measurementsCSV(_ model: CalibrationModel, values: [Double], comments: [String]) -> String {
        var table = CSVTable(header: ["arm", "day", "observable", "value", "sd", "n"])
        for (m, v) in zip(model.file.measurements, values) {
            table.append([
                .text(m.arm), .integer(m.day), .text(m.observable.name), .number((v * 1e6).rounded() / 1e6),
                m.sd.map { .number($0) } ?? .missing, .integer(m.n),
            ])
        }
        return comments.map { "# \($0)\n" }.joined() + table.text
    }

    /// The outcome of a coverage study.
    public struct Coverage: Sendable {
        public var draws: Int
        public var failedFits: Int
        public var refused: Int
        /// Per parameter: draws whose Wald 95 % interval held the truth.
        public var covered: [Int]
        /// Per parameter: the covered fraction with its Clopper–Pearson 95 % interval.
        public var fractions: [(fraction: Double, low: Double, high: Double)]
        public var seconds: Double
    }

    /// Fits `draws` noise draws (streams 0, 1, … of the seed: seeds seed, seed + 1, …) of synthetic data at the truth, each from
    /// the file's start only, and counts how often each Wald 95 % interval covers the truth; the
    /// fraction's Clopper–Pearson interval from `gsl_cdf_beta_Pinv`. Draws run on `jobs` threads.
    public static func coverage(_ model: CalibrationModel, draws: Int, seed: UInt, jobs: Int) throws -> Coverage {
        let clock = ContinuousClock()
        let began = clock.now
        let truth = truth(model)
        let base = model.objective
        var settings = model.file.fit
        settings.starts = 1
        let step = settings.relativeStep ?? model.defaultRelativeStep
        let fitSettings = settings
        let outcomes = OrderedParallel.map(count: draws, jobs: jobs) { d -> [Bool]? in
            guard
                let values = try? synthesize(
                    model, truth: truth, seed: UInt(RandomGenerator.seed(UInt64(seed), stream: d)), defaultSD: 1)
            else {
                return nil
            }
            var objective = base
            objective.data = values
            guard
                let outcome = try? Calibration.fit(
                    objective, settings: fitSettings, relativeStep: step, jobs: 1, profiles: false)
            else { return nil }
            let s = outcome.statistics
            guard s.refusal == nil else { return [] }
            return truth.indices.map { j in s.waldLow[j]! <= truth[j] && truth[j] <= s.waldHigh[j]! }
        }
        let p = truth.count
        var covered = [Int](repeating: 0, count: p)
        var failed = 0
        var refused = 0
        for outcome in outcomes {
            guard let outcome else {
                failed += 1
                continue
            }
            guard !outcome.isEmpty else {
                refused += 1
                continue
            }
            for j in 0..<p where outcome[j] { covered[j] += 1 }
        }
        let counted = draws - failed - refused
        let fractions = covered.map { k -> (Double, Double, Double) in
            let n = Double(counted)
            let x = Double(k)
            let low = k == 0 ? 0 : FitLinearAlgebra.betaQuantile(0.025, a: x, b: n - x + 1)
            let high = k == counted ? 1 : FitLinearAlgebra.betaQuantile(0.975, a: x + 1, b: n - x)
            return (counted > 0 ? x / n : .nan, low, high)
        }
        return Coverage(
            draws: draws, failedFits: failed, refused: refused, covered: covered, fractions: fractions,
            seconds: (clock.now - began).inSeconds)
    }

    /// Wall-clock seconds of a fit of `file` (all its starts) and of its profiles.
    public struct Timing: Sendable {
        public var fitSeconds: Double
        public var profileSeconds: Double
        public var measurements: Int
        public var parameters: Int
        public var starts: Int
        public var sessionsReused: Bool
    }

    /// Times a calibration as `pdtsim calibrate FILE --profiles` runs it (model set-up included in
    /// the fit time), on `jobs` threads.
    public static func timing(file path: String, library: ModelLibrary, jobs: Int) throws -> Timing {
        let clock = ContinuousClock()
        let began = clock.now
        let file = try CalibrationFile.load(path, library: library)
        let model = try CalibrationModel(file: file, library: library)
        let step = file.fit.relativeStep ?? model.defaultRelativeStep
        let outcome = try Calibration.fit(
            model.objective, settings: file.fit, relativeStep: step, jobs: jobs, profiles: false)
        let fitted = clock.now
        var profiles: [ParameterProfile] = []
        let settings = LeastSquaresSettings(
            method: file.fit.method, xtol: file.fit.xtol, gtol: file.fit.gtol, ftol: file.fit.ftol,
            maxIterations: file.fit.maxIterations, steps: FiniteDifferenceSteps(relative: step),
            jobs: max(1, jobs / file.parameters.count))
        let objective = outcome.objective
        let best = outcome.best
        let se = outcome.statistics.fitScaleStandardErrors
        profiles = OrderedParallel.map(count: file.parameters.count, jobs: jobs) { j in
            ProfileLikelihood.profile(objective, optimum: best, index: j, fitScaleSE: se[j], settings: settings)
        }
        let done = clock.now
        precondition(profiles.count == file.parameters.count)
        return Timing(
            fitSeconds: (fitted - began).inSeconds, profileSeconds: (done - fitted).inSeconds,
            measurements: file.measurements.count, parameters: file.parameters.count, starts: file.fit.starts,
            sessionsReused: model.replaysResponse)
    }
}
