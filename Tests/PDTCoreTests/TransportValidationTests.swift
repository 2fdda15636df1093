import Foundation
import Testing

@testable import PDTCore
@testable import PDTModelFiles

/// The Monte Carlo transport against MCML's published validation cases (Wang, Jacques & Zheng
/// 1995; the MCML manual), each within 3 combined standard errors (ours from the batches, the
/// reference's as published) at the photon count used, which keeps each test fast in a debug
/// build; and energy conservation.
@Suite("Monte Carlo transport: MCML validation")
struct TransportValidationTests {
    static func medium(_ name: String) throws -> LayeredMedium {
        try MediumFile.load(Fixture.modelsPath + "/media/\(name).json").medium
    }

    static func run(_ name: String, photons: Int, seed: UInt64 = 1) throws -> TransportResult {
        let medium = try medium(name)
        let grid = TransportSettings.depthBins(medium: medium, bins: 50, binCm: nil)
        let settings = TransportSettings(
            stop: .photons(photons), seed: seed, binCm: grid.binCm, bins: grid.bins, jobs: 2)
        return try TransportProblem(medium: medium, settings: settings).run()
    }

    /// |value − reference| ≤ 3 √(SE² + reference SE²).
    func agrees(_ e: Estimate, _ reference: Double, referenceError: Double = 0) -> Bool {
        abs(e.value - reference) <= 3
            * (e.standardError * e.standardError + referenceError * referenceError).squareRoot()
    }

    /// R_sp + Rd + Tt + Σ absorbed = 1 within 3 standard errors of the sum (the roulette conserves
    /// energy only on average); the sum's error is bounded by the sum of the parts' errors.
    func conserves(_ r: TransportResult) -> Bool {
        let total =
            r.specularReflectance + r.diffuseReflectance.value + r.transmittance.value + r.absorbedFraction.value
        let error =
            r.diffuseReflectance.standardError + r.transmittance.standardError + r.absorbedFraction.standardError
        return abs(total - 1) <= 3 * error + 1e-12
    }

    @Test("slab n = 1, μa 10, μs 90 /cm, g 0.75, 0.02 cm: Rd 0.09734 ± 0.00035, Tt 0.66096 ± 0.00020")
    func matchedSlab() throws {
        let r = try Self.run("mcml-slab-matched", photons: 100_000)
        #expect(r.specularReflectance == 0)
        #expect(agrees(r.diffuseReflectance, 0.09734, referenceError: 0.00035), "Rd \(r.diffuseReflectance)")
        #expect(agrees(r.transmittance, 0.66096, referenceError: 0.00020), "Tt \(r.transmittance)")
        #expect(r.diffuseReflectance.standardError > 0 && r.diffuseReflectance.standardError < 0.002)
        #expect(conserves(r))
    }

    @Test("semi-infinite n = 1.5, μa 10, μs 90 /cm, g 0: total reflectance 0.25907 ± 0.0017")
    func semiInfinite() throws {
        let r = try Self.run("mcml-semi-infinite", photons: 40_000)
        #expect(abs(r.specularReflectance - 0.04) < 1e-15)
        #expect(r.transmittance.value == 0)
        let total = Estimate(
            value: r.specularReflectance + r.diffuseReflectance.value, standardError: r.diffuseReflectance.standardError
        )
        #expect(agrees(total, 0.25907, referenceError: 0.0017), "R \(total)")
        #expect(conserves(r))
    }

    @Test("MCML's three-layer sample: R_sp 0.02437, Rd 0.2375, Tt 0.0965, absorbed 0.2612/0.1488/0.2316")
    func threeLayer() throws {
        let r = try Self.run("mcml-three-layer", photons: 30_000)
        #expect(abs(r.specularReflectance - 0.02437) < 5e-6)
        #expect(agrees(r.diffuseReflectance, 0.2375), "Rd \(r.diffuseReflectance)")
        #expect(agrees(r.transmittance, 0.0965), "Tt \(r.transmittance)")
        for (layer, reference) in [0.2612, 0.1488, 0.2316].enumerated() {
            #expect(agrees(r.absorbedFractionByLayer[layer], reference), "layer \(layer): \(r.absorbedFractionByLayer)")
        }
        #expect(conserves(r))
    }

    @Test("the fluence is absorbed weight / (μa Δz N): Σ μa φ Δz over the bins equals the absorbed fraction")
    func fluenceMatchesAbsorption() throws {
        let medium = try Self.medium("mcml-three-layer")
        // 0.4 cm in 40 bins of 0.01 cm: the bins cover the whole finite medium, aligned to its layers.
        let settings = TransportSettings(stop: .photons(5_000), seed: 3, binCm: 0.01, bins: 40, jobs: 1)
        let r = try TransportProblem(medium: medium, settings: settings).run()
        var absorbed = [0.0, 0.0, 0.0]
        for (i, e) in r.fluence.enumerated() {
            let layer = i < 10 ? 0 : (i < 20 ? 1 : 2)
            absorbed[layer] += medium.layers[layer].muaPerCm * e.value * 0.01
        }
        for layer in 0..<3 {
            #expect(close(absorbed[layer], r.absorbedFractionByLayer[layer].value, relative: 1e-9))
        }
        // φ/E at the surface of a scattering medium under a broad beam exceeds 1 (backscatter).
        #expect(r.fluence[0].value > 1)
    }
}
