import ArgumentParser

/// What `pdtsim benchmark --study` measures; the default run is `protocol` and `sweep`, the heavy
/// studies run only when named.
enum BenchmarkStudy: String, CaseIterable, ExpressibleByArgument, Sendable {
    /// One protocol: median time, solver work, deviation from a tight msbdf run.
    case `protocol`
    /// The 301-point wavelength sweep with each --jobs count.
    case sweep
    /// A cohort of --subjects subjects of the shipped cohort.
    case cohort
    /// A D = 10 Sobol analysis with --sobol-samples base rows.
    case sobol
    /// Each shipped calibration: the fit with all its starts, then its profiles.
    case calibration
    /// Monte Carlo light transport in the protocol's skin.
    case transport
    /// Each shipped optimisation.
    case optimization
}
