import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import Testing

/// The model reads no model files: an override that names a whole section (`--set skin=NAME`)
/// takes it from the `SectionLibrary` it is handed. Here that library holds its sections in memory,
/// read once from the shipped folder, so any file the model opened itself would show as a
/// difference from the `ModelLibrary` run or as an unexpected error.
@Suite("the section library seam between the model and the model files")
struct SectionLibraryTests {
    /// Sections by "section/reference", served without touching the disk.
    struct InMemoryLibrary: SectionLibrary {
        var sections: [String: SectionValues]

        func loadSection(
            _ section: Section, reference: String, relativeTo base: String?
        ) throws(ModelError) -> SectionValues {
            guard let values = sections["\(section.rawValue)/\(reference)"] else {
                throw ModelError(section.rawValue, "unknown preset '\(reference)'; expected one held in memory")
            }
            return values
        }
    }

    @Test("--set SECTION=NAME takes the section the library gives, as ModelLibrary would give it")
    func overrideTakesTheSectionFromTheLibrary() throws {
        let dark = try Fixture.library.loadSection(.skin, preset: "fitzpatrick-5-6")
        let memory = InMemoryLibrary(sections: ["skin/very-dark": dark])
        var fromMemory = try Fixture.library.loadProtocol("allumera-blue")
        try fromMemory.apply(["skin=very-dark"], library: memory)
        var fromFiles = try Fixture.library.loadProtocol("allumera-blue")
        try fromFiles.apply(["skin=fitzpatrick-5-6"], library: Fixture.library)
        #expect(fromMemory.sections[.skin] == fromFiles.sections[.skin])
        #expect(fromMemory.sections[.skin]?.preset == "fitzpatrick-5-6")
        #expect(try fromMemory.resolve().skin == fromFiles.resolve().skin)
    }

    @Test("a section the library does not know is named at the --set flag, with the library's reason")
    func unknownSectionIsNamedAtTheFlag() throws {
        var definition = try Fixture.library.loadProtocol("allumera-blue")
        #expect(throws: ModelError("--set skin", "unknown preset 'pale'; expected one held in memory")) {
            try definition.apply(Override(path: "skin", text: "pale"), sections: InMemoryLibrary(sections: [:]))
        }
    }
}
