import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics

/// Models/MODEL.md §2: spectra, normalisation, dose held as fluence or time, fractionation.
@Suite struct LightTests {
    @Test func gaussianIsNormalisedToTheTotal() throws {
        let light = LightSource(
            shape: .gaussian(centerNM: 417, fwhmNM: 30), irradianceMWPerCm2: 10, dose: .fluence(joulesPerCm2: 10))
        let spectrum = try light.spectrum(Fixture.data)
        #expect(close(spectrum.total, 10, relative: 1e-12))
        #expect(spectrum.wavelengths.count == 421)
        let peak = spectrum.irradiances.indices.max { spectrum.irradiances[$0] < spectrum.irradiances[$1] }!
        #expect(spectrum.wavelengths[peak] == 417)
        // Half maximum 15 nm either side of the centre.
        let half = spectrum.irradiances[peak] / 2
        #expect(close(spectrum.irradiances[peak + 15], half, relative: 1e-12))
        #expect(close(spectrum.irradiances[peak - 15], half, relative: 1e-12))
    }

    @Test func zeroWidthIsOneLineBetweenBins() throws {
        let light = LightSource(
            shape: .gaussian(centerNM: 632.8, fwhmNM: 0), irradianceMWPerCm2: 10, dose: .duration(seconds: 100))
        let spectrum = try light.spectrum(Fixture.data)
        #expect(spectrum.wavelengths == [632.8])
        #expect(spectrum.irradiances == [10])
        let expected = Fixture.data.ppixExtinction(632.8) / 166_000 * 10
        #expect(close(spectrum.ppixWeighted(Fixture.data), expected, relative: 1e-12))
    }

    @Test func bandHasEqualWeights() throws {
        let light = LightSource(
            shape: .band(lowNM: 500, highNM: 700), irradianceMWPerCm2: 40, dose: .fluence(joulesPerCm2: 20))
        let spectrum = try light.spectrum(Fixture.data)
        let lit = spectrum.irradiances.filter { $0 > 0 }
        #expect(lit.count == 201)
        #expect(lit.allSatisfy { close($0, 40.0 / 201, relative: 1e-12) })
        #expect(light.lightOnSeconds == 500)
    }

    /// Daylight: 73.76 mW/cm² of the AM1.5G shape gives ≈ 6 mW/cm² PpIX-weighted (Lerche et al. 2016).
    @Test func daylightPpIXWeightedIrradiance() throws {
        let light = try Fixture.treatment("daylight-ala").light
        let weighted = try light.spectrum(Fixture.data).ppixWeighted(Fixture.data)
        #expect(weighted > 5.4 && weighted < 6.6, "E_PpIX = \(weighted) mW/cm²")
        #expect(light.lightOnSeconds == 7200)
        #expect(close(light.incidentFluenceJPerCm2, 73.76 * 7.2, relative: 1e-12))
    }

    @Test func heldFluenceSetsTheLightOnTime() throws {
        let red = try Fixture.treatment("allumera-red").light
        #expect(close(red.lightOnSeconds, 493.333_333, relative: 1e-6))
        #expect(red.incidentFluenceJPerCm2 == 37)
    }

    @Test func tabulatedSpectrumIsInterpolatedAndZeroOutside() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tab-\(UUID().uuidString).csv").path
        try "wavelength_nm,relative_power\n600,0\n610,1\n620,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let light = LightSource(shape: .tabulated(path: path), irradianceMWPerCm2: 10, dose: .duration(seconds: 1))
        let spectrum = try light.spectrum(Fixture.data)
        #expect(close(spectrum.total, 10, relative: 1e-12))
        let at = { (w: Double) in spectrum.irradiances[Int(w) - 380] }
        #expect(at(610) == 1)
        #expect(close(at(605), 0.5, relative: 1e-12))
        #expect(at(599) == 0 && at(621) == 0)
    }

    @Test func noPowerInTheBinsIsAnError() {
        let line = LightSource(
            shape: .gaussian(centerNM: 900, fwhmNM: 0), irradianceMWPerCm2: 10, dose: .duration(seconds: 1))
        #expect(throws: ModelError.self) { try line.spectrum(Fixture.data) }
        let band = LightSource(
            shape: .band(lowNM: 850, highNM: 900), irradianceMWPerCm2: 10, dose: .duration(seconds: 1))
        #expect(throws: ModelError.self) { try band.spectrum(Fixture.data) }
    }

    @Test func fractionationRepeatsUntilTheLightOnTimeIsDelivered() {
        var light = LightSource(
            shape: .solar, irradianceMWPerCm2: 10, dose: .duration(seconds: 250),
            fractionation: Fractionation(onSeconds: 100, offSeconds: 60))
        let intervals = light.intervals
        #expect(intervals.map(\.seconds) == [100, 60, 100, 60, 50])
        #expect(intervals.map(\.lightOn) == [true, false, true, false, true])
        light.dose = .duration(seconds: 300)
        #expect(light.intervals.map(\.seconds) == [100, 60, 100, 60, 100])
        light.fractionation = nil
        #expect(light.intervals.map(\.seconds) == [300])
    }
}
