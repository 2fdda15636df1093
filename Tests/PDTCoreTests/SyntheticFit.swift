@testable import PDTCore
@testable import PDTStudies

/// The round trip the calibration tests check estimates against: `model` fitted to data
/// synthesised from itself at `truth` (`CalibrationStudy.synthesize`: Gaussian noise of sd/√n,
/// `defaultSD` where a row has none), with `starts` starts (the file's own when nil), on `jobs`
/// threads, without profiles.
enum SyntheticFit {
    static func run(
        _ model: CalibrationModel, truth: [Double], seed: UInt, defaultSD: Double, starts: Int? = nil, jobs: Int = 2
    ) throws -> (objective: FitObjective, outcome: CalibrationOutcome) {
        var objective = model.objective
        objective.data = try CalibrationStudy.synthesize(model, truth: truth, seed: seed, defaultSD: defaultSD)
        var settings = model.file.fit
        if let starts { settings.starts = starts }
        let outcome = try Calibration.fit(
            objective, settings: settings, relativeStep: model.defaultRelativeStep, jobs: jobs, profiles: false)
        return (objective, outcome)
    }
}
