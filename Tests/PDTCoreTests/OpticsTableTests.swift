import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// The wavelength table of `pdtsim optics` against Models/MODEL.md §4 and §8.
@Suite struct OpticsTableTests {
    func table(
        _ preset: String = "fitzpatrick-1-2", wavelengths: [Double], depths: String = "0.1,0.5,1,2"
    ) throws
        -> OpticsTable
    {
        try OpticsTable(
            skin: try Fixture.skin(preset), data: Fixture.data, wavelengths: wavelengths,
            depths: try OpticsTable.depths(depths))
    }

    /// Column `name` of the only row of `t` for `wavelength`.
    func value(_ t: OpticsTable, _ name: String, at wavelength: Double) -> Double? {
        let csv = t.table
        guard let column = csv.header.firstIndex(of: name),
            let row = t.wavelengths.firstIndex(of: wavelength),
            case .number(let x) = csv.rows[row][column]
        else { return nil }
        return x
    }

    @Test("the header names every column with its unit; depth columns as the depths were given")
    func header() throws {
        let t = try table(wavelengths: [633], depths: "0.1,0.5,1,2")
        #expect(
            t.header == [
                "wavelength_nm", "mua_per_cm", "musp_per_cm", "penetration_depth_mm", "fluence_factor_surface",
                "fluence_factor_at_0.1mm", "fluence_factor_at_0.5mm", "fluence_factor_at_1mm", "fluence_factor_at_2mm",
                "excitation_per_s_per_mW_per_cm2", "ppix_weight", "melanin_transmission_epidermis",
            ])
    }

    @Test("penetration depths 1.73 mm at 633 nm and 0.23 mm at 417 nm; f(0, 633) ≈ 4.84; η(417) ≈ 0.986")
    func specificationValues() throws {
        let t = try table(wavelengths: [417, 633])
        #expect(close(value(t, "penetration_depth_mm", at: 633) ?? 0, 1.73, relative: 0.01))
        #expect(close(value(t, "penetration_depth_mm", at: 417) ?? 0, 0.23, relative: 0.02))
        #expect(close(value(t, "fluence_factor_surface", at: 633) ?? 0, 4.84, relative: 0.01))
        #expect(close(value(t, "excitation_per_s_per_mW_per_cm2", at: 417) ?? 0, 0.986, relative: 0.005))
        #expect(close(value(t, "excitation_per_s_per_mW_per_cm2", at: 633) ?? 0, 0.0612, relative: 0.005))
    }

    @Test("the PpIX weight is 1 at the Soret peak (408 nm); deeper light is weaker; red reaches deeper than blue")
    func shape() throws {
        let t = try table(wavelengths: [408, 417, 633])
        #expect(value(t, "ppix_weight", at: 408) == 1)
        for w in [408.0, 417, 633] {
            let f = ["fluence_factor_at_0.5mm", "fluence_factor_at_1mm", "fluence_factor_at_2mm"].map {
                value(t, $0, at: w) ?? 0
            }
            #expect(f[0] > f[1] && f[1] > f[2])
        }
        #expect((value(t, "fluence_factor_at_1mm", at: 633) ?? 0) > (value(t, "fluence_factor_at_1mm", at: 417) ?? 1))
    }

    @Test("melanin transmission is exp(−p_mel M μa,mel d_epi): lower for darker skin, blue lower than red")
    func melanin() throws {
        let light = try table(wavelengths: [417, 633])
        let dark = try table("fitzpatrick-5-6", wavelengths: [417, 633])
        let skin = try Fixture.skin("fitzpatrick-5-6")
        let muMel = SkinOptics(skin: skin, data: Fixture.data).properties(at: 417).melanosomeAbsorptionPerCm
        let expected = exp(-skin.melaninPathFactor * skin.melaninFraction * muMel * skin.epidermisThicknessCm)
        #expect(close(value(dark, "melanin_transmission_epidermis", at: 417) ?? 0, expected, relative: 1e-12))
        for w in [417.0, 633] {
            #expect(
                (value(dark, "melanin_transmission_epidermis", at: w) ?? 1)
                    < (value(light, "melanin_transmission_epidermis", at: w) ?? 0))
        }
        #expect(
            (value(dark, "melanin_transmission_epidermis", at: 417) ?? 1)
                < (value(dark, "melanin_transmission_epidermis", at: 633) ?? 0))
    }

    @Test("--wavelengths takes a range or a list; values outside the chromophore data are errors")
    func wavelengthSpecs() throws {
        #expect(try OpticsTable.wavelengths("380:800:1").count == 421)
        #expect(try OpticsTable.wavelengths("632.8,417") == [632.8, 417])
        #expect(throws: ModelError.self) { try OpticsTable.wavelengths("400,-5") }
        let error = #expect(throws: ModelError.self) { try table(wavelengths: [200]) }
        #expect(error?.problem.contains("200 nm lies outside") == true)
    }

    @Test("--depths-mm: numbers ≥ 0, distinct; anything else is an error")
    func depthSpecs() throws {
        #expect(try OpticsTable.depths(" 0, 0.08 ").map(\.text) == ["0", "0.08"])
        for bad in ["", "1,x", "-1", "1,1.0"] {
            let error = #expect(throws: ModelError.self) { try OpticsTable.depths(bad) }
            #expect(error?.location == "--depths-mm \(bad)")
        }
    }
}
