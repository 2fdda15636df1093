import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// Calibrations over several studies: arms grouped by `study`, σ per (study, observable), a
/// study's own (nuisance) parameters, virtual-cohort means, and leave-one-study-out
/// cross-validation, on synthetic data made by pdtsim itself.
@Suite struct CalibrationStudiesTests {
    static let days = [14, 28, 42, 70, 100, 130, 160, 200]

    /// Arms a (study s1), b (study s2, its own r_max of 0.5) and c (no study), one blue session each.
    static let arms = """
        {"a": {"protocol": "allumera-blue", "study": "s1"},
         "b": {"protocol": "allumera-blue", "study": "s2", "set": {"response.reduction_max": 0.5}},
         "c": {"protocol": "allumera-blue"}}
        """

    static func rows(sd: String) -> String {
        ["a", "b", "c"].flatMap { arm in Self.days.map { "\(arm),\($0),pore_reduction_percent,0,\(sd),1\n" } }
            .joined()
    }

    static let nuisance =
        CalibrationTests.twoParameters
        + #", "study:s2/response.reduction_max": {"start": 0.6, "lower": 0.1, "upper": 1}"#

    static func model(estimate: String, sd: String, extra: String = "") throws -> CalibrationModel {
        let directory = try CalibrationTests.folder(estimate: estimate, rows: rows(sd: sd), extra: extra, arms: arms)
        let file = try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
        return try CalibrationModel(file: file, library: Fixture.library)
    }

