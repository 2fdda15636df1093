import Foundation
import Testing

@testable import PDTCore
@testable import PDTStudies

/// The Monte Carlo transport in the default skin (fitzpatrick-1-2: epidermis with melanin as
/// absorption over the dermis, g = 0.9, n = 1.4 under air) against MCML 1.2.2 itself, run here
/// at 417 and 635 nm with 8 independent seeds (Tests/PDTCoreTests/Fixtures/mcml/README.md).
///
/// MCML's estimates are the means over its runs with the standard error of the mean from their
/// spread; ours come from one run with batch standard errors. The fluence is compared in depth
/// slabs made of MCML's 0.002 cm bins (the mean of the bins), with our slab standard error bounded
/// by the mean of the bins' standard errors (|Σ errors| ≤ Σ |errors|, so the bound is safe for
/// correlated bins). Every comparison passes when |ours − MCML| ≤ 3 √(SE² + SE_MCML²).
///
/// At the default packet counts (debug-fast) a slab 8 % off fails; the heavy variant
/// (`PDTSIM_HEAVY_TESTS` set, 25 times the packets, about a minute in debug) resolves about 1 %.
/// MCML's own random generator (`ran3`) shifts its results by up to 0.5 % (the same MCML with
/// GSL's MT19937 agrees with pdtsim within 2 standard errors everywhere), far inside both.
@Suite("Monte Carlo transport: the default skin against MCML runs")
struct TransportMCMLSkinTests {
    static let folder = Fixture.repository.appendingPathComponent("Tests/PDTCoreTests/Fixtures/mcml").path

    /// MCML's bin width in cm and the bins stored (0–1 mm).
    static let binCm = 0.002
    static let bins = 50

    /// Depth slabs as bin ranges: the first bin, the epidermis (0–0.08 mm), then dermis slabs to 1 mm.
    static let slabs = [0..<1, 0..<4, 4..<10, 10..<20, 20..<30, 30..<40, 40..<50]

    /// One row per independent MCML run, by column name.
    struct Runs {
        var rows: [[String: Double]]

        init(path: String) throws {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let lines = text.split(separator: "\n").map(String.init)
            let header = lines[0].split(separator: ",").map(String.init)
            rows = try lines.dropFirst().map { line in
                let fields = line.split(separator: ",").map(String.init)
                guard fields.count == header.count else {
                    throw FixtureError("\(path): a row of \(fields.count) fields")
                }
                var row: [String: Double] = [:]
                for (name, field) in zip(header, fields) {
                    guard let value = Double(field) else { throw FixtureError("\(path): \(name) = \(field)") }
                    row[name] = value
                }
                return row
            }
        }

        /// The mean over the runs of `value` and its standard error (sample SD / √runs).
        func estimate(_ value: ([String: Double]) -> Double) -> Estimate {
            let values = rows.map(value)
            let n = Double(values.count)
            let mean = values.reduce(0, +) / n
            let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)
            return Estimate(value: mean, standardError: (variance / n).squareRoot())
        }

        func estimate(_ column: String) -> Estimate { estimate { $0[column]! } }

