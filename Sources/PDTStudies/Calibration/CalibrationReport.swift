import Foundation
import PDTCore
import PDTNumerics

/// The files `pdtsim calibrate` writes, built from a calibration's outcome.
public struct CalibrationReport: Sendable {
    public let model: CalibrationModel
    public let outcome: CalibrationOutcome
    /// Every subject's run of every arm at θ̂ (`CalibrationModel.runs`).
    public let runs: [[ProtocolResult]]
    /// Per arm, day and observable: the prediction and its delta-method 95 % band.
    let curves: [(arm: String, day: Int, observable: String, value: Double, low: Double?, high: Double?)]

    /// Runs the model at θ̂ and, for the bands, at θ̂ + hⱼeⱼ on the fit scale (one run per parameter),
    /// all as one design on the ensemble engine on `jobs` threads (`CalibrationModel.evaluate`):
    /// var ŷ = gᵀCg with gⱼ = ∂ŷ/∂zⱼ, band ŷ ± q √var with the Wald quantile q.
    public init(model: CalibrationModel, outcome: CalibrationOutcome, jobs: Int) throws {
        self.model = model
        self.outcome = outcome
        let theta = outcome.best.theta
        let p = theta.count
        let objective = outcome.objective
        let z = outcome.best.z
        let step = outcome.relativeStep
        var steps: [Double] = []
        var shifted: [[Double]] = []
        if outcome.statistics.covariance != nil {
            for j in 0..<p {
                steps.append(Self.step(objective.parameters[j], at: z[j], relative: step))
                var point = z
                point[j] += steps[j]
                shifted.append(objective.natural(point))
            }
        }
        let results = model.evaluate([theta] + shifted, jobs: jobs) { runs, _ in runs }
        runs = try results[0].get()
        var gradientRuns: [[[ProtocolResult]]] = []
        for result in results.dropFirst() {
            switch result {
            case .success(let runs): gradientRuns.append(runs)
            case .failure(let error): throw StringError("\(error)")
            }
        }
        func transform(_ name: String, _ thetaValues: [Double], _ x: Double) -> Double {
            var scale = 1.0
            var offset = 0.0
            for (parameter, value) in zip(model.file.parameters, thetaValues) {
                if parameter.target == .scale(name) { scale = value }
                if parameter.target == .offset(name) { offset = value }
            }
            return scale * x + offset
        }
        let measured = Array(Set(model.file.measurements.map(\.observable.name))).sorted()
        var curves: [(String, Int, String, Double, Double?, Double?)] = []
        let covariance = outcome.statistics.covariance
        let q = outcome.statistics.quantile
        for (a, arm) in model.file.arms.enumerated() {
            for name in measured {
                let observable = Observable(name: name)!
                let days: [Int]
                if case .session = observable {
                    days = runs[a][0].sessions.map(\.day)
                } else {
                    days = Array(0..<runs[a][0].timeline.count)
                }
                for day in days {
                    guard let raw = CalibrationModel.value(of: observable, in: runs[a], day: day) else { continue }
                    let value = transform(name, theta, raw)
                    var low: Double?
                    var high: Double?
                    if let covariance {
                        var g = [Double](repeating: 0, count: p)
                        for j in 0..<p {
                            var shifted = z
                            shifted[j] += steps[j]
                            let other = CalibrationModel.value(of: observable, in: gradientRuns[j][a], day: day) ?? raw
                            g[j] = (transform(name, objective.natural(shifted), other) - value) / steps[j]
                        }
                        var variance = 0.0
                        for i in 0..<p { for j in 0..<p { variance += g[i] * covariance[i * p + j] * g[j] } }
                        let half = q * max(variance, 0).squareRoot()
                        low = value - half
                        high = value + half
                    }
                    curves.append((arm.name, day, name, value, low, high))
                }
            }
        }
        self.curves = curves
    }

    /// The finite-difference step of a band's gradient in parameter j at fit-scale value z:
    /// h = relative · max(|z|, t) (t = 1 on the log scale, a tenth of the bound width on the linear
    /// scale), backward where the forward step would leave the bounds.
    static func step(_ parameter: EstimatedParameter, at z: Double, relative: Double) -> Double {
        let typical = parameter.scale == .log ? 1 : (parameter.fitUpper - parameter.fitLower) / 10
        let h = relative * max(abs(z), typical)
        return z + h > parameter.fitUpper ? -h : h
    }

    var statistics: FitStatistics { outcome.statistics }
    var profileByName: [String: ParameterProfile] {
        Dictionary(uniqueKeysWithValues: outcome.profiles.map { ($0.parameter, $0) })
    }

