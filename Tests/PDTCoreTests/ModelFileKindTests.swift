import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

/// The registry of model-file kinds and the one envelope reader every loader and `validate` use.
@Suite("model-file kinds and the envelope")
struct ModelFileKindTests {
    /// The envelope of `text` read as a file `f.json` of kind `expected` (nil: any kind).
    static func read(_ text: String, expected: ModelFileKind? = nil) throws(ModelError) -> ModelLibrary.Document {
        try ModelLibrary.document(
            JSONValue.parse(Data(text.utf8), path: "f.json"), path: "f.json", expected: expected,
            kinds: ModelFileKind.all)
    }

    /// The error reading `text` throws, or nil when it reads.
    static func error(_ text: String, expected: ModelFileKind? = nil) -> ModelError? {
        do {
            _ = try read(text, expected: expected)
            return nil
        } catch {
            return error
        }
    }

    /// An envelope of kind `kind` with `extra` top-level members (`"key": value, …`).
    static func file(kind: String, version: String = "1", extra: String = "") -> String {
        #"{"format_version": \#(version), "kind": "\#(kind)", "name": "n", "description": "d"\#(extra)}"#
    }

    @Test("each kind is declared once: distinct names and folders, the envelope keys apart from the body's")
    func declarations() {
        let names = ModelFileKind.all.map(\.name)
        #expect(
            names == [
                "protocol", "cream", "light", "skin", "grid", "kinetics", "response", "solver", "session",
                "schedule", "readouts", "cohort", "calibration", "optimization", "medium",
            ])
        #expect(Set(ModelFileKind.all.map(\.folder)).count == names.count)
        for kind in ModelFileKind.all {
            #expect(ModelFileKind.named(kind.name) == kind)
            #expect(kind.formatVersions == (kind.name == "response" ? [1, 2] : [1]), "\(kind)")
            #expect(Set(kind.bodyKeys).isDisjoint(with: ModelFileKind.envelopeKeys), "\(kind)")
        }
        #expect(ModelFileKind.named("bogus") == nil)
    }

    @Test("every shipped file of a kind's folder is recognised as that kind")
    func shippedFilesAreTheirKind() throws {
        var count = 0
        for kind in ModelFileKind.all {
            for name in Fixture.library.presetNames(directory: kind.folder) {
                let path = Fixture.library.presetPath(directory: kind.folder, name: name)
                #expect(try ModelLibrary.readDocument(path, among: ModelFileKind.all).kind == kind, "\(path)")
                #expect(try ModelLibrary.readDocument(path, expected: kind).name.isEmpty == false, "\(path)")
                count += 1
            }
        }
        #expect(count >= 30, "Models/ holds the shipped files")
        for folder in ["cohorts", "calibrations", "optimizations", "media", "protocols", "lights"] {
            #expect(!Fixture.library.presetNames(directory: folder).isEmpty, "Models/\(folder) is empty")
        }
    }

    @Test("every JSON file under Models/, the evidence studies' included, is read as a registered kind")
    func everyShippedFileHasAKind() throws {
        let enumerator = try #require(FileManager.default.enumerator(atPath: Fixture.modelsPath))
        var count = 0
        while let item = enumerator.nextObject() as? String {
            guard item.hasSuffix(".json") else { continue }
            let document = try ModelLibrary.readDocument("\(Fixture.modelsPath)/\(item)", among: ModelFileKind.all)
            #expect(ModelFileKind.named(document.kind.name) != nil, "\(item)")
            count += 1
        }
        #expect(count >= 50)
    }

    @Test("an unknown or missing kind is refused with one line naming the file and the key")
    func unknownKind() {
        let every =
            "protocol, cream, light, skin, grid, kinetics, response, solver, session, schedule, readouts, cohort, calibration, optimization, medium"
        #expect(
            Self.error(Self.file(kind: "bogus"))
                == ModelError("f.json: kind", "\"bogus\"; expected one of \(every)"))
        #expect(
            Self.error(#"{"format_version": 1, "name": "n", "description": "d"}"#)
                == ModelError("f.json: kind", "missing; expected one of \(every)"))
        #expect(
            Self.error(#"{"format_version": 1, "knid": "light", "name": "n", "description": "d"}"#)
                == ModelError(
                    "f.json: knid",
                    "unknown key (did you mean 'kind'?); expected only format_version, kind, name, description and the keys of one kind"
                ))
        #expect(
            Self.error(Self.file(kind: "bogus"), expected: .cohort)
                == ModelError("f.json: kind", "\"bogus\"; expected \"cohort\""))
    }

    @Test("a file of another kind is refused by a loader of one kind, before its keys are judged")
    func otherKind() {
        #expect(
            Self.error(Self.file(kind: "cohort", extra: #", "sampling": {}"#), expected: .optimization)
                == ModelError("f.json: kind", "\"cohort\"; expected \"optimization\""))
        #expect(
            Self.error(Self.file(kind: "skin"), expected: .section(.light))
                == ModelError("f.json: kind", "\"skin\"; expected \"light\""))
    }

    @Test("a wrong or missing format_version is refused for every kind, naming the file and the key")
    func formatVersion() {
        for kind in ModelFileKind.all {
            let newest = kind.formatVersions.max()!
            let readable = kind.formatVersions.map(String.init).joined(separator: " or ")
            #expect(
                Self.error(Self.file(kind: kind.name, version: "\(newest + 1)"))
                    == ModelError(
                        "f.json: format_version",
                        "\(newest + 1) is not supported; this pdtsim reads format_version \(readable)"),
                "\(kind)")
            #expect(
                Self.error(Self.file(kind: kind.name, version: "\"1\""), expected: kind)
                    == ModelError("f.json: format_version", "\"1\"; expected \"format_version\": \(readable)"),
                "\(kind)")
            #expect(
                Self.error(#"{"kind": "\#(kind.name)", "name": "n", "description": "d"}"#)
                    == ModelError("f.json: format_version", "missing; expected \"format_version\": \(readable)"),
                "\(kind)")
            for version in kind.formatVersions {
                #expect(Self.error(Self.file(kind: kind.name, version: "\(version)")) == nil, "\(kind) \(version)")
            }
        }
    }

    @Test("an unknown top-level key is refused with the kind's keys and a suggestion")
    func unknownKey() {
        for kind in ModelFileKind.all {
            let misspelt = "x" + kind.bodyKeys.last!
            #expect(
                Self.error(Self.file(kind: kind.name, extra: #", "\#(misspelt)": 1"#))
                    == ModelError(
                        "f.json: \(misspelt)",
                        "unknown key (did you mean '\(kind.bodyKeys.last!)'?); expected only \(kind.allowedKeys.joined(separator: ", "))"
                    ), "\(kind)")
        }
    }

    @Test("name and description must be non-empty strings; extends only where the kind allows it")
    func nameDescriptionExtends() throws {
        #expect(
            Self.error(#"{"format_version": 1, "kind": "cohort", "name": " ", "description": "d"}"#)
                == ModelError("f.json: name", "\" \"; expected a non-empty string"))
        #expect(
            Self.error(#"{"format_version": 1, "kind": "medium", "name": "n"}"#)
                == ModelError("f.json: description", "missing; expected a non-empty string"))
        #expect(try Self.read(Self.file(kind: "light", extra: #", "extends": "blue-417""#)).extends == "blue-417")
        #expect(
            Self.error(Self.file(kind: "medium", extra: #", "extends": "x""#))?.location == "f.json: extends")
        let document = try Self.read(Self.file(kind: "calibration"), expected: .calibration)
        #expect(document.kind == .calibration && document.name == "n" && document.description == "d")
    }
}