        /// The mean fluence over the bins of `slab`.
        func fluence(_ slab: Range<Int>) -> Estimate {
            estimate { row in slab.map { row["fluence_bin_\($0)"]! }.reduce(0, +) / Double(slab.count) }
        }
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The layer lines (n, μa, μs, g, d) of an MCML input file, and its dz.
    static func mcmlInput(_ path: String) throws -> (dz: Double, layers: [[Double]]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let data = text.split(separator: "\n").map { line in
            String(line.split(separator: "#", omittingEmptySubsequences: false)[0]).trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
        // version, runs, output file, photons, "dz dr", "nz nr na", layers, n above, layers…, n below
        func numbers(_ line: String) -> [Double] { line.split(separator: " ").compactMap { Double($0) } }
        let count = Int(numbers(data[6])[0])
        return (numbers(data[4])[0], (0..<count).map { numbers(data[8 + $0]) })
    }

    /// |a − b| ≤ 3 combined standard errors.
    static func agrees(_ ours: Estimate, _ mcml: Estimate) -> Bool {
        abs(ours.value - mcml.value)
            <= 3 * (ours.standardError * ours.standardError + mcml.standardError * mcml.standardError).squareRoot()
    }

    func compare(wavelength: Double, photons: Int) throws {
        let name = "skin-fitzpatrick-1-2-\(Int(wavelength))nm"
        let transport = SkinTransport(optics: SkinOptics(skin: try Fixture.skin(), data: Fixture.data))
        let medium = transport.medium(at: wavelength)

        // The fixture was made for this very skin: MCML's layers are pdtsim's, the dermis 5 cm thick.
        let input = try Self.mcmlInput(Self.folder + "/\(name).mci")
        #expect(input.dz == Self.binCm && input.layers.count == 2)
        for (layer, line) in zip(medium.layers, input.layers) {
            #expect([layer.refractiveIndex, layer.muaPerCm, layer.musPerCm, layer.anisotropyG] == Array(line[0..<4]))
        }
        #expect(input.layers[0][4] == medium.layers[0].thicknessCm && input.layers[1][4] == 5)
        let mcml = try Runs(path: Self.folder + "/\(name).csv")
        #expect(mcml.rows.count >= 4)
        // No MCML packet left through the bottom of the 5 cm dermis: it acted as a semi-infinite one.
        #expect(mcml.rows.allSatisfy { $0["transmittance"] == 0 })
        #expect(abs(mcml.estimate("specular_reflectance").value - medium.specularReflectance) < 1e-6)

        // Batches of 100 packets: enough batches for a trustworthy standard error at a modest count.
        let settings = TransportSettings(
            stop: .photons(photons), seed: 1, binCm: Self.binCm, bins: Self.bins, jobs: 2, batchPhotons: 100)
        let ours = try TransportProblem(medium: medium, settings: settings).run()
        let rd = mcml.estimate("diffuse_reflectance")
        #expect(Self.agrees(ours.diffuseReflectance, rd), "\(name) Rd: pdtsim \(ours.diffuseReflectance), MCML \(rd)")
        for layer in 0..<2 {
            let a = mcml.estimate("absorbed_fraction_layer_\(layer + 1)")
            let mine = ours.absorbedFractionByLayer[layer]
            #expect(Self.agrees(mine, a), "\(name) absorbed in layer \(layer + 1): pdtsim \(mine), MCML \(a)")
        }
        for slab in Self.slabs {
            let reference = mcml.fluence(slab)
            let bins = ours.fluence[slab]
            let mine = Estimate(
                value: bins.map(\.value).reduce(0, +) / Double(slab.count),
                standardError: bins.map(\.standardError).reduce(0, +) / Double(slab.count))
            #expect(reference.standardError < 0.01 * reference.value, "MCML's own error in \(slab): \(reference)")
            #expect(
                Self.agrees(mine, reference),
                "\(name) fluence over \(Double(slab.lowerBound) * Self.binCm * 10)–\(Double(slab.upperBound) * Self.binCm * 10) mm: pdtsim \(mine), MCML \(reference)"
            )
        }
    }

    /// Set (to anything) for the heavy variants, 25 times the packets (a release build).
    static let heavy = ProcessInfo.processInfo.environment["PDTSIM_HEAVY_TESTS"] != nil

    @Test("417 nm: diffuse reflectance, absorption by layer and fluence over 0–1 mm as MCML's")
    func blue() throws { try compare(wavelength: 417, photons: 8_000) }

    @Test("635 nm: diffuse reflectance, absorption by layer and fluence over 0–1 mm as MCML's")
    func red() throws { try compare(wavelength: 635, photons: 2_000) }

    @Test("heavy: both wavelengths with 25 times the packets", .enabled(if: heavy, "set PDTSIM_HEAVY_TESTS"))
    func heavyBoth() throws {
        try compare(wavelength: 417, photons: 200_000)
        try compare(wavelength: 635, photons: 50_000)
    }
}