    /// The identifiability verdict of parameter j: non-identifiable when it differs between equally
    /// low optima, else from its profile, else from the Jacobian's rank.
    func verdict(_ j: Int) -> String {
        let name = outcome.objective.parameters[j].name
        let optima = outcome.optima
        if optima.differs(j) {
            let values = optima.values(j).map { String(format: "%.4g", $0) }.joined(separator: ", ")
            let partners = optima.partners[j].map(\.0)
            return "non-identifiable (equal optima at \(values)"
                + (partners.isEmpty ? "" : "; trades off with \(partners.joined(separator: ", "))") + ")"
        }
        if let profile = profileByName[name] { return profile.identifiability.rawValue }
        if statistics.nonIdentifiable.contains(name) { return "non-identifiable (\(statistics.refusal ?? ""))" }
        return "not profiled"
    }

    static func field(_ x: Double?) -> CSVTable.Field { x.map { .number($0) } ?? .missing }

    /// Parameter j's Wald and profile 95 % intervals; none for a parameter that differs between
    /// equally low optima, since an interval around the estimate would exclude the others.
    func intervals(_ j: Int) -> (waldLow: Double?, waldHigh: Double?, profileLow: Double?, profileHigh: Double?) {
        guard !outcome.optima.differs(j) else { return (nil, nil, nil, nil) }
        let profile = profileByName[outcome.objective.parameters[j].name]
        return (statistics.waldLow[j], statistics.waldHigh[j], profile?.low, profile?.high)
    }

    /// `parameters.csv`.
    public var parameters: CSVTable {
        var table = CSVTable(header: [
            "parameter", "estimate", "se", "wald_low", "wald_high", "profile_low", "profile_high", "identifiability",
        ])
        for (j, parameter) in outcome.objective.parameters.enumerated() {
            let i = intervals(j)
            table.append([
                .text(parameter.name), .number(outcome.best.theta[j]), Self.field(statistics.standardErrors[j]),
                Self.field(i.waldLow), Self.field(i.waldHigh), Self.field(i.profileLow), Self.field(i.profileHigh),
                .text(verdict(j)),
            ])
        }
        return table
    }

    /// `residuals.csv`: weighted residual = residual/sᵢ, with sᵢ = sd/√n or σ̂ of the observable.
    public var residuals: CSVTable {
        var table = CSVTable(header: [
            "arm", "day", "observable", "measured", "sd", "predicted", "residual", "weighted_residual",
        ])
        let objective = outcome.objective
        for (i, m) in model.file.measurements.enumerated() {
            let r = outcome.best.residuals[i]
            let s = m.standardError ?? outcome.best.sigmaSquares[objective.groups[i]].map { $0.squareRoot() }
            table.append([
                .text(m.arm), .integer(m.day), .text(m.observable.name), .number(m.value), Self.field(m.sd),
                .number(m.value + r), .number(r), Self.field(s.map { r / $0 }),
            ])
        }
        return table
    }

    /// `predictions.csv`: every measured observable of every arm on every day (session readouts on
    /// session days) with its 95 % band.
    public var predictions: CSVTable {
        var table = CSVTable(header: ["arm", "day", "observable", "predicted", "band_low", "band_high"])
        for c in curves {
            table.append([
                .text(c.arm), .integer(c.day), .text(c.observable), .number(c.value), Self.field(c.low),
                Self.field(c.high),
            ])
        }
        return table
    }

    /// `profiles.csv`: every profile point with the re-optimised parameters.
    public var profiles: CSVTable {
        let names = outcome.objective.parameters.map(\.name)
        var table = CSVTable(header: ["parameter", "value", "delta_deviance", "converged"] + names)
        for profile in outcome.profiles {
            for point in profile.points {
                table.append(
                    [
                        .text(profile.parameter), .number(point.value), .number(point.deltaDeviance),
                        .flag(point.converged),
                    ] + point.theta.map { .number($0) })
            }
        }
        return table
    }

    func interval(_ low: Double?, _ high: Double?) -> String {
        guard low != nil || high != nil else { return "none" }
        return
            "[\(low.map { String(format: "%.6g", $0) } ?? "bound"), \(high.map { String(format: "%.6g", $0) } ?? "bound")]"
    }

