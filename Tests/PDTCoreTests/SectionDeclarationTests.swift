import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics
@testable import PDTStudies

@Suite("section declarations: one declaration per parameter")
struct SectionDeclarationTests {
    /// Every section of every shipped protocol, with the keys its builder read.
    func keysRead() throws -> [Section: Set<String>] {
        var read: [Section: Set<String>] = [:]
        for name in Fixture.library.presetNames(directory: "protocols") {
            let definition = try Fixture.library.loadProtocol(name)
            for section in Section.allCases {
                let reader = try definition.reader(section)
                _ = try section.declaration.build(reader)
                read[section, default: []].formUnion(reader.read)
            }
        }
        return read
    }

    @Test("each builder reads every parameter its section declares, and nothing undeclared")
    func buildersReadTheirDeclarations() throws {
        let read = try keysRead()
        for section in Section.allCases {
            let declared = Set(section.specs.map(\.key))
            #expect(read[section] == declared, "\(section): read \(read[section] ?? []), declared \(declared)")
        }
    }

    @Test("keys are unique within a section, and the section's key lookup finds each declaration")
    func uniqueKeys() {
        for section in Section.allCases {
            let keys = section.specs.map(\.key)
            #expect(Set(keys).count == keys.count, "\(section) repeats a key")
            for spec in section.specs { #expect(section.spec(spec.key) == spec) }
        }
    }

    @Test("every number, whole number and list has a finite range with its reason")
    func everyRangeIsFiniteAndExplained() {
        for section in Section.allCases {
            for spec in section.specs {
                switch spec.kind {
                case .number(let b), .integer(let b), .integerList(let b):
                    #expect(b.isFinite, "\(section.rawValue).\(spec.key): \(b.phrase)")
                    #expect(!spec.rangeReason.isEmpty, "\(section.rawValue).\(spec.key) has no reason for its range")
                case .choice, .flag, .path: break
                }
            }
        }
    }

    @Test("a builder reports a missing parameter as a ModelError, never a crash")
    func missingParameterIsAnError() throws {
        let values = SectionValues(section: .cream)
        #expect(
            throws: ModelError(
                "here",
                "cream.concentration_percent is missing; expected \(CreamParameters.concentration.expectation) (prodrug strength, % w/w)"
            )
        ) {
            try CreamParameters.build(ParameterReader(values, location: "here"))
        }
    }

    @Test("the share of a gaussian's power on 380–800 nm: half at an edge, all in the middle")
    func gaussianShare() {
        #expect(abs(SpectrumShape.gaussianShare(centerNM: 380, fwhmNM: 10) - 0.5) < 1e-12)
        #expect(abs(SpectrumShape.gaussianShare(centerNM: 590, fwhmNM: 30) - 1) < 1e-12)
        #expect(SpectrumShape.gaussianShare(centerNM: 200, fwhmNM: 30) < 1e-20)
    }

    @Test("the files a protocol uses: protocol chain, section files, reference data, each once")
    func dataFiles() throws {
        let definition = try Fixture.library.loadProtocol("allumera-red")
        let paths = definition.dataFilePaths
        let models = Fixture.library.root
        #expect(paths.first == "\(models)/protocols/allumera-red.json")
        #expect(paths.contains("\(models)/protocols/allumera-blue.json"))
        #expect(paths.contains("\(models)/lights/red-635.json"))
        #expect(!paths.contains("\(models)/lights/blue-417.json"), "the replaced light is not used")
        #expect(paths.contains("\(models)/skins/fitzpatrick-1-2.json"))
        #expect(paths.contains("\(models)/data/ppix_absorption.csv"))
        #expect(Set(paths).count == paths.count)
        for file in definition.dataFiles {
            let data = try Data(contentsOf: URL(fileURLWithPath: file.path))
            #expect(file.sha256 == SHA256.hex([UInt8](data)))
        }
    }
}
