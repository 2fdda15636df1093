import Foundation
import PDTNumerics

/// Optical properties of the skin at one wavelength and the diffusion-theory fluence rate in depth
/// (Models/MODEL.md §4; Welch & van Gemert, Optical-Thermal Response of Laser-Irradiated Tissue).
///
/// The dermal optical properties apply at every depth; melanin enters only through
/// T_mel(z, λ) = exp(−p_mel · M · μa,mel(λ) · min(z, d_epi)).
public struct SkinOptics: Sendable {
    public let skin: Skin
    public let data: ReferenceData

    public init(skin: Skin, data: ReferenceData) {
        self.skin = skin
        self.data = data
    }

    /// Properties at one wavelength, all in 1/cm except the dimensionless factors.
    public struct Properties: Sendable, Equatable {
        public var wavelengthNM: Double
        /// Dermal absorption μa = B (S μa,oxy + (1 − S) μa,deoxy) + W μa,water + μa,base, 1/cm.
        public var absorptionPerCm: Double
        /// Reduced scattering μs′ = a_s (λ/500)^−b_s, 1/cm.
        public var reducedScatteringPerCm: Double
        /// Melanosome absorption μa,mel = m₅₀₀ (λ/500)^−m_exp, 1/cm.
        public var melanosomeAbsorptionPerCm: Double
        /// μeff = √(3 μa (μa + μs′)), 1/cm.
        public var effectiveAttenuationPerCm: Double
        /// μt′ = μa + μs′, 1/cm.
        public var transportAttenuationPerCm: Double
        /// The coefficients of f(z) = (1 − R_sp)[(1 + K) e^(−μt′ z) + H e^(−μeff z)] T_mel.
        public var collimatedCoefficient: Double
        public var diffuseCoefficient: Double
        public var surfaceTransmission: Double

        /// Penetration depth δ = 1/μeff, cm.
        public var penetrationDepthCm: Double { 1 / effectiveAttenuationPerCm }
    }

    /// μa, μs′ and the diffusion-theory coefficients at `wavelength` nm.
    public func properties(at wavelength: Double) -> Properties {
        let s = skin
        let chrom = data.chromophores
        let blood =
            s.bloodOxygenSaturation * chrom.value(0, at: wavelength)
            + (1 - s.bloodOxygenSaturation) * chrom.value(1, at: wavelength)
        let baseline =
            s.baselineOffsetPerCm
            + s.baselineAmplitudePerCm * exp(-(wavelength - s.baselineCenterNM) / s.baselineScaleNM)
        let muA = s.bloodFraction * blood + s.waterFraction * chrom.value(2, at: wavelength) + baseline
        let muS = s.scatteringAPerCm * pow(wavelength / 500, -s.scatteringB)
        let muMel = s.melanosomeMuA500PerCm * pow(wavelength / 500, -s.melanosomeExponent)
        let muT = muA + muS
        let muEff = (3 * muA * muT).squareRoot()
        let n = s.refractiveIndex
        let rInternal = -1.440 / (n * n) + 0.710 / n + 0.668 + 0.0636 * n
        let a = (1 + rInternal) / (1 - rInternal)
        let dOpt = 1 / (3 * muT)
        let k = 3 * muT * muS / (muEff * muEff - muT * muT)
        let h = -k * (1 + 2 * a * dOpt * muT) / (1 + 2 * a * dOpt * muEff)
        let rSpecular = pow((n - 1) / (n + 1), 2)
        return Properties(
            wavelengthNM: wavelength, absorptionPerCm: muA, reducedScatteringPerCm: muS,
            melanosomeAbsorptionPerCm: muMel, effectiveAttenuationPerCm: muEff,
            transportAttenuationPerCm: muT, collimatedCoefficient: 1 + k, diffuseCoefficient: h,
            surfaceTransmission: 1 - rSpecular)
    }

    /// The fluence factor f(z, λ) = φ(z, λ)/E(λ) (dimensionless) at depth `z` cm.
    public func fluenceFactor(_ p: Properties, depthCm z: Double) -> Double {
        let melanin = exp(
            -skin.melaninPathFactor * skin.melaninFraction * p.melanosomeAbsorptionPerCm
                * min(z, skin.epidermisThicknessCm))
        return p.surfaceTransmission
            * (p.collimatedCoefficient * exp(-p.transportAttenuationPerCm * z)
                + p.diffuseCoefficient * exp(-p.effectiveAttenuationPerCm * z)) * melanin
    }

    /// f(z, λ) at `wavelength` nm.
    public func fluenceFactor(wavelength: Double, depthCm z: Double) -> Double {
        fluenceFactor(properties(at: wavelength), depthCm: z)
    }
}

/// PpIX photophysics: the excitation rate per molecule per unit irradiance (Models/MODEL.md §4).
public enum Photophysics {
    public static let avogadro = 6.022_140_76e23  // 1/mol
    public static let planck = 6.626_070_15e-34  // J·s
    public static let speedOfLight = 299_792_458.0  // m/s

    /// η(λ) = [ln 10 · ε(λ) · 1000 / N_A] · [10⁻³ λ / (h c)] in 1/s per mW/cm²: the absorption
    /// cross-section (cm², from ε in 1/(M·cm)) times the photons per mJ at λ (λ in m).
    public static func excitationPerIrradiance(wavelengthNM: Double, extinction: Double) -> Double {
        let crossSection = log(10.0) * extinction * 1000 / avogadro
        let photonsPerMillijoule = 1e-3 * wavelengthNM * 1e-9 / (planck * speedOfLight)
        return crossSection * photonsPerMillijoule
    }

    /// η(λ) from the reference PpIX spectrum.
    public static func excitationPerIrradiance(wavelengthNM: Double, data: ReferenceData) -> Double {
        excitationPerIrradiance(wavelengthNM: wavelengthNM, extinction: data.ppixExtinction(wavelengthNM))
    }

    /// k(z) = Σ_λ η(λ) E(λ) f(z, λ), 1/s, and Σ E f / Σ E at each depth in `depthsCm`, with f from
    /// `transport` (over the wavelengths with E > 0, summed in the spectrum's order).
    /// - Throws: `ModelError` when the Monte Carlo table exceeds its work bound.
    public static func excitationProfile(
        spectrum: Spectrum, transport: LightTransport, depthsCm: [Double]
    ) throws(ModelError) -> (rates: [Double], fluenceFactors: [Double]) {
        var rates = Array(repeating: 0.0, count: depthsCm.count)
        var factors = Array(repeating: 0.0, count: depthsCm.count)
        let total = spectrum.total
        let data = transport.optics.data
        var table = try transport.fluenceFactors(spectrum: spectrum, depthsCm: depthsCm).makeIterator()
        for (wavelength, irradiance) in zip(spectrum.wavelengths, spectrum.irradiances) where irradiance > 0 {
            let eta = excitationPerIrradiance(wavelengthNM: wavelength, data: data)
            let row = table.next()!
            for index in depthsCm.indices {
                let f = row[index]
                rates[index] += eta * irradiance * f
                factors[index] += irradiance * f / total
            }
        }
        return (rates, factors)
    }
}
