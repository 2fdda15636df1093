import Foundation
import PDTCore
import PDTNumerics

/// Leave-one-study-out cross-validation of a calibration (`pdtsim calibrate FILE --cross-validate`).
///
/// For each study in turn (in the order its first arm appears), the calibration is fitted again
/// without that study's arms, their measurements and the parameters of that study alone
/// (`study:ID/…`), with the same starts, seed and settings (`Calibration.fit`); the refit then
/// predicts every measurement of the left-out study (its own parameters held at their start
/// values). Each prediction ŷᵢ has a 95 % prediction interval ŷᵢ ± q √(gᵢᵀ C gᵢ + sᵢ²):
/// - gᵢ = ∂ŷᵢ/∂z, forward differences on the refit's fit scale with the steps of the report's bands,
///   and C the refit's fit-scale covariance (delta method, no random draws);
/// - sᵢ the row's standard error sd/√n when it has an sd; otherwise the refit's scatter of that
///   observable, σ_o = √(Σ r²/n) over the refit's residuals of observable o in every study it kept.
///   The left-out study's own rows are not used for its σ: they are what the interval is tested
///   against, and a σ taken from them would adapt the interval to the data it should predict. A
///   study noisier than the others then shows as low coverage, which is what the check is for;
/// - q the refit's quantile (Student's t with its degrees of freedom when some σ is estimated,
///   else the standard normal).
/// No interval is given (the row is not counted in the coverage) when the refit's covariance is
/// refused or the refit has no row of the observable. Folds run on up to `jobs` threads; the
/// result does not depend on the number.
public enum CrossValidation {
    /// One predicted measurement of a left-out study.
    public struct Row: Sendable {
        public var study: String
        public var measurement: Measurement
        public var predicted: Double
        public var low: Double?
        public var high: Double?
        /// The noise sᵢ in the interval.
        public var noise: Double?
        public var covered: Bool? {
            guard let low, let high else { return nil }
            return low <= measurement.value && measurement.value <= high
        }
    }

    /// The refit without one study and its predictions of that study.
    public struct Fold: Sendable {
        public var study: String
        public var arms: [String]
        public var outcome: CalibrationOutcome
        public var rows: [Row]
        /// σ_o of each observable predicted without sd, from the refit's residuals.
        public var noise: [(String, Double)]
        public var counted: Int { rows.filter { $0.covered != nil }.count }
        public var covered: Int { rows.filter { $0.covered == true }.count }
        /// covered/counted, NaN when no row has an interval.
        public var coverage: Double { counted > 0 ? Double(covered) / Double(counted) : .nan }
    }

    /// The studies that hold measurements, in the order their first arm appears.
    public static func studies(_ file: CalibrationFile) -> [String] {
        let measured = Set(file.measurements.map(\.arm))
        return file.arms.filter { measured.contains($0.name) }.map(\.study).reduce(into: [String]()) {
            if !$0.contains($1) { $0.append($1) }
        }
    }

    /// Refuses a file with fewer than two studies that hold measurements: nothing to leave out.
    public static func check(_ file: CalibrationFile) throws(ModelError) {
        let studies = studies(file)
        guard studies.count >= 2 else {
            throw ModelError(
                "\(file.path): arms",
                "one study with measurements (\(studies.joined(separator: ", "))); expected at least two for --cross-validate (an arm's study is its \"study\", else its name)"
            )
        }
    }

    /// Every fold of `model`'s calibration.
    /// - Throws: `ModelError` when the file has fewer than two studies with measurements, or a refit
    ///   fails at every start.
    public static func run(
        _ model: CalibrationModel, jobs: Int, progress: (@Sendable (String) -> Void)? = nil,
        finished: (@Sendable () -> Void)? = nil
    ) throws -> [Fold] {
        try check(model.file)
        let studies = studies(model.file)
        let folds = OrderedParallel.map(count: studies.count, jobs: jobs) { k -> Result<Fold, ModelError> in
            defer { finished?() }
            do {
                let fold = try Self.fold(
                    model, leaving: studies[k], jobs: max(1, jobs / studies.count), progress: progress)
                return .success(fold)
            } catch let error as ModelError {
                return .failure(error)
            } catch {
                return .failure(ModelError("--cross-validate", "refit without study \(studies[k]): \(error)"))
            }
        }
        return try folds.map { result throws(ModelError) in try result.get() }
    }

