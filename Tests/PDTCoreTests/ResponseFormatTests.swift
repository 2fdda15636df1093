import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// Response files of format 1 and 2 (Models/MODEL.md §11) and the checks of the format-2 keys.
@Suite struct ResponseFormatTests {
    /// The shipped default response file as an object, with `format_version` and `parameters` changed.
    static func file(version: Int, adding extra: [String: Any] = [:], removing: [String] = []) throws -> String {
        let url = URL(fileURLWithPath: Fixture.modelsPath).appendingPathComponent("responses/default.json")
        var object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        var parameters = try #require(object["parameters"] as? [String: Any])
        for key in removing { parameters[key] = nil }
        for (key, value) in extra { parameters[key] = value }
        object["parameters"] = parameters
        object["format_version"] = version
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-response-\(UUID()).json")
        try JSONSerialization.data(withJSONObject: object).write(to: path)
        return path.path
    }

    static let newKeys = ["tau_drive_days", "drive_reduction_max", "drive_d50_uM", "reduction_sebum_max"]

    static func entry(_ value: Double, _ unit: String) -> [String: Any] {
        ["value": value, "unit": unit, "source": "test"]
    }

    static func load(_ path: String) throws(ModelError) -> Response {
        var values = try Fixture.library.loadSection(.response, reference: path, relativeTo: nil)
        values.fillDefaults()
        return try ResponseParameters.build(ParameterReader(values, location: path))
    }

    @Test("a format-1 file without the new keys reads, taking b_max = 0 and r_S = 0")
    func formatOneReads() throws {
        let path = try Self.file(version: 1, removing: Self.newKeys)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let response = try Self.load(path)
        #expect(response.driveReductionMax == 0)
        #expect(response.reductionSebumMax == 0)
        // The other keys are the default file's; the four new ones take the values a format-1 file
        // takes, those of the format-1 preset revitall-single-point.
        let formatOne = try Fixture.treatment("allumera-blue", ["response=revitall-single-point"]).response
        var expected = try Fixture.treatment().response
        expected.tauDriveDays = formatOne.tauDriveDays
        expected.driveReductionMax = formatOne.driveReductionMax
        expected.driveD50UM = formatOne.driveD50UM
        expected.reductionSebumMax = formatOne.reductionSebumMax
        #expect(response == expected)
    }

    @Test("a format-2 file reads its new keys")
    func formatTwoReads() throws {
        let path = try Self.file(
            version: 2,
            adding: [
                "drive_reduction_max": Self.entry(0.5, "1"), "reduction_sebum_max": Self.entry(0.2, "1"),
                "tau_drive_days": Self.entry(30, "d"), "drive_d50_uM": Self.entry(250, "uM"),
            ])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let response = try Self.load(path)
        #expect(response.driveReductionMax == 0.5)
        #expect(response.reductionSebumMax == 0.2)
        #expect(response.tauDriveDays == 30)
        #expect(response.driveD50UM == 250)
        #expect(close(response.driveReduction(epidermalDoseUM: 250), 0.25, relative: 1e-15))
    }

    @Test("a format-1 file holding a format-2 key is refused, naming the file, the key and the version")
    func formatOneRefusesNewKeys() throws {
        for key in Self.newKeys {
            let path = try Self.file(version: 1, adding: [key: Self.entry(0, "1")], removing: Self.newKeys)
            defer { try? FileManager.default.removeItem(atPath: path) }
            #expect(
                throws: ModelError(
                    "\(path): parameters.\(key)",
                    "is a key of response format_version 2, but the file declares format_version 1; expected \"format_version\": 2 or only the keys of format_version 1"
                )
            ) { try Self.load(path) }
        }
    }

    @Test(
        "bad values of the format-2 keys are refused with their message",
        arguments: [
            (
                "response.drive_reduction_max=1.5", "--set response.drive_reduction_max",
                "'1.5' is not valid; expected a number (dimensionless) between 0 and 1"
            ),
            (
                "response.reduction_sebum_max=-0.1", "--set response.reduction_sebum_max",
                "'-0.1' is not valid; expected a number (dimensionless) between 0 and 1"
            ),
            (
                "response.tau_drive_days=0", "--set response.tau_drive_days",
                "'0' is not valid; expected a number in d between 0.1 and 3650"
            ),
            (
                "response.drive_d50_uM=0", "--set response.drive_d50_uM",
                "'0' is not valid; expected a number in uM between 0.001 and 100000"
            ),
            (
                "response.reduction_sebum_max=0.3", "--set: response.reduction_sebum_max",
                "reduction_max + reduction_sebum_max = 0.8 + 0.3 exceeds 1; expected a sum ≤ 1 (the pore size at full suppression, 1 − r_I − r_S, cannot be negative)"
            ),
        ])
    func badValues(assignment: String, location: String, problem: String) throws {
        #expect(throws: ModelError(location, problem)) { try Fixture.treatment("allumera-blue", [assignment]) }
    }

    @Test("the new timeline observables read S and I")
    func observables() throws {
        let (_, result) = try ResponsePathwaysTests.oneSession(["response.drive_reduction_max=0.5"])
        let sebum = try #require(Observable(name: "sebum_relative"))
        let lesions = try #require(Observable(name: "inflammatory_lesions_relative"))
        for day in [0, 1, 30, 200] {
            #expect(sebum.value(in: result, day: day) == result.timeline[day].state.sebaceousActivity)
            #expect(lesions.value(in: result, day: day) == result.timeline[day].state.inflammation)
        }
        #expect(lesions.value(in: result, day: 30)! < sebum.value(in: result, day: 30)!)
        let q = try Quantity.parse("timeline:inflammatory_lesions_relative:min:0:200", location: "t")
        #expect(q == .timeline(column: "inflammatory_lesions_relative", aggregate: .min, fromDay: 0, toDay: 200))
    }
}
