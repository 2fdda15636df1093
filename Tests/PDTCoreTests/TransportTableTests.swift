import Foundation
import Testing

@testable import PDTCore
@testable import PDTNumerics
@testable import PDTStudies

/// The Monte Carlo f(z, λ) table of a skin: scoring cells, the track-length kernel with its depth
/// roulette, the wavelength nodes, determinism, the cache and the interpolation error.
@Suite("Monte Carlo transport: skin table")
struct TransportTableTests {
    static func transport() throws -> SkinTransport { try TransportSkinTests.transport() }

    @Test("cells: ±10 % of the depth, at least ±5 µm, limited by the neighbours; a contiguous partition")
    func cells() {
        let depths = [0.1, 0, 0.005, 0.0052, 0.05]
        let cells = FluenceCells(depthsCm: depths)
        #expect(cells.boundaries.first == 0)
        #expect(zip(cells.boundaries, cells.boundaries.dropFirst()).allSatisfy { $0 < $1 })
        func extent(_ z: Double) -> (Double, Double) { cells.extent(cells.cellOfDepth[depths.firstIndex(of: z)!]) }
        #expect(extent(0) == (0, 0.0005))
        #expect(close(extent(0.005).0, 0.0049, relative: 1e-12) && close(extent(0.005).1, 0.0051, relative: 1e-12))
        #expect(close(extent(0.0052).0, 0.0051, relative: 1e-12) && close(extent(0.0052).1, 0.0053, relative: 1e-12))
        #expect(close(extent(0.05).0, 0.045, relative: 1e-12) && close(extent(0.05).1, 0.055, relative: 1e-12))
        #expect(close(extent(0.1).0, 0.09, relative: 1e-12) && close(extent(0.1).1, 0.11, relative: 1e-12))
        for (k, z) in depths.enumerated() { #expect(cells.cell(of: z) == cells.cellOfDepth[k]) }
        #expect(cells.cell(of: 0.2) == cells.count && cells.cell(of: 0.111) == cells.count)
        #expect(cells.cell(of: 0.03) == cells.cell(of: 0.0449))
    }

    @Test("Gauss–Legendre from GSL: the 2-point nodes (1 ± 1/√3)/2; 8 points integrate x¹⁵ exactly")
    func gaussLegendre() {
        let two = GaussLegendre(points: 2)
        #expect(close(two.nodes[0], (1 - 1 / 3.0.squareRoot()) / 2, relative: 1e-14))
        #expect(close(two.weights[1], 0.5, relative: 1e-14))
        let eight = GaussLegendre(points: 8)
        #expect(close(eight.mean(low: 0, high: 2) { pow($0, 15) }, pow(2, 15) / 16, relative: 1e-13))
        #expect(
            close(
                SkinFluenceTable.cellMean(low: 0, high: 2, splits: [1]) { min($0, 1) }, 0.75, relative: 1e-14))
    }

    /// Fluence in 10 bins of 0.01 cm of a semi-infinite absorbing medium by the collision
    /// estimator of `PhotonTransport` and by the track-length kernel (cells of the same bins).
    static func kernels(photons: Int) throws -> (collision: [Estimate], track: [Estimate]) {
        let medium = try TransportValidationTests.medium("mcml-semi-infinite")
        let settings = TransportSettings(stop: .photons(photons), seed: 3, binCm: 0.01, bins: 10, jobs: 2)
        let collision = try TransportProblem(medium: medium, settings: settings).run().fluence
        let cells = FluenceCells(boundaries: (0...10).map { 0.01 * Double($0) })
        let node = SkinFluenceNode.run(
            medium: medium, cells: cells, precision: .photons(photons), seed: 4, required: { _ in [] })
        let track = zip(node.means, node.standardErrors).map { Estimate(value: $0, standardError: $1) }
        return (collision, track)
    }

    @Test("the track-length cell means equal the collision estimator's bins (MCML semi-infinite case)")
    func trackLengthAgreesWithCollisions() throws {
        let (collision, track) = try Self.kernels(photons: 20_000)
        for (c, t) in zip(collision, track) {
            let error = (c.standardError * c.standardError + t.standardError * t.standardError).squareRoot()
            #expect(abs(c.value - t.value) <= 3.5 * error, "collision \(c), track \(t)")
        }
    }

