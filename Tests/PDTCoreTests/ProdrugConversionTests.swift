import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles

/// The prodrug's conversion to PpIX (Models/MODEL.md §5): the cream's `michaelis_factor` f_K makes the
/// synthesis V a/(f_K K_m + a), so that MAL (f_K = 3.69) makes far less PpIX than ALA at low strength
/// and less at high strength, as Juzeniene et al. 2006 measured in normal human skin.
@Suite("prodrug conversion")
struct ProdrugConversionTests {
    /// Epidermal PpIX at light-on after the reference session's incubation with `cream` at `percent`.
    func epidermalPpIX(_ cream: String, percent: Double) throws -> Double {
        try Fixture.treatment("allumera-blue", ["cream=\(cream)", "cream.concentration_percent=\(percent)"])
            .sessionModel(data: Fixture.data).run(sebaceousActivity: 1).ppixEpidermisAtLightOn
    }

    @Test("MAL ≪ ALA at 0.2 and 2 %, and MAL < ALA at 20 % (Juzeniene 2006)")
    func malBelowALA() throws {
        for percent in [0.2, 2] {
            let ala = try epidermalPpIX("ala-20pct", percent: percent)
            let mal = try epidermalPpIX("mal-16pct", percent: percent)
            #expect(ala > 0)
            #expect(mal < 0.5 * ala, "at \(percent) %: MAL \(mal) µM, ALA \(ala) µM")
        }
        let ala = try epidermalPpIX("ala-20pct", percent: 20)
        let mal = try epidermalPpIX("mal-16pct", percent: 20)
        #expect(mal < ala, "at 20 %: MAL \(mal) µM, ALA \(ala) µM")
        #expect(mal > 0.5 * ala, "at 20 % the skin is near saturation: MAL \(mal) µM, ALA \(ala) µM")
    }

    @Test("a cream without michaelis_factor takes 1 from its declared default, and the equations use f_K K_m")
    func defaultFactor() throws {
        let definition = try Fixture.library.loadProtocol("allumera-blue")
        let values = try #require(definition.sections[.cream])
        #expect(values.values["michaelis_factor"]?.value == .number(1))
        #expect(values.values["michaelis_factor"]?.origin == "default")
        let treatment = try Fixture.treatment()
        #expect(treatment.cream.michaelisFactor == 1)
        let mal = try Fixture.treatment("allumera-blue", ["cream=mal-16pct"])
        #expect(mal.cream.michaelisFactor == 3.69)
        let model = try mal.sessionModel(data: Fixture.data)
        let equations = model.equations(sebaceousActivity: 1)
        #expect(equations.michaelis == mal.kinetics.michaelisConstantUM * 3.69)
    }

    @Test("michaelis_factor = 1 written out gives the same session, bit for bit, as leaving it to the default")
    func explicitDefaultIsIdentical() throws {
        let implicit = try Fixture.treatment().sessionModel(data: Fixture.data).run(sebaceousActivity: 1)
        let explicit = try Fixture.treatment("allumera-blue", ["cream.michaelis_factor=1"])
            .sessionModel(data: Fixture.data).run(sebaceousActivity: 1)
        #expect(implicit.doseSebaceousUM == explicit.doseSebaceousUM)
        #expect(implicit.doseEpidermisUM == explicit.doseEpidermisUM)
        #expect(implicit.ppixEpidermisAtLightOn == explicit.ppixEpidermisAtLightOn)
    }
}
