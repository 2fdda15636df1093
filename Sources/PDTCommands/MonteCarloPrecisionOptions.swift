import ArgumentParser
import PDTCore
import PDTNumerics

/// How long a Monte Carlo run goes, declared once for `transport` and `optics`: a fixed number of
/// photon packets (one default for both: per medium in `transport`, per wavelength node in
/// `optics`) or a target relative standard error R = SE/|mean| of what the command reports, and
/// the random seed. At most one of `--photons` and `--target-rse`.
struct MonteCarloPrecisionOptions: ParsableArguments {
    /// The packets of a run without `--photons` or `--target-rse`.
    static let defaultPhotons = 100_000

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp(
            "Photon packets to launch: per medium (transport) or per wavelength node (optics); default 100000.",
            valueName: "N"))
    var photons: Int?

    @Option(
        name: .customLong("target-rse"), parsing: .unconditional,
        help: ArgumentHelp(
            "Instead of --photons, launch packets until the relative standard error is at most R (0 < R < 1): of --rse-quantity (transport), or of f at every depth of 0.05–1 mm where f ≥ 5 % of the surface value, per node (optics).",
            valueName: "R"))
    var targetRSE: Double?

    @Option(
        name: .long, parsing: .unconditional,
        help: ArgumentHelp("Random seed of the packets (a whole number ≥ 0).", valueName: "S"))
    var seed: UInt64 = 1

    func validate() throws {
        if let photons, photons < 1 { throw InvalidArgument("--photons", "\(photons)", expected: "a whole number ≥ 1") }
        if photons != nil && targetRSE != nil {
            throw ValidationError("--photons and --target-rse: expected one of them, not both")
        }
        if let targetRSE, !(targetRSE > 0 && targetRSE < 1) {
            throw InvalidArgument("--target-rse", formatNumber(targetRSE), expected: "a number > 0 and < 1")
        }
    }

    /// The packets of a fixed-count run: `--photons`, else `defaultPhotons`.
    var photonCount: Int { photons ?? Self.defaultPhotons }
}