    /// One model file per section that holds a fitted parameter: every parameter of that section
    /// (as in the first arm), the fitted ones with their estimate and a source naming the fit and
    /// its intervals. Loadable as a preset of the section.
    public var sectionFiles: [(name: String, contents: String)] {
        let first = model.file.arms[0].definition
        var bySection: [Section: [Int]] = [:]
        for (j, parameter) in model.file.parameters.enumerated() where parameter.study == nil {
            if case .model(let section, _) = parameter.target { bySection[section, default: []].append(j) }
        }
        var files: [(String, String)] = []
        for section in Section.allCases {
            guard let indices = bySection[section], let values = first.sections[section] else { continue }
            var entries: [(String, JSONOutput)] = []
            for spec in section.specs {
                guard let p = values.values[spec.key] else { continue }
                var value = p.value.json
                var source = p.source
                if let j = indices.first(where: { model.file.parameters[$0].target == .model(section, spec.key) }) {
                    value = .number(outcome.best.theta[j])
                    let profile = profileByName[model.file.parameters[j].name]
                    let fit =
                        "pdtsim calibrate '\(model.file.name)' (\(URL(fileURLWithPath: model.file.path).lastPathComponent)): estimate from \(model.file.measurements.count) measurements; "
                    if outcome.optima.differs(j) {
                        source = fit + verdict(j)
                    } else {
                        source =
                            fit + "Wald 95 % \(interval(statistics.waldLow[j], statistics.waldHigh[j]))"
                            + (profile.map {
                                "; profile 95 % \(interval($0.low, $0.high)), \($0.identifiability.rawValue)"
                            } ?? "")
                            + (statistics.refusal.map { "; intervals refused: \($0)" } ?? "")
                    }
                }
                var entry: [(String, JSONOutput)] = [("value", value)]
                if let unit = p.unit { entry.append(("unit", .string(unit))) }
                entry.append(("source", .string(source)))
                entries.append((spec.key, .object(entry)))
            }
            let json = JSONOutput.object([
                ("format_version", .integer(section.formatVersion)), ("kind", .string(section.rawValue)),
                ("name", .string("\(model.file.name)-fit")),
                (
                    "description",
                    .string(
                        "\(section.rawValue) parameters fitted by pdtsim calibrate '\(model.file.name)'; the others as in arm \(model.file.arms[0].name)"
                    )
                ),
                ("parameters", .object(entries)),
            ])
            files.append(("\(section.rawValue).json", json.text() + "\n"))
        }
        return files
    }

    static func matrixJSON(_ m: [Double]?, p: Int) -> JSONOutput {
        guard let m else { return .null }
        return .array((0..<p).map { i in .array((0..<p).map { .number(m[i * p + $0]) }) })
    }

    static func optional(_ x: Double?) -> JSONOutput { x.map { .number($0) } ?? .null }

