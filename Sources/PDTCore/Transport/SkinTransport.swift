import Foundation

/// The light-transport models that give the fluence factor f(z, λ) = φ/E of a skin.
public enum OpticsModel: String, Sendable, Equatable, CaseIterable {
    /// Diffusion theory for a semi-infinite dermis with melanin as a path factor (Models/MODEL.md §4).
    case diffusion
    /// MCML's Monte Carlo in the two-layer skin of `SkinTransport`.
    case monteCarlo = "monte_carlo"
}

/// The skin as a layered medium for the Monte Carlo transport, and f(z, λ) from it.
///
/// Two layers under air (n = 1): the epidermis [0, d_epi] with μa = μa,dermis(λ) + M·μa,mel(λ)
/// (melanin as absorption, no path factor) and the semi-infinite dermis with μa,dermis(λ); both
/// with μs′(λ) of Models/MODEL.md §3, anisotropy g and μs = μs′/(1 − g), and refractive index n_t.
/// A skin may add a stratum corneum on top and a papillary dermis below the epidermis (`medium(at:)`).
public struct SkinTransport: Sendable {
    /// The anisotropy used when a skin file gives none: g ≈ 0.9 for dermis in the visible
    /// (Jacques 2013, "Optical properties of biological tissues: a review", Phys. Med. Biol.
    /// 58 R37, §2.3: g of 0.8–0.95 for soft tissues, dermis ≈ 0.9).
    public static let defaultAnisotropyG = 0.9

    public let optics: SkinOptics
    public let anisotropyG: Double

    /// Precondition: −1 < g < 1.
    public init(optics: SkinOptics, anisotropyG: Double = SkinTransport.defaultAnisotropyG) {
        precondition(anisotropyG > -1 && anisotropyG < 1, "anisotropy g in (−1, 1)")
        self.optics = optics
        self.anisotropyG = anisotropyG
    }

    /// The layered medium at `wavelength` nm, from the surface down: the stratum corneum
    /// [0, d_sc] when d_sc > 0 (the epidermis's μa and μs, its own index n_sc), the epidermis
    /// [d_sc, d_epi] (μa,dermis + M·μa,mel), the papillary dermis [d_epi, d_epi + d_pap] when
    /// d_pap > 0 (the dermal μa with blood fraction B_pap), then the semi-infinite (reticular)
    /// dermis with blood fraction B. Every layer has μs = μs′/(1 − g), anisotropy g and index n_t
    /// (but the stratum corneum); air (n = 1) above.
    public func medium(at wavelength: Double) -> LayeredMedium {
        let p = optics.properties(at: wavelength)
        let skin = optics.skin
        let mus = p.reducedScatteringPerCm / (1 - anisotropyG)
        func layer(_ mua: Double, thickness: Double?, index: Double = skin.refractiveIndex) -> MediumLayer {
            MediumLayer(
                refractiveIndex: index, muaPerCm: mua, musPerCm: mus, anisotropyG: anisotropyG, thicknessCm: thickness)
        }
        let epidermisMua = p.absorptionPerCm + skin.melaninFraction * p.melanosomeAbsorptionPerCm
        let corneum = skin.stratumCorneumThicknessCm
        var layers: [MediumLayer] = []
        if corneum > 0 {
            layers.append(layer(epidermisMua, thickness: corneum, index: skin.stratumCorneumRefractiveIndex))
        }
        layers.append(layer(epidermisMua, thickness: skin.epidermisThicknessCm - corneum))
        if skin.papillaryDermisThicknessCm > 0 {
            var papillary = skin
            papillary.bloodFraction = skin.papillaryBloodFraction
            let mua = SkinOptics(skin: papillary, data: optics.data).properties(at: wavelength).absorptionPerCm
            layers.append(layer(mua, thickness: skin.papillaryDermisThicknessCm))
        }
        layers.append(layer(p.absorptionPerCm, thickness: nil))
        return LayeredMedium(ambientAboveIndex: 1, ambientBelowIndex: 1, layers: layers)
    }

    /// Fluence bins for depths down to `maximumDepthCm`: about 5 µm wide, a whole number of them
    /// in the epidermis so that no bin straddles the epidermis–dermis boundary.
    public func bins(maximumDepthCm: Double) -> (binCm: Double, bins: Int) {
        let epidermis = optics.skin.epidermisThicknessCm
        let width = epidermis / (epidermis / 0.0005).rounded(.up)
        return (width, Int((maximumDepthCm / width).rounded(.up)) + 2)
    }

    /// f(z, λ) with its standard error at each of `depthsCm` by Monte Carlo with `photons`
    /// packets: linear interpolation between bin centres (linear extrapolation from the first two
    /// bins above the first centre, which gives the surface value at z = 0).
    /// With a `cache`, a result stored under the same inputs is read instead of computed, and a
    /// computed one is stored.
    /// - Throws: `TransportWorkLimitExceeded` past `TransportWork.defaultMaxSteps` packet steps.
    public func fluenceFactors(
        wavelength: Double, depthsCm: [Double], photons: Int, seed: UInt64, jobs: Int, cache: TransportCache? = nil
    ) throws(TransportWorkLimitExceeded) -> [Estimate] {
        let grid = bins(maximumDepthCm: depthsCm.max() ?? 0)
        let medium = medium(at: wavelength)
        let key = TransportCache.key(
            medium: medium, depthsCm: depthsCm, binCm: grid.binCm, bins: grid.bins, photons: photons, seed: seed)
        if let cache, let stored = cache.load(key: key, count: depthsCm.count) { return stored }
        let settings = TransportSettings(
            stop: .photons(photons), seed: seed, binCm: grid.binCm, bins: grid.bins, jobs: jobs)
        let result = try TransportProblem(medium: medium, settings: settings).run(path: "skin")
        let estimates = depthsCm.map { Self.interpolate(result, depthCm: $0) }
        cache?.store(key: key, estimates)
        return estimates
    }

    /// The fluence of `result` at `depthCm` between bin centres (standard errors interpolated too).
    static func interpolate(_ result: TransportResult, depthCm z: Double) -> Estimate {
        let width = result.settings.binCm
        let position = z / width - 0.5
        let lower = min(max(Int(position.rounded(.down)), 0), result.fluence.count - 2)
        let t = position - Double(lower)
        let a = result.fluence[lower]
        let b = result.fluence[lower + 1]
        return Estimate(
            value: a.value + t * (b.value - a.value),
            standardError: ((1 - t) * a.standardError).magnitude + (t * b.standardError).magnitude)
    }

    /// Photon packets per second of the transport at `wavelength` nm on `jobs` threads (wall
    /// clock), with fluence bins to 2 mm: the speed figure for one wavelength of a skin.
    public func photonsPerSecond(
        wavelength: Double, photons: Int, jobs: Int
    ) throws(TransportWorkLimitExceeded) -> Double {
        let clock = ContinuousClock()
        let start = clock.now
        _ = try fluenceFactors(wavelength: wavelength, depthsCm: [0.2], photons: photons, seed: 1, jobs: jobs)
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return Double(photons) / seconds
    }
}
