import Foundation
import PDTNumerics

/// One start of a multistart fit.
public struct CalibrationStart: Sendable {
    public var index: Int
    /// "file" for the calibration file's starts, "sobol" for the others.
    public var origin: String
    public var start: [Double]
    public var point: FitPoint?
    public var error: String?
}

/// Everything a calibration found.
public struct CalibrationOutcome: Sendable {
    public var objective: FitObjective
    public var starts: [CalibrationStart]
    /// The index in `starts` of the best start.
    public var bestIndex: Int
    public var best: FitPoint
    public var statistics: FitStatistics
    /// One per parameter with `--profiles`, else empty.
    public var profiles: [ParameterProfile]
    /// The distinct optima as low as the estimate (the estimate first), from the starts and profiles.
    public var optima: EqualOptima
    public var relativeStep: Double
    public var settings: CalibrationFitSettings
}

/// Multistart fitting of a `FitObjective`: the file's starting values, then `starts − 1` points of
/// a Sobol sequence with a seeded random shift (`QuasiRandomSequence`, rotated) inside the bounds on the
/// fit scale (in the central 96 % of each range); each start minimised by `BoundedFit`; the best
/// converged one (lowest deviance; ties to the earlier start) is the estimate. The model at every
/// starting point is evaluated first, as one batch (`FitObjective.residuals(_:jobs:)`); then the
/// minimisations, each iterative, run on up to `jobs` threads; the result does not depend on the
/// number. Every other start that ends as low
/// elsewhere is kept, and so is the fit re-run from each place a profile meets another valley, when
/// it ends as low (`EqualOptima`).
public enum Calibration {
    public static func fit(
        _ objective: FitObjective, settings: CalibrationFitSettings, relativeStep: Double, jobs: Int,
        profiles: Bool, progress: (@Sendable (String) -> Void)? = nil
    ) throws -> CalibrationOutcome {
        let p = objective.parameters.count
        if let problem = QuasiRandomSequence.dimensionProblem(p, of: "parameters") {
            throw ModelError("estimate", problem)
        }
        var startPoints: [(String, [Double])] = [("file", objective.fitScale(objective.parameters.map(\.start)))]
        if settings.starts > 1 {
            let sobol = QuasiRandomSequence(dimensions: p, randomisation: .rotation(seed: UInt64(settings.seed)))
                .rows(1..<settings.starts)
            for point in sobol {
                startPoints.append(
                    (
                        "sobol",
                        objective.parameters.indices.map { j in
                            let q = 0.02 + 0.96 * point[j]
                            return objective.parameters[j].fitLower
                                + q * (objective.parameters[j].fitUpper - objective.parameters[j].fitLower)
                        }
                    ))
            }
        }
        let origins = startPoints
        let inner = LeastSquaresSettings(
            method: settings.method, xtol: settings.xtol, gtol: settings.gtol, ftol: settings.ftol,
            maxIterations: settings.maxIterations, steps: FiniteDifferenceSteps(relative: relativeStep),
            jobs: max(1, jobs / origins.count))
        let startResiduals = objective.residuals(
            origins.map { objective.natural(BoundedFit.startingPoint(objective, start: $0.1)) }, jobs: jobs)
        let results = OrderedParallel.map(count: origins.count, jobs: jobs) { i -> CalibrationStart in
            let (origin, z) = origins[i]
            do {
                let point = try BoundedFit.minimise(
                    objective, start: z, settings: inner, startResiduals: startResiduals[i])
                progress?(
                    "start \(i + 1)/\(origins.count): deviance \(String(format: "%.6g", point.deviance)), \(point.iterations) iterations, \(point.stop.rawValue)"
                )
                return CalibrationStart(
                    index: i + 1, origin: origin, start: objective.natural(z), point: point, error: nil)
            } catch {
                progress?("start \(i + 1)/\(origins.count): failed: \(error)")
                return CalibrationStart(
                    index: i + 1, origin: origin, start: objective.natural(z), point: nil, error: "\(error)")
            }
        }
        let usable = results.indices.filter { results[$0].point?.deviance.isFinite == true }
        guard !usable.isEmpty else {
            throw ModelError(
                "fit",
                "every start failed (first: \(results.first?.error ?? "?")); expected a model that runs at the starts")
        }
        let converged = usable.filter { results[$0].point!.converged }
        let pool = converged.isEmpty ? usable : converged
        let bestIndex = pool.min { results[$0].point!.deviance < results[$1].point!.deviance }!
        let best = results[bestIndex].point!
        let statistics = try FitStatistics.compute(objective, at: best, relativeStep: relativeStep, jobs: jobs)
        var profileList: [ParameterProfile] = []
        if profiles {
            let profileSettings = LeastSquaresSettings(
                method: settings.method, xtol: settings.xtol, gtol: settings.gtol, ftol: settings.ftol,
                maxIterations: settings.maxIterations, steps: FiniteDifferenceSteps(relative: relativeStep),
                jobs: max(1, jobs / p))
            profileList = OrderedParallel.map(count: p, jobs: jobs) { j in
                let profile = ProfileLikelihood.profile(
                    objective, optimum: best, index: j, fitScaleSE: statistics.fitScaleStandardErrors[j],
                    settings: profileSettings)
                progress?("profile of \(profile.parameter): \(profile.identifiability.rawValue)")
                return profile
            }
        }
        let valleys = profileList.enumerated().flatMap { j, profile in
            EqualOptima.otherValleys(profile, optimum: best.theta[j]).map { (profile.parameter, $0) }
        }
        let polished = OrderedParallel.map(count: valleys.count, jobs: jobs) { k -> (String, FitPoint)? in
            let (name, point) = valleys[k]
            guard let fit = try? BoundedFit.minimise(objective, start: objective.fitScale(point.theta), settings: inner)
            else { return nil }
            return ("profile of \(name) at \(formatNumber(point.value))", fit)
        }
        let optima = EqualOptima.find(
            objective, best: best, bestIndex: bestIndex, starts: results, pool: pool,
            others: polished.compactMap { $0 })
        if optima.optima.count > 1 {
            let names = optima.differing.map { objective.parameters[$0].name }.joined(separator: ", ")
            progress?("\(optima.optima.count) distinct optima as low as the estimate: \(names) differ")
        }
        return CalibrationOutcome(
            objective: objective, starts: results, bestIndex: bestIndex, best: best, statistics: statistics,
            profiles: profileList, optima: optima, relativeStep: relativeStep, settings: settings)
    }
}