    /// The fold that leaves out `study`.
    static func fold(
        _ model: CalibrationModel, leaving study: String, jobs: Int, progress: (@Sendable (String) -> Void)?
    ) throws -> Fold {
        let file = model.file
        let kept = file.arms.filter { $0.study != study }.map(\.name)
        let left = file.arms.filter { $0.study == study }.map(\.name)
        let parameters = file.parameters.filter { $0.study != study }
        let refit = model.restricted(arms: kept, parameters: parameters)
        do {
            try file.noise.checkEstimable(refit.file.measurements)
        } catch {
            throw ModelError("--cross-validate", "refit without study \(study): \(error.description)")
        }
        let settings = file.fit
        let step = settings.relativeStep ?? model.defaultRelativeStep
        let outcome: CalibrationOutcome
        do {
            outcome = try Calibration.fit(
                refit.objective, settings: settings, relativeStep: step, jobs: jobs, profiles: false)
        } catch let error as ModelError {
            throw ModelError("--cross-validate", "refit without study \(study): \(error.description)")
        }
        progress?(
            "refit without \(study): deviance \(String(format: "%.6g", outcome.best.deviance)), \(outcome.statistics.refusal == nil ? "intervals" : "intervals refused")"
        )
        let predictor = model.restricted(arms: left, parameters: file.parameters)
        let objective = outcome.objective
        /// The full parameter vector at the refit's fit-scale point z: the left-out study's own at start.
        func full(_ z: [Double]) -> [Double] {
            let theta = objective.natural(z)
            return file.parameters.map { p in
                parameters.firstIndex(of: p).map { theta[$0] } ?? p.start
            }
        }
        let z = outcome.best.z
        let covariance = outcome.statistics.covariance
        var steps: [Double] = []
        var points = [full(z)]
        if covariance != nil {
            for j in objective.parameters.indices {
                steps.append(CalibrationReport.step(objective.parameters[j], at: z[j], relative: outcome.relativeStep))
                var shifted = z
                shifted[j] += steps[j]
                points.append(full(shifted))
            }
        }
        let values = predictor.predictions(points, jobs: jobs)
        let predicted = try values[0].get()
        var gradients: [[Double]] = []
        for (h, value) in zip(steps, values.dropFirst()) {
            gradients.append(zip(try value.get(), predicted).map { ($0 - $1) / h })
        }
        var scatter: [String: (Double, Int)] = [:]
        for (m, r) in zip(refit.file.measurements, outcome.best.residuals) {
            let s = scatter[m.observable.name, default: (0, 0)]
            scatter[m.observable.name] = (s.0 + r * r, s.1 + 1)
        }
        let sigma = scatter.mapValues { ($0.0 / Double($0.1)).squareRoot() }
        let p = objective.parameters.count
        let q = outcome.statistics.quantile
        var rows: [Row] = []
        for (i, m) in predictor.file.measurements.enumerated() {
            let noise = m.standardError ?? sigma[m.observable.name]
            var low: Double?
            var high: Double?
            if let covariance, let noise {
                var variance = 0.0
                for a in 0..<p {
                    for b in 0..<p { variance += gradients[a][i] * covariance[a * p + b] * gradients[b][i] }
                }
                let half = q * (max(variance, 0) + noise * noise).squareRoot()
                low = predicted[i] - half
                high = predicted[i] + half
            }
            rows.append(Row(study: study, measurement: m, predicted: predicted[i], low: low, high: high, noise: noise))
        }
        let used = Set(predictor.file.measurements.filter { $0.sd == nil }.map(\.observable.name))
        return Fold(
            study: study, arms: left, outcome: outcome, rows: rows,
            noise: used.sorted().compactMap { name in sigma[name].map { (name, $0) } })
    }

    /// `cross_validation.csv`: one row per measurement of every study, in fold then file order.
    public static func table(_ folds: [Fold]) -> CSVTable {
        var table = CSVTable(header: [
            "study", "arm", "observable", "day", "observed", "predicted", "predicted_low", "predicted_high",
        ])
        for row in folds.flatMap(\.rows) {
            let m = row.measurement
            table.append([
                .text(row.study), .text(m.arm), .text(m.observable.name), .integer(m.day), .number(m.value),
                .number(row.predicted), CalibrationReport.field(row.low), CalibrationReport.field(row.high),
            ])
        }
        return table
    }

    /// `cross_validation.json`: the method, and per study its arms, coverage, the refit's estimates
    /// and the noise used.
    public static func summary(_ folds: [Fold], model: CalibrationModel) -> JSONOutput {
        .object([
            ("name", .string(model.file.name)), ("calibration_file", .string(model.file.path)),
            (
                "interval",
                .string(
                    "95 % prediction interval: delta method on the refit's fit-scale covariance, plus the row's sd/sqrt(n) or the refit's scatter of the observable (sqrt(mean squared residual) over the studies it kept); quantile of the refit (Student t when σ is estimated)"
                )
            ),
            (
                "studies",
                .array(
                    folds.map { fold in
                        let s = fold.outcome.statistics
                        return .object([
                            ("study", .string(fold.study)), ("arms", .array(fold.arms.map { .string($0) })),
                            ("rows", .integer(fold.rows.count)), ("rows_with_interval", .integer(fold.counted)),
                            ("covered", .integer(fold.covered)),
                            ("coverage", fold.counted > 0 ? .number(fold.coverage) : .null),
                            (
                                "refit",
                                .object([
                                    (
                                        "estimates",
                                        .object(
                                            zip(fold.outcome.objective.parameters, fold.outcome.best.theta).map {
                                                ($0.name, .number($1))
                                            })
                                    ),
                                    ("deviance", .number(fold.outcome.best.deviance)),
                                    ("measurements", .integer(s.n)), ("dof", .integer(s.dof)),
                                    ("interval_quantile", s.quantile.isFinite ? .number(s.quantile) : .null),
                                    ("intervals_refused", s.refusal.map { .string($0) } ?? .null),
                                ])
                            ),
                            ("noise_sigma", .object(fold.noise.map { ($0.0, .number($0.1)) })),
                        ])
                    })
            ),
            (
                "versions",
                .object([("pdtsim", .string(SimulationReport.pdtsimVersion)), ("gsl", .string(GSL.version))])
            ),
        ])
    }
}
