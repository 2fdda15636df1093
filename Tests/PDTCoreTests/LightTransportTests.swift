import Foundation
import Synchronization
import Testing

@testable import PDTCore
@testable import PDTModelFiles
@testable import PDTNumerics

/// The skin's optics model: the parameters, the layered Monte Carlo skin, the light transport the
/// kinetics read f(z, λ) from, and the memo of Monte Carlo tables.
@Suite("light transport of the kinetics")
struct LightTransportTests {
    /// The message of the `ModelError` `body` throws ("" if it throws none).
    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return ""
        } catch let error as ModelError {
            return error.description
        } catch {
            return "\(error)"
        }
    }

    /// A fresh temporary folder for a disk cache.
    static func temporaryFolder() -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pdtsim-cache-\(UUID().uuidString)")
        return url.path
    }

    @Test("a shipped skin without the new keys gets their defaults; the kinetics default to diffusion")
    func defaults() throws {
        let skin = try Fixture.skin()
        #expect(skin.opticsModel == .diffusion)
        #expect(skin.anisotropyG == 0.9 && skin.anisotropyG == SkinTransport.defaultAnisotropyG)
        #expect(skin.stratumCorneumThicknessCm == 0 && skin.papillaryDermisThicknessCm == 0)
        #expect(skin.stratumCorneumRefractiveIndex == 1.51 && skin.papillaryBloodFraction == 0.04)
        #expect(skin.monteCarloTargetRSE == 0.01 && skin.monteCarloPhotons == nil && skin.monteCarloSeed == 1)
        let definition = try Fixture.library.loadProtocol("allumera-blue")
        let values = try #require(definition.sections[.skin])
        #expect(values.values["optics_model"]?.value == .text("diffusion"))
        #expect(values.values["anisotropy_g"]?.source.contains("Jacques 2013") == true)
        #expect(values.values["anisotropy_g"]?.origin == "default")
        let built = try Fixture.treatment("allumera-blue", ["skin.optics_model=monte_carlo"]).skin
        #expect(built.opticsModel == .monteCarlo)
    }

    @Test(
        "ranges: g in [0, 0.99], photons ≥ 1000, a target RSE of at least 1 %, a known model",
        arguments: [
            ("skin.anisotropy_g=0.995", "--set skin.anisotropy_g: '0.995' is not valid; expected a number"),
            ("skin.monte_carlo_photons=10", "--set skin.monte_carlo_photons: '10' is not valid; expected a whole"),
            ("skin.monte_carlo_target_rse=0.005", "--set skin.monte_carlo_target_rse: '0.005' is not valid"),
            (
                "skin.optics_model=mcml",
                "--set skin.optics_model: 'mcml' is not valid; expected one of diffusion, monte_carlo"
            ),
            ("skin.papillary_blood_fraction=0.6", "--set skin.papillary_blood_fraction: '0.6' is not valid"),
        ])
    func ranges(assignment: String, expected: String) {
        let message = Self.message { _ = try Fixture.treatment("allumera-blue", [assignment]) }
        #expect(message.hasPrefix(expected), "\(message)")
    }

    @Test(
        "impossible stacks and layers under diffusion are refused, naming the key",
        arguments: [
            (
                ["skin.stratum_corneum_thickness_cm=0.001"],
                "--set: skin.stratum_corneum_thickness_cm: stratum_corneum_thickness_cm = 0.001 cm asks for a layer, but optics_model is diffusion, which has no layers"
            ),
            (
                ["skin.papillary_dermis_thickness_cm=0.01"],
                "--set: skin.papillary_dermis_thickness_cm: papillary_dermis_thickness_cm = 0.01 cm asks for a layer, but optics_model is diffusion"
            ),
            (
                ["skin.optics_model=monte_carlo", "skin.stratum_corneum_thickness_cm=0.008"],
                "--set: skin.stratum_corneum_thickness_cm: 0.008 cm is not thinner than the epidermis (epidermis_thickness_cm = 0.008 cm)"
            ),
            (
                ["skin.optics_model=monte_carlo", "skin.papillary_dermis_thickness_cm=0.03"],
                "--set: skin.papillary_dermis_thickness_cm: 0.03 cm reaches below the top of the sebaceous band"
            ),
        ])
    func refusals(assignments: [String], expected: String) {
        let message = Self.message { _ = try Fixture.treatment("allumera-blue", assignments) }
        #expect(message.hasPrefix(expected), "\(message)")
    }

    @Test("the stratum corneum and the papillary dermis split the stack without moving the epidermis base")
    func layers() throws {
        let skin = try Fixture.treatment(
            "allumera-blue",
            [
                "skin.optics_model=monte_carlo", "skin.stratum_corneum_thickness_cm=0.002",
                "skin.papillary_dermis_thickness_cm=0.01", "skin.papillary_blood_fraction=0.2",
            ]
        ).skin
        let transport = SkinTransport(optics: SkinOptics(skin: skin, data: Fixture.data), anisotropyG: skin.anisotropyG)
        let m = transport.medium(at: 417)
        #expect(m.layers.count == 4)
        #expect(m.boundariesCm[0...3].map { ($0 * 1e6).rounded() / 1e6 } == [0, 0.002, 0.008, 0.018])
        #expect(m.layers[0].refractiveIndex == 1.51 && m.layers[1].refractiveIndex == skin.refractiveIndex)
        #expect(m.layers[0].muaPerCm == m.layers[1].muaPerCm && m.layers[0].musPerCm == m.layers[3].musPerCm)
        #expect(close(m.specularReflectance, pow(0.51 / 2.51, 2), relative: 1e-12))
        let p = transport.optics.properties(at: 417)
        #expect(m.layers[3].muaPerCm == p.absorptionPerCm)
        #expect(m.layers[2].muaPerCm > 5 * m.layers[3].muaPerCm, "20 % blood against 0.2 % in the dermis below")
    }

    @Test("a blood-rich papillary layer lowers f below it at 417 nm")
    func papillaryBloodShades() throws {
        let plain = try Fixture.treatment("allumera-blue", ["skin.optics_model=monte_carlo"]).skin
        var rich = plain
        rich.papillaryDermisThicknessCm = 0.005
        rich.papillaryBloodFraction = 0.2
        func f(_ skin: Skin) throws -> [Double] {
            try SkinTransport(optics: SkinOptics(skin: skin, data: Fixture.data), anisotropyG: skin.anisotropyG)
                .fluenceFactors(wavelength: 417, depthsCm: [0.004, 0.02], photons: 2000, seed: 3, jobs: 2)
                .map(\.value)
        }
        let a = try f(plain)
        let b = try f(rich)
        #expect(b[1] < 0.5 * a[1], "below the layer: \(b[1]) against \(a[1])")
        #expect(b[0] < a[0] * 1.05, "above it the layer only removes back-scattered light")
    }

    @Test("diffusion: the transport gives SkinOptics.fluenceFactor itself at every lit wavelength")
    func diffusionIsTheFormula() throws {
        let skin = try Fixture.skin()
        let optics = SkinOptics(skin: skin, data: Fixture.data)
        let spectrum = try Fixture.treatment().light.spectrum(Fixture.data)
        let depths = [0, 0.004, 0.05]
        let table = try LightTransport(skin: skin, data: Fixture.data, cache: nil)
            .fluenceFactors(spectrum: spectrum, depthsCm: depths)
        let lit = zip(spectrum.wavelengths, spectrum.irradiances).filter { $0.1 > 0 }.map(\.0)
        #expect(table.count == lit.count)
        for (row, wavelength) in zip(table, lit) {
            #expect(row == depths.map { optics.fluenceFactor(wavelength: wavelength, depthCm: $0) })
        }
    }

    @Test("diffusion: the session model's excitation is bit for bit the formula summed as before the abstraction")
    func diffusionExcitationUnchanged() throws {
        let treatment = try Fixture.treatment()
        let model = try treatment.sessionModel(data: Fixture.data)
        let optics = SkinOptics(skin: treatment.skin, data: Fixture.data)
        let depths = treatment.grid.centres
        var rates = Array(repeating: 0.0, count: depths.count)
        var factors = rates
        let spectrum = model.spectrum
        for (wavelength, irradiance) in zip(spectrum.wavelengths, spectrum.irradiances) where irradiance > 0 {
            let p = optics.properties(at: wavelength)
            let eta = Photophysics.excitationPerIrradiance(wavelengthNM: wavelength, data: Fixture.data)
            for (i, z) in depths.enumerated() {
                let f = optics.fluenceFactor(p, depthCm: z)
                rates[i] += eta * irradiance * f
                factors[i] += irradiance * f / spectrum.total
            }
        }
        #expect(model.opticsModel == .diffusion)
        #expect(model.excitation == rates && model.fluenceFactors == factors)
    }

    @Test("the memo computes a Monte Carlo table once for identical requests, from several threads at once")
    func memoOnce() throws {
        var skin = try Fixture.treatment("allumera-blue", ["skin.optics_model=monte_carlo"]).skin
        skin.monteCarloPhotons = 1000
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let transport = LightTransport(skin: skin, data: Fixture.data, cache: TransportCache(directory: folder))
        let spectrum = Spectrum(wavelengths: [410, 417, 425], irradiances: [1, 8, 1])
        let depths = [0.002, 0.01, 0.04]
        let memo = FluenceTableMemo()
        let results = Mutex<[[[Double]]]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let table = try? transport.fluenceFactors(spectrum: spectrum, depthsCm: depths, memo: memo)
            results.withLock { $0.append(table ?? []) }
        }
        #expect(memo.computations == 1)
        let red = Spectrum(wavelengths: [630, 634.5, 640], irradiances: [1, 8, 1])
        let redTable = try transport.fluenceFactors(spectrum: red, depthsCm: depths, memo: memo)
        #expect(memo.computations == 1, "another light reads the same table: a sweep of the light computes it once")
        #expect(redTable.count == 3 && redTable[1].allSatisfy { $0 > 0 && $0.isFinite })
        let all = results.withLock { $0 }
        #expect(all.count == 4 && all[0].count == 3 && all.allSatisfy { $0 == all[0] })
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(entries.count == 1, "the whole table is one disk entry: \(entries)")
        let fresh = FluenceTableMemo()
        #expect(try transport.fluenceFactors(spectrum: spectrum, depthsCm: depths, memo: fresh) == all[0])
        #expect(fresh.computations == 1, "a new process reads the nodes from the disk cache, the same bytes")
        var other = skin
        other.monteCarloSeed = 2
        _ = try LightTransport(skin: other, data: Fixture.data, cache: nil)
            .fluenceFactors(spectrum: spectrum, depthsCm: depths, memo: memo)
        #expect(memo.computations == 2, "another seed is another table")
    }

    @Test("a computed table tells its progress 0, 1, …, nodes, whatever the threads; one from the cache tells none")
    func tableProgress() throws {
        var skin = try Fixture.treatment("allumera-blue", ["skin.optics_model=monte_carlo"]).skin
        skin.monteCarloPhotons = 500
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let transport = SkinTransport(optics: SkinOptics(skin: skin, data: Fixture.data), anisotropyG: skin.anisotropyG)
        let wavelengths = Array(stride(from: 400.0, through: 440, by: 1))
        let depths = [0.002, 0.01]
        func table(jobs: Int, cache: TransportCache?) -> (SkinFluenceTable, [[Int]]) {
            let reports = Mutex<[[Int]]>([])
            var options = LightTransport.monteCarloOptions(skin: skin, cache: cache, jobs: jobs)
            options.progress = { done, total in reports.withLock { $0.append([done, total]) } }
            let table = SkinFluenceTable(
                transport: transport, wavelengthsNM: wavelengths, depthsCm: depths, options: options)
            return (table, reports.withLock { $0 })
        }
        let (one, reports) = table(jobs: 1, cache: TransportCache(directory: folder))
        let nodes = one.nodesNM.count
        #expect(nodes > 1)
        #expect(reports == (0...nodes).map { [$0, nodes] })
        let (two, twoReports) = table(jobs: 2, cache: nil)
        #expect(two == one && twoReports == reports, "the same table and reports on two threads")
        let silent = SkinFluenceTable(
            transport: transport, wavelengthsNM: wavelengths, depthsCm: depths,
            options: LightTransport.monteCarloOptions(skin: skin, cache: nil, jobs: 2))
        #expect(silent == one, "the table does not depend on its progress")
        let (cached, cachedReports) = table(jobs: 2, cache: TransportCache(directory: folder))
        #expect(cached.factors == one.factors && cachedReports.isEmpty, "from the cache: \(cachedReports)")
    }

    @Test("a table over its step bound is refused naming the skin, and is not cached")
    func stepBound() throws {
        var skin = try Fixture.treatment("allumera-blue", ["skin.optics_model=monte_carlo"]).skin
        skin.monteCarloPhotons = 1000
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = TransportCache(directory: folder)
        var options = LightTransport.monteCarloOptions(skin: skin, cache: cache)
        #expect(options.maxSteps == LightTransport.maxTableSteps)
        options.maxSteps = 20_000
        let transport = LightTransport.monteCarlo(
            SkinTransport(optics: SkinOptics(skin: skin, data: Fixture.data), anisotropyG: skin.anisotropyG), options)
        let spectrum = Spectrum(wavelengths: [417], irradiances: [10])
        do {
            _ = try transport.fluenceFactors(spectrum: spectrum, depthsCm: [0.01, 0.05], memo: FluenceTableMemo())
            Issue.record("expected the step bound to refuse the table")
        } catch {
            #expect(error.location == "skin")
            #expect(error.problem.contains("packet steps") && error.problem.contains("skin.anisotropy_g"))
        }
        let stored = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        #expect(stored.isEmpty, "a table over its bound is not cached: \(stored)")
        options.maxSteps = nil
        let free = LightTransport.monteCarlo(
            SkinTransport(optics: SkinOptics(skin: skin, data: Fixture.data), anisotropyG: skin.anisotropyG), options)
        #expect(
            try free.fluenceFactors(spectrum: spectrum, depthsCm: [0.01, 0.05], memo: FluenceTableMemo()).count == 1)
    }

    @Test("Monte Carlo kinetics: the session model takes f from the table and records the model")
    func sessionModel() throws {
        var treatment = try Fixture.treatment(
            "allumera-blue", ["skin.optics_model=monte_carlo", "skin.monte_carlo_photons=1000", "light.fwhm_nm=0"])
        treatment.skin.monteCarloPhotons = 1000
        let data = Fixture.data
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let transport = LightTransport(skin: treatment.skin, data: data, cache: TransportCache(directory: folder))
        let model = try SessionModel(
            grid: treatment.grid, skin: treatment.skin, kinetics: treatment.kinetics, cream: treatment.cream,
            light: treatment.light, settings: treatment.session, solver: treatment.solver, data: data,
            transport: transport)
        #expect(model.opticsModel == .monteCarlo)
        let table = try transport.fluenceFactors(spectrum: model.spectrum, depthsCm: treatment.grid.centres)
        #expect(zip(model.fluenceFactors, table[0]).allSatisfy { close($0, $1, relative: 1e-14) })
        var diffusion = treatment.skin
        diffusion.opticsModel = .diffusion
        let reference = try SessionModel(
            grid: treatment.grid, skin: diffusion, kinetics: treatment.kinetics, cream: treatment.cream,
            light: treatment.light, settings: treatment.session, solver: treatment.solver, data: data)
        #expect(reference.opticsModel == .diffusion)
        #expect(model.fluenceFactors != reference.fluenceFactors)
        let ratio = model.fluenceFactors[0] / reference.fluenceFactors[0]
        #expect(ratio > 0.7 && ratio < 1.4, "near the surface the two agree within tens of per cent: \(ratio)")
    }
}
