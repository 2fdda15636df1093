import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

/// The benchmark studies of the model-fitting and design tools: calibration, Monte Carlo
/// transport and optimisation, each timed on the files shipped in Models/.
extension Benchmark {
    /// The shipped model files of one kind's folder, sorted (`calibrations`, `optimizations`).
    static func shipped(_ folder: String, library: ModelLibrary) -> [String] {
        let directory = "\(library.root)/\(folder)"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { "\(directory)/\($0)" }
    }

    /// Each shipped calibration: the fit (every start, model set-up included) and its profiles.
    func calibrationStudy(library: ModelLibrary) throws {
        let jobs = self.jobs.max() ?? 1
        for path in Self.shipped("calibrations", library: library) {
            let t = try CalibrationStudy.timing(file: path, library: library, jobs: jobs)
            print(
                "calibration \(URL(fileURLWithPath: path).lastPathComponent): \(t.parameters) parameters, "
                    + "\(t.measurements) measurements, \(t.starts) starts, sessions "
                    + (t.sessionsReused ? "run once (response-only parameters)" : "re-run every evaluation"))
            print(
                String(
                    format: "  %d job%@: fit %.2f s, profiles %.2f s", jobs, jobs == 1 ? "" : "s", t.fitSeconds,
                    t.profileSeconds))
        }
    }

    /// Monte Carlo photons per second in the protocol's skin at 417 and 635 nm on each --jobs
    /// count, then the skin's full `SkinFluenceTable` (380–800 nm every 1 nm at the grid's cell
    /// centres, default adaptive nodes and 1 % target RSE) on the largest --jobs count, cold and
    /// from the disk cache (in a scratch cache folder), with its largest RSE over the required
    /// region.
    func transportStudy(library: ModelLibrary, definition: ProtocolDefinition) throws {
        let treatment = try definition.resolve()
        let data = try library.referenceData()
        let transport = SkinTransport(optics: SkinOptics(skin: treatment.skin, data: data))
        print("transport in the skin of \(definition.name): \(photons) photon packets per wavelength")
        for wavelength in [417.0, 635.0] {
            for count in jobs {
                let rate = try transport.photonsPerSecond(wavelength: wavelength, photons: photons, jobs: count)
                print(
                    String(
                        format: "  %.0f nm, %d job%@: %.0f photons/s", wavelength, count, count == 1 ? "" : "s", rate))
            }
        }
        let depths = treatment.grid.centres
        let wavelengths = (380...800).map(Double.init)
        let jobs = self.jobs.max() ?? 1
        print(
            "  full table: 380–800 nm every 1 nm × \(depths.count) grid cell centres to "
                + "\(formatNumber(treatment.grid.depthCm * 10)) mm, target RSE 1 % (seed 1)")
        let table = withScratch { folder in
            let clock = ContinuousClock()
            var table: SkinFluenceTable?
            for pass in ["cold", "from the cache"] {
                var options = LightTransport.monteCarloOptions(
                    skin: treatment.skin, cache: TransportCache(directory: folder))
                options.jobs = jobs
                let start = clock.now
                table = SkinFluenceTable(
                    transport: transport, wavelengthsNM: wavelengths, depthsCm: depths, options: options)
                guard let table else { continue }
                let seconds = start.duration(to: clock.now).inSeconds
                print(
                    String(
                        format: "  %d job%@, %@: %.3f s; %d nodes, %.2g packets, %.3g packet steps in all; largest "
                            + "RSE %.5f (f ≥ 5 %% of f(0), 0.05–1 mm)%@", jobs, jobs == 1 ? "" : "s", pass, seconds,
                        table.nodesNM.count, Double(table.photonsByNode.reduce(0, +)), Double(table.steps),
                        table.largestRequiredRSE, table.workLimited ? "; over the step bound" : ""))
            }
            return table!
        }
        for band in [405.0...430.0, 540.0...580.0] {
            let checks = table.interpolationChecks(
                transport: transport, band: band, options: MonteCarloOptics(seed: 1, jobs: jobs))
            let score = checks.map(\.worstScore).max() ?? 0
            let relative = checks.map(\.worstRelative).max() ?? 0
            print(
                String(
                    format: "  interpolation %.0f–%.0f nm, %d off-node wavelengths against direct runs: "
                        + "largest |Δf|/(1 %% + 3 SE) %.2f, largest |Δf|/f %.4f (%@)", band.lowerBound,
                    band.upperBound, checks.count, score, relative, score <= 1 ? "passes" : "FAILS"))
        }
    }

    /// Each shipped optimisation: wall time, points tried, protocol runs and the optimum.
    func optimizationStudy(library: ModelLibrary) throws {
        let jobs = self.jobs.max() ?? 1
        for path in OptimizationTiming.shipped(library: library) {
            let t = try OptimizationTiming.measure(path: path, library: library, jobs: jobs)
            print(
                String(
                    format: "optimization %@, %d job%@: %.1f s, %d points, %d protocol runs, objective %@%@", t.name,
                    jobs, jobs == 1 ? "" : "s", t.seconds, t.evaluations, t.modelEvaluations,
                    formatNumber(t.objective), t.feasible ? "" : " (infeasible)"))
        }
    }
}
