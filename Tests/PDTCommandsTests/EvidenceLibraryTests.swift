import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// `Models/evidence/`: one folder per published study, with the protocol files of its arms, its
/// measurements in the calibration format and a README naming its source (Models/evidence/README.md).
@Suite("evidence library")
struct EvidenceLibraryTests {
    static let folder = Repository.models.appendingPathComponent("evidence")

    /// The study folders, sorted.
    static func studies() -> [String] {
        let items = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return items.filter { item in
            var isFolder: ObjCBool = false
            let exists = FileManager.default.fileExists(
                atPath: folder.appendingPathComponent(item).path, isDirectory: &isFolder)
            return exists && isFolder.boolValue
        }.sorted()
    }

    static func files(of study: String, ending suffix: String) -> [URL] {
        let directory = folder.appendingPathComponent(study)
        let items = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return items.filter { $0.hasSuffix(suffix) }.sorted().map { directory.appendingPathComponent($0) }
    }

    /// The arm names of a study: its protocol files without `.json`.
    static func arms(of study: String) -> [String] {
        files(of: study, ending: ".json").map { $0.deletingPathExtension().lastPathComponent }
    }

    /// The observables pdtsim does not compute (kept in `measurements-v2.csv`: the investigator's
    /// appearance score and the global acne grading score), each with the observable it would be
    /// mapped from, which stands in for it so that the shared measurement reader can check every
    /// other field of those rows.
    static let pendingObservables = [
        "investigator_appearance_score": "pore_reduction_percent", "acne_severity_relative": "inflammation",
    ]

    /// The first DOI (10.NNNN/…) in `text`, if any.
    static func doi(in text: String) -> String? {
        guard let match = text.firstMatch(of: /10\.\d{4,9}\/[^\s,;)*]+/) else { return nil }
        return String(match.output).trimmingCharacters(in: CharacterSet(charactersIn: "."))
    }

    @Test("the library holds at least six studies, RevitAll among them, and an index README")
    func library() throws {
        let studies = Self.studies()
        #expect(studies.count >= 6, "studies: \(studies)")
        #expect(studies.contains("revitall"))
        let index = try String(contentsOf: Self.folder.appendingPathComponent("README.md"), encoding: .utf8)
        for study in studies {
            #expect(index.contains("[\(study)](\(study)/README.md)"), "the index README does not list \(study)")
        }
    }

    @Test("each study has a README with its citation and DOI line, and at least one arm", arguments: studies())
    func readme(_ study: String) throws {
        let text = try String(
            contentsOf: Self.folder.appendingPathComponent(study).appendingPathComponent("README.md"), encoding: .utf8)
        #expect(text.contains("**Citation.**"), "\(study)/README.md names no citation")
        let line = try #require(
            text.split(separator: "\n").first { $0.hasPrefix("**DOI: ") }, "\(study)/README.md has no DOI line")
        let known = Self.doi(in: String(line)) != nil
        let explained = ["none", "not verified", "not found"].contains { line.contains("**DOI: \($0)") }
        #expect(known || explained, "\(study)/README.md: \(line)")
        #expect(!Self.arms(of: study).isEmpty, "\(study) has no protocol file")
    }

    @Test("every arm of every study validates as a protocol", arguments: studies())
    func armsValidate(_ study: String) throws {
        let paths = Self.files(of: study, ending: ".json").map(\.path)
        try withTemporaryDirectory { directory in
            let result = try runPDTSim(["validate"] + paths, in: directory)
            #expect(result.status == 0, "stderr: \(result.stderr)")
            #expect(result.stderr.isEmpty)
            for (path, arm) in zip(paths, Self.arms(of: study)) {
                #expect(result.stdout.contains("ok: \(path) (protocol \(arm))\n"), "stdout: \(result.stdout)")
            }
        }
    }

    @Test(
        "measurement files parse with the calibration reader, on the arms' own days, citing the README's DOI",
        arguments: studies())
    func measurements(_ study: String) throws {
        let directory = Self.folder.appendingPathComponent(study)
        let arms = Self.arms(of: study)
        let readme = try String(contentsOf: directory.appendingPathComponent("README.md"), encoding: .utf8)
        let library = try ModelLibrary(root: Repository.models.path)
        var horizons: [String: Int] = [:]
        for arm in arms {
            let definition = try library.loadProtocol(directory.appendingPathComponent("\(arm).json").path)
            horizons[arm] = try definition.resolve().schedule.horizonDays
        }
        var rows: [PDTStudies.Measurement] = []
        let current = directory.appendingPathComponent("measurements.csv")
        if FileManager.default.fileExists(atPath: current.path) {
            rows += try MeasurementTable.load(current.path, arms: arms)
        }
        let pending = directory.appendingPathComponent("measurements-v2.csv")
        if FileManager.default.fileExists(atPath: pending.path) {
            let text = try String(contentsOf: pending, encoding: .utf8)
            let refusal = #expect(throws: ModelError.self) {
                try MeasurementTable.parse(text, path: pending.path, arms: arms)
            }
            #expect(refusal?.description.contains("is not an observable") == true, "\(String(describing: refusal))")
            var standIn = text
            for (name, today) in Self.pendingObservables {
                standIn = standIn.replacingOccurrences(of: ",\(name),", with: ",\(today),")
            }
            rows += try MeasurementTable.parse(standIn, path: pending.path, arms: arms)
        }
        for row in rows {
            let horizon = try #require(horizons[row.arm])
            #expect(row.day < horizon, "\(row.location): day \(row.day) is not before the horizon \(horizon)")
        }
        if let doi = Self.doi(in: readme) {
            for file in [current, pending] where FileManager.default.fileExists(atPath: file.path) {
                let comments = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
                    .filter { $0.hasPrefix("#") }.joined(separator: "\n")
                #expect(comments.contains(doi), "\(file.lastPathComponent) of \(study) does not cite \(doi)")
            }
        }
    }
}
