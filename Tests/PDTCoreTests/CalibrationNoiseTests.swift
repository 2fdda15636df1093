import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// A calibration's measurements from several files, and its noise groups: pooled by the file's
/// `noise`, refused when a group whose σ is estimated has a single row.
@Suite struct CalibrationNoiseTests {
    /// Arms a (study s1), b (study s2), one blue session each.
    static let arms = """
        {"a": {"protocol": "allumera-blue", "study": "s1"}, "b": {"protocol": "allumera-blue", "study": "s2"}}
        """

    static let header = "arm,day,observable,value,sd,n\n"

    /// A folder with cal.json (`measurements` and `extra` as given) and the CSV files `files`.
    static func folder(measurements: String, files: [String: String], extra: String = "") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-noise-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let json = """
            {"format_version": 1, "kind": "calibration", "name": "test", "description": "a test",
             "measurements": \(measurements), "arms": \(arms),
             "set": {"schedule.horizon_days": 200, "schedule.initial_sessions": 1},
             "estimate": {\(CalibrationTests.twoParameters)}\(extra)}
            """
        try json.write(toFile: "\(directory)/cal.json", atomically: true, encoding: .utf8)
        for (name, rows) in files {
            try (header + rows).write(toFile: "\(directory)/\(name)", atomically: true, encoding: .utf8)
        }
        return directory
    }

    static func load(_ directory: String) throws -> CalibrationFile {
        try CalibrationFile.load("\(directory)/cal.json", library: Fixture.library)
    }

    static func error(_ directory: String) -> ModelError? {
        #expect(throws: ModelError.self) { try load(directory) }
    }

    static let a = "a,14,pore_reduction_percent,4,,1\na,42,pore_reduction_percent,20,,1\n"
    static let b = "b,14,pore_reduction_percent,5,,1\nb,42,pore_reduction_percent,21,,1\n"

    /// An array of files: the rows of each, concatenated in order; fit.json echoes the array.
    @Test func severalFilesConcatenateInOrder() throws {
        let directory = try Self.folder(
            measurements: #"["b.csv", "a.csv"]"#, files: ["a.csv": Self.a, "b.csv": Self.b])
        let file = try Self.load(directory)
        #expect(file.measurementsPaths == ["\(directory)/b.csv", "\(directory)/a.csv"])
        #expect(file.measurementsListed)
        #expect(file.measurements.map(\.arm) == ["b", "b", "a", "a"])
        #expect(
            file.measurements.map(\.location) == [
                "\(directory)/b.csv:2", "\(directory)/b.csv:3", "\(directory)/a.csv:2", "\(directory)/a.csv:3",
            ])
        let single = try Self.load(try Self.folder(measurements: #""a.csv""#, files: ["a.csv": Self.a + Self.b]))
        #expect(!single.measurementsListed)
        #expect(single.measurementsPaths.count == 1)
    }

    /// fit.json's measurements_file: a string for one file (as before), an array for several.
    @Test func fitJSONEchoesTheFormWritten() throws {
        for (written, listed) in [(#"["a.csv", "b.csv"]"#, true), (#""a.csv""#, false)] {
            let files = listed ? ["a.csv": Self.a, "b.csv": Self.b] : ["a.csv": Self.a + Self.b]
            let directory = try Self.folder(measurements: written, files: files)
            let model = try CalibrationModel(file: try Self.load(directory), library: Fixture.library)
            var settings = model.file.fit
            settings.starts = 1
            settings.maxIterations = 3
            let outcome = try Calibration.fit(
                model.objective, settings: settings, relativeStep: model.defaultRelativeStep, jobs: 1,
                profiles: false)
            let report = try CalibrationReport(model: model, outcome: outcome, jobs: 1)
            let expected: JSONOutput =
                listed
                ? .array([.string("\(directory)/a.csv"), .string("\(directory)/b.csv")])
                : .string("\(directory)/a.csv")
            #expect(report.fit["measurements_file"] == expected)
        }
    }

    /// Bad `measurements`: the element is named.
    @Test func badMeasurementListsNameTheElement() throws {
        let wrongKind = Self.error(
            try Self.folder(measurements: #"["a.csv", 3]"#, files: ["a.csv": Self.a]))
        #expect(wrongKind?.location.hasSuffix("cal.json: measurements[1]") == true)
        #expect(wrongKind?.problem == "3; expected the path of a measurement file (relative to the calibration file)")
        let missing = Self.error(
            try Self.folder(
                measurements: #"["a.csv", "b.csv", "gone.csv"]"#, files: ["a.csv": Self.a, "b.csv": Self.b]))
        #expect(missing?.location.hasSuffix("cal.json: measurements[2]") == true)
        #expect(
            missing?.problem.contains("gone.csv: cannot read the measurement file") == true,
            "\(String(describing: missing))")
        let empty = Self.error(try Self.folder(measurements: "[]", files: [:]))
        #expect(empty?.location.hasSuffix("cal.json: measurements") == true)
        #expect(empty?.problem == "[]; expected the path of a measurement file, or a non-empty array of paths")
        let row = Self.error(
            try Self.folder(
                measurements: #"["a.csv", "b.csv"]"#,
                files: ["a.csv": Self.a, "b.csv": "c,14,pore_reduction_percent,5,,1\n"]))
        #expect(row?.location.hasSuffix("b.csv:2: arm") == true, "\(String(describing: row))")
    }

    /// A group whose σ is estimated needs two rows: one row is refused, naming the group and the way out.
    @Test func singleRowGroupIsRefused() throws {
        let one = "a,14,pore_reduction_percent,4,,1\n"
        let error = Self.error(try Self.folder(measurements: #""m.csv""#, files: ["m.csv": Self.b + one]))
        #expect(error?.location.hasSuffix("m.csv:4") == true, "\(String(describing: error))")
        #expect(
            error?.problem
                == "noise group 'study:s1/pore_reduction_percent' has this one row without sd, so its σ cannot be estimated (the deviance would fall to −∞ as the fit matches it); expected at least 2 rows per estimated σ: give the row an sd, or pool the group with another in the calibration's \"noise\""
        )
        let withSD = try Self.load(
            try Self.folder(measurements: #""m.csv""#, files: ["m.csv": Self.b + "a,14,pore_reduction_percent,4,2,1\n"])
        )
        #expect(withSD.measurements.count == 3)
        let pooled = try Self.load(
            try Self.folder(
                measurements: #""m.csv""#, files: ["m.csv": Self.b + one],
                extra: #", "noise": {"pore_reduction_percent": "pores"}"#))
        let model = try CalibrationModel(file: pooled, library: Fixture.library)
        #expect(model.objective.groupNames == ["pores"])
    }

    /// A group that loses all but one row when a study is left out is refused in that refit.
    @Test func crossValidationRefusesASingleRowRefit() throws {
        let rows = "a,14,pore_reduction_percent,4,,1\nb,14,pore_reduction_percent,5,,1\n"
        let directory = try Self.folder(
            measurements: #""m.csv""#, files: ["m.csv": rows],
            extra: #", "noise": {"study:s1/pore_reduction_percent": "g", "study:s2/pore_reduction_percent": "g"}"#)
        let model = try CalibrationModel(file: try Self.load(directory), library: Fixture.library)
        #expect(model.objective.groupNames == ["g"])
        let error = #expect(throws: ModelError.self) { try CrossValidation.run(model, jobs: 1) }
        #expect(error?.location == "--cross-validate")
        #expect(
            error?.problem.hasPrefix(
                "refit without study s1: \(directory)/m.csv:3: noise group 'g' has this one row without sd") == true,
            "\(String(describing: error))")
    }

    /// A study's own key takes precedence over the observable's; unnamed groups keep their default.
    @Test func poolingByObservableAndByStudy() throws {
        let directory = try Self.folder(
            measurements: #""m.csv""#, files: ["m.csv": Self.a + Self.b],
            extra: #", "noise": {"pore_reduction_percent": "all", "study:s2/pore_reduction_percent": "own"}"#)
        let model = try CalibrationModel(file: try Self.load(directory), library: Fixture.library)
        #expect(model.file.measurements.map(model.noiseGroup) == ["all", "all", "own", "own"])
        #expect(model.objective.groupNames == ["all", "own"])
        let unpooled = try CalibrationModel(
            file: try Self.load(try Self.folder(measurements: #""m.csv""#, files: ["m.csv": Self.a + Self.b])),
            library: Fixture.library)
        #expect(
            unpooled.objective.groupNames == ["study:s1/pore_reduction_percent", "study:s2/pore_reduction_percent"])
    }

    /// A pooled group, like any other, gives sd on every row or on none.
    @Test func pooledGroupNeedsSDEverywhereOrNowhere() throws {
        let mixed = Self.a + "b,14,pore_reduction_percent,5,2,1\nb,42,pore_reduction_percent,21,2,1\n"
        let separate = try Self.load(try Self.folder(measurements: #""m.csv""#, files: ["m.csv": mixed]))
        #expect(separate.measurements.count == 4)
        let error = Self.error(
            try Self.folder(
                measurements: #""m.csv""#, files: ["m.csv": mixed],
                extra: #", "noise": {"pore_reduction_percent": "all"}"#))
        #expect(error?.location.hasSuffix("m.csv:2: sd") == true, "\(String(describing: error))")
        #expect(
            error?.problem.hasSuffix(
                "m.csv:4 gives an sd in the same noise group 'all'; expected sd on every row of a noise group (weighted fit) or on none (σ estimated)"
            ) == true, "\(String(describing: error))")
    }

    /// Bad `noise` entries are named by key.
    @Test(
        arguments: [
            (#"[1]"#, "noise", #"is a list; expected an object of "OBSERVABLE" or "study:ID/OBSERVABLE": GROUP"#),
            (
                #"{"study:s3/pore_reduction_percent": "g"}"#, "noise.study:s3/pore_reduction_percent",
                "unknown study 's3' (did you mean 's1'?); expected a study an arm names (s1, s2)"
            ),
            (#"{"study:s1": "g"}"#, "noise.study:s1", "expected OBSERVABLE or study:ID/OBSERVABLE"),
            (
                #"{"pore_reduction_percent": ""}"#, "noise.pore_reduction_percent",
                "\"\"; expected a non-empty noise group name"
            ),
            (
                #"{"sebum_relative": "g"}"#, "noise.sebum_relative",
                "'sebum_relative' is not measured; expected one of pore_reduction_percent"
            ),
        ])
    func badNoise(noise: String, location: String, problem: String) throws {
        let error = Self.error(
            try Self.folder(
                measurements: #""m.csv""#, files: ["m.csv": Self.a + Self.b], extra: #", "noise": \#(noise)"#))
        #expect(error?.location.hasSuffix("cal.json: \(location)") == true, "\(String(describing: error))")
        #expect(error?.problem == problem, "\(String(describing: error))")
    }
}
