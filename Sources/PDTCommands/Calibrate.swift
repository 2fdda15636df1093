import ArgumentParser
import Foundation
import PDTCore
import PDTNumerics
import PDTStudies

/// `pdtsim calibrate`: fits model parameters to measured data (GSL nonlinear least squares).
struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Fit model parameters to measurements with GSL's nonlinear least squares; report intervals.",
        discussion: """
            FILE is a calibration model file (kind "calibration"): the measurement CSV, the arms (each a \
            protocol with overrides), the parameters to estimate with start and bounds, the fit settings. \
            Writes into DIR, replacing earlier pdtsim output atomically:
              fit.json         estimates, se, covariance, correlation, χ², dof, AIC, BIC, starts, optima, versions
              parameters.csv   estimate, se, Wald and profile 95 % intervals, identifiability
              residuals.csv    measured, predicted and (weighted) residual of every measurement
              predictions.csv  the measured observables of every arm, daily, with a 95 % band
              profiles.csv     the likelihood profiles (with --profiles)
              SECTION.json     each model section holding a fitted parameter, as a model file
            With --cross-validate, instead: cross_validation.csv (each study's measurements predicted by \
            a refit without that study's arms, with a 95 % prediction interval) and cross_validation.json \
            (coverage per study, each refit's estimates).
            Intervals the data cannot support (no degrees of freedom, a rank-deficient Jacobian) are \
            left empty with the reason in fit.json; the fit still succeeds. When starts or profiles end \
            at distinct points that fit equally well, every such optimum is listed (fit.json: optima) and \
            the parameters that differ between them are non-identifiable, without intervals.
            """)

    @Argument(help: ArgumentHelp("The calibration file (.json).", valueName: "FILE"))
    var file: String

    @OptionGroup var library: LibraryOptions

    @OptionGroup var jobs: JobsOption

    @Flag(name: .long, help: "Compute likelihood profiles, profile intervals and identifiability classes.")
    var profiles = false

    @Flag(name: .long, help: "Print nothing on success.")
    var quiet = false

    @OptionGroup var output: OutputFolderOption

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Instead of fitting, write DIR/measurements.csv: FILE's measurement rows with values simulated at the parameter values the arms' protocols hold, plus Gaussian noise of each row's sd/√n (GSL mt19937 with this seed).",
            valueName: "SEED"))
    var synthesize: UInt?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Instead of fitting once, fit N synthetic data sets (as --synthesize with seeds 1 … N) and write DIR/coverage.csv: how often each Wald 95 % interval covers the true value.",
            valueName: "N"))
    var coverage: Int?

    @Flag(
        name: .customLong("cross-validate"),
        help: ArgumentHelp(
            "Instead of fitting once, refit without each study in turn (same starts and seed) and predict it: write DIR/cross_validation.csv and DIR/cross_validation.json (coverage of the 95 % prediction intervals per study)."
        ))
    var crossValidate = false

    func validate() throws {
        if let coverage, coverage < 1 {
            throw InvalidArgument("--coverage", "\(coverage)", expected: "a whole number ≥ 1")
        }
        let modes = [
            synthesize.map { _ in "--synthesize" }, coverage.map { _ in "--coverage" },
            crossValidate ? "--cross-validate" : nil,
        ].compactMap { $0 }
        if modes.count > 1 {
            throw ValidationError("\(modes.joined(separator: " and ")): expected at most one of them")
        }
        if crossValidate && profiles {
            throw ValidationError(
                "--cross-validate and --profiles: expected at most one of them (refits compute no profiles)")
        }
    }

    func run() throws {
        let library = try library.load()
        let calibration = try CalibrationFile.load(file, library: library)
        if crossValidate { try CrossValidation.check(calibration) }
        let folder = try OutputFolder(output.out, command: "calibrate")
        let model = try CalibrationModel(
            file: calibration, library: library, tableProgress: LockedProgress.skinTable(quiet: quiet))
        let jobs = jobs.count
        if let seed = synthesize { return try writeSynthetic(model, seed: seed, into: folder) }
        if let draws = coverage { return try writeCoverage(model, draws: draws, jobs: jobs, into: folder) }
        if crossValidate { return try writeCrossValidation(model, jobs: jobs, into: folder) }
        let quiet = quiet
        let progress: @Sendable (String) -> Void = { line in
            if !quiet { FileHandle.standardError.write(Data("calibrate: \(line)\n".utf8)) }
        }
        let evaluations = LockedProgress(label: "fit", quiet: quiet, unit: "evaluations")
        let outcome: CalibrationOutcome
        do {
            outcome = try Calibration.fit(
                Self.counted(model.objective, settings: calibration.fit, display: evaluations),
                settings: calibration.fit,
                relativeStep: calibration.fit.relativeStep ?? model.defaultRelativeStep, jobs: jobs,
                profiles: profiles, progress: progress)
        } catch {
            evaluations.finish()
            throw error
        }
        evaluations.finish()
        let report = try CalibrationReport(model: model, outcome: outcome, jobs: jobs)
        try folder.publish(report.files)
        if !quiet { print(Self.summary(report, directory: output.out)) }
    }

    /// `objective` with its model evaluations counted on `display` (`fit: DONE/TOTAL evaluations,
    /// …` on standard error), TOTAL being the starts' budget starts × (max_iterations + 1) × (p + 1)
    /// (an iteration's trial point and its p finite differences), raised to the count once the
    /// statistics and profiles pass it; a batch (a Jacobian's columns) counts when it is done. The
    /// evaluations themselves are unchanged.
    static func counted(
        _ objective: FitObjective, settings: CalibrationFitSettings, display: LockedProgress
    ) -> FitObjective {
        let budget = settings.starts * (settings.maxIterations + 1) * (objective.parameters.count + 1)
        var counted = objective
        let predict = objective.predict
        counted.predict = { theta in
            defer { display.advance(total: budget) }
            return try predict(theta)
        }
        let predictBatch = objective.predictBatch
        counted.predictBatch = { thetas, jobs in
            defer { for _ in thetas { display.advance(total: budget) } }
            return predictBatch(thetas, jobs)
        }
        return counted
    }

    /// The folds of `--cross-validate`, with `cross-validate: DONE/TOTAL refits` and each refit's
    /// line on standard error, and the coverage per study on standard output.
    func writeCrossValidation(_ model: CalibrationModel, jobs: Int, into folder: OutputFolder) throws {
        let quiet = quiet
        let total = CrossValidation.studies(model.file).count
        let refits = LockedProgress(label: "cross-validate", quiet: quiet || total < 2, unit: "refits")
        let folds: [CrossValidation.Fold]
        do {
            folds = try CrossValidation.run(
                model, jobs: jobs,
                progress: { line in
                    if !quiet { FileHandle.standardError.write(Data("calibrate: \(line)\n".utf8)) }
                }, finished: { refits.advance(total: total) })
        } catch {
            refits.finish()
            throw error
        }
        refits.finish()
        try folder.publish([
            ("cross_validation.csv", CrossValidation.table(folds).text),
            ("cross_validation.json", CrossValidation.summary(folds, model: model).text() + "\n"),
        ])
        if !quiet {
            print("\(model.file.name): leave-one-study-out coverage of the 95 % prediction intervals:")
            for fold in folds {
                let fraction = fold.counted > 0 ? String(format: "%.3f", fold.coverage) : "–"
                print("  \(fold.study): \(fold.covered)/\(fold.counted) = \(fraction) (\(fold.rows.count) rows)")
            }
            print("wrote \(output.out)/: cross_validation.csv, cross_validation.json")
        }
    }

    func writeSynthetic(_ model: CalibrationModel, seed: UInt, into folder: OutputFolder) throws {
        let truth = CalibrationStudy.truth(model)
        let values = try CalibrationStudy.synthesize(model, truth: truth, seed: seed, defaultSD: 1)
        let names = zip(model.file.parameters, truth).map { "\($0.name) = \(formatNumber($1))" }
        let text = CalibrationStudy.measurementsCSV(
            model, values: values,
            comments: [
                "SYNTHETIC data, not measurements: pdtsim \(SimulationReport.pdtsimVersion) predictions of calibration '\(model.file.name)' at \(names.joined(separator: ", ")) (the values its protocols hold),",
                "plus Gaussian noise of sd/sqrt(n) per row (GSL mt19937, seed \(seed)); made with: pdtsim calibrate \(file) --synthesize \(seed) --out DIR",
            ])
        try folder.publish([("measurements.csv", text)])
        if !quiet {
            print(
                "wrote \(output.out)/measurements.csv: \(values.count) synthetic rows at \(names.joined(separator: ", "))"
            )
        }
    }

    func writeCoverage(_ model: CalibrationModel, draws: Int, jobs: Int, into folder: OutputFolder) throws {
        let truth = CalibrationStudy.truth(model)
        let result = try CalibrationStudy.coverage(model, draws: draws, seed: 1, jobs: jobs)
        var table = CSVTable(header: [
            "parameter", "truth", "draws", "covered", "fraction", "clopper_pearson_low", "clopper_pearson_high",
            "failed_fits", "refused",
        ])
        for (j, parameter) in model.file.parameters.enumerated() {
            let f = result.fractions[j]
            table.append([
                .text(parameter.name), .number(truth[j]), .integer(draws), .integer(result.covered[j]),
                .number(f.fraction), .number(f.low), .number(f.high), .integer(result.failedFits),
                .integer(result.refused),
            ])
        }
        try folder.publish([("coverage.csv", table.text)])
        if !quiet {
            print(
                "coverage of the Wald 95 % intervals over \(draws) draws (\(result.failedFits) failed, \(result.refused) refused) in \(String(format: "%.1f", result.seconds)) s:"
            )
            for (j, parameter) in model.file.parameters.enumerated() {
                let f = result.fractions[j]
                print(
                    String(
                        format: "  %@: %d/%d = %.3f (Clopper–Pearson 95 %% [%.3f, %.3f])", parameter.name,
                        result.covered[j], draws - result.failedFits - result.refused, f.fraction, f.low, f.high))
            }
        }
    }

    static func summary(_ report: CalibrationReport, directory: String) -> String {
        let s = report.outcome.statistics
        var lines = [
            "\(report.model.file.name): \(s.n) measurements, \(s.p) parameters, dof \(s.dof); χ² \(String(format: "%.4g", s.chiSquare)), AIC \(String(format: "%.4g", s.aic)), BIC \(String(format: "%.4g", s.bic))"
        ]
        for row in report.parameters.rows {
            func text(_ f: CSVTable.Field) -> String {
                switch f {
                case .number(let x): return String(format: "%.5g", x)
                case .text(let t): return t
                default: return "–"
                }
            }
            let profile = report.outcome.profiles.isEmpty ? "" : "; profile [\(text(row[5])), \(text(row[6]))]"
            lines.append(
                "  \(text(row[0])) = \(text(row[1])) ± \(text(row[2])); Wald 95 % [\(text(row[3])), \(text(row[4]))]\(profile); \(text(row[7]))"
            )
        }
        if let refusal = s.refusal { lines.append("  intervals refused: \(refusal)") }
        if report.model.file.arms.contains(where: \.studyNamed) {
            for (group, sigma) in s.sigmas { lines.append("  σ̂ \(group) = \(String(format: "%.5g", sigma))") }
        }
        let optima = report.outcome.optima.optima
        if optima.count > 1 {
            lines.append(
                "  \(optima.count) distinct optima fit equally well (deviance within \(String(format: "%.2g", EqualOptima.tolerance(s.deviance)))); each is listed in fit.json (optima)"
            )
        }
        lines.append("wrote \(directory)/: " + report.files.map(\.name).joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
