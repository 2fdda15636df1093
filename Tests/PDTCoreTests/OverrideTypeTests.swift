import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics

/// The typed override: `--set KEY=VALUE` read once (`Override(assignment:)`) and applied once
/// (`ProtocolDefinition.apply(_:sections:)`), for every kind of key, and every mistake's message.
@Suite("typed overrides")
struct OverrideTypeTests {
    static func base() throws -> ProtocolDefinition { try Fixture.library.loadProtocol("allumera-blue") }

    /// `assignment` read and applied to the base protocol (validated).
    static func applied(_ assignment: String) throws -> (Override, ProtocolDefinition) {
        let override = try Override(assignment: assignment)
        var definition = try base()
        try definition.apply([override], sections: Fixture.library)
        return (override, definition)
    }

    @Test("a number with its unit reads back exactly and renders as written")
    func numberWithUnit() throws {
        let (override, definition) = try Self.applied("light.center_nm= 632.5 ")
        #expect(override.section == .light && override.path == "light.center_nm")
        #expect(
            override.change
                == .parameter(
                    key: "center_nm",
                    Parameter(value: .number(632.5), unit: "nm", source: "set on the command line", origin: "--set")))
        #expect(override.text == " 632.5 " && override.assignment == "light.center_nm= 632.5 ")
        #expect(definition.sections[.light]?.number(LightParameters.center) == 632.5)
        #expect(definition.sections[.light]?.values["center_nm"]?.origin == "--set")
        let typed = try Override(path: "light.center_nm", number: 632.5)
        #expect(typed.change == override.change && typed.text == "632.5")
    }

    @Test("a whole number, a choice, a flag and a list of days")
    func otherKinds() throws {
        let (sessions, a) = try Self.applied("schedule.initial_sessions=2")
        #expect(sessions.spec?.key == "initial_sessions")
        #expect(a.sections[.schedule]?.values["initial_sessions"]?.value == .number(2))
        // A choice (applied alone: a band spectrum needs its edges before the protocol validates).
        let choice = try Override(assignment: "light.spectrum=band")
        var b = try Self.base()
        try b.apply(choice, sections: Fixture.library)
        #expect(
            choice.change
                == .parameter(
                    key: "spectrum",
                    Parameter(value: .text("band"), unit: nil, source: "set on the command line", origin: "--set")))
        #expect(b.sections[.light]?.values["spectrum"]?.value == .text("band"))
        let (_, c) = try Self.applied("session.cream_on_during_light=false")
        #expect(c.sections[.session]?.values["cream_on_during_light"]?.value == .flag(false))
        let (_, d) = try Self.applied("schedule.session_days=0, 14,28")
        #expect(d.sections[.schedule]?.values["session_days"]?.value == .list([0, 14, 28]))
        // A number for a key that takes text reads as that text does.
        let spectrum = try Override(path: "light.spectrum", number: 3)
        #expect(spectrum.text == "3")
        var definition = try Self.base()
        #expect(
            throws: ModelError(
                "--set light.spectrum", "'3' is not valid; expected one of gaussian, band, solar, tabulated")
        ) {
            try definition.apply(spectrum, sections: Fixture.library)
        }
    }

    @Test("a whole section by preset and by section file")
    func wholeSections() throws {
        let (preset, a) = try Self.applied("skin= fitzpatrick-5-6")
        #expect(preset.change == .section(reference: "fitzpatrick-5-6") && preset.path == "skin")
        var loaded = try Fixture.library.loadSection(.skin, reference: "fitzpatrick-5-6", relativeTo: nil)
        loaded.fillDefaults()
        #expect(a.sections[.skin] == loaded)
        let file = "\(Fixture.modelsPath)/skins/fitzpatrick-5-6.json"
        let (byFile, b) = try Self.applied("skin=\(file)")
        #expect(byFile.change == .section(reference: file))
        #expect(b.sections[.skin]?.values == a.sections[.skin]?.values)
        #expect(Override(section: .skin, reference: "fitzpatrick-5-6").change == preset.change)
    }

    @Test("overrides apply in order and the protocol is validated once, after the last")
    func orderAndValidation() throws {
        var definition = try Self.base()
        try definition.apply(
            [try Override(assignment: "light.center_nm=630"), try Override(assignment: "light.center_nm=405")],
            sections: Fixture.library)
        #expect(definition.sections[.light]?.number(LightParameters.center) == 405)
        // The string form parses each just before applying it, then the typed extras.
        var viaText = try Self.base()
        try viaText.apply(
            ["light.center_nm=630"], extra: [try Override(path: "light.center_nm", number: 405)],
            library: Fixture.library)
        #expect(viaText.sections[.light] == definition.sections[.light])
    }

    static func expectation(_ path: String) -> String {
        let parts = path.split(separator: ".").map(String.init)
        return Section(rawValue: parts[0])!.spec(parts[1])!.expectation
    }

    @Test(
        "every mistake in reading a --set is one line naming the flag, the key and the value",
        arguments: [
            ("light.center_nm", "--set light.center_nm", "expected KEY=VALUE, e.g. light.center_nm=633"),
            (
                "nosection.key=1", "--set nosection.key",
                "unknown section 'nosection'; expected KEY as SECTION.PARAMETER or SECTION with SECTION one of cream, light, skin, grid, kinetics, response, solver, session, schedule, readouts"
            ),
            (
                "ligth.center_nm=1", "--set ligth.center_nm",
                "unknown section 'ligth' (did you mean 'light'?); expected KEY as SECTION.PARAMETER or SECTION with SECTION one of cream, light, skin, grid, kinetics, response, solver, session, schedule, readouts"
            ),
            (
                "light.center=1", "--set light.center",
                "unknown light parameter 'center'; expected one of light.spectrum, light.center_nm, "
            ),
            (
                "light.center_nm=abc", "--set light.center_nm",
                "'abc' is not a number; expected " + expectation("light.center_nm")
            ),
            (
                "session.cream_on_during_light=maybe", "--set session.cream_on_during_light",
                "'maybe' is not valid; expected true or false"
            ),
            (
                "schedule.session_days=0,x", "--set schedule.session_days",
                "'x' is not a number; expected " + expectation("schedule.session_days")
            ),
        ])
    func readingMistakes(assignment: String, location: String, problem: String) {
        let error = #expect(throws: ModelError.self) { try Override(assignment: assignment) }
        #expect(error?.location == location)
        #expect(error?.problem.hasPrefix(problem) == true, "\(error?.problem ?? "")")
    }

    @Test(
        "every mistake in applying a read override is one line naming the flag, the key and the value",
        arguments: [
            (
                "light.center_nm=5000", "--set light.center_nm",
                "'5000' is not valid; expected " + expectation("light.center_nm")
            ),
            (
                "light.center_nm=1e400", "--set light.center_nm",
                "'1e400' is not finite; expected " + expectation("light.center_nm")
            ),
            (
                "schedule.initial_sessions=1.5", "--set schedule.initial_sessions",
                "'1.5' is not valid; expected " + expectation("schedule.initial_sessions")
            ),
            (
                "light.spectrum=laser", "--set light.spectrum",
                "'laser' is not valid; expected one of gaussian, band, solar, tabulated"
            ),
            (
                "schedule.session_days=0,2.5", "--set schedule.session_days",
                "2.5 is not valid; expected " + expectation("schedule.session_days")
            ),
            (
                "skin=no-such-skin", "--set skin",
                "unknown preset 'no-such-skin'; expected one of fitzpatrick-1-2, fitzpatrick-3-4, fitzpatrick-5-6, or a section file"
            ),
        ])
    func applyingMistakes(assignment: String, location: String, problem: String) throws {
        let override = try Override(assignment: assignment)
        var definition = try Self.base()
        let error = #expect(throws: ModelError.self) { try definition.apply(override, sections: Fixture.library) }
        #expect(error?.location == location)
        #expect(error?.problem.hasPrefix(problem) == true, "\(error?.problem ?? "")")
    }

    @Test("a section file that does not exist is named by its path")
    func missingSectionFile() throws {
        let override = try Override(assignment: "skin=/no/such/skin.json")
        var definition = try Self.base()
        let error = #expect(throws: ModelError.self) { try definition.apply(override, sections: Fixture.library) }
        #expect(error?.description.contains("/no/such/skin.json") == true, "\(error?.description ?? "")")
    }
}
