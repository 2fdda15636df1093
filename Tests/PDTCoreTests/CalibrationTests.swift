import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// Calibration against pdtsim itself: files, the response-only replay, recovery of known
/// parameters, refusal where the data cannot support intervals, and the fitted section files.
@Suite struct CalibrationTests {
    /// A folder with a calibration file (one arm, allumera-blue followed for 200 days, with the
    /// single-point response `revitall-single-point`, whose r_max 0.8 and τ_P 75 d are the truths
    /// below) and its measurement file.
    static func folder(
        estimate: String, rows: String, extra: String = "", arms: String = #"{"blue": {"protocol": "allumera-blue"}}"#
    ) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-cal-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let json = """
            {"format_version": 1, "kind": "calibration", "name": "test", "description": "a test",
             "measurements": "data.csv", "arms": \(arms),
             "set": {"schedule.horizon_days": 200, "schedule.initial_sessions": 1, "response": "revitall-single-point"},
             "estimate": {\(estimate)}\(extra)}
            """
        try json.write(toFile: "\(directory)/cal.json", atomically: true, encoding: .utf8)
        try ("arm,day,observable,value,sd,n\n" + rows).write(
            toFile: "\(directory)/data.csv", atomically: true, encoding: .utf8)
        return directory
    }

    static let twoParameters = """
        "response.reduction_max": {"start": 0.5, "lower": 0.1, "upper": 1},
        "response.tau_pore_days": {"start": 40, "lower": 10, "upper": 400, "scale": "log"}
        """

    static let days = [5, 14, 28, 42, 56, 70, 90, 110, 130, 150, 175, 200]

    /// The model of a 12-visit design of arm blue with sd = 2 (n = 1) or blank.
    static func model(sd: String) throws -> CalibrationModel {
        let rows = days.map { "blue,\($0),pore_reduction_percent,0,\(sd),1\n" }.joined()
        let directory = try folder(estimate: twoParameters, rows: rows)
        let file = try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
        return try CalibrationModel(file: file, library: Fixture.library)
    }

    static let known: CalibrationModel = {
        do { return try model(sd: "2") } catch { fatalError("\(error)") }
    }()

    /// The shape given in the issue is accepted as written.
    @Test func acceptsTheDocumentedShape() throws {
        let directory = try Self.folder(
            estimate: """
                "response.reduction_max": {"start": 0.8, "lower": 0.1, "upper": 1, "scale": "linear"},
                "response.tau_pore_days": {"start": 75, "lower": 10, "upper": 400, "scale": "log"}
                """, rows: "blue,150,pore_reduction_percent,44,2,1\nred,150,pore_reduction_percent,44,2,1\n",
            extra: #", "fit": {"method": "lm", "starts": 4, "seed": 1, "max_iterations": 200}"#,
            arms:
                #"{"blue": {"protocol": "allumera-blue"}, "red": {"protocol": "allumera-red", "set": {"schedule.horizon_days": 365}}}"#
        )
        let file = try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
        #expect(file.arms.map(\.name) == ["blue", "red"])
        #expect(file.parameters.map(\.scale) == [.linear, .log])
        #expect(file.fit.starts == 4 && file.fit.method == .lm)
        // The file's shared set is applied first, then the arm's own.
        #expect(try ScheduleParameters.build(file.arms[1].definition.reader(.schedule)).horizonDays == 365)
        #expect(try ScheduleParameters.build(file.arms[0].definition.reader(.schedule)).horizonDays == 200)
    }

    /// Only the response is re-integrated when only downstream response keys change, and the
    /// result is the full run's, bit for bit.
    @Test func responseReplayEqualsAFullRun() throws {
        let model = Self.known
        #expect(model.replaysResponse)
        let theta = [0.63, 91.0]
        let replayed = try model.runs(theta)[0][0]
        var definition = model.file.arms[0].definition
        try definition.apply(
            ["response.reduction_max=0.63", "response.tau_pore_days=91"], library: Fixture.library)
        let full = try ProtocolSimulator(treatment: definition.resolve(), data: Fixture.data)
            .run()
        #expect(replayed.timeline == full.timeline)
        #expect(replayed.sessions == full.sessions)
    }

    /// Synthetic data at known values (r_max = 0.8, τ_P = 75 d) with noise sd = 2 %: the estimates
    /// lie within their intervals' reach of the truth, and the intervals hold it.
    @Test func recoversKnownParametersWithKnownSD() throws {
        let model = Self.known
        let truth = CalibrationStudy.truth(model)
        #expect(truth == [0.8, 75])
        let outcome = try SyntheticFit.run(model, truth: truth, seed: 7, defaultSD: 1, starts: 2).outcome
        let s = outcome.statistics
        #expect(s.refusal == nil && !s.sigmaEstimated && s.dof == 10)
        for j in 0..<2 {
            #expect(abs(outcome.best.theta[j] - truth[j]) < 3 * s.standardErrors[j]!)
            #expect(s.waldLow[j]! < truth[j] && truth[j] < s.waldHigh[j]!)
        }
        #expect(s.standardErrors[0]! < 0.05)
    }

    /// The same design with sd blank: σ is estimated (and reported), intervals use Student's t.
    @Test func recoversKnownParametersWithEstimatedSigma() throws {
        let model = try Self.model(sd: "")
        let truth = CalibrationStudy.truth(model)
        let outcome = try SyntheticFit.run(model, truth: truth, seed: 11, defaultSD: 2).outcome
        let s = outcome.statistics
        #expect(s.sigmaEstimated && s.quantileKind.contains("Student t, 10"))
        #expect(s.sigmas.count == 1 && s.sigmas[0].1 > 0.8 && s.sigmas[0].1 < 4)
        for j in 0..<2 { #expect(s.waldLow[j]! < truth[j] && truth[j] < s.waldHigh[j]!) }
    }

    /// Three parameters against one data point: the fit runs, intervals are refused, and every
    /// parameter is reported non-identifiable (profiles of such a case: `FitIdentifiabilityTests`).
    @Test func threeParametersAgainstOneMeasurementAreNonIdentifiable() throws {
        let directory = try Self.folder(
            estimate: Self.twoParameters
                + #", "response.tau_inflammation_days": {"start": 20, "lower": 2, "upper": 90, "scale": "log"}"#,
            rows: "blue,150,pore_reduction_percent,44,2,1\n")
        let file = try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
        let model = try CalibrationModel(file: file, library: Fixture.library)
        var settings = file.fit
        settings.starts = 1
        let outcome = try Calibration.fit(
            model.objective, settings: settings, relativeStep: model.defaultRelativeStep, jobs: 2, profiles: false)
        #expect(outcome.statistics.refusal?.contains("degrees of freedom") == true)
        #expect(outcome.statistics.waldLow.allSatisfy { $0 == nil })
        #expect(outcome.statistics.nonIdentifiable.count == 3)
        let report = try CalibrationReport(model: model, outcome: outcome, jobs: 1)
        #expect(report.parameters.rows.allSatisfy { $0[3] == .missing && $0[4] == .missing })
        #expect(
            report.parameters.rows.allSatisfy { row in
                if case .text(let verdict) = row[7] { return verdict.hasPrefix("non-identifiable") }
                return false
            })
        #expect(report.fit["intervals_refused"] != .null)
    }

    /// The fitted response section is a valid response preset holding the estimates.
    @Test func fittedSectionLoadsAsAPreset() throws {
        let model = Self.known
        let outcome = try SyntheticFit.run(model, truth: [0.8, 75], seed: 3, defaultSD: 1, starts: 1, jobs: 1).outcome
        let report = try CalibrationReport(model: model, outcome: outcome, jobs: 1)
        let files = report.sectionFiles
        #expect(files.map(\.name) == ["response.json"])
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-lib-\(UUID())").path
        try FileManager.default.createDirectory(atPath: "\(root)/protocols", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(root)/responses", withIntermediateDirectories: true)
        try files[0].contents.write(toFile: "\(root)/responses/fitted.json", atomically: true, encoding: .utf8)
        let values = try ModelLibrary(root: root).loadSection(.response, preset: "fitted")
        #expect(values.number(ResponseParameters.reductionMax) == outcome.best.theta[0])
        #expect(values.number(ResponseParameters.tauPore) == outcome.best.theta[1])
        #expect(values.values["tau_pore_days"]!.source.contains("Wald 95 %"))
        #expect(values.number(ResponseParameters.killD50) == 9)
    }

    /// Bad measurement rows are named by file:line and column, with the value and the expectation.
    @Test(arguments: [
        ("green,5,pore_reduction_percent,1,2,1", "data.csv:2: arm", "'green' is not an arm"),
        ("blue,-3,pore_reduction_percent,1,2,1", "data.csv:2: day", "expected a whole day number ≥ 0"),
        ("blue,5,pore_reduction_percnt,1,2,1", "data.csv:2: observable", "did you mean 'pore_reduction_percent'"),
        ("blue,5,pore_reduction_percent,x,2,1", "data.csv:2: value", "'x'; expected a finite number"),
        ("blue,5,pore_reduction_percent,1,0,1", "data.csv:2: sd", "expected a number > 0"),
        ("blue,5,pore_reduction_percent,1,2,0", "data.csv:2: n", "expected a whole number ≥ 1"),
        ("blue,5,pore_reduction_percent,1,2", "data.csv:2", "has 5 fields; expected 6"),
        ("blue,5,dose_sebaceous_uM,1,2,1", "data.csv:2: day", "has no session that day"),
        ("blue,500,pore_reduction_percent,1,2,1", "data.csv:2: day", "beyond arm blue's horizon"),
    ])
    func badMeasurementRowsAreNamed(row: String, location: String, message: String) throws {
        let directory = try Self.folder(estimate: Self.twoParameters, rows: row + "\n")
        let error = #expect(throws: ModelError.self) {
            try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
        }
        #expect(error?.location.hasSuffix(location) == true, "\(String(describing: error))")
        #expect(error?.problem.contains(message) == true, "\(String(describing: error))")
    }

    /// Bad calibration files are named by key.
    @Test(arguments: [
        (
            #""response.tau_pore_day": {"start": 1, "lower": 0.5, "upper": 2}"#, "estimate.response.tau_pore_day",
            "did you mean 'tau_pore_days'"
        ),
        (
            #""response.reduction_max": {"start": 2, "lower": 0.1, "upper": 1}"#,
            "estimate.response.reduction_max.start", "strictly inside"
        ),
        (
            #""response.reduction_max": {"start": 0.5, "lower": 0.1, "upper": 1.5}"#,
            "estimate.response.reduction_max.upper", "outside what"
        ),
        (
            #""response.tau_pore_days": {"start": 5, "lower": 0, "upper": 9, "scale": "log"}"#,
            "estimate.response.tau_pore_days.lower", "log scale"
        ),
        (
            #""response.reduction_max": {"start": 0.5, "lower": 0.1, "upper": 1, "step": 1}"#,
            "estimate.response.reduction_max.step", "unknown key"
        ),
        (
            #""light.spectrum": {"start": 0.5, "lower": 0.1, "upper": 1}"#, "estimate.light.spectrum",
            "not a real-valued"
        ),
    ])
    func badEstimatesAreNamed(estimate: String, location: String, message: String) throws {
        let directory = try Self.folder(estimate: estimate, rows: "blue,5,pore_reduction_percent,1,2,1\n")
        let error = #expect(throws: ModelError.self) {
            try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
        }
        #expect(error?.location.hasSuffix(location) == true, "\(String(describing: error))")
        #expect(error?.problem.contains(message) == true, "\(String(describing: error))")
    }

    /// An observable in arbitrary units gets a scale (log search by default) and an offset; an
    /// observable that is not measured is refused.
    @Test func observableScaleAndOffsetAreEstimated() throws {
        let rows = "blue,5,pore_reduction_percent,1,2,1\n"
        let directory = try Self.folder(
            estimate: Self.twoParameters, rows: rows,
            extra:
                #", "observables": {"pore_reduction_percent": {"scale": {"start": 1, "lower": 0.1, "upper": 10}, "offset": {"start": 0, "lower": -5, "upper": 5}}}"#
        )
        let file = try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
        #expect(
            file.parameters.map(\.name).suffix(2) == ["scale.pore_reduction_percent", "offset.pore_reduction_percent"])
        #expect(file.parameters[2].scale == .log && file.parameters[3].scale == .linear)
        let unmeasured = try Self.folder(
            estimate: Self.twoParameters, rows: rows,
            extra: #", "observables": {"inflammation": {"scale": {"start": 1, "lower": 0.1, "upper": 10}}}"#)
        let error = #expect(throws: ModelError.self) {
            try CalibrationFile.load("\(unmeasured)/cal.json", library: Fixture.library)
        }
        #expect(error?.location.hasSuffix("observables.inflammation") == true)
    }

    @Test func unknownKeysAndFitSettingsAreNamed() throws {
        let rows = "blue,5,pore_reduction_percent,1,2,1\n"
        let misspelt = try Self.folder(estimate: Self.twoParameters, rows: rows, extra: #", "fits": {}"#)
        let e1 = #expect(throws: ModelError.self) {
            try CalibrationFile.load("\(misspelt)/cal.json", library: Fixture.library)
        }
        #expect(e1?.problem.contains("did you mean 'fit'") == true)
        let method = try Self.folder(estimate: Self.twoParameters, rows: rows, extra: #", "fit": {"method": "newton"}"#)
        let e2 = #expect(throws: ModelError.self) {
            try CalibrationFile.load("\(method)/cal.json", library: Fixture.library)
        }
        #expect(e2?.location.hasSuffix("fit.method") == true)
        #expect(e2?.problem.contains("lm, lmaccel, dogleg, ddogleg, subspace2D") == true)
    }
}
