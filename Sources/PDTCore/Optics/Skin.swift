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

    public init(
        epidermisThicknessCm: Double, sebaceousTopCm: Double, sebaceousBottomCm: Double,
        melaninFraction: Double, melaninPathFactor: Double, bloodFraction: Double,
        bloodOxygenSaturation: Double, waterFraction: Double, scatteringAPerCm: Double,
        scatteringB: Double, refractiveIndex: Double, melanosomeMuA500PerCm: Double,
        melanosomeExponent: Double, baselineOffsetPerCm: Double, baselineAmplitudePerCm: Double,
        baselineCenterNM: Double, baselineScaleNM: Double
    ) {
        self.epidermisThicknessCm = epidermisThicknessCm
        self.sebaceousTopCm = sebaceousTopCm
        self.sebaceousBottomCm = sebaceousBottomCm
        self.melaninFraction = melaninFraction
        self.melaninPathFactor = melaninPathFactor
        self.bloodFraction = bloodFraction
        self.bloodOxygenSaturation = bloodOxygenSaturation
        self.waterFraction = waterFraction
        self.scatteringAPerCm = scatteringAPerCm
        self.scatteringB = scatteringB
        self.refractiveIndex = refractiveIndex
        self.melanosomeMuA500PerCm = melanosomeMuA500PerCm
        self.melanosomeExponent = melanosomeExponent
        self.baselineOffsetPerCm = baselineOffsetPerCm
        self.baselineAmplitudePerCm = baselineAmplitudePerCm
        self.baselineCenterNM = baselineCenterNM
        self.baselineScaleNM = baselineScaleNM
    }
}
