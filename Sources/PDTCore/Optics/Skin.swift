/// Skin geometry and optical composition (Models/MODEL.md §3). Lengths in cm, fractions dimensionless.
public struct Skin: Sendable, Hashable {
    /// Epidermis thickness d_epi, cm: the epidermis is [0, d_epi].
    public var epidermisThicknessCm: Double
    /// Sebaceous band [z_top, z_bottom], cm, inside the dermis.
    public var sebaceousTopCm: Double
    public var sebaceousBottomCm: Double
    /// Epidermal melanin volume fraction M.
    public var melaninFraction: Double
    /// Melanin path factor p_mel (diffuse path length over depth).
    public var melaninPathFactor: Double
    /// Dermal blood volume fraction B and its oxygen saturation S_O₂.
    public var bloodFraction: Double
    public var bloodOxygenSaturation: Double
    /// Dermal water volume fraction W.
    public var waterFraction: Double
    /// Reduced scattering μs′ = a_s (λ/500 nm)^−b_s: a_s in 1/cm, b_s dimensionless.
    public var scatteringAPerCm: Double
    public var scatteringB: Double
    /// Tissue refractive index n_t.
    public var refractiveIndex: Double
    /// Melanosome absorption μa,mel = m₅₀₀ (λ/500 nm)^−m_exp (Jacques 2013, eq. 8): m₅₀₀ in 1/cm.
    public var melanosomeMuA500PerCm: Double
    public var melanosomeExponent: Double
    /// Bloodless dermis baseline μa,base = b₀ + b₁ exp(−(λ − λ_b)/w_b), 1/cm, nm.
    public var baselineOffsetPerCm: Double
    public var baselineAmplitudePerCm: Double
    public var baselineCenterNM: Double
    public var baselineScaleNM: Double
    /// Where the kinetics take f(z, λ) from (`LightTransport`); diffusion is the calibration basis.
    public var opticsModel: OpticsModel = .diffusion
    /// Henyey–Greenstein anisotropy g of every layer (Monte Carlo only): μs = μs′/(1 − g).
    public var anisotropyG: Double = SkinTransport.defaultAnisotropyG
    /// Monte Carlo only: the stratum corneum [0, d_sc] as the top of the epidermis (0: none), cm,
    /// with its own refractive index.
    public var stratumCorneumThicknessCm: Double = 0
    public var stratumCorneumRefractiveIndex: Double = Skin.defaultStratumCorneumRefractiveIndex
    /// Monte Carlo only: the papillary dermis [d_epi, d_epi + d_pap] (0: none), cm, with its own
    /// blood volume fraction; the dermis below it (reticular) has `bloodFraction`.
    public var papillaryDermisThicknessCm: Double = 0
    public var papillaryBloodFraction: Double = Skin.defaultPapillaryBloodFraction
    /// Monte Carlo only: the precision of f(z, λ), a relative standard error reached at every
    /// wavelength node (`MonteCarloOptics.Precision.targetRSE`), or a fixed count of photon packets
    /// per node instead when `monteCarloPhotons` is set; and the random seed.
    public var monteCarloTargetRSE: Double = Skin.defaultMonteCarloTargetRSE
    public var monteCarloPhotons: Int?
    public var monteCarloSeed: UInt64 = 1

    /// Stratum corneum refractive index 1.51 (Tearney et al. 1995, Opt. Lett. 20:2258, in vivo by
    /// OCT; Yoshida et al. 2013, J. Biomed. Opt. 18:037002: 1.51–1.53 on the cheek at 550 nm).
    public static let defaultStratumCorneumRefractiveIndex = 1.51
    /// Papillary dermis blood volume fraction 4 % (Meglinski & Matcher 2002, Physiol. Meas.
    /// 23:741, their seven-layer skin).
    public static let defaultPapillaryBloodFraction = 0.04
    /// The relative standard error of the Monte Carlo table: 1 %, the precision the table is
    /// designed to reach for one skin over 380–800 nm within a minute (`pdtsim benchmark --study
    /// transport`).
    public static let defaultMonteCarloTargetRSE = 0.01
}
