import Foundation
import Testing

@testable import PDTCore

/// Models/MODEL.md §4 and §8: penetration depths, surface fluence factor and η.
@Suite struct OpticsTests {
    let optics: SkinOptics

    init() throws { optics = SkinOptics(skin: try Fixture.skin(), data: Fixture.data) }

    @Test func penetrationDepthsMatchTheSpecification() {
        #expect(close(optics.properties(at: 633).penetrationDepthCm * 10, 1.73, relative: 0.01))
        #expect(close(optics.properties(at: 417).penetrationDepthCm * 10, 0.23, relative: 0.02))
    }

    @Test func surfaceFluenceFactorAt633() {
        #expect(close(optics.fluenceFactor(wavelength: 633, depthCm: 0), 4.84, relative: 0.01))
    }

    @Test func excitationPerIrradiance() {
        #expect(
            close(Photophysics.excitationPerIrradiance(wavelengthNM: 417, data: Fixture.data), 0.986, relative: 0.005))
        #expect(
            close(Photophysics.excitationPerIrradiance(wavelengthNM: 633, data: Fixture.data), 0.0612, relative: 0.005))
        #expect(Photophysics.excitationPerIrradiance(wavelengthNM: 750, data: Fixture.data) == 0)
    }

    @Test func peakExtinctionIsTheSoretMaximum() {
        #expect(Fixture.data.ppixPeakExtinction == 166_000)
        #expect(Fixture.data.ppixWeight(408) == 1)
    }

    /// Melanin attenuates only within the epidermis: below it the ratio of two skin types' fluence
    /// factors is constant, exp(−p_mel ΔM μa,mel d_epi).
    @Test func melaninActsOnlyInTheEpidermis() throws {
        let dark = SkinOptics(skin: try Fixture.skin("fitzpatrick-5-6"), data: Fixture.data)
        let skin = optics.skin
        let expected = exp(
            -skin.melaninPathFactor * (0.15 - 0.02) * optics.properties(at: 500).melanosomeAbsorptionPerCm
                * skin.epidermisThicknessCm)
        for z in [0.01, 0.05, 0.2] {
            let ratio =
                dark.fluenceFactor(wavelength: 500, depthCm: z) / optics.fluenceFactor(wavelength: 500, depthCm: z)
            #expect(close(ratio, expected, relative: 1e-12))
        }
        #expect(dark.fluenceFactor(wavelength: 500, depthCm: 0) == optics.fluenceFactor(wavelength: 500, depthCm: 0))
    }

    /// Deep in the tissue the diffuse term dominates: f decays as exp(−μeff z).
    @Test func deepDecayIsTheEffectiveAttenuation() {
        let p = optics.properties(at: 633)
        let ratio = optics.fluenceFactor(p, depthCm: 0.25) / optics.fluenceFactor(p, depthCm: 0.2)
        #expect(close(ratio, exp(-p.effectiveAttenuationPerCm * 0.05), relative: 1e-3))
    }
}
