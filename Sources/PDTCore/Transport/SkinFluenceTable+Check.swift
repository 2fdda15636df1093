/// The interpolation error of a skin table, against direct Monte Carlo runs at off-node
/// wavelengths.
extension SkinFluenceTable {
    /// One off-node wavelength of the check.
    public struct InterpolationCheck: Sendable, Equatable {
        public var wavelengthNM: Double
        /// The largest |f_table − f_direct| / (0.01·f_direct + 3·SE) over the required depths,
        /// SE = √(SE_table² + SE_direct²): at most 1 passes.
        public var worstScore: Double
        /// The largest |f_table/f_direct − 1| over the same depths.
        public var worstRelative: Double
    }

    /// For every interval between two consecutive nodes that overlaps `band`, the listed
    /// wavelength in the band nearest the interval's midpoint (where linear interpolation errs
    /// most), compared with a direct run
    /// there (that wavelength as its own node, with `options` and seed `options.seed + 1`), at the
    /// depths in `MonteCarloOptics.rseDepthRangeCm` where f ≥ `rseSurfaceFraction` × the shallowest
    /// depth's f. Precondition: `transport` is the table's skin.
    public func interpolationChecks(
        transport: SkinTransport, band: ClosedRange<Double>, options: MonteCarloOptics
    ) -> [InterpolationCheck] {
        var direct = options
        direct.nodes = .all
        direct.seed = options.seed &+ 1
        direct.cache = nil
        var checks: [InterpolationCheck] = []
        for (a, b) in zip(nodesNM, nodesNM.dropFirst()) where b > band.lowerBound && a < band.upperBound {
            let candidates = wavelengthsNM.filter { $0 > a && $0 < b && band.contains($0) }
            guard let wavelength = candidates.min(by: { abs($0 - (a + b) / 2) < abs($1 - (a + b) / 2) }),
                let i = wavelengthsNM.firstIndex(of: wavelength)
            else { continue }
            let run = SkinFluenceTable(
                transport: transport, wavelengthsNM: [wavelength], depthsCm: depthsCm, options: direct)
            let shallowest = depthsCm.indices.min { depthsCm[$0] < depthsCm[$1] }!
            var score = 0.0
            var relative = 0.0
            for k in depthsCm.indices
            where MonteCarloOptics.rseDepthRangeCm.contains(depthsCm[k])
                && run.factors[0][k] >= MonteCarloOptics.rseSurfaceFraction * run.factors[0][shallowest]
            {
                let x = factors[i][k]
                let y = run.factors[0][k]
                let se =
                    (standardErrors[i][k] * standardErrors[i][k] + run.standardErrors[0][k] * run.standardErrors[0][k])
                    .squareRoot()
                score = max(score, abs(x - y) / (0.01 * y + 3 * se))
                relative = max(relative, abs(x / y - 1))
            }
            checks.append(InterpolationCheck(wavelengthNM: wavelength, worstScore: score, worstRelative: relative))
        }
        return checks
    }
}
