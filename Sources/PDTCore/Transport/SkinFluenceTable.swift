/// f(z, λ) = φ(z, λ)/E(λ) of a skin by Monte Carlo for every wavelength of a list at every depth
/// of a list: the table the kinetics and `pdtsim optics` read the Monte Carlo optics from.
///
/// Computed with the node scheme of `MonteCarloOptics`: `photons` packets at each wavelength node
/// (every `stepNM` nm over the list's range, its ends included; every listed wavelength when
/// `stepNM` is nil); between nodes f_MC = f_diffusion × (f_MC/f_diffusion interpolated linearly in
/// wavelength), since the ratio varies slowly where f itself follows the haemoglobin bands.
public struct SkinFluenceTable: Sendable, Equatable {
    /// Wavelengths in nm, in the order given.
    public let wavelengthsNM: [Double]
    /// Depths in cm, in the order given.
    public let depthsCm: [Double]
    /// f at (wavelengthsNM[i], depthsCm[k]) as `factors[i][k]` (dimensionless).
    public let factors: [[Double]]

    public init(wavelengthsNM: [Double], depthsCm: [Double], factors: [[Double]]) {
        precondition(factors.count == wavelengthsNM.count && factors.allSatisfy { $0.count == depthsCm.count })
        self.wavelengthsNM = wavelengthsNM
        self.depthsCm = depthsCm
        self.factors = factors
    }

    /// The table of `transport`'s skin by Monte Carlo with `options` (its anisotropy is the
    /// transport's, not `options.anisotropyG`).
    public init(transport: SkinTransport, wavelengthsNM: [Double], depthsCm: [Double], options: MonteCarloOptics) {
        let optics = transport.optics
        func diffusion(_ wavelength: Double) -> [Double] {
            let p = optics.properties(at: wavelength)
            return depthsCm.map { optics.fluenceFactor(p, depthCm: $0) }
        }
        let sorted = wavelengthsNM.sorted()
        var nodes = sorted
        if let step = options.stepNM, let first = sorted.first, let last = sorted.last {
            nodes = stride(from: first, to: last, by: step).map { $0 }
            if nodes.last != last { nodes.append(last) }
        }
        let ratios: [[Double]] = nodes.map { wavelength in
            let mc = transport.fluenceFactors(
                wavelength: wavelength, depthsCm: depthsCm, photons: options.photons, seed: options.seed,
                jobs: options.jobs, cache: options.cache)
            return zip(mc, diffusion(wavelength)).map { $0.value / $1 }
        }
        let factors = wavelengthsNM.map { wavelength in
            let base = diffusion(wavelength)
            let upper = nodes.firstIndex { $0 >= wavelength } ?? nodes.count - 1
            if nodes[upper] == wavelength || upper == 0 { return zip(base, ratios[upper]).map { $0 * $1 } }
            let lower = upper - 1
            let t = (wavelength - nodes[lower]) / (nodes[upper] - nodes[lower])
            return base.indices.map { k in base[k] * (ratios[lower][k] + t * (ratios[upper][k] - ratios[lower][k])) }
        }
        self.init(wavelengthsNM: wavelengthsNM, depthsCm: depthsCm, factors: factors)
    }
}