    /// The study of an arm is its `study`, else its name; rows without sd share σ per study and
    /// observable, and arms without a study share one σ per observable, as before studies.
    @Test func studiesGroupTheNoise() throws {
        let model = try Self.model(estimate: CalibrationTests.twoParameters, sd: "")
        #expect(model.file.arms.map(\.study) == ["s1", "s2", "c"])
        #expect(model.file.arms.map(\.studyNamed) == [true, true, false])
        #expect(
            model.objective.groupNames == [
                "pore_reduction_percent", "study:s1/pore_reduction_percent", "study:s2/pore_reduction_percent",
            ])
        #expect(CrossValidation.studies(model.file) == ["s1", "s2", "c"])
    }

    /// One study may give sd where another does not; within a study's observable it is every row
    /// or none, as within an observable of the arms that name no study.
    @Test func sdIsEveryRowOrNonePerNoiseGroup() throws {
        let mixed =
            "a,14,pore_reduction_percent,1,2,1\nb,14,pore_reduction_percent,1,,1\nc,14,pore_reduction_percent,1,2,1\nb,28,pore_reduction_percent,1,,1\n"
        let directory = try CalibrationTests.folder(
            estimate: CalibrationTests.twoParameters, rows: mixed, arms: Self.arms)
        let file = try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
        #expect(file.measurements.map(\.sd) == [2, nil, 2, nil])
        let inStudy = try CalibrationTests.folder(
            estimate: CalibrationTests.twoParameters,
            rows: "a,14,pore_reduction_percent,1,2,1\na,28,pore_reduction_percent,1,,1\n", arms: Self.arms)
        let error = #expect(throws: ModelError.self) {
            try CalibrationFile.load("\(inStudy)/cal.json", library: Fixture.library)
        }
        #expect(error?.location.hasSuffix("data.csv:3: sd") == true)
        #expect(
            error?.problem.hasSuffix(
                "gives an sd for the same observable 'pore_reduction_percent' in study 's1'; expected sd on every row of an observable of a study (weighted fit) or on none (σ estimated)"
            ) == true, "\(String(describing: error))")
    }

    /// A study's own parameter acts on that study's arms only, after the shared one.
    @Test func nuisanceAppliesOnlyToItsStudy() throws {
        let model = try Self.model(estimate: Self.nuisance, sd: "2")
        #expect(model.file.parameters.map(\.study) == [nil, nil, "s2"])
        #expect(model.replay == .response)
        let runs = try model.runs([0.8, 75, 0.4])
        #expect(runs[0][0].timeline == runs[2][0].timeline)
        var definition = model.file.arms[1].definition
        try definition.apply(
            ["response.reduction_max=0.4", "response.tau_pore_days=75"], library: Fixture.library)
        let full = try ProtocolSimulator(treatment: definition.resolve(), data: Fixture.data)
            .run()
        #expect(runs[1][0].timeline == full.timeline)
        #expect(runs[0][0].timeline != full.timeline)
    }

    /// Synthetic data at r_max = 0.8 (shared), 0.5 (study s2's own) and τ_P = 75 d, known sd: every
    /// estimate lies within 3 se of its truth, and σ is reported per study where it is estimated.
    @Test func recoversSharedAndNuisanceParameters() throws {
        let model = try Self.model(estimate: Self.nuisance, sd: "1.5")
        let truth = CalibrationStudy.truth(model)
        #expect(truth == [0.8, 75, 0.5])
        let outcome = try SyntheticFit.run(model, truth: truth, seed: 5, defaultSD: 1, starts: 2).outcome
        let s = outcome.statistics
        #expect(s.refusal == nil)
        for j in 0..<3 { #expect(abs(outcome.best.theta[j] - truth[j]) < 3 * s.standardErrors[j]!) }

        let estimated = try Self.model(estimate: Self.nuisance, sd: "")
        let (noisy, fit) = try SyntheticFit.run(estimated, truth: truth, seed: 6, defaultSD: 1.5, starts: 2)
        #expect(fit.statistics.sigmas.map(\.0) == noisy.groupNames)
        let report = try CalibrationReport(model: estimated, outcome: fit, jobs: 1)
        guard case .array(let studies)? = report.fit["studies"] else {
            Issue.record("fit.json has no studies")
            return
        }
        #expect(studies.count == 3)
        #expect(report.sectionFiles.map(\.name) == ["response.json"])
        #expect(!report.sectionFiles[0].contents.contains("study:s2"))
    }

    /// A file without studies or cohorts writes no `studies` key (its fit.json is as before).
    @Test func filesWithoutStudiesKeepTheirFitJSON() throws {
        let model = try CalibrationTests.model(sd: "2")
        var settings = model.file.fit
        settings.starts = 1
        let outcome = try Calibration.fit(
            model.objective, settings: settings, relativeStep: model.defaultRelativeStep, jobs: 1, profiles: false)
        let report = try CalibrationReport(model: model, outcome: outcome, jobs: 1)
        #expect(report.fit["studies"] == nil && report.fit["replay"] == nil)
    }

    /// Leave-one-study-out on synthetic data with known noise (sd 2): every row is predicted, about
    /// 95 % of them fall in their intervals, and the result does not depend on the threads.
    @Test func crossValidationCoversSyntheticNoise() throws {
        let model = try Self.model(
            estimate: CalibrationTests.twoParameters, sd: "2", extra: #", "fit": {"starts": 2, "seed": 1}"#)
        let truth = CalibrationStudy.truth(model)
        var file = model.file
        let values = try CalibrationStudy.synthesize(model, truth: truth, seed: 9, defaultSD: 1)
        for i in file.measurements.indices { file.measurements[i].value = values[i] }
        // Arm b's protocol holds r_max 0.5, which the shared parameter replaces: the truth is 0.8 in every arm.
        let synthetic = try CalibrationModel(file: file, library: Fixture.library)
        let folds = try CrossValidation.run(synthetic, jobs: 1)
        #expect(folds.map(\.study) == ["s1", "s2", "c"])
        #expect(folds.flatMap(\.rows).count == file.measurements.count)
        let counted = folds.map(\.counted).reduce(0, +)
        let covered = folds.map(\.covered).reduce(0, +)
        #expect(counted == file.measurements.count)
        #expect(Double(covered) / Double(counted) >= 0.85, "coverage \(covered)/\(counted)")
        for fold in folds { #expect(fold.outcome.objective.count == 16) }
        let parallel = try CrossValidation.run(synthetic, jobs: 3)
        #expect(CrossValidation.table(parallel).text == CrossValidation.table(folds).text)
        #expect(
            CrossValidation.summary(parallel, model: synthetic).text()
                == CrossValidation.summary(folds, model: synthetic).text())
    }

    /// A file whose measurements come from one study has nothing to leave out.
    @Test func crossValidationNeedsTwoStudies() throws {
        let model = try CalibrationTests.model(sd: "2")
        let error = #expect(throws: ModelError.self) { try CrossValidation.check(model.file) }
        #expect(error?.location.hasSuffix("cal.json: arms") == true)
        #expect(
            error?.problem
                == "one study with measurements (blue); expected at least two for --cross-validate (an arm's study is its \"study\", else its name)"
        )
    }

    /// An arm averaging a virtual cohort predicts the mean of its subjects' own runs, each subject
    /// the arm's protocol with the cohort's sampled values (`CohortDesign`) applied.
    @Test func cohortMeanIsTheMeanOfTheSubjectsRuns() throws {
        let rows = Self.days.map { "blue,\($0),pore_reduction_percent,0,2,1\n" }.joined()
        let directory = try CalibrationTests.folder(
            estimate: CalibrationTests.twoParameters, rows: rows,
            arms: #"{"blue": {"protocol": "allumera-blue", "cohort": "facial-skin-population", "subjects": 3}}"#)
        let file = try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
        let model = try CalibrationModel(file: file, library: Fixture.library)
        #expect(file.arms[0].subjects.count == 3)
        let cohort = try CohortDefinition.load("facial-skin-population", library: Fixture.library)
        let design = CohortDesign(definition: cohort, subjects: 3, seed: cohort.seed)
        var finals: [[Double]] = []
        for i in 0..<3 {
            var definition = file.arms[0].definition
            try definition.apply(
                design.overrides(i) + [
                    Override(assignment: "response.reduction_max=0.5"),
                    Override(assignment: "response.tau_pore_days=40"),
                ], sections: Fixture.library)
            let run = try ProtocolSimulator(treatment: definition.resolve(), data: Fixture.data)
                .run()
            finals.append(Self.days.map { run.timeline[$0].poreReductionPercent })
        }
        let predicted = try model.predictions([0.5, 40])
        for (k, value) in predicted.enumerated() {
            let mean = (finals[0][k] + finals[1][k] + finals[2][k]) / 3
            #expect(abs(value - mean) <= 1e-12 * max(1, abs(mean)), "day \(Self.days[k]): \(value) vs \(mean)")
        }
        #expect(Set(finals.map { $0.last! }).count == 3)
    }

    /// Bad studies, cohorts and per-study estimates are named by key, with the value and what was expected.
    @Test(arguments: [
        (
            #""study:zz/response.reduction_max": {"start": 0.5, "lower": 0.1, "upper": 1}"#, Self.armsOK,
            "estimate.study:zz/response.reduction_max",
            "unknown study 'zz' (did you mean 's1'?); expected one of s1, blue2"
        ),
        (
            #""study:s1/light.spectrum": {"start": 0.5, "lower": 0.1, "upper": 1}"#, Self.armsOK,
            "estimate.study:s1/light.spectrum", "is not a real-valued parameter"
        ),
        (
            #""study:s1": {"start": 0.5, "lower": 0.1, "upper": 1}"#, Self.armsOK, "estimate.study:s1",
            "expected study:ID/SECTION.PARAMETER"
        ),
        (
            #""study:s1/response.tau_pore_day": {"start": 5, "lower": 1, "upper": 9}"#, Self.armsOK,
            "estimate.study:s1/response.tau_pore_day", "did you mean 'tau_pore_days'"
        ),
        (
            CalibrationTests.twoParameters, #"{"blue": {"protocol": "allumera-blue", "study": 5}}"#,
            "arms.blue.study", "5; expected a non-empty study id without '/'"
        ),
        (
            CalibrationTests.twoParameters, #"{"blue": {"protocol": "allumera-blue", "study": "a/b"}}"#,
            "arms.blue.study", "expected a non-empty study id without '/'"
        ),
        (
            CalibrationTests.twoParameters,
            #"{"blue": {"protocol": "allumera-blue", "cohort": "facial-skin-population"}}"#, "arms.blue.cohort",
            "without subjects; expected \"subjects\": N (1 to 1000) beside it"
        ),
        (
            CalibrationTests.twoParameters, #"{"blue": {"protocol": "allumera-blue", "subjects": 3}}"#,
            "arms.blue.subjects", "3 without a cohort; expected \"cohort\": NAME|FILE beside it"
        ),
        (
            CalibrationTests.twoParameters,
            #"{"blue": {"protocol": "allumera-blue", "cohort": "facial-skin-population", "subjects": 0}}"#,
            "arms.blue.subjects", "0; expected a whole number from 1 to 1000"
        ),
        (
            CalibrationTests.twoParameters,
            #"{"blue": {"protocol": "allumera-blue", "cohort": "nope", "subjects": 2}}"#,
            "arms.blue.cohort", "unknown cohort 'nope'"
        ),
        (
            CalibrationTests.twoParameters, #"{"blue": {"protocol": "allumera-blue", "studdy": "x"}}"#,
            "arms.blue.studdy", "did you mean 'study'"
        ),
    ])
    func badStudiesAndCohortsAreNamed(estimate: String, arms: String, location: String, message: String) throws {
        let rows = "blue,5,pore_reduction_percent,1,2,1\n"
        let directory = try CalibrationTests.folder(estimate: estimate, rows: rows, arms: arms)
        let error = #expect(throws: ModelError.self) {
            try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
        }
        #expect(error?.location.hasSuffix(location) == true, "\(String(describing: error))")
        #expect(error?.problem.contains(message) == true, "\(String(describing: error))")
    }

    static let armsOK =
        #"{"blue": {"protocol": "allumera-blue", "study": "s1"}, "blue2": {"protocol": "allumera-blue"}}"#

    /// The file-level cohort and the replay setting are checked too.
    @Test func fileLevelCohortAndReplayAreChecked() throws {
        let rows = "blue,5,pore_reduction_percent,1,2,1\n"
        let lone = try CalibrationTests.folder(
            estimate: CalibrationTests.twoParameters, rows: rows, extra: #", "cohort": "facial-skin-population""#)
        let e1 = #expect(throws: ModelError.self) {
            try CalibrationFile.load("\(lone)/cal.json", library: Fixture.library)
        }
        #expect(e1?.location.hasSuffix("cal.json: cohort") == true)
        let replay = try CalibrationTests.folder(
            estimate: CalibrationTests.twoParameters, rows: rows, extra: #", "fit": {"replay": "fast"}"#)
        let e2 = #expect(throws: ModelError.self) {
            try CalibrationFile.load("\(replay)/cal.json", library: Fixture.library)
        }
        #expect(e2?.location.hasSuffix("fit.replay") == true)
        #expect(e2?.problem == "\"fast\"; expected one of exact, interpolated")
        let shared = try CalibrationTests.folder(
            estimate: CalibrationTests.twoParameters, rows: rows,
            extra: #", "cohort": "facial-skin-population", "subjects": 2"#)
        let file = try CalibrationFile.load("\(shared)/cal.json", library: Fixture.library)
        #expect(file.arms[0].subjects.count == 2 && file.arms[0].cohort?.argument == "facial-skin-population")
    }
}
