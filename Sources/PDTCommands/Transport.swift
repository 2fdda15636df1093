import ArgumentParser
import Foundation
import PDTCore
import PDTModelFiles
import PDTNumerics
import PDTStudies

extension TransportQuantity: ExpressibleByArgument {}

/// `pdtsim transport`: MCML-class Monte Carlo light transport in a layered medium file.
struct Transport: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Monte Carlo light transport (MCML's algorithm) in a layered medium under a broad beam.",
        discussion: """
            Reads a medium model file (kind "medium": ambient refractive indices and a list of layers \
            with refractive_index, mua_per_cm, mus_per_cm, anisotropy_g, thickness_cm) and writes \
            DIR/summary.json (specular_reflectance, diffuse_reflectance, total_reflectance, \
            transmittance, absorbed_fraction, absorbed_fraction_by_layer, each with \
            <key>_standard_error) and DIR/fluence.csv (depth_cm, fluence_per_incident, \
            standard_error). Without --photons or --target-rse it launches 10⁵ packets, as pdtsim \
            optics does per wavelength node. Results are identical for any --jobs. Shipped media: \
            Models/media/.
            """)

    @Option(name: .long, help: ArgumentHelp("The medium model file.", valueName: "FILE.json"))
    var medium: String

    @OptionGroup var precision: MonteCarloPrecisionOptions

    @Option(
        name: .customLong("rse-quantity"),
        help: ArgumentHelp("The quantity --target-rse refers to.", valueName: "QUANTITY"))
    var rseQuantity: TransportQuantity = .diffuseReflectance

    @Option(
        name: .customLong("max-photons"), parsing: .unconditional,
        help: ArgumentHelp("With --target-rse: the most packets to launch.", valueName: "N"))
    var maxPhotons = 100_000_000

    @OptionGroup var jobs: JobsOption

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Number of fluence depth bins (default 100).", valueName: "N"))
    var bins: Int?

    @Option(
        name: .customLong("bin-cm"), parsing: .unconditional,
        help: ArgumentHelp("Width of a fluence depth bin in cm.", valueName: "DZ"))
    var binCm: Double?

    @OptionGroup var output: OutputFolderOption

    @Flag(name: .long, help: "Print nothing on success.")
    var quiet = false

    func validate() throws {
        if maxPhotons < 1 { throw InvalidArgument("--max-photons", "\(maxPhotons)", expected: "a whole number ≥ 1") }
        if let bins, bins < 1 || bins > 1_000_000 {
            throw InvalidArgument("--bins", "\(bins)", expected: "a whole number between 1 and 1000000")
        }
        if let binCm, !(binCm > 0 && binCm.isFinite) {
            throw InvalidArgument("--bin-cm", formatNumber(binCm), expected: "a finite number > 0")
        }
    }

    func run() throws {
        let file = try MediumFile.load(medium)
        let grid = TransportSettings.depthBins(medium: file.medium, bins: bins, binCm: binCm)
        guard grid.bins <= 1_000_000 else {
            throw InvalidArgument(
                "--bin-cm", formatNumber(grid.binCm),
                expected:
                    "at most 1000000 bins over the medium (it gives \(grid.bins)); pass a wider --bin-cm or --bins")
        }
        let stop: TransportSettings.Stop =
            precision.targetRSE.map { .targetRSE($0, quantity: rseQuantity, maxPhotons: maxPhotons) }
            ?? .photons(precision.photonCount)
        let settings = TransportSettings(
            stop: stop, seed: precision.seed, binCm: grid.binCm, bins: grid.bins,
            jobs: jobs.count)
        try TransportWork.check(
            file.medium, packets: settings.leastPhotons, maxSteps: settings.maxSteps, path: medium,
            packetsFlag: precision.targetRSE == nil ? "--photons" : "--target-rse")
        let folder = try OutputFolder(output.out, command: "transport")
        let display = ProgressDisplay(label: "transport", quiet: quiet, unit: "packets")
        let clock = ContinuousClock()
        let start = clock.now
        let planned: Int
        switch stop {
        case .photons(let n): planned = n
        case .targetRSE(_, _, let cap): planned = cap
        }
        func progress(_ done: Int) -> EnsembleProgress {
            let elapsed = start.duration(to: clock.now)
            return EnsembleProgress(
                done: done, total: planned, resumed: 0, failed: 0,
                elapsedSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        var last = 0
        let result: TransportResult
        do {
            result = try TransportProblem(medium: file.medium, settings: settings).run(path: medium) { done in
                last = done
                display.update(progress(done))
            }
        } catch {
            display.finish(nil)
            throw error
        }
        display.finish(last > 0 ? progress(last) : nil)
        let report = TransportReport(result: result, mediumPath: medium, mediumName: file.name)
        try folder.publish(report.files)
        if !quiet {
            func shown(_ e: Estimate) -> String { "\(formatted(e.value)) ± \(formatted(e.standardError))" }
            print(
                "wrote \(output.out): \(result.photons) photons; R_sp \(formatted(result.specularReflectance)), "
                    + "Rd \(shown(result.diffuseReflectance)), Tt \(shown(result.transmittance)), "
                    + "absorbed \(shown(result.absorbedFraction))")
        }
    }

    func formatted(_ x: Double) -> String { String(format: "%.5f", x) }
}