    /// `fit.json`: everything.
    public var fit: JSONOutput {
        let s = statistics
        let objective = outcome.objective
        let p = objective.parameters.count
        let parameters: [JSONOutput] = objective.parameters.enumerated().map { j, parameter in
            let profile = profileByName[parameter.name]
            let i = intervals(j)
            let partners =
                outcome.optima.partners[j]
                + (profile?.tradesOffWith ?? []).filter { p in
                    !outcome.optima.partners[j].contains { $0.0 == p.0 }
                }
            return .object([
                ("name", .string(parameter.name)), ("unit", parameter.unit.map { .string($0) } ?? .null),
                ("scale", .string(parameter.scale.rawValue)), ("lower", .number(parameter.lower)),
                ("upper", .number(parameter.upper)), ("start", .number(parameter.start)),
                ("estimate", .number(outcome.best.theta[j])), ("se", Self.optional(s.standardErrors[j])),
                ("se_fit_scale", Self.optional(s.fitScaleStandardErrors[j])),
                ("wald_low", Self.optional(i.waldLow)), ("wald_high", Self.optional(i.waldHigh)),
                ("profile_low", Self.optional(i.profileLow)), ("profile_high", Self.optional(i.profileHigh)),
                ("identifiability", .string(verdict(j))),
                ("trades_off_with", .object(partners.map { ($0.0, .number($0.1)) })),
                ("profile_found_lower_optimum", .bool(profile?.lowerOptimumFound ?? false)),
            ])
        }
        let starts: [JSONOutput] = outcome.starts.map { start in
            .object([
                ("index", .integer(start.index)), ("origin", .string(start.origin)),
                ("start", .array(start.start.map { .number($0) })),
                ("estimate", start.point.map { .array($0.theta.map { .number($0) }) } ?? .null),
                ("deviance", Self.optional(start.point?.deviance)),
                ("iterations", start.point.map { .integer($0.iterations) } ?? .null),
                ("stop", start.point.map { .string($0.stop.rawValue) } ?? .null),
                ("status", start.point.map { .string($0.status.name) } ?? .null),
                ("error", start.error.map { .string($0) } ?? start.point?.evaluationError.map { .string($0) } ?? .null),
            ])
        }
        let optima: [JSONOutput] = outcome.optima.optima.map { optimum in
            .object([
                (
                    "parameters",
                    .object(zip(objective.parameters, optimum.theta).map { ($0.name, .number($1)) })
                ),
                ("deviance", .number(optimum.deviance)),
                ("found_by", .array(optimum.foundBy.map { .string($0) })),
            ])
        }
        let settings = outcome.settings
        var entries: [(String, JSONOutput)] = [
            ("name", .string(model.file.name)), ("description", .string(model.file.description)),
            ("calibration_file", .string(model.file.path)),
            (
                "measurements_file",
                model.file.measurementsListed
                    ? .array(model.file.measurementsPaths.map { .string($0) })
                    : .string(model.file.measurementsPaths[0])
            ),
            ("arms", .array(model.file.arms.map { .string($0.name) })),
            ("measurements", .integer(s.n)), ("parameters_estimated", .integer(p)), ("dof", .integer(s.dof)),
            ("chi_square", .number(s.chiSquare)), ("deviance", .number(s.deviance)),
            ("minus_two_log_likelihood", .number(s.minusTwoLogLikelihood)), ("aic", .number(s.aic)),
            ("bic", .number(s.bic)), ("sigma_estimated", .bool(s.sigmaEstimated)),
            ("sigmas", .object(s.sigmas.map { ($0.0, .number($0.1)) })),
            ("interval_quantile", .number(s.quantile)), ("interval_distribution", .string(s.quantileKind)),
            ("profile_threshold", .number(ProfileLikelihood.threshold)),
            ("intervals_refused", s.refusal.map { .string($0) } ?? .null),
            ("non_identifiable", .array(s.nonIdentifiable.map { .string($0) })),
            ("parameters", .array(parameters)),
            ("parameter_names", .array(objective.parameters.map { .string($0.name) })),
            ("covariance_fit_scale", Self.matrixJSON(s.covariance, p: p)),
            ("correlation", Self.matrixJSON(s.correlation, p: p)),
            ("jacobian_singular_values", .array(s.singularValues.map { .number($0) })),
            ("rank_tolerance", .number(s.rankTolerance)),
            ("best_start", .integer(outcome.starts[outcome.bestIndex].index)), ("starts", .array(starts)),
            ("optima", .array(optima)),
            (
                "optimum_tolerance",
                .object([
                    ("deviance_relative", .number(EqualOptima.relativeTolerance)),
                    ("deviance_absolute", .number(EqualOptima.absoluteTolerance)),
                    ("parameter_fraction_of_range", .number(EqualOptima.distinctFraction)),
                ])
            ),
            (
                "fit_settings",
                .object([
                    ("method", .string(settings.method.rawValue)), ("starts", .integer(settings.starts)),
                    ("seed", .integer(Int(settings.seed))), ("max_iterations", .integer(settings.maxIterations)),
                    ("xtol", .number(settings.xtol)), ("gtol", .number(settings.gtol)),
                    ("ftol", .number(settings.ftol)),
                    ("relative_step", .number(outcome.relativeStep)),
                ])
            ),
            ("sessions_reused", .bool(model.replaysResponse)),
        ]
        if model.replay == .interpolated {
            entries.append(
                (
                    "replay",
                    .object([
                        ("mode", .string("interpolated")), ("nodes", .integer(SessionTable.defaultNodes)),
                        ("interpolation", .string("cspline")),
                    ])
                ))
        }
        if let studies = studiesJSON { entries.append(("studies", studies)) }
        entries.append(
            (
                "versions",
                .object([("pdtsim", .string(SimulationReport.pdtsimVersion)), ("gsl", .string(GSL.version))])
            ))
        return .object(entries)
    }

    /// `fit.json: studies`, when some arm names its study or averages a cohort (absent otherwise, so
    /// that the files of calibrations without studies stay as they were): per study its arms, each
    /// arm's cohort and subjects, and the σ̂ of each of its noise groups (`CalibrationModel.noiseGroup`).
    var studiesJSON: JSONOutput? {
        let arms = model.file.arms
        guard arms.contains(where: { $0.studyNamed || $0.cohort != nil }) else { return nil }
        let sigmas = Dictionary(uniqueKeysWithValues: statistics.sigmas)
        let studies = arms.map(\.study).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        return .array(
            studies.map { study in
                let members = arms.filter { $0.study == study }
                let groups = Set(
                    model.file.measurements.filter { m in members.contains { $0.name == m.arm } }.map(model.noiseGroup)
                ).sorted()
                return .object([
                    ("study", .string(study)),
                    (
                        "arms",
                        .array(
                            members.map { arm in
                                .object([
                                    ("arm", .string(arm.name)),
                                    ("cohort", arm.cohort.map { .string($0.argument) } ?? .null),
                                    ("subjects", .integer(arm.subjects.count)),
                                ])
                            })
                    ),
                    ("sigmas", .object(groups.compactMap { g in sigmas[g].map { (g, .number($0)) } })),
                ])
            })
    }

    /// Every output file, by name.
    public var files: [(name: String, contents: String)] {
        [
            ("fit.json", fit.text() + "\n"), ("parameters.csv", parameters.text), ("residuals.csv", residuals.text),
            ("predictions.csv", predictions.text),
        ] + (outcome.profiles.isEmpty ? [] : [("profiles.csv", profiles.text)]) + sectionFiles
    }
}
