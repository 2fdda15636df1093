import Foundation
import PDTCore

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
    /// count, then the full 380–800 nm optics table by Monte Carlo (10 nm nodes), without and
    /// with the disk cache (in a scratch cache folder).
    func transportStudy(library: ModelLibrary, definition: ProtocolDefinition) throws {
        let treatment = try definition.resolve(library: library)
        let data = try library.referenceData()
        let transport = SkinTransport(optics: SkinOptics(skin: treatment.skin, data: data))
        print("transport in the skin of \(definition.name): \(photons) photon packets per wavelength")
        for wavelength in [417.0, 635.0] {
            for count in jobs {
                let rate = transport.photonsPerSecond(wavelength: wavelength, photons: photons, jobs: count)
                print(
                    String(
                        format: "  %.0f nm, %d job%@: %.0f photons/s", wavelength, count, count == 1 ? "" : "s", rate))
            }
        }
        let table = try OpticsTable(
            skin: treatment.skin, data: data, wavelengths: (380...800).map(Double.init),
            depths: try OpticsTable.depths("0.05,0.1,0.5,1"))
        let jobs = self.jobs.max() ?? 1
        withScratch { folder in
            let clock = ContinuousClock()
            for pass in ["computed", "from the cache"] {
                let options = MonteCarloOptics(
                    photons: photons, seed: 1, jobs: jobs, stepNM: 10, anisotropyG: SkinTransport.defaultAnisotropyG,
                    cache: TransportCache(directory: folder))
                let start = clock.now
                _ = table.table(model: .monteCarlo, monteCarlo: options)
                print(
                    String(
                        format: "  380–800 nm table (10 nm nodes), %d job%@, %@: %.2f s", jobs, jobs == 1 ? "" : "s",
                        pass, start.duration(to: clock.now).inSeconds))
            }
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
