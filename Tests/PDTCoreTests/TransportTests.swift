import Foundation
import Testing

@testable import PDTCore
@testable import PDTStudies

/// The parts of the transport: the random streams, Fresnel reflection, the batch statistics,
/// reproducibility across threads, the target relative standard error, and the medium file.
@Suite("Monte Carlo transport: parts")
struct TransportTests {
    @Test("SplitMix64 gives Vigna's published outputs for state 0")
    func splitMixReference() {
        var random = SplitMix64(state: 0)
        let outputs = (0..<4).map { _ in random.next() }
        #expect(
            outputs == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F, 0xF88B_B8A8_724C_81EC])
    }

    @Test("batch streams differ by seed and by batch; uniforms lie in [0, 1) and (0, 1] with mean ½")
    func streams() {
        var a = SplitMix64(seed: 1, batch: 0)
        var b = SplitMix64(seed: 1, batch: 1)
        let c = SplitMix64(seed: 2, batch: 0)
        #expect(a.next() != b.next())
        #expect(SplitMix64(seed: 1, batch: 0).state != c.state)
        var sum = 0.0
        for _ in 0..<100_000 {
            let u = a.uniform()
            let v = b.uniformPositive()
            #expect(u >= 0 && u < 1 && v > 0 && v <= 1)
            sum += u
        }
        #expect(abs(sum / 100_000 - 0.5) < 0.005)
    }

    @Test("Fresnel: normal incidence ((n1−n2)/(n1+n2))², matched 0, total internal reflection 1, 45° glass")
    func fresnel() {
        #expect(abs(Fresnel.reflectance(incident: 1, transmitted: 1.5, cosine: 1).reflectance - 0.04) < 1e-15)
        #expect(Fresnel.reflectance(incident: 1.37, transmitted: 1.37, cosine: 0.3) == (0, 0.3))
        // Critical angle from 1.5 to 1: sin θc = 1/1.5, cos θc ≈ 0.745; beyond it (cos 0.7) R = 1.
        #expect(Fresnel.reflectance(incident: 1.5, transmitted: 1, cosine: 0.7).reflectance == 1)
        // 45° from air into n = 1.5: Rs = 0.0920, Rp = 0.00847, unpolarised 0.0502 (Hecht, Optics).
        let (r, ct) = Fresnel.reflectance(incident: 1, transmitted: 1.5, cosine: 0.5.squareRoot())
        #expect(abs(r - 0.05023) < 5e-5)
        #expect(abs(ct - (1 - 0.5 / 2.25).squareRoot()) < 1e-14)
    }

    @Test("batch statistics: mean and standard error of equal and unequal batches")
    func statistics() {
        var s = BatchStatistics()
        // Per-packet means 1, 2, 3, 4 in batches of 10: mean 2.5, SE = sd(means)/√4 = 1.29099/2.
        for m in [1.0, 2, 3, 4] { s.add([10 * m], count: 10) }
        #expect(abs(s.mean(0) - 2.5) < 1e-14)
        #expect(abs(s.standardError(0) - 0.6454972243679028) < 1e-12)
        var u = BatchStatistics()
        u.add([5], count: 10)
        #expect(u.standardError(0).isNaN)
        u.add([30], count: 20)
        // N = 30, m = 35/30; Σ(Q − n m)² = (5 − 11.667)² + (30 − 23.333)² = 88.89; SE² = 2 · 88.89/900.
        #expect(abs(u.standardError(0) - (2 * 88.888888888888 / 900).squareRoot()) < 1e-9)
    }

    static func settings(_ stop: TransportSettings.Stop, jobs: Int) -> TransportSettings {
        TransportSettings(stop: stop, seed: 42, binCm: 0.01, bins: 40, jobs: jobs, batchPhotons: 250)
    }

    @Test("bit-identical results for 1, 2 and 3 threads, a partial last batch included")
    func reproducible() throws {
        let medium = try TransportValidationTests.medium("mcml-three-layer")
        let results = try [1, 2, 3].map { jobs in
            try TransportProblem(medium: medium, settings: Self.settings(.photons(2_100), jobs: jobs)).run()
        }
        for r in results.dropFirst() {
            #expect(r.photons == 2_100 && r.batches == 9)
            #expect(r.diffuseReflectance == results[0].diffuseReflectance)
            #expect(r.absorbedFractionByLayer == results[0].absorbedFractionByLayer)
            #expect(r.fluence == results[0].fluence)
        }
        let other = try TransportProblem(
            medium: medium, settings: TransportSettings(stop: .photons(2_100), seed: 43, binCm: 0.01, bins: 40)
        ).run()
        #expect(other.diffuseReflectance != results[0].diffuseReflectance)
    }

    @Test("a target relative standard error stops at a whole round of batches once it is met, or at the cap")
    func targetRSE() throws {
        let medium = try TransportValidationTests.medium("mcml-slab-matched")
        let target = try TransportProblem(
            medium: medium,
            settings: Self.settings(.targetRSE(0.02, quantity: .diffuseReflectance, maxPhotons: 1_000_000), jobs: 2)
        ).run()
        #expect(target.photons % (250 * TransportSettings.roundBatches) == 0)
        #expect(target.diffuseReflectance.standardError / target.diffuseReflectance.value <= 0.02)
        #expect(target.photons < 1_000_000)
        let capped = try TransportProblem(
            medium: medium,
            settings: Self.settings(.targetRSE(1e-6, quantity: .transmittance, maxPhotons: 3_000), jobs: 2)
        ).run()
        #expect(capped.photons == 3_000)
    }

    @Test("default fluence grid: the finite medium, or ten transport mean free paths into a semi-infinite layer")
    func depthBins() throws {
        let slab = try TransportValidationTests.medium("mcml-slab-matched")
        let grid = TransportSettings.depthBins(medium: slab, bins: nil, binCm: nil)
        #expect(grid.bins == 100 && abs(grid.binCm - 0.0002) < 1e-18)
        #expect(TransportSettings.depthBins(medium: slab, bins: nil, binCm: 0.003) == (0.003, 7))
        let deep = try TransportValidationTests.medium("mcml-semi-infinite")
        #expect(abs(deep.defaultFluenceDepthCm - 0.1) < 1e-15)
        #expect(TransportSettings.depthBins(medium: deep, bins: 20, binCm: 0.002) == (0.002, 20))
    }
}