    @Test("the depth roulette keeps the fluence above it unbiased")
    func depthRouletteIsUnbiased() throws {
        let medium = try TransportValidationTests.medium("mcml-semi-infinite")
        let cells = FluenceCells(depthsCm: [0, 0.01, 0.02, 0.04])
        func run(_ depth: Double, seed: UInt64) -> [Double] {
            let kernel = CellPhotonTransport(
                medium: medium, cells: cells, rouletteDepthCm: depth, rouletteStepCm: 0.005)
            var statistics = BatchStatistics()
            for batch in 0..<20 {
                statistics.add(kernel.run(photons: 1000, seed: seed, batch: batch).tracks, count: 1000)
            }
            return (0..<cells.count).flatMap { [statistics.mean($0), statistics.standardError($0)] }
        }
        let plain = run(10, seed: 5)
        let rouletted = run(0.045, seed: 6)
        for j in stride(from: 0, to: plain.count, by: 2) {
            let error = (plain[j + 1] * plain[j + 1] + rouletted[j + 1] * rouletted[j + 1]).squareRoot()
            #expect(abs(plain[j] - rouletted[j]) <= 3.5 * error, "cell \(j / 2): \(plain[j]) vs \(rouletted[j])")
        }
    }

    @Test("adaptive nodes: dense in the Soret band, sparse in the red, u within tolerance everywhere")
    func adaptiveNodes() throws {
        let t = try Self.transport()
        let wavelengths = (380...800).map { Double($0) }
        let media = wavelengths.map { t.medium(at: $0) }
        let nodes = WavelengthNodes.select(
            wavelengths: wavelengths, media: media, rule: .adaptive(tolerance: 0.05, maxStepNM: 40))
        #expect(nodes.first == 380 && nodes.last == 800)
        #expect(zip(nodes, nodes.dropFirst()).allSatisfy { $1 > $0 && $1 - $0 <= 40 })
        let soret = nodes.filter { (400...430).contains($0) }.count
        let red = nodes.filter { (650...750).contains($0) }.count
        #expect(soret >= 3 && red <= 3, "nodes \(nodes)")
        for (i, wavelength) in wavelengths.enumerated() {
            let upper = nodes.firstIndex { $0 >= wavelength }!
            let lower = max(upper - 1, 0)
            let a = wavelengths.firstIndex(of: nodes[lower])!
            let b = wavelengths.firstIndex(of: nodes[upper])!
            let weight = a == b ? 0 : (wavelength - nodes[lower]) / (nodes[upper] - nodes[lower])
            for l in 0..<2 {
                func u(_ m: Int) -> Double {
                    let layer = media[m].layers[l]
                    return log(layer.muaPerCm / (layer.musPerCm * (1 - layer.anisotropyG)))
                }
                #expect(abs(u(i) - (u(a) + weight * (u(b) - u(a)))) <= 0.05 + 1e-12, "\(wavelength) nm")
            }
        }
        #expect(nodes.count < 100, "\(nodes.count) nodes")
        #expect(
            WavelengthNodes.select(wavelengths: [400, 401, 402, 410], media: Array(media[20...23]), rule: .every(5))
                == [400, 405, 410])
        #expect(
            WavelengthNodes.select(wavelengths: [400, 401], media: Array(media[20...21]), rule: .all) == [400, 401])
    }

    @Test("bit-identical for any number of threads; the cache returns the same table, keyed by every input")
    func threadsAndCache() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-table-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = TransportCache(directory: folder.path)
        let t = try Self.transport()
        let wavelengths = [420.0, 430, 435]
        let depths = [0.0, 0.01, 0.05]
        func table(jobs: Int, seed: UInt64 = 2, cache: TransportCache? = nil) -> SkinFluenceTable {
            SkinFluenceTable(
                transport: t, wavelengthsNM: wavelengths, depthsCm: depths,
                options: MonteCarloOptics(
                    precision: .photons(1000), nodes: .every(10), seed: seed, jobs: jobs, cache: cache))
        }
        let one = table(jobs: 1)
        #expect(one.nodesNM == [420, 430, 435] && one.photonsByNode == [1000, 1000, 1000])
        #expect(table(jobs: 3) == one)
        let cold = table(jobs: 2, cache: cache)
        #expect(cold == one)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(files.count == 1, "one entry for the whole table")
        #expect(table(jobs: 1, cache: cache) == one)
        // Another seed is another key: computed, not read.
        #expect(table(jobs: 1, seed: 3, cache: cache) != one)
        // A stored entry under the key is what is read (a sentinel proves the read).
        let cells = FluenceCells(depthsCm: [0.0] + depths)
        let key = TransportCache.tableKey(
            algorithm: SkinFluenceTable.algorithmVersion, nodes: one.nodesNM,
            media: one.nodesNM.map { t.medium(at: $0) }, cells: cells,
            options: MonteCarloOptics(precision: .photons(1000), nodes: .every(10), seed: 2, jobs: 1))
        #expect(key.contains("photons=1000") && key.contains("seed=2") && key.contains("435.0 nm: above=1.0"))
        let sentinel = (0..<3).map { _ in
            SkinFluenceNode(
                photons: 7, means: Array(repeating: 1, count: cells.count),
                standardErrors: Array(repeating: 0, count: cells.count))
        }
        cache.storeTable(key: key, sentinel)
        let read = table(jobs: 1, cache: cache)
        #expect(read.photonsByNode == [7, 7, 7] && read != one)
        // The stored key text is checked: a file holding another key is a miss.
        let path = cache.path(for: key)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "seed=2", with: "seed=9").write(
            toFile: path, atomically: true, encoding: .utf8)
        #expect(table(jobs: 1, cache: cache) == one)
    }

    @Test("a table from values: unknown standard errors are NaN, and equal tables compare equal")
    func fromValues() {
        let a = SkinFluenceTable(wavelengthsNM: [400], depthsCm: [0, 0.01], factors: [[1, 0.5]])
        #expect(a.standardErrors[0].allSatisfy(\.isNaN) && a.largestRequiredRSE.isNaN)
        #expect(a == SkinFluenceTable(wavelengthsNM: [400], depthsCm: [0, 0.01], factors: [[1, 0.5]]))
        #expect(a != SkinFluenceTable(wavelengthsNM: [400], depthsCm: [0, 0.01], factors: [[1, 0.6]]))
    }

    @Test("an unwritable cache folder means no cache, not an error")
    func unwritableCache() throws {
        let t = try Self.transport()
        let options = MonteCarloOptics(
            precision: .photons(1000), nodes: .all, seed: 1, jobs: 1,
            cache: TransportCache(directory: "/proc/pdtsim-no-such-cache"))
        let table = SkinFluenceTable(transport: t, wavelengthsNM: [630], depthsCm: [0.01], options: options)
        #expect(table.factors[0][0] > 0)
    }

    @Test("a target RSE is met over the required region (or the packet cap is reached)")
    func targetRSE() throws {
        let t = try Self.transport()
        let options = MonteCarloOptics(precision: .targetRSE(0.05, maxPhotons: 200_000), nodes: .all, seed: 1, jobs: 2)
        let table = SkinFluenceTable(
            transport: t, wavelengthsNM: [420], depthsCm: [0.005, 0.02, 0.05, 0.1, 0.2], options: options)
        #expect(table.largestRequiredRSE <= 0.05 || table.photonsByNode[0] == 200_000)
        #expect(table.photonsByNode[0] < 200_000)
        #expect(table.largestRequiredRSE > 0)
        #expect(table.standardErrors[0].allSatisfy { $0 >= 0 })
    }

    @Test("interpolated between adaptive nodes = direct runs at off-node wavelengths within 1 % + 3 SE")
    func interpolation() throws {
        let t = try Self.transport()
        // PDTSIM_HEAVY_TESTS=1 (release): the 1 % target over the grid depths in both bands.
        let heavy = ProcessInfo.processInfo.environment["PDTSIM_HEAVY_TESTS"] == "1"
        let options = MonteCarloOptics(
            precision: heavy ? .targetRSE(0.01, maxPhotons: 4_000_000) : .photons(3000), seed: 1, jobs: 2)
        let depths = heavy ? try Fixture.treatment().grid.centres : [0.005, 0.01, 0.02]
        for band in heavy ? [405.0...430.0, 540.0...580.0] : [410.0...420.0] {
            let wavelengths = Array(stride(from: band.lowerBound, through: band.upperBound, by: 1))
            let table = SkinFluenceTable(transport: t, wavelengthsNM: wavelengths, depthsCm: depths, options: options)
            let checks = table.interpolationChecks(transport: t, band: band, options: options)
            #expect(!checks.isEmpty && checks.allSatisfy { !table.nodesNM.contains($0.wavelengthNM) })
            for check in checks { #expect(check.worstScore <= 1, "\(check)") }
        }
    }
}
