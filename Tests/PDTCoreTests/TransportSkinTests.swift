import Foundation
import Testing

@testable import PDTCore

/// The skin as a layered medium for the Monte Carlo transport, and its fluence factors against
/// diffusion theory.
@Suite("Monte Carlo transport: skin")
struct TransportSkinTests {
    static func transport(g: Double = 0.9) throws -> SkinTransport {
        SkinTransport(optics: SkinOptics(skin: try Fixture.skin(), data: Fixture.data), anisotropyG: g)
    }

    @Test("two layers under air: epidermis μa + M μa,mel over the dermis, μs = μs′/(1 − g), n_t")
    func medium() throws {
        let t = try Self.transport(g: 0.8)
        let skin = t.optics.skin
        let p = t.optics.properties(at: 500)
        let m = t.medium(at: 500)
        #expect(m.ambientAboveIndex == 1 && m.layers.count == 2)
        #expect(m.layers[0].thicknessCm == skin.epidermisThicknessCm && m.layers[1].thicknessCm == nil)
        #expect(
            close(
                m.layers[0].muaPerCm, p.absorptionPerCm + skin.melaninFraction * p.melanosomeAbsorptionPerCm,
                relative: 1e-15))
        #expect(m.layers[1].muaPerCm == p.absorptionPerCm)
        #expect(close(m.layers[1].musPerCm, p.reducedScatteringPerCm / 0.2, relative: 1e-14))
        #expect(m.layers.allSatisfy { $0.refractiveIndex == skin.refractiveIndex && $0.anisotropyG == 0.8 })
        let bins = t.bins(maximumDepthCm: 0.2)
        let perEpidermis = skin.epidermisThicknessCm / bins.binCm
        #expect(abs(perEpidermis - perEpidermis.rounded()) < 1e-9 && bins.binCm <= 0.0005)
        #expect(Double(bins.bins) * bins.binCm > 0.2)
    }

    @Test("at 417 nm diffusion theory is too low at 0.1 mm and too high at 1 mm against Monte Carlo")
    func blueAgainstDiffusion() throws {
        let t = try Self.transport()
        let depths = [0.01, 0.1]
        let mc = try t.fluenceFactors(wavelength: 417, depthsCm: depths, photons: 10_000, seed: 1, jobs: 2)
        let ratios = zip(depths, mc).map { z, e in t.optics.fluenceFactor(wavelength: 417, depthCm: z) / e.value }
        #expect(ratios[0] > 0.8 && ratios[0] < 0.95, "ratio at 0.1 mm \(ratios[0]) ± \(mc[0])")
        #expect(ratios[1] > 1.02 && ratios[1] < 1.3, "ratio at 1 mm \(ratios[1]) ± \(mc[1])")
        #expect(mc.allSatisfy { $0.standardError > 0 && $0.standardError < 0.1 * $0.value })
    }
}

/// The disk cache of Monte Carlo fluence factors.
@Suite("Monte Carlo transport: cache")
struct TransportCacheTests {
    func withCache<T>(_ body: (TransportCache) throws -> T) throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-cache-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        return try body(TransportCache(directory: folder.path))
    }

    @Test("FNV-1a 64 of the published test strings; the folder from XDG_CACHE_HOME, else HOME/.cache")
    func hashAndFolder() {
        #expect(TransportCache.hash("") == 0xcbf2_9ce4_8422_2325)
        #expect(TransportCache.hash("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(TransportCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "/x", "HOME": "/h"]) == "/x/pdtsim")
        #expect(
            TransportCache.defaultDirectory(environment: ["XDG_CACHE_HOME": "", "HOME": "/h"]) == "/h/.cache/pdtsim")
    }

    @Test("stores bit-exactly, misses on another key, and a file holding another key text is a miss")
    func storeAndLoad() throws {
        try withCache { cache in
            let values = [Estimate(value: 0.1 + 0.2, standardError: 1e-7 / 3), Estimate(value: 4.84, standardError: 0)]
            #expect(cache.load(key: "k", count: 2) == nil)
            cache.store(key: "k", values)
            #expect(cache.load(key: "k", count: 2) == values)
            #expect(cache.load(key: "k2", count: 2) == nil)
            // A collision: the file of key "k" holding another key's text is not read as "k".
            try "key: other\n1 0\n2 0\n".write(toFile: cache.path(for: "k"), atomically: true, encoding: .utf8)
            #expect(cache.load(key: "k", count: 2) == nil)
        }
    }

    @Test("the skin fluence reads a stored entry under its key instead of computing")
    func skinUsesCache() throws {
        try withCache { cache in
            let transport = try TransportSkinTests.transport()
            let depths = [0.0, 0.01]
            let computed = try transport.fluenceFactors(
                wavelength: 417, depthsCm: depths, photons: 2000, seed: 9, jobs: 1, cache: cache)
            #expect(
                try transport.fluenceFactors(
                    wavelength: 417, depthsCm: depths, photons: 2000, seed: 9, jobs: 2, cache: cache)
                    == computed)
            let grid = transport.bins(maximumDepthCm: 0.01)
            let key = TransportCache.key(
                medium: transport.medium(at: 417), depthsCm: depths, binCm: grid.binCm, bins: grid.bins, photons: 2000,
                seed: 9)
            #expect(key.contains("photons=2000; seed=9"))
            let sentinel = [Estimate(value: 7, standardError: 1), Estimate(value: 8, standardError: 2)]
            cache.store(key: key, sentinel)
            #expect(
                try transport.fluenceFactors(
                    wavelength: 417, depthsCm: depths, photons: 2000, seed: 9, jobs: 1, cache: cache)
                    == sentinel)
        }
    }
}
